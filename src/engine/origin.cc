#include "engine/origin.h"

#include <cctype>

namespace fanout::internal {

std::string origin_of(std::string_view url) {
  std::string key;
  const auto sep = url.find("://");
  std::string_view scheme =
      sep == std::string_view::npos ? std::string_view() : url.substr(0, sep);
  std::string_view rest =
      sep == std::string_view::npos ? url : url.substr(sep + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string_view::npos)
    authority = authority.substr(at + 1);
  key.reserve(scheme.size() + authority.size() + 10);
  for (char c : scheme)
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  key += "://";
  for (char c : authority)
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // A port follows the last ':' unless that ':' is inside an IPv6 literal.
  const auto colon = authority.rfind(':');
  const auto bracket = authority.rfind(']');
  const bool has_port = colon != std::string_view::npos &&
                        (bracket == std::string_view::npos || colon > bracket);
  if (!has_port) key += key.starts_with("https:") ? ":443" : ":80";
  return key;
}

}  // namespace fanout::internal
