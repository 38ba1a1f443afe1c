// Decides whether a Request may go on the wire, and strips credentials from
// text that ends up in records or messages.
#ifndef FANOUT_INPUT_VALIDATE_H_
#define FANOUT_INPUT_VALIDATE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "fanout/request.h"

namespace fanout::internal {

// Longest method check_request() accepts. Real methods are short; the cap
// keeps garbage out of request lines and records.
inline constexpr std::size_t kMaxMethodLength = 32;

// Returns why |r| must not run, or nullopt when it may. Every request goes
// through this (from input files and from library callers), because libcurl
// sends header bytes as given (libcurl-security.md, "CRLF in Headers") and
// would happily fetch file:// or ftp:// URLs.
// Rules: the URL parses with libcurl's URL API (no default scheme), its scheme
// is http or https, it has a host and holds no whitespace or control bytes;
// the method is an HTTP token of 1 to kMaxMethodLength bytes; header names are
// tokens and values pass header_value_ok(); a timeout, when set, is positive.
// The reason is short, printable ASCII and never holds a header value or the
// URL's userinfo. Thread-safe.
std::optional<std::string> check_request(const Request& r);

// |url| without any "user[:password]@" userinfo. Works on text, not on a
// parse, so it also cleans strings libcurl rejects: after an optional
// "scheme:" and any run of slashes, everything up to the LAST '@' before the
// next '/', '?' or '#' is dropped (the last, not the first, so a password
// holding '@' cannot leak a tail), and again while the next authority holds
// an '@', so the result is a fixed point. An '@' in the path, query or
// fragment is left alone. Text without a scheme is treated as starting with
// the authority, which errs on the side of removing too much. Linear time.
std::string redact_url(std::string_view url);

// True for headers whose values are credentials: Authorization,
// Proxy-Authorization and Cookie (ASCII case-insensitive).
bool is_secret_header(std::string_view name);

// True when |value| may be sent as a header value: no CR, LF or NUL and no
// other control byte except HTAB (RFC 9110 field-value; bytes >= 0x80 are
// allowed as obs-text).
bool header_value_ok(std::string_view value);

// True when |s| is a non-empty RFC 9110 token (tchar only).
bool is_token(std::string_view s);

// |s| in double quotes for use inside a reason: bytes outside printable ASCII,
// '"' and '\' become \xNN escapes, and text past |max_bytes| is cut and
// marked with "...". Reasons built with it stay one printable line.
std::string quote_for_reason(std::string_view s, std::size_t max_bytes = 64);

}  // namespace fanout::internal

#endif  // FANOUT_INPUT_VALIDATE_H_
