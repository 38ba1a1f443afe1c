#include "cli/units.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace fanout::internal {
namespace {

// Splits "12.5ms" into 12.5 and "ms"; nullopt when no number leads.
std::optional<std::pair<double, std::string>> split_number(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() &&
         (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'))
    ++i;
  if (i == 0) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + i, value);
  if (ec != std::errc() || ptr != s.data() + i || !std::isfinite(value))
    return std::nullopt;
  std::string unit;
  for (char c : s.substr(i))
    unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::make_pair(value, unit);
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view s) {
  auto parts = split_number(s);
  if (!parts) return std::nullopt;
  auto [value, unit] = *parts;
  double ms;
  if (unit.empty() || unit == "s") {
    ms = value * 1000;
  } else if (unit == "ms") {
    ms = value;
  } else if (unit == "m") {
    ms = value * 60'000;
  } else if (unit == "h") {
    ms = value * 3'600'000;
  } else {
    return std::nullopt;
  }
  if (ms < 0 || ms > 30.0 * 24 * 3'600'000) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(ms)));
}

std::optional<std::uint64_t> parse_size(std::string_view s) {
  auto parts = split_number(s);
  if (!parts) return std::nullopt;
  auto [value, unit] = *parts;
  double mult;
  if (unit.empty() || unit == "b") {
    mult = 1;
  } else if (unit == "k" || unit == "kb" || unit == "kib") {
    mult = 1024.0;
  } else if (unit == "m" || unit == "mb" || unit == "mib") {
    mult = 1024.0 * 1024;
  } else if (unit == "g" || unit == "gb" || unit == "gib") {
    mult = 1024.0 * 1024 * 1024;
  } else {
    return std::nullopt;
  }
  const double bytes = value * mult;
  if (bytes < 0 || bytes > 1e18) return std::nullopt;
  return static_cast<std::uint64_t>(bytes);
}

std::optional<double> parse_rate(std::string_view s) {
  auto slash = s.find('/');
  std::string_view number = s.substr(0, slash);
  std::string_view unit =
      slash == std::string_view::npos ? "s" : s.substr(slash + 1);
  auto parts = split_number(number);
  if (!parts || !parts->second.empty() || parts->first <= 0)
    return std::nullopt;
  double per;
  if (unit == "s") {
    per = 1;
  } else if (unit == "m") {
    per = 60;
  } else if (unit == "h") {
    per = 3600;
  } else {
    return std::nullopt;
  }
  return parts->first / per;
}

std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_shard(
    std::string_view s) {
  auto slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto parse_u = [](std::string_view t) -> std::optional<std::uint64_t> {
    std::uint64_t v = 0;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || ec != std::errc() || ptr != t.data() + t.size())
      return std::nullopt;
    return v;
  };
  auto k = parse_u(s.substr(0, slash));
  auto n = parse_u(s.substr(slash + 1));
  if (!k || !n || *n == 0 || *k >= *n) return std::nullopt;
  return std::make_pair(*k, *n);
}

}  // namespace fanout::internal
