#include "fanout/result.h"

#include <array>

namespace fanout {
namespace {
constexpr std::array<std::string_view, kErrorKindCount> kNames = {
    "none",      "invalid",  "dns",      "connect",   "timeout",
    "tls",       "reset",    "protocol", "too_large", "redirects",
    "cancelled", "deadline", "denied",   "other"};
}  // namespace

std::string_view to_string(ErrorKind kind) {
  auto i = static_cast<std::size_t>(kind);
  return i < kNames.size() ? kNames[i] : std::string_view("other");
}

std::optional<ErrorKind> error_kind_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<ErrorKind>(i);
  return std::nullopt;
}

}  // namespace fanout
