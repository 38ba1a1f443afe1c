#include "summary/summary_text.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace fanout::internal {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Result response(int status, double total_ms, std::uint64_t bytes = 0,
                int attempts = 1) {
  Result r;
  r.status = status;
  r.ok = status >= 200 && status < 400;
  r.attempts = attempts;
  r.bytes = bytes;
  r.time.total_ms = total_ms;
  return r;
}

Result failure(ErrorKind kind, double total_ms) {
  Result r;
  r.error = kind;
  r.attempts = 1;
  r.time.total_ms = total_ms;
  return r;
}

// The line starting with |label| (after the two-space indent), or "".
std::string line_with(const std::string& text, const std::string& label) {
  const std::size_t at = text.find("\n  " + label);
  if (at == std::string::npos) return "";
  const std::size_t end = text.find('\n', at + 1);
  return text.substr(at + 1, end - at - 1);
}

// 100 results: 90 fast 200s, 5 404s, 5 errors.
Summary sample() {
  Summary s;
  for (int i = 0; i < 45; ++i) s.add(response(200, 2.0, 10000));
  for (int i = 0; i < 45; ++i) s.add(response(200, 4.0, 10000, 2));
  for (int i = 0; i < 5; ++i) s.add(response(404, 8.0, 100));
  s.add(failure(ErrorKind::kTimeout, 5000));
  s.add(failure(ErrorKind::kTimeout, 5000));
  s.add(failure(ErrorKind::kReset, 1.0));
  s.add(failure(ErrorKind::kCancelled, 0));
  s.add(failure(ErrorKind::kCancelled, 0));
  return s;
}

TEST(RenderSummary, FullExample) {
  // Latency samples (97; cancelled ones excluded): 1, 45 x 2, 45 x 4,
  // 5 x 8, 2 x 5000. p50 = rank 49 -> 4, p90 = rank 88 -> 4, reported as
  // the midpoint of 4 ms's bucket, 4.008 ms; p99 = rank 97 -> 5000 (the
  // maximum, exact), max 5000.
  EXPECT_EQ(render_summary(sample(), 2.0, false),
            "Summary:\n"
            "  Requests:  100 in 2.00 s (50.0/s)\n"
            "  OK:        90   Failed: 10\n"
            "  Retries:   45\n"
            "  Status:    200: 90   404: 5\n"
            "  Errors:    timeout: 2   reset: 1   cancelled: 2\n"
            "  Latency:   p50 4.01 ms   p90 4.01 ms   p99 5000.0 ms   "
            "max 5000.0 ms\n"
            "  Bytes:     900.5 kB received\n");
}

TEST(RenderSummary, LatencyNumbersComeFromTheHistogram) {
  Summary s;
  for (int i = 0; i < 1000; ++i) s.add(response(200, 0.25 + i * 0.1));
  const std::string line = line_with(render_summary(s, 1, false), "Latency:");
  double p50, p90, p99, max;
  ASSERT_EQ(std::sscanf(line.c_str(),
                        "  Latency:   p50 %lf ms   p90 %lf ms   p99 %lf ms   "
                        "max %lf ms",
                        &p50, &p90, &p99, &max),
            4)
      << line;
  const Histogram& h = s.latency();
  EXPECT_NEAR(p50, h.percentile(50), 0.05);
  EXPECT_NEAR(p90, h.percentile(90), 0.05);
  EXPECT_NEAR(p99, h.percentile(99), 0.05);
  EXPECT_NEAR(max, 100.15, 0.05);
  // And those are the true order statistics within 1%.
  EXPECT_NEAR(p50, 0.25 + 499 * 0.1, 0.01 * 50);
  EXPECT_NEAR(p90, 0.25 + 899 * 0.1, 0.01 * 90);
  EXPECT_NEAR(p99, 0.25 + 989 * 0.1, 0.01 * 99);
}

TEST(RenderSummary, SmallLatenciesKeepThreeDecimals) {
  Summary s;
  s.add(response(200, 0.125));
  EXPECT_EQ(line_with(render_summary(s, 1, false), "Latency:"),
            "  Latency:   p50 0.125 ms   p90 0.125 ms   p99 0.125 ms   "
            "max 0.125 ms");
}

TEST(RenderSummary, NoErrorsNoRetriesNoSamples) {
  Summary s;
  s.add(failure(ErrorKind::kInvalid, 0));  // failed, no latency
  const std::string text = render_summary(s, 0.5, false);
  EXPECT_TRUE(contains(text, "  Requests:  1 in 0.50 s (2.0/s)\n")) << text;
  EXPECT_TRUE(contains(text, "  OK:        0   Failed: 1\n")) << text;
  EXPECT_TRUE(contains(text, "  Errors:    invalid: 1\n")) << text;
  EXPECT_TRUE(contains(text, "  Latency:   n/a\n")) << text;
  EXPECT_FALSE(contains(text, "Status:")) << text;
  EXPECT_FALSE(contains(text, "Retries:")) << text;
  EXPECT_TRUE(contains(text, "  Bytes:     0 B received\n")) << text;

  Summary clean;
  clean.add(response(204, 1));
  EXPECT_FALSE(contains(render_summary(clean, 1, false), "Errors:"));
}

TEST(RenderSummary, EmptyRunAndZeroWallTime) {
  const std::string text = render_summary(Summary(), 0, false);
  EXPECT_TRUE(contains(text, "  Requests:  0 in 0.00 s\n")) << text;
  EXPECT_TRUE(contains(text, "  OK:        0   Failed: 0\n")) << text;
  EXPECT_TRUE(contains(text, "  Latency:   n/a\n")) << text;
}

TEST(RenderSummary, ByteUnits) {
  const auto bytes_line = [](std::uint64_t n) {
    Summary s;
    s.add(response(200, 1, n));
    return line_with(render_summary(s, 1, false), "Bytes:");
  };
  EXPECT_EQ(bytes_line(999), "  Bytes:     999 B received");
  EXPECT_EQ(bytes_line(1000), "  Bytes:     1.0 kB received");
  EXPECT_EQ(bytes_line(1234567), "  Bytes:     1.2 MB received");
  EXPECT_EQ(bytes_line(999960), "  Bytes:     1.0 MB received");
  EXPECT_EQ(bytes_line(5'000'000'000), "  Bytes:     5.0 GB received");
}

TEST(RenderSummary, ColorPaintsCountsAndResets) {
  const std::string text = render_summary(sample(), 2.0, true);
  EXPECT_TRUE(contains(text, "OK:        \x1b[32m90\x1b[0m")) << text;
  EXPECT_TRUE(contains(text, "Failed: \x1b[31m10\x1b[0m")) << text;
  EXPECT_TRUE(contains(text, "\x1b[32m200\x1b[0m: 90")) << text;
  EXPECT_TRUE(contains(text, "\x1b[33m404\x1b[0m: 5")) << text;
  EXPECT_TRUE(contains(text, "\x1b[31mtimeout\x1b[0m: 2")) << text;
  // Same text once the colours are stripped.
  std::string stripped;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      i = text.find('m', i);
      continue;
    }
    stripped.push_back(text[i]);
  }
  EXPECT_EQ(stripped, render_summary(sample(), 2.0, false));
}

}  // namespace
}  // namespace fanout::internal
