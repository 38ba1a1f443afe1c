#include "output/text_writer.h"

#include <gtest/gtest.h>

#include <string>

namespace fanout::internal {
namespace {

using namespace std::string_literals;

Result ok_result(int status, double total_ms, std::string url) {
  Result r;
  r.url = std::move(url);
  r.method = "GET";
  r.ok = status < 400;
  r.status = status;
  r.attempts = 1;
  r.time.total_ms = total_ms;
  return r;
}

Result error_result(ErrorKind kind, std::string message) {
  Result r;
  r.url = "https://down.example/";
  r.method = "GET";
  r.error = kind;
  r.error_message = std::move(message);
  r.attempts = 1;
  r.time.total_ms = 5000;
  return r;
}

std::string line_of(const Result& r, bool color = false) {
  TextWriter w(color);
  std::string out;
  w.append(r, out);
  return out;
}

// True if |s| holds a control character other than the final '\n' and,
// when |allow_sgr|, ESC starting one of our SGR sequences.
bool has_raw_control(const std::string& s, bool allow_sgr) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b && allow_sgr && s.compare(i, 2, "\x1b[") == 0) continue;
    if (c < 0x20 || c == 0x7f) return true;
    if (c == 0xc2 && static_cast<unsigned char>(s[i + 1]) < 0xa0) return true;
  }
  return false;
}

TEST(TextWriter, SuccessLine) {
  EXPECT_EQ(line_of(ok_result(200, 12.34, "https://example.com/a")),
            "200         12.3ms https://example.com/a\n");
}

TEST(TextWriter, ColumnsLineUp) {
  const std::string a = line_of(ok_result(200, 1.0, "u"));
  const std::string b = line_of(ok_result(404, 1234.5, "u"));
  const std::string c = line_of(error_result(ErrorKind::kCancelled, ""));
  EXPECT_EQ(a, "200          1.0ms u\n");
  EXPECT_EQ(b, "404       1234.5ms u\n");
  EXPECT_EQ(c.find("ms "), a.find("ms "));
  EXPECT_EQ(c.substr(0, 10), "cancelled ");
}

TEST(TextWriter, ErrorLineShowsKindAndMessage) {
  EXPECT_EQ(line_of(error_result(ErrorKind::kTimeout, "timed out")),
            "timeout   5000.0ms https://down.example/  (timed out)\n");
}

TEST(TextWriter, ErrorWithoutMessageHasNoParentheses) {
  EXPECT_EQ(line_of(error_result(ErrorKind::kDns, "")),
            "dns       5000.0ms https://down.example/\n");
}

TEST(TextWriter, ErrorKindWinsOverStatus) {
  Result r = error_result(ErrorKind::kTooLarge, "body over 1 MiB");
  r.status = 200;
  EXPECT_EQ(line_of(r).substr(0, 10), "too_large ");
}

TEST(TextWriter, UntrustedTextIsTerminalSafe) {
  Result r = error_result(ErrorKind::kProtocol,
                          "bad\r\n\x1b]0;title\x07 \xc2\x9b[2J \xff");
  r.url = "http://h/\x1b[2J\\";
  const std::string line = line_of(r);
  EXPECT_FALSE(has_raw_control(line, false)) << line;
  EXPECT_EQ(line,
            "protocol  5000.0ms http://h/\\x1b[2J\\\\  "
            "(bad\\x0d\\x0a\\x1b]0;title\\x07 \\xc2\\x9b[2J \\xff)\n");
}

TEST(TextWriter, NoColorMeansNoEscapes) {
  EXPECT_EQ(line_of(ok_result(500, 1, "u")).find('\x1b'), std::string::npos);
}

TEST(TextWriter, ColorWrapsTheOutcomeAndResets) {
  EXPECT_EQ(line_of(ok_result(200, 1, "u"), true),
            "\x1b[32m200\x1b[0m          1.0ms u\n");
  EXPECT_EQ(line_of(ok_result(301, 1, "u"), true).substr(0, 5), "\x1b[36m");
  EXPECT_EQ(line_of(ok_result(404, 1, "u"), true).substr(0, 5), "\x1b[33m");
  EXPECT_EQ(line_of(ok_result(503, 1, "u"), true).substr(0, 5), "\x1b[31m");
  const std::string err = line_of(error_result(ErrorKind::kReset, "x"), true);
  EXPECT_EQ(err.substr(0, 14), "\x1b[31mreset\x1b[0m");
}

TEST(TextWriter, ColorKeepsUntrustedTextSafe) {
  Result r = ok_result(200, 1, "http://h/\x1b[31m");
  const std::string line = line_of(r, true);
  EXPECT_FALSE(has_raw_control(line, true));
  EXPECT_NE(line.find("http://h/\\x1b[31m"), std::string::npos);
  // Exactly our two sequences.
  std::size_t escapes = 0;
  for (const char c : line) escapes += c == '\x1b';
  EXPECT_EQ(escapes, 2u);
}

TEST(StatusSgr, Mapping) {
  EXPECT_EQ(status_sgr(200, ErrorKind::kNone), "\x1b[32m");
  EXPECT_EQ(status_sgr(299, ErrorKind::kNone), "\x1b[32m");
  EXPECT_EQ(status_sgr(304, ErrorKind::kNone), "\x1b[36m");
  EXPECT_EQ(status_sgr(429, ErrorKind::kNone), "\x1b[33m");
  EXPECT_EQ(status_sgr(500, ErrorKind::kNone), "\x1b[31m");
  EXPECT_EQ(status_sgr(0, ErrorKind::kTimeout), "\x1b[31m");
  EXPECT_EQ(status_sgr(200, ErrorKind::kTooLarge), "\x1b[31m");
  EXPECT_EQ(status_sgr(101, ErrorKind::kNone), "");
  EXPECT_EQ(status_sgr(0, ErrorKind::kNone), "");
}

}  // namespace
}  // namespace fanout::internal
