#include "output/csv_writer.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cstdint>
#include <iterator>

#include "output/append_number.h"
#include "output/escape.h"

namespace fanout::internal {
namespace {

void append_ms(std::string& out, double v) {
  out.push_back(',');
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("{:.3f}"), v);
}

}  // namespace

void CsvWriter::begin(std::string& out) {
  out.append(kCsvHeader);
  out.push_back('\n');
}

// Escapes in place at the end of |out|, then, only in the rare case the
// escaped text needs quoting, moves it through |scratch_| to add quotes.
void CsvWriter::append_field(std::string& out, std::string_view s) {
  const std::size_t start = out.size();
  append_terminal_safe(out, s);
  const std::string_view field(out.data() + start, out.size() - start);
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return;
  scratch_.assign(field);
  out.resize(start);
  out.push_back('"');
  std::string_view rest(scratch_);
  for (std::size_t q; (q = rest.find('"')) != std::string_view::npos;) {
    out.append(rest.substr(0, q + 1));
    out.push_back('"');  // doubles the quote just copied
    rest.remove_prefix(q + 1);
  }
  out.append(rest);
  out.push_back('"');
}

void CsvWriter::append(const Result& r, std::string& out) {
  append_uint(out, r.index);
  out.push_back(',');
  append_uint(out, r.line);
  out.push_back(',');
  if (r.id) append_field(out, *r.id);
  out.push_back(',');
  append_field(out, r.url);
  out.push_back(',');
  append_field(out, r.method);
  out.append(r.ok ? ",true," : ",false,");
  append_int(out, r.status);
  out.push_back(',');
  if (r.error != ErrorKind::kNone) {
    out.append(to_string(r.error));
    out.push_back(',');
    append_field(out, r.error_message);
  } else {
    out.push_back(',');
  }
  out.push_back(',');
  append_int(out, r.attempts);
  out.push_back(',');
  append_uint(out, r.bytes);
  out.push_back(',');
  append_field(out, r.http_version);
  append_ms(out, r.time.dns_ms);
  append_ms(out, r.time.connect_ms);
  append_ms(out, r.time.tls_ms);
  append_ms(out, r.time.ttfb_ms);
  append_ms(out, r.time.total_ms);
  out.push_back('\n');
}

}  // namespace fanout::internal
