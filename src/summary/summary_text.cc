#include "summary/summary_text.h"

#include <fmt/format.h>

#include <iterator>
#include <string_view>

#include "output/text_writer.h"

namespace fanout::internal {
namespace {

constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kRed = "\x1b[31m";

std::string format_ms(double ms) {
  if (ms < 1) return fmt::format("{:.3f}", ms);
  if (ms < 10) return fmt::format("{:.2f}", ms);
  return fmt::format("{:.1f}", ms);
}

std::string format_bytes(std::uint64_t bytes) {
  static constexpr std::string_view kUnits[] = {"kB", "MB", "GB", "TB", "PB"};
  if (bytes < 1000) return fmt::format("{} B", bytes);
  double v = static_cast<double>(bytes) / 1000;
  std::size_t unit = 0;
  while (v >= 999.95 && unit + 1 < std::size(kUnits)) {
    v /= 1000;
    ++unit;
  }
  return fmt::format("{:.1f} {}", v, kUnits[unit]);
}

class Renderer {
 public:
  explicit Renderer(bool color) : color_(color) {}

  void label(std::string_view name) {
    fmt::format_to(std::back_inserter(out_), "  {:<11}", name);
  }
  // |text| wrapped in |sgr| when colouring and |sgr| is not empty.
  void painted(std::string_view sgr, std::string_view text) {
    if (!color_ || sgr.empty()) {
      out_.append(text);
      return;
    }
    out_.append(sgr);
    out_.append(text);
    out_.append(kSgrReset);
  }
  std::string& out() { return out_; }

 private:
  const bool color_;
  std::string out_;
};

}  // namespace

std::string render_summary(const Summary& summary, double wall_seconds,
                           bool color) {
  Renderer r(color);
  std::string& out = r.out();
  out.append("Summary:\n");

  r.label("Requests:");
  fmt::format_to(std::back_inserter(out), "{} in {:.2f} s", summary.total(),
                 wall_seconds);
  if (wall_seconds > 0) {
    fmt::format_to(std::back_inserter(out), " ({:.1f}/s)",
                   static_cast<double>(summary.total()) / wall_seconds);
  }
  out.push_back('\n');

  r.label("OK:");
  r.painted(summary.ok() ? kGreen : std::string_view(),
            fmt::format_int(summary.ok()).str());
  out.append("   Failed: ");
  r.painted(summary.failed() ? kRed : std::string_view(),
            fmt::format_int(summary.failed()).str());
  out.push_back('\n');

  if (summary.retries() != 0) {
    r.label("Retries:");
    fmt::format_to(std::back_inserter(out), "{}\n", summary.retries());
  }

  if (!summary.status_counts().empty()) {
    r.label("Status:");
    const char* sep = "";
    for (const auto& [status, n] : summary.status_counts()) {
      out.append(sep);
      r.painted(status_sgr(status, ErrorKind::kNone),
                fmt::format_int(status).str());
      fmt::format_to(std::back_inserter(out), ": {}", n);
      sep = "   ";
    }
    out.push_back('\n');
  }

  // Kinds in enum order, which roughly follows a request's life.
  bool any_error = false;
  for (int k = 1; k < kErrorKindCount; ++k) {
    const auto kind = static_cast<ErrorKind>(k);
    const std::uint64_t n = summary.error_count(kind);
    if (n == 0) continue;
    if (!any_error) {
      r.label("Errors:");
      any_error = true;
    } else {
      out.append("   ");
    }
    r.painted(kRed, to_string(kind));
    fmt::format_to(std::back_inserter(out), ": {}", n);
  }
  if (any_error) out.push_back('\n');

  r.label("Latency:");
  const Histogram& h = summary.latency();
  if (h.count() == 0) {
    out.append("n/a\n");
  } else {
    fmt::format_to(std::back_inserter(out),
                   "p50 {} ms   p90 {} ms   p99 {} ms   max {} ms\n",
                   format_ms(h.percentile(50)), format_ms(h.percentile(90)),
                   format_ms(h.percentile(99)), format_ms(h.max()));
  }

  r.label("Bytes:");
  fmt::format_to(std::back_inserter(out), "{} received\n",
                 format_bytes(summary.bytes()));
  return out;
}

}  // namespace fanout::internal
