#include "curl/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>
#include <cstring>

namespace fanout::internal {
namespace {

bool private_v4(std::uint32_t a) {  // host byte order
  auto in = [a](std::uint32_t net, int bits) {
    const std::uint32_t mask = bits == 0 ? 0 : ~0u << (32 - bits);
    return (a & mask) == net;
  };
  return in(0x00000000, 8) ||   // 0.0.0.0/8 "this network"
         in(0x0A000000, 8) ||   // 10/8
         in(0x64400000, 10) ||  // 100.64/10 CGNAT
         in(0x7F000000, 8) ||   // 127/8 loopback
         in(0xA9FE0000, 16) ||  // 169.254/16 link-local
         in(0xAC100000, 12) ||  // 172.16/12
         in(0xC0000000, 24) ||  // 192.0.0/24 IETF protocol assignments
         in(0xC0A80000, 16) ||  // 192.168/16
         in(0xC6120000, 15) ||  // 198.18/15 benchmarking
         in(0xE0000000, 4) ||   // 224/4 multicast
         in(0xF0000000, 4);     // 240/4 reserved, broadcast
}

}  // namespace

bool is_private_address(const sockaddr* addr) {
  if (addr->sa_family == AF_INET) {
    sockaddr_in v4;
    std::memcpy(&v4, addr, sizeof v4);
    return private_v4(ntohl(v4.sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6) {
    sockaddr_in6 v6;
    std::memcpy(&v6, addr, sizeof v6);
    const std::uint8_t* b = v6.sin6_addr.s6_addr;
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0,    0,
                                                 0, 0, 0, 0, 0xff, 0xff};
    static constexpr std::uint8_t kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0,
                                                0, 0,    0,    0,    0, 0};
    if (std::memcmp(b, kMapped, 12) == 0 || std::memcmp(b, kNat64, 12) == 0) {
      const std::uint32_t a = (std::uint32_t{b[12]} << 24) |
                              (std::uint32_t{b[13]} << 16) |
                              (std::uint32_t{b[14]} << 8) | b[15];
      return private_v4(a);
    }
    if (IN6_IS_ADDR_UNSPECIFIED(&v6.sin6_addr) ||
        IN6_IS_ADDR_LOOPBACK(&v6.sin6_addr))
      return true;
    if ((b[0] & 0xfe) == 0xfc) return true;                  // fc00::/7
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;  // fe80::/10
    if (b[0] == 0xff) return true;                           // multicast
    return false;
  }
  return true;
}

}  // namespace fanout::internal
