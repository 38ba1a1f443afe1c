// fanout: the outcome of one request. Exactly one Result exists per request.
#ifndef FANOUT_RESULT_H_
#define FANOUT_RESULT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fanout {

// Why a request did not complete. Names (to_string) are stable and appear in
// records; new kinds may be added, existing names never change.
enum class ErrorKind : std::uint8_t {
  kNone = 0,   // the transfer completed (any HTTP status)
  kInvalid,    // bad target: not a URL, a scheme other than http/https, ...
  kDns,        // the host name could not be resolved
  kConnect,    // TCP connection refused or failed
  kTimeout,    // the attempt's timeout (or connect timeout) passed
  kTls,        // TLS handshake or certificate failure
  kReset,      // connection broken mid-transfer
  kProtocol,   // malformed or truncated response
  kTooLarge,   // body over Options::max_body
  kRedirects,  // too many redirects, or a redirect to a forbidden scheme
  kCancelled,  // the run was cancelled (stop token, fail-fast, signal)
  kDeadline,   // the run's deadline passed before this request finished
  kDenied,     // refused by policy (Options::deny_private)
  kOther,      // anything else; the message says what
};

// Stable lowercase name: "none", "invalid", "dns", ... "other".
std::string_view to_string(ErrorKind kind);
// Inverse of to_string; nullopt for an unknown name.
std::optional<ErrorKind> error_kind_from_string(std::string_view name);
// Number of ErrorKind values (for tables indexed by kind).
inline constexpr int kErrorKindCount = static_cast<int>(ErrorKind::kOther) + 1;

// Phase durations of the final attempt, in milliseconds since its start.
// A phase that did not happen (no TLS on http://) is 0.
struct Timings {
  double dns_ms = 0;
  double connect_ms = 0;  // TCP connect done
  double tls_ms = 0;      // TLS handshake done
  double ttfb_ms = 0;     // first response byte
  double total_ms = 0;
};

struct Result {
  // 0-based position of the request among all requests of the run.
  std::uint64_t index = 0;
  // Copied from Request::line.
  std::uint64_t line = 0;
  // Copied from Request::id.
  std::optional<std::string> id;
  // The request's URL with any user:password@ removed.
  std::string url;
  std::string method;
  // True when the final attempt completed with a 2xx or 3xx status.
  bool ok = false;
  // HTTP status of the final attempt; 0 when no response was received.
  int status = 0;
  ErrorKind error = ErrorKind::kNone;
  // Human-readable detail for |error|; empty when error is kNone. Never holds
  // credentials.
  std::string error_message;
  // Attempts made (1 without retries; 0 for invalid or never-started ones).
  int attempts = 0;
  // Body bytes received in the final attempt (counted even when discarded).
  std::uint64_t bytes = 0;
  // "1.0", "1.1", "2", "3", or empty when no response was received.
  std::string http_version;
  Timings time;
  // The body, when Options::keep_body is set (at most Options::max_body).
  std::string body;
};

}  // namespace fanout

#endif  // FANOUT_RESULT_H_
