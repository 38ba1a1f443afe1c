#include "input/validate.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace fanout::internal {
namespace {

using namespace std::string_literals;

Request url_request(std::string url) {
  Request r;
  r.url = std::move(url);
  return r;
}

std::optional<std::string> check_url(std::string url) {
  return check_request(url_request(std::move(url)));
}

bool printable_ascii(const std::string& s) {
  for (char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

TEST(CheckRequestTest, AcceptsHttpAndHttpsUrls) {
  for (const char* url : {
           "http://example.com",
           "https://example.com/",
           "http://example.com:8080/a/b?q=1&r=2#frag",
           "https://127.0.0.1:443/",
           "http://[::1]:8080/",
           "http://[2001:db8::1]/path",
           "HTTP://EXAMPLE.COM/",
           "HtTpS://example.com/",
           "http://b\xC3\xBC"
           "cher.example/\xC3\xBC",          // UTF-8 host and path
           "http://example.com/p@x",         // '@' in the path
           "http://user:pass@example.com/",  // credentials are allowed
           "http://example.com/a%20b",
       }) {
    EXPECT_EQ(check_url(url), std::nullopt) << url;
  }
}

TEST(CheckRequestTest, RefusesOtherSchemesWithTheSchemeNamed) {
  EXPECT_EQ(check_url("ftp://x"),
            "unsupported scheme \"ftp\" (only http and https)");
  EXPECT_EQ(check_url("file:///etc/passwd"),
            "unsupported scheme \"file\" (only http and https)");
  EXPECT_EQ(check_url("javascript:alert(1)"),
            "unsupported scheme \"javascript\" (only http and https)");
  EXPECT_EQ(check_url("gopher2://x/"),
            "unsupported scheme \"gopher2\" (only http and https)");
  EXPECT_EQ(check_url("FTP://x/"),
            "unsupported scheme \"ftp\" (only http and https)");
  // Without "//" the "scheme" of "name:password@host" is a user name, so it
  // is not repeated.
  EXPECT_EQ(check_url("alice:pw@example.com"),
            "unsupported scheme (only http and https)");
}

TEST(CheckRequestTest, RefusesMalformedUrls) {
  EXPECT_EQ(check_url(""), "empty URL");
  EXPECT_EQ(check_url("not a url"),
            "URL contains whitespace or control characters");
  EXPECT_EQ(check_url("http://exa mple.com/"),
            "URL contains whitespace or control characters");
  EXPECT_EQ(check_url("http://example.com/a b"),
            "URL contains whitespace or control characters");
  EXPECT_EQ(check_url("http://example.com/\t"),
            "URL contains whitespace or control characters");
  EXPECT_EQ(check_url("http://example.com/\x7f"),
            "URL contains whitespace or control characters");
  // An embedded NUL must not let libcurl see only the part before it.
  EXPECT_EQ(check_url("http://example.com/\0ftp://x"s),
            "URL contains whitespace or control characters");
  EXPECT_EQ(check_url("http://"), "URL has no host");
  EXPECT_EQ(check_url("http://:80/"), "URL has no host");
  EXPECT_EQ(check_url("example.com"),
            "missing scheme (only http:// and https:// URLs run)");
  EXPECT_EQ(check_url("//example.com/"),
            "missing scheme (only http:// and https:// URLs run)");
  auto port = check_url("http://example.com:99999/");
  ASSERT_TRUE(port.has_value());
  EXPECT_EQ(port->rfind("invalid URL (", 0), 0u) << *port;
  EXPECT_TRUE(check_url("http:example.com/").has_value());
}

TEST(CheckRequestTest, ChecksMethodIsAShortToken) {
  Request r = url_request("http://example.com/");
  for (const char* m : {"GET", "POST", "PATCH", "M-SEARCH", "get", "X_1.2"}) {
    r.method = m;
    EXPECT_EQ(check_request(r), std::nullopt) << m;
  }
  r.method = std::string(32, 'A');
  EXPECT_EQ(check_request(r), std::nullopt);
  const std::string kReason =
      "invalid method (must be an HTTP token of 1-32 characters)";
  for (std::string m : {""s, "GE T"s, "GET\r\nX-Injected: 1"s, "G\0T"s,
                        std::string(33, 'A'), "GET/"s, "\xC3\xA9"s}) {
    r.method = m;
    EXPECT_EQ(check_request(r), kReason) << m;
  }
}

TEST(CheckRequestTest, ChecksHeaderNames) {
  Request r = url_request("http://example.com/");
  r.headers = {{"X-Ok", "1"}, {"", "v"}};
  EXPECT_EQ(check_request(r), "empty header name");
  r.headers = {{"X-Ok", "1"}, {"X Bad", "v"}};
  EXPECT_EQ(check_request(r),
            "header #2 has an invalid name (must be an HTTP token)");
  r.headers = {{"X:Bad", "v"}};
  EXPECT_EQ(check_request(r),
            "header #1 has an invalid name (must be an HTTP token)");
  r.headers = {{"X-Bad\r\nHost", "v"}};
  EXPECT_TRUE(check_request(r).has_value());
}

TEST(CheckRequestTest, ChecksHeaderValues) {
  Request r = url_request("http://example.com/");
  for (std::string v : {"a\rb"s, "a\nb"s, "a\0b"s, "\r\n"s}) {
    r.headers = {{"X-A", v}};
    EXPECT_EQ(check_request(r), "header \"X-A\" value contains CR/LF/NUL");
  }
  for (std::string v : {"a\x01"s, "\x1b[31m"s, "a\x7f"s}) {
    r.headers = {{"X-A", v}};
    EXPECT_EQ(check_request(r),
              "header \"X-A\" value contains a control character");
  }
  for (std::string v :
       {""s, "a\tb"s, " spaced "s, "caf\xC3\xA9"s, "\x80\xff"s}) {
    r.headers = {{"X-A", v}};
    EXPECT_EQ(check_request(r), std::nullopt) << v;
  }
}

TEST(CheckRequestTest, ChecksTimeoutIsPositive) {
  Request r = url_request("http://example.com/");
  r.timeout = std::chrono::milliseconds(0);
  EXPECT_EQ(check_request(r), "timeout must be positive");
  r.timeout = std::chrono::milliseconds(-5);
  EXPECT_EQ(check_request(r), "timeout must be positive");
  r.timeout = std::chrono::milliseconds(1);
  EXPECT_EQ(check_request(r), std::nullopt);
}

TEST(CheckRequestTest, ReasonsNeverHoldSecrets) {
  const std::string kSecret = "hunter2";
  std::vector<Request> bad;
  for (std::string url :
       {"ftp://user:hunter2@example.com/"s, "http://user:hunter2@exa mple/"s,
        "http://user:hunter2@/"s, "http://user:hunter2@ss@example.com/"s,
        "http://user:hunter2@example.com:99999/"s, "user:hunter2@example.com"s,
        "hunter2:x@example.com"s})
    bad.push_back(url_request(url));
  for (std::string value :
       {"Bearer hunter2\r\n"s, "hunter2\n"s, "hunter2\0"s, "hunter2\x01"s}) {
    Request r = url_request("http://example.com/");
    r.headers = {{"Authorization", value}};
    bad.push_back(r);
  }
  Request pasted = url_request("http://example.com/");
  pasted.headers = {{"Authorization: Bearer hunter2", ""}};
  bad.push_back(pasted);
  for (const Request& r : bad) {
    auto reason = check_request(r);
    ASSERT_TRUE(reason.has_value()) << r.url;
    EXPECT_EQ(reason->find(kSecret), std::string::npos) << *reason;
    EXPECT_TRUE(printable_ascii(*reason)) << *reason;
  }
}

TEST(RedactUrlTest, RemovesUserinfo) {
  EXPECT_EQ(redact_url("http://u:p@h/"), "http://h/");
  EXPECT_EQ(redact_url("http://u@h"), "http://h");
  EXPECT_EQ(redact_url("https://user:pa%40ss@example.com:8443/x?y#z"),
            "https://example.com:8443/x?y#z");
  // libcurl accepts one or three slashes too, userinfo included.
  EXPECT_EQ(redact_url("http:/u:p@h/"), "http:/h/");
  EXPECT_EQ(redact_url("http:///u:p@h/"), "http:///h/");
  // A password holding '@' loses everything up to the last '@'.
  EXPECT_EQ(redact_url("http://u:p@ss@h/x"), "http://h/x");
  EXPECT_EQ(redact_url("http://u:p@h"), "http://h");
  EXPECT_EQ(redact_url("http://u:p@h?q"), "http://h?q");
  EXPECT_EQ(redact_url("http://u:p@h#f"), "http://h#f");
}

TEST(RedactUrlTest, LeavesUrlsWithoutUserinfoAlone) {
  for (const char* url :
       {"http://h/", "http://h", "https://example.com:8443/a?b=c#d",
        "http://h/p@x", "http://h/a/b@c/d", "http://h?x=u:p@q", "http://h#f@x",
        "http://[::1]:80/@", "", "http://", "not a url"}) {
    EXPECT_EQ(redact_url(url), url);
  }
}

TEST(RedactUrlTest, StripsTextThatDoesNotParse) {
  EXPECT_EQ(redact_url("http://u:p@exa mple.com/"), "http://exa mple.com/");
  EXPECT_EQ(redact_url("ftp://u:p@h/file"), "ftp://h/file");
  EXPECT_EQ(redact_url("http://u:p@"), "http://");
  // No "scheme:" at all: the text is treated as starting with the authority.
  EXPECT_EQ(redact_url("u@h/x"), "h/x");
  EXPECT_EQ(redact_url("u:secret@h"), "u:h");
  EXPECT_EQ(redact_url("http://u:p@h\\@x/"), "http://x/");
}

TEST(RedactUrlTest, IsIdempotent) {
  for (const char* url :
       {"http://a@b@c/", "http://u:p@h/", "x@y@z", "http://h", "http://u@//@x",
        "http://u@/\\@/x@y", "x@http://u:p@h/", "@a.b:c//[::1]:b@c"})
    EXPECT_EQ(redact_url(redact_url(url)), redact_url(url)) << url;
  EXPECT_EQ(redact_url("http://u@//@x/y"), "http:////x/y");
  // Dropping the leading "x@" exposes a scheme and the userinfo after it.
  EXPECT_EQ(redact_url("x@http://u:p@h/"), "http://h/");
}

TEST(RedactUrlTest, IsLinearOnPathologicalInput) {
  // Each "@/" pair is an authority of its own; a rescanning implementation
  // would take quadratic time here.
  std::string url = "http://";
  for (int i = 0; i < 200000; ++i) url += "@/";
  std::string out = redact_url(url);
  EXPECT_EQ(out, "http://" + std::string(200000, '/'));
}

TEST(SecretHeaderTest, KnowsCredentialHeaders) {
  for (const char* n : {"Authorization", "authorization", "PROXY-AUTHORIZATION",
                        "Proxy-Authorization", "Cookie", "cOOkie"})
    EXPECT_TRUE(is_secret_header(n)) << n;
  for (const char* n : {"", "Accept", "Set-Cookie", "Authorization2",
                        "X-Authorization", "Cookies"})
    EXPECT_FALSE(is_secret_header(n)) << n;
}

TEST(TokenTest, FollowsRfc9110Tchar) {
  EXPECT_TRUE(is_token("!#$%&'*+-.^_`|~09AZaz"));
  EXPECT_FALSE(is_token(""));
  for (std::string bad : {" "s, "a b"s, "a:b"s, "a\"b"s, "(x)"s, "a,b"s, "a/b"s,
                          "a\0"s, "\x80"s, "a\tb"s, "{}"s, "@"s})
    EXPECT_FALSE(is_token(bad)) << bad;
}

TEST(HeaderValueTest, AllowsTabAndObsTextOnly) {
  EXPECT_TRUE(header_value_ok(""));
  EXPECT_TRUE(header_value_ok("text/html; q=0.9\t, x"));
  EXPECT_TRUE(header_value_ok("\x80\xfe"));
  for (int c = 0; c < 0x20; ++c) {
    if (c == '\t') continue;
    EXPECT_FALSE(header_value_ok(std::string("a") + static_cast<char>(c))) << c;
  }
  EXPECT_FALSE(header_value_ok("\x7f"));
}

TEST(QuoteForReasonTest, EscapesAndCuts) {
  EXPECT_EQ(quote_for_reason("abc"), "\"abc\"");
  EXPECT_EQ(quote_for_reason("a\"b\\c\n\x01\xff"s),
            "\"a\\x22b\\x5cc\\x0a\\x01\\xff\"");
  EXPECT_EQ(quote_for_reason("abcdef", 3), "\"abc\"...");
}

}  // namespace
}  // namespace fanout::internal
