// Which resolved addresses a run with Options::deny_private may connect to.
#ifndef FANOUT_CURL_ADDRESS_POLICY_H_
#define FANOUT_CURL_ADDRESS_POLICY_H_

#include <sys/socket.h>

namespace fanout::internal {

// True for loopback, RFC 1918 private, CGNAT (100.64/10), link-local,
// multicast, "this network", reserved and broadcast IPv4 addresses; for IPv6
// loopback, unspecified, unique-local (fc00::/7), link-local (fe80::/10) and
// multicast; and for IPv4 addresses embedded in IPv6 (::ffff:a.b.c.d,
// 64:ff9b::a.b.c.d), judged as the IPv4 address. Unknown families are
// treated as private: refusing is the safe answer.
bool is_private_address(const sockaddr* addr);

}  // namespace fanout::internal

#endif  // FANOUT_CURL_ADDRESS_POLICY_H_
