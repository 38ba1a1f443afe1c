// Turns one input line into a Request, an "invalid" reason, or nothing.
#ifndef FANOUT_INPUT_TARGET_PARSER_H_
#define FANOUT_INPUT_TARGET_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fanout/request.h"

namespace fanout::internal {

// Longest url text an invalid line keeps for its record.
inline constexpr std::size_t kMaxInvalidUrlBytes = 512;
// Upper bound for a per-line "timeout_ms": one day.
inline constexpr std::int64_t kMaxTimeoutMs = 24LL * 60 * 60 * 1000;

// What a target gets when its line does not say (the CLI's -X and -d).
struct TargetDefaults {
  std::string method = "GET";
  std::string body;
};

struct ParsedTarget {
  enum Kind {
    kSkip,     // blank line or '#' comment: no record
    kRequest,  // |request| passed check_request()
    kInvalid,  // |reason| says why; the line becomes an `invalid` record
  };
  Kind kind = kSkip;
  // kRequest: the request to run. kInvalid: only |url| (redacted, at most
  // kMaxInvalidUrlBytes), |line| and, when they parsed, |id| and |method|.
  Request request;
  // kInvalid: short, printable ASCII, never holding a header value or a URL
  // password. Empty otherwise.
  std::string reason;
};

// Parses |line| (without its newline), the |line_no|-th line of the input.
// After trimming ASCII whitespace, an empty line or one starting with '#' is
// kSkip. A line starting with '{' is a JSON object with keys
//   url (string, required), method (string), headers (object of strings,
//   kept in order), body (string), timeout_ms (integer, 1..kMaxTimeoutMs),
//   id (string, or integer stored as its decimal text);
// any other key or a wrong type makes the line invalid. Any other line is a
// URL. A method or body the line does not set comes from |defaults| (the
// first overload uses TargetDefaults{}). The result then goes through
// check_request(). request.line is always |line_no|. Never throws (short of
// std::bad_alloc). Thread-safe.
// |s| without leading and trailing ASCII whitespace (what a line is judged on).
std::string_view trim(std::string_view s);

ParsedTarget parse_target_line(std::string_view line, std::uint64_t line_no);
ParsedTarget parse_target_line(std::string_view line, std::uint64_t line_no,
                               const TargetDefaults& defaults);

}  // namespace fanout::internal

#endif  // FANOUT_INPUT_TARGET_PARSER_H_
