#include "output/text_writer.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <iterator>

#include "output/escape.h"

namespace fanout::internal {
namespace {

// Wide enough for the longest ErrorKind name ("cancelled", "redirects",
// "too_large") so columns line up.
constexpr std::size_t kOutcomeWidth = 9;

}  // namespace

std::string_view status_sgr(int status, ErrorKind error) {
  if (error != ErrorKind::kNone || status >= 500) return "\x1b[31m";
  if (status >= 400) return "\x1b[33m";
  if (status >= 300) return "\x1b[36m";
  if (status >= 200) return "\x1b[32m";
  return {};
}

void TextWriter::append(const Result& r, std::string& out) {
  const bool is_error = r.error != ErrorKind::kNone;
  const std::string_view sgr = color_ ? status_sgr(r.status, r.error) : "";
  out.append(sgr);
  const std::size_t start = out.size();
  if (is_error) {
    out.append(to_string(r.error));
  } else {
    const fmt::format_int f(r.status);
    out.append(f.data(), f.size());
  }
  const std::size_t width = out.size() - start;
  if (!sgr.empty()) out.append(kSgrReset);
  if (width < kOutcomeWidth) out.append(kOutcomeWidth - width, ' ');
  fmt::format_to(std::back_inserter(out), FMT_COMPILE(" {:>6.1f}ms "),
                 r.time.total_ms);
  append_terminal_safe(out, r.url);
  if (is_error && !r.error_message.empty()) {
    out.append("  (");
    append_terminal_safe(out, r.error_message);
    out.push_back(')');
  }
  out.push_back('\n');
}

}  // namespace fanout::internal
