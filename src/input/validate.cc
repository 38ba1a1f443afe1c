#include "input/validate.h"

#include <curl/curl.h>

#include <memory>
#include <string>

#include "curl/handles.h"

namespace fanout::internal {
namespace {

// Strings returned by curl_url_get() belong to libcurl's allocator.
struct CurlFreeDeleter {
  void operator()(char* p) const { curl_free(p); }
};
using CurlString = std::unique_ptr<char, CurlFreeDeleter>;

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 9110 section 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" /
// "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
bool is_tchar(char c) {
  return is_alpha(c) || is_digit(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Length of an RFC 3986 scheme at the start of |s| including its ':', or 0.
std::size_t scheme_prefix_length(std::string_view s) {
  if (s.empty() || !is_alpha(s[0])) return 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') return i + 1;
    if (!(is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'))
      return 0;
  }
  return 0;
}

std::string unsupported_scheme(std::string_view scheme) {
  if (scheme.empty()) return "unsupported scheme (only http and https)";
  return "unsupported scheme " + quote_for_reason(scheme, 40) +
         " (only http and https)";
}

// The scheme of a URL libcurl refused, or "" when naming it could leak: in
// "user:password@host" the "scheme" is a user name.
std::string_view scheme_to_name(std::string_view url, std::size_t scheme_len) {
  std::string_view rest = url.substr(scheme_len);
  if (rest.empty() || rest.front() != '/') {
    std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.find('@') != authority.npos) return {};
  }
  return url.substr(0, scheme_len - 1);
}

std::string curl_reason(CURLUcode rc) {
  // curl_url_strerror() texts are fixed strings and never echo the URL.
  return std::string("invalid URL (") + curl_url_strerror(rc) + ")";
}

std::optional<std::string> check_url(const std::string& url) {
  if (url.empty()) return "empty URL";
  // curl_url_set() takes a C string, so an embedded NUL would silently cut
  // the URL; spaces and controls have no place in a request line either.
  for (char ch : url) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f)
      return "URL contains whitespace or control characters";
  }
  UrlHandle h(curl_url());
  if (!h) return "out of memory while parsing the URL";
  // Flags 0: no default scheme (a bare "example.com" is refused, not
  // guessed) and no CURLU_NON_SUPPORT_SCHEME.
  CURLUcode rc = curl_url_set(h.get(), CURLUPART_URL, url.c_str(), 0);
  const std::size_t scheme_len = scheme_prefix_length(url);
  if (rc == CURLUE_UNSUPPORTED_SCHEME && scheme_len > 0)
    return unsupported_scheme(scheme_to_name(url, scheme_len));
  if (rc == CURLUE_BAD_SCHEME && scheme_len == 0)
    return "missing scheme (only http:// and https:// URLs run)";
  if (rc == CURLUE_NO_HOST) return "URL has no host";
  if (rc != CURLUE_OK) return curl_reason(rc);

  char* raw = nullptr;
  rc = curl_url_get(h.get(), CURLUPART_SCHEME, &raw, 0);
  CurlString scheme(raw);
  if (rc != CURLUE_OK || !scheme) return curl_reason(rc);
  if (!iequals(scheme.get(), "http") && !iequals(scheme.get(), "https"))
    return unsupported_scheme(scheme.get());

  raw = nullptr;
  rc = curl_url_get(h.get(), CURLUPART_HOST, &raw, 0);
  CurlString host(raw);
  if (rc == CURLUE_NO_HOST || (rc == CURLUE_OK && (!host || !*host.get())))
    return "URL has no host";
  if (rc != CURLUE_OK) return curl_reason(rc);
  return std::nullopt;
}

// One left-to-right pass of redact_url() for the scheme |url| starts with.
std::string redact_pass(std::string_view url) {
  std::size_t p = scheme_prefix_length(url);
  std::string out(url.substr(0, p));
  // Dropping one userinfo may leave another authority behind it (as in
  // "http://u@//@x"), so keep going until an authority holds no '@'. Linear:
  // each step resumes after the '@' it dropped.
  for (;;) {
    // libcurl accepts one to three slashes after the scheme ("http:/u:p@h/"
    // carries userinfo too), so skip any run of them; backslashes as well, to
    // stay on the safe side of parsers that treat them as slashes.
    std::size_t q = p;
    while (q < url.size() && (url[q] == '/' || url[q] == '\\')) ++q;
    out.append(url.substr(p, q - p));
    std::size_t end = url.find_first_of("/?#", q);
    if (end == url.npos) end = url.size();
    const std::size_t at = url.substr(q, end - q).rfind('@');
    if (at == url.npos) {
      out.append(url.substr(q));
      return out;
    }
    p = q + at + 1;
  }
}

}  // namespace

std::optional<std::string> check_request(const Request& r) {
  if (auto reason = check_url(r.url)) return reason;
  if (r.method.empty() || r.method.size() > kMaxMethodLength ||
      !is_token(r.method))
    return "invalid method (must be an HTTP token of 1-32 characters)";
  for (std::size_t i = 0; i < r.headers.size(); ++i) {
    const Header& hdr = r.headers[i];
    if (hdr.name.empty()) return "empty header name";
    // A name that is not a token is never echoed: it may be a whole
    // "Authorization: Bearer ..." line pasted into the name.
    if (!is_token(hdr.name))
      return "header #" + std::to_string(i + 1) +
             " has an invalid name (must be an HTTP token)";
    const std::string_view v = hdr.value;
    if (v.find_first_of(std::string_view("\r\n\0", 3)) != v.npos)
      return "header " + quote_for_reason(hdr.name) +
             " value contains CR/LF/NUL";
    if (!header_value_ok(v))
      return "header " + quote_for_reason(hdr.name) +
             " value contains a control character";
  }
  // CURLOPT_TIMEOUT_MS treats 0 as "no timeout", the opposite of what a
  // caller asking for 0 ms would expect.
  if (r.timeout && r.timeout->count() <= 0) return "timeout must be positive";
  return std::nullopt;
}

std::string redact_url(std::string_view url) {
  std::string out = redact_pass(url);
  // Text without a scheme can gain one once its leading userinfo is gone
  // ("x@http://u:p@h/" becomes "http://u:p@h/"); a second pass for that
  // scheme makes the result a fixed point. A scheme, once found, never
  // changes, so two passes always suffice.
  if (scheme_prefix_length(url) == 0 && scheme_prefix_length(out) > 0)
    out = redact_pass(out);
  return out;
}

bool is_secret_header(std::string_view name) {
  return iequals(name, "authorization") ||
         iequals(name, "proxy-authorization") || iequals(name, "cookie");
}

bool header_value_ok(std::string_view value) {
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

std::string quote_for_reason(std::string_view s, std::size_t max_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  const bool cut = s.size() > max_bytes;
  if (cut) s = s.substr(0, max_bytes);
  std::string out;
  out.reserve(s.size() + 8);
  out.push_back('"');
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out.push_back(ch);
    } else {
      out.append("\\x");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  out.push_back('"');
  if (cut) out.append("...");
  return out;
}

}  // namespace fanout::internal
