// The origin of a URL (scheme://host:port), the unit of per-host limits.
#ifndef FANOUT_ENGINE_ORIGIN_H_
#define FANOUT_ENGINE_ORIGIN_H_

#include <string>
#include <string_view>

namespace fanout::internal {

// "http://Example.com/a" → "http://example.com:80". Userinfo is dropped and
// the default port made explicit, so equal origins compare equal. |url| is a
// URL that passed check_request(); anything odd yields a best-effort key.
std::string origin_of(std::string_view url);

}  // namespace fanout::internal

#endif  // FANOUT_ENGINE_ORIGIN_H_
