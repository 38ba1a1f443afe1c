#include "output/jsonl_writer.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <string_view>

#include "output/append_number.h"
#include "output/escape.h"

namespace fanout::internal {
namespace {

void append_ms(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out.append("null");
    return;
  }
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("{:.3f}"), v);
}

}  // namespace

void JsonlWriter::append(const Result& r, std::string& out) {
  using std::string_view_literals::operator""sv;
  out.append(R"({"index":)"sv);
  append_uint(out, r.index);
  out.append(R"(,"line":)"sv);
  append_uint(out, r.line);
  out.append(R"(,"id":)"sv);
  if (r.id) {
    append_json_string(out, *r.id);
  } else {
    out.append("null"sv);
  }
  out.append(R"(,"url":)"sv);
  append_json_string(out, r.url);
  out.append(R"(,"method":)"sv);
  append_json_string(out, r.method);
  out.append(r.ok ? R"(,"ok":true,"status":)"sv : R"(,"ok":false,"status":)"sv);
  append_int(out, r.status);
  out.append(R"(,"error":)"sv);
  if (r.error == ErrorKind::kNone) {
    out.append("null"sv);
  } else {
    out.append(R"({"kind":)"sv);
    append_json_string(out, to_string(r.error));
    out.append(R"(,"message":)"sv);
    append_json_string(out, r.error_message);
    out.push_back('}');
  }
  out.append(R"(,"attempts":)"sv);
  append_int(out, r.attempts);
  out.append(R"(,"bytes":)"sv);
  append_uint(out, r.bytes);
  out.append(R"(,"http_version":)"sv);
  if (r.http_version.empty()) {
    out.append("null"sv);
  } else {
    append_json_string(out, r.http_version);
  }
  out.append(R"(,"time_ms":{"dns":)"sv);
  append_ms(out, r.time.dns_ms);
  out.append(R"(,"connect":)"sv);
  append_ms(out, r.time.connect_ms);
  out.append(R"(,"tls":)"sv);
  append_ms(out, r.time.tls_ms);
  out.append(R"(,"ttfb":)"sv);
  append_ms(out, r.time.ttfb_ms);
  out.append(R"(,"total":)"sv);
  append_ms(out, r.time.total_ms);
  out.append("}}\n"sv);
}

}  // namespace fanout::internal
