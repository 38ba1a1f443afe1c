#include "input/target_parser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace fanout::internal {
namespace {

using namespace std::string_literals;

bool printable_ascii(const std::string& s) {
  for (char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

// Parses |text| as line 7 and expects an invalid result with |reason|.
void expect_invalid(const std::string& text, const std::string& reason) {
  SCOPED_TRACE(text);
  ParsedTarget t = parse_target_line(text, 7);
  EXPECT_EQ(t.kind, ParsedTarget::kInvalid);
  EXPECT_EQ(t.reason, reason);
  EXPECT_EQ(t.request.line, 7u);
  EXPECT_TRUE(printable_ascii(t.reason));
}

TEST(TargetParserTest, SkipsBlankAndCommentLines) {
  for (std::string text : {""s, "   "s, "\t \r"s, "# comment"s,
                           "   # indented comment"s, "#http://x/"s, "\v\f"s}) {
    ParsedTarget t = parse_target_line(text, 3);
    EXPECT_EQ(t.kind, ParsedTarget::kSkip) << text;
    EXPECT_TRUE(t.reason.empty());
  }
}

TEST(TargetParserTest, PlainUrlLine) {
  ParsedTarget t = parse_target_line("  http://example.com/a?b=1 \t", 12);
  ASSERT_EQ(t.kind, ParsedTarget::kRequest) << t.reason;
  EXPECT_EQ(t.request.url, "http://example.com/a?b=1");
  EXPECT_EQ(t.request.method, "GET");
  EXPECT_EQ(t.request.line, 12u);
  EXPECT_TRUE(t.request.headers.empty());
  EXPECT_FALSE(t.request.timeout.has_value());
  EXPECT_FALSE(t.request.id.has_value());
  EXPECT_TRUE(t.reason.empty());
}

TEST(TargetParserTest, PlainUrlKeepsCredentialsForTheRequest) {
  ParsedTarget t = parse_target_line("https://u:p@[::1]:8443/", 1);
  ASSERT_EQ(t.kind, ParsedTarget::kRequest) << t.reason;
  EXPECT_EQ(t.request.url, "https://u:p@[::1]:8443/");
}

TEST(TargetParserTest, BadUrlLines) {
  expect_invalid("ftp://x", "unsupported scheme \"ftp\" (only http and https)");
  expect_invalid("file:///etc/passwd",
                 "unsupported scheme \"file\" (only http and https)");
  expect_invalid("not a url", "URL contains whitespace or control characters");
  expect_invalid("http://", "URL has no host");
  expect_invalid("javascript:alert(1)",
                 "unsupported scheme \"javascript\" (only http and https)");
  expect_invalid("http://example.com/a b",
                 "URL contains whitespace or control characters");
  expect_invalid("http://example.com/\0x"s,
                 "URL contains whitespace or control characters");
  expect_invalid("example.com/x",
                 "missing scheme (only http:// and https:// URLs run)");
}

TEST(TargetParserTest, InvalidLineKeepsRedactedText) {
  ParsedTarget t = parse_target_line(" ftp://user:hunter2@example.com/f ", 4);
  ASSERT_EQ(t.kind, ParsedTarget::kInvalid);
  EXPECT_EQ(t.request.url, "ftp://example.com/f");
  EXPECT_EQ(t.request.line, 4u);
  EXPECT_EQ(t.reason.find("hunter2"), std::string::npos);

  t = parse_target_line("http://user:hunter2@exa mple.com/", 5);
  ASSERT_EQ(t.kind, ParsedTarget::kInvalid);
  EXPECT_EQ(t.request.url, "http://exa mple.com/");
}

TEST(TargetParserTest, InvalidLineTextIsCutAt512Bytes) {
  std::string text = "ftp://u:hunter2@h/" + std::string(5000, 'x');
  ParsedTarget t = parse_target_line(text, 1);
  ASSERT_EQ(t.kind, ParsedTarget::kInvalid);
  EXPECT_EQ(t.request.url.size(), kMaxInvalidUrlBytes);
  EXPECT_EQ(t.request.url.rfind("ftp://h/xxx", 0), 0u);

  // The cut never splits a UTF-8 sequence ("\xC3\xA9" is one character).
  std::string accents = "ftp://h/";
  while (accents.size() < 1000) accents += "\xC3\xA9";
  accents.insert(8, "x");  // shift so that byte 512 is mid-character
  t = parse_target_line(accents, 1);
  ASSERT_EQ(t.kind, ParsedTarget::kInvalid);
  EXPECT_EQ(t.request.url.size(), kMaxInvalidUrlBytes - 1);
  EXPECT_EQ(accents.compare(0, t.request.url.size(), t.request.url), 0);
}

TEST(TargetParserTest, JsonLineWithEveryKey) {
  ParsedTarget t = parse_target_line(
      R"( {"url":"https://example.com/api","method":"POST",)"
      R"("headers":{"Content-Type":"application/json","X-B":"2","X-A":"1"},)"
      R"("body":"{\"k\":1}","timeout_ms":1500,"id":"job-1"} )",
      9);
  ASSERT_EQ(t.kind, ParsedTarget::kRequest) << t.reason;
  const Request& r = t.request;
  EXPECT_EQ(r.url, "https://example.com/api");
  EXPECT_EQ(r.method, "POST");
  ASSERT_EQ(r.headers.size(), 3u);
  // Kept in the order of the line, not sorted.
  EXPECT_EQ(r.headers[0].name, "Content-Type");
  EXPECT_EQ(r.headers[0].value, "application/json");
  EXPECT_EQ(r.headers[1].name, "X-B");
  EXPECT_EQ(r.headers[2].name, "X-A");
  EXPECT_EQ(r.body, "{\"k\":1}");
  EXPECT_EQ(r.timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(r.id, "job-1");
  EXPECT_EQ(r.line, 9u);
}

TEST(TargetParserTest, JsonMinimalAndIdForms) {
  ParsedTarget t = parse_target_line(R"({"url":"http://h/"})", 1);
  ASSERT_EQ(t.kind, ParsedTarget::kRequest) << t.reason;
  EXPECT_EQ(t.request.method, "GET");
  EXPECT_FALSE(t.request.id.has_value());

  struct Case {
    const char* json;
    const char* id;
  } cases[] = {
      {R"({"url":"http://h/","id":42})", "42"},
      {R"({"url":"http://h/","id":-7})", "-7"},
      {R"({"url":"http://h/","id":0})", "0"},
      {R"({"url":"http://h/","id":18446744073709551615})",
       "18446744073709551615"},
      {R"({"url":"http://h/","id":"abc"})", "abc"},
      {R"({"url":"http://h/","id":""})", ""},
  };
  for (const Case& c : cases) {
    t = parse_target_line(c.json, 1);
    ASSERT_EQ(t.kind, ParsedTarget::kRequest) << c.json << ": " << t.reason;
    EXPECT_EQ(t.request.id, c.id) << c.json;
  }
}

TEST(TargetParserTest, JsonTimeoutBounds) {
  ParsedTarget t =
      parse_target_line(R"({"url":"http://h/","timeout_ms":1})", 1);
  ASSERT_EQ(t.kind, ParsedTarget::kRequest) << t.reason;
  EXPECT_EQ(t.request.timeout, std::chrono::milliseconds(1));
  t = parse_target_line(R"({"url":"http://h/","timeout_ms":86400000})", 1);
  ASSERT_EQ(t.kind, ParsedTarget::kRequest) << t.reason;
  EXPECT_EQ(t.request.timeout, std::chrono::milliseconds(86400000));

  const std::string kReason =
      "\"timeout_ms\" must be an integer from 1 to 86400000";
  for (const char* v :
       {"0", "-1", "-9223372036854775808", "86400001", "18446744073709551615",
        "1e3", "1000.0", "1.5", "\"1000\"", "null", "true", "[1]", "{}"}) {
    expect_invalid(std::string(R"({"url":"http://h/","timeout_ms":)") + v + "}",
                   kReason);
  }
}

TEST(TargetParserTest, JsonWrongTypes) {
  expect_invalid(R"({"url":1})", "\"url\" must be a string");
  expect_invalid(R"({"url":null})", "\"url\" must be a string");
  expect_invalid(R"({"url":"http://h/","method":1})",
                 "\"method\" must be a string");
  expect_invalid(R"({"url":"http://h/","headers":[]})",
                 "\"headers\" must be an object");
  expect_invalid(R"({"url":"http://h/","headers":"X-A: 1"})",
                 "\"headers\" must be an object");
  expect_invalid(R"({"url":"http://h/","headers":{"X-A":1}})",
                 "header \"X-A\" value must be a string");
  expect_invalid(R"({"url":"http://h/","headers":{"X-A":"1","Bad Name":null}})",
                 "header #2 value must be a string");
  expect_invalid(R"({"url":"http://h/","body":{}})",
                 "\"body\" must be a string");
  for (const char* id : {"{}", "[]", "1.5", "true", "null", "1e2"})
    expect_invalid(std::string(R"({"url":"http://h/","id":)") + id + "}",
                   "\"id\" must be a string or an integer");
}

TEST(TargetParserTest, JsonMissingUrlAndUnknownKeys) {
  expect_invalid("{}", "missing \"url\"");
  expect_invalid(R"({"method":"GET"})", "missing \"url\"");
  expect_invalid(R"({"url":"http://h/","x":1})", "unknown key \"x\"");
  expect_invalid(R"({"URL":"http://h/"})", "unknown key \"URL\"");
  expect_invalid(R"({"url":"http://h/","\u0001\"k":1})",
                 "unknown key \"\\x01\\x22k\"");
}

TEST(TargetParserTest, BrokenJson) {
  expect_invalid(R"({"url":)", "invalid JSON (syntax error at byte 8)");
  expect_invalid(R"({"url":"http://h/",})",
                 "invalid JSON (syntax error at byte 20)");
  expect_invalid(R"({"url":"http://h/"} trailing)",
                 "invalid JSON (syntax error at byte 23)");
  expect_invalid("{", "invalid JSON (syntax error at byte 2)");
  expect_invalid("{\"url\":\"http://h/\xff\"}",
                 "invalid JSON (syntax error at byte 18)");
  // nlohmann::json throws out_of_range, not parse_error, for these.
  expect_invalid(R"({"url":"http://h/","timeout_ms":1e999})",
                 "invalid JSON (number out of range)");
  expect_invalid(R"({"url":"http://h/","id":-1e400})",
                 "invalid JSON (number out of range)");
  ParsedTarget t = parse_target_line(R"({"url":"http://h/")", 3);
  EXPECT_EQ(t.kind, ParsedTarget::kInvalid);
  EXPECT_EQ(t.request.url, "");  // the raw JSON is never used as the url
}

TEST(TargetParserTest, JsonHeaderInjectionIsRefused) {
  expect_invalid(R"({"url":"http://h/","headers":{"X-A":"1\r\nHost: evil"}})",
                 "header \"X-A\" value contains CR/LF/NUL");
  expect_invalid(R"({"url":"http://h/","headers":{"X-A":"a\nb"}})",
                 "header \"X-A\" value contains CR/LF/NUL");
  expect_invalid(R"({"url":"http://h/","headers":{"X-A":"a\u0000b"}})",
                 "header \"X-A\" value contains CR/LF/NUL");
  expect_invalid(R"({"url":"http://h/","headers":{"X-A":"\u001b[2J"}})",
                 "header \"X-A\" value contains a control character");
  expect_invalid(R"({"url":"http://h/","headers":{"":"v"}})",
                 "empty header name");
  expect_invalid(R"({"url":"http://h/","headers":{"X-A\r\nX-B":"v"}})",
                 "header #1 has an invalid name (must be an HTTP token)");
  expect_invalid(R"({"url":"http://h/","method":"GET /x HTTP/1.1\r\n"})",
                 "invalid method (must be an HTTP token of 1-32 characters)");
  expect_invalid(R"({"url":"http://h/","method":""})",
                 "invalid method (must be an HTTP token of 1-32 characters)");
  expect_invalid(R"({"url":"ftp://h/"})",
                 "unsupported scheme \"ftp\" (only http and https)");
  expect_invalid(R"({"url":" http://h/"})",
                 "URL contains whitespace or control characters");
}

TEST(TargetParserTest, InvalidJsonKeepsIdMethodAndRedactedUrl) {
  ParsedTarget t = parse_target_line(
      R"({"url":"ftp://u:hunter2@h/","id":17,"method":"PUT"})", 2);
  ASSERT_EQ(t.kind, ParsedTarget::kInvalid);
  EXPECT_EQ(t.request.url, "ftp://h/");
  EXPECT_EQ(t.request.id, "17");
  EXPECT_EQ(t.request.method, "PUT");
  EXPECT_EQ(t.request.line, 2u);
  EXPECT_TRUE(t.request.headers.empty());

  t = parse_target_line(R"({"url":"http://h/","method":"BAD METHOD"})", 2);
  ASSERT_EQ(t.kind, ParsedTarget::kInvalid);
  EXPECT_EQ(t.request.method, "GET");  // an unprintable method is not kept
}

TEST(TargetParserTest, SecretsNeverAppearInReasonsOrUrls) {
  const std::string kSecret = "hunter2";
  for (
      std::string text : {
          R"({"url":"http://h/","headers":{"Authorization":"Bearer hunter2\r\n"}})"s,
          R"({"url":"http://h/","headers":{"Cookie":"s=hunter2\u0000"}})"s,
          R"({"url":"http://h/","headers":{"Authorization":"Bearer hunter2")"s,
          R"({"url":"http://h/","headers":{"Authorization: hunter2":"x"}})"s,
          R"({"url":"http://h/","headers":{"Authorization":"hunter2"},"q":1})"s,
          R"({"url":"http://u:hunter2@h/","method":"B A D"})"s,
          R"({"url":"http://u:hunter2@ h/"})"s,
          R"({"url":"http://u:hunter2@h/","id":{}})"s,
          "{\"url\":\"http://h/\",\"headers\":{\"X\":\"hunter2\xff\"}}"s,
          "http://u:hunter2@ex ample.com/"s,
          "ftp://u:hunter2@example.com/"s,
          "http://u:hunter2@example.com:99999/"s,
          "http://u:hunter2@@example.com/"s,
          "u:hunter2@example.com"s,
      }) {
    ParsedTarget t = parse_target_line(text, 1);
    ASSERT_EQ(t.kind, ParsedTarget::kInvalid) << text;
    EXPECT_EQ(t.reason.find(kSecret), std::string::npos) << t.reason;
    EXPECT_EQ(t.request.url.find(kSecret), std::string::npos) << t.request.url;
    EXPECT_TRUE(t.request.headers.empty());
    EXPECT_TRUE(printable_ascii(t.reason)) << t.reason;
  }
}

TEST(TargetParserTest, DefaultsFillMethodAndBodyTheLineLeavesOut) {
  const TargetDefaults defaults{"POST", "payload"};
  ParsedTarget t = parse_target_line("http://h/", 1, defaults);
  ASSERT_EQ(t.kind, ParsedTarget::kRequest) << t.reason;
  EXPECT_EQ(t.request.method, "POST");
  EXPECT_EQ(t.request.body, "payload");

  t = parse_target_line(R"({"url":"http://h/"})", 2, defaults);
  ASSERT_EQ(t.kind, ParsedTarget::kRequest) << t.reason;
  EXPECT_EQ(t.request.method, "POST");
  EXPECT_EQ(t.request.body, "payload");

  // What the line sets wins.
  t = parse_target_line(R"({"url":"http://h/","method":"PUT","body":""})", 3,
                        defaults);
  ASSERT_EQ(t.kind, ParsedTarget::kRequest) << t.reason;
  EXPECT_EQ(t.request.method, "PUT");
  EXPECT_EQ(t.request.body, "");

  // An invalid line's record shows the method it would have used.
  for (std::string text : {"ftp://h/"s, "{broken"s}) {
    t = parse_target_line(text, 4, defaults);
    ASSERT_EQ(t.kind, ParsedTarget::kInvalid) << text;
    EXPECT_EQ(t.request.method, "POST") << text;
    EXPECT_TRUE(t.request.body.empty()) << text;
  }

  // The two-argument form uses TargetDefaults{}.
  t = parse_target_line("http://h/", 5);
  EXPECT_EQ(t.request.method, "GET");
  EXPECT_EQ(t.request.body, "");
}

TEST(TargetParserTest, DefaultsAreCheckedLikeTheLine) {
  const TargetDefaults bad{"BAD METHOD", ""};
  ParsedTarget t = parse_target_line("http://h/", 1, bad);
  ASSERT_EQ(t.kind, ParsedTarget::kInvalid);
  EXPECT_EQ(t.reason,
            "invalid method (must be an HTTP token of 1-32 characters)");
  EXPECT_EQ(t.request.method, "GET");  // not kept: not a token
  t = parse_target_line(R"({"url":"http://h/","method":"GET"})", 1, bad);
  EXPECT_EQ(t.kind, ParsedTarget::kRequest) << t.reason;
}

TEST(TargetParserTest, LineNumberIsAlwaysSet) {
  EXPECT_EQ(parse_target_line("", 5).request.line, 5u);
  EXPECT_EQ(parse_target_line("http://h/", 6).request.line, 6u);
  EXPECT_EQ(parse_target_line("nope", 7).request.line, 7u);
  EXPECT_EQ(parse_target_line(R"({"url":"http://h/"})", 8).request.line, 8u);
}

}  // namespace
}  // namespace fanout::internal
