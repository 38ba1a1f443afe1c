#include "input/target_parser.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "input/validate.h"

namespace fanout::internal {
namespace {

// ordered_json keeps "headers" in the order the line lists them, which is the
// order Request::headers promises to send them in.
using Json = nlohmann::ordered_json;

// The url an invalid record shows: redacted first (the userinfo may sit past
// the cut), then cut to kMaxInvalidUrlBytes without splitting a UTF-8
// sequence.
std::string invalid_url_text(std::string_view raw) {
  std::string s = redact_url(raw);
  if (s.size() <= kMaxInvalidUrlBytes) return s;
  std::size_t n = kMaxInvalidUrlBytes;
  for (int i = 0;
       i < 3 && n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80; ++i)
    --n;
  s.resize(n);
  return s;
}

ParsedTarget invalid(std::string reason, std::string_view raw_url,
                     std::uint64_t line_no, std::optional<std::string> id,
                     std::string method) {
  ParsedTarget t;
  t.kind = ParsedTarget::kInvalid;
  t.reason = std::move(reason);
  t.request.url = invalid_url_text(raw_url);
  t.request.line = line_no;
  t.request.id = std::move(id);
  // Keep the method for the record only when it is printable and short.
  if (is_token(method) && method.size() <= kMaxMethodLength)
    t.request.method = std::move(method);
  return t;
}

// Fills |r| from the members of |obj|. Returns a reason on the first problem.
std::optional<std::string> read_object(const Json& obj, Request& r) {
  bool have_url = false;
  for (const auto& [key, value] : obj.items()) {
    if (key == "url") {
      if (!value.is_string()) return "\"url\" must be a string";
      r.url = value.get<std::string>();
      have_url = true;
    } else if (key == "method") {
      if (!value.is_string()) return "\"method\" must be a string";
      r.method = value.get<std::string>();
    } else if (key == "headers") {
      if (!value.is_object()) return "\"headers\" must be an object";
      for (const auto& [name, v] : value.items()) {
        if (!v.is_string()) {
          // A name that is not a token may hold a pasted secret; see
          // check_request().
          std::string which = is_token(name)
                                  ? quote_for_reason(name)
                                  : "#" + std::to_string(r.headers.size() + 1);
          return "header " + which + " value must be a string";
        }
        r.headers.push_back(Header{name, v.get<std::string>()});
      }
    } else if (key == "body") {
      if (!value.is_string()) return "\"body\" must be a string";
      r.body = value.get<std::string>();
    } else if (key == "timeout_ms") {
      // Floats (even 1000.0), negatives, zero and more than a day are
      // refused rather than rounded or clamped.
      bool ok = false;
      std::int64_t ms = 0;
      if (value.is_number_unsigned()) {
        auto u = value.get<std::uint64_t>();
        ok = u >= 1 && u <= static_cast<std::uint64_t>(kMaxTimeoutMs);
        ms = static_cast<std::int64_t>(u);
      } else if (value.is_number_integer()) {
        ms = value.get<std::int64_t>();
        ok = ms >= 1 && ms <= kMaxTimeoutMs;
      }
      if (!ok)
        return "\"timeout_ms\" must be an integer from 1 to " +
               std::to_string(kMaxTimeoutMs);
      r.timeout = std::chrono::milliseconds(ms);
    } else if (key == "id") {
      if (value.is_string()) {
        r.id = value.get<std::string>();
      } else if (value.is_number_unsigned()) {
        r.id = std::to_string(value.get<std::uint64_t>());
      } else if (value.is_number_integer()) {
        r.id = std::to_string(value.get<std::int64_t>());
      } else {
        return "\"id\" must be a string or an integer";
      }
    } else {
      return "unknown key " + quote_for_reason(key);
    }
  }
  if (!have_url) return "missing \"url\"";
  return std::nullopt;
}

ParsedTarget parse_json_line(std::string_view text, std::uint64_t line_no,
                             const TargetDefaults& defaults) {
  Json obj;
  try {
    obj = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // e.what() quotes the input ("last read: ..."), which may hold a secret
    // header value; only the position is reported.
    return invalid(
        "invalid JSON (syntax error at byte " + std::to_string(e.byte) + ")",
        {}, line_no, std::nullopt, defaults.method);
  } catch (const Json::out_of_range&) {
    // Thrown for a number too large for a double, such as 1e999 (error 406).
    return invalid("invalid JSON (number out of range)", {}, line_no,
                   std::nullopt, defaults.method);
  }
  // The text starts with '{', so a successful parse is an object.
  ParsedTarget t;
  t.request.line = line_no;
  t.request.method = defaults.method;
  t.request.body = defaults.body;
  std::optional<std::string> reason = read_object(obj, t.request);
  if (!reason) reason = check_request(t.request);
  if (reason) {
    return invalid(std::move(*reason), t.request.url, line_no,
                   std::move(t.request.id), std::move(t.request.method));
  }
  t.kind = ParsedTarget::kRequest;
  return t;
}

}  // namespace

std::string_view trim(std::string_view s) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
           c == '\r';
  };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

ParsedTarget parse_target_line(std::string_view line, std::uint64_t line_no) {
  static const TargetDefaults kNone;
  return parse_target_line(line, line_no, kNone);
}

ParsedTarget parse_target_line(std::string_view line, std::uint64_t line_no,
                               const TargetDefaults& defaults) {
  const std::string_view text = trim(line);
  if (text.empty() || text.front() == '#') {
    ParsedTarget t;
    t.request.line = line_no;
    return t;
  }
  if (text.front() == '{') return parse_json_line(text, line_no, defaults);

  ParsedTarget t;
  t.request.url = std::string(text);
  t.request.line = line_no;
  t.request.method = defaults.method;
  t.request.body = defaults.body;
  if (auto reason = check_request(t.request))
    return invalid(std::move(*reason), text, line_no, std::nullopt,
                   std::move(t.request.method));
  t.kind = ParsedTarget::kRequest;
  return t;
}

}  // namespace fanout::internal
