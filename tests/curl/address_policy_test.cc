#include "curl/address_policy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstring>

namespace fanout::internal {
namespace {

// is_private_address() for the IPv4 address in |text|.
bool private_v4(const char* text) {
  sockaddr_in sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons(443);
  EXPECT_EQ(inet_pton(AF_INET, text, &sa.sin_addr), 1) << text;
  return is_private_address(reinterpret_cast<const sockaddr*>(&sa));
}

// is_private_address() for the IPv6 address in |text|.
bool private_v6(const char* text) {
  sockaddr_in6 sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sin6_family = AF_INET6;
  sa.sin6_port = htons(443);
  EXPECT_EQ(inet_pton(AF_INET6, text, &sa.sin6_addr), 1) << text;
  return is_private_address(reinterpret_cast<const sockaddr*>(&sa));
}

TEST(AddressPolicyTest, PrivateAndSpecialIpv4) {
  for (const char* a : {
           "127.0.0.1",       "127.255.255.254",  // loopback
           "10.0.0.1",        "10.255.255.255",   // RFC 1918
           "172.16.0.1",      "172.31.255.255",   //
           "192.168.0.1",     "192.168.255.255",  //
           "169.254.0.1",     "169.254.169.254",  // link-local, cloud metadata
           "100.64.0.0",      "100.64.0.1",      "100.127.255.255",  // CGNAT
           "224.0.0.1",       "239.255.255.250",  // multicast
           "240.0.0.1",       "254.255.255.255",  // reserved
           "255.255.255.255",                     // broadcast
           "0.0.0.0",         "0.1.2.3",          // "this network"
           "192.0.0.8",       "198.18.0.1",      "198.19.255.255",
       }) {
    EXPECT_TRUE(private_v4(a)) << a;
  }
}

TEST(AddressPolicyTest, PublicIpv4) {
  for (const char* a : {
           "1.1.1.1",         "8.8.8.8",        "93.184.216.34",
           "172.32.0.1",      "172.15.255.255",  // just outside 172.16/12
           "100.128.0.1",     "100.63.255.255",  // just outside 100.64/10
           "9.255.255.255",   "11.0.0.0",        // around 10/8
           "126.255.255.255", "128.0.0.0",       // around 127/8
           "169.253.255.255", "169.255.0.0",     // around 169.254/16
           "192.167.255.255", "192.169.0.0",     // around 192.168/16
           "198.17.255.255",  "198.20.0.0",      // around 198.18/15
           "223.255.255.255", "1.0.0.0",
       }) {
    EXPECT_FALSE(private_v4(a)) << a;
  }
}

TEST(AddressPolicyTest, PrivateAndSpecialIpv6) {
  for (const char* a : {
           "::1", "::",                            // loopback, unspecified
           "fe80::1", "febf:ffff::1",              // link-local fe80::/10
           "fc00::1", "fd12::1", "fdff:ffff::1",   // unique local fc00::/7
           "ff02::1", "ff0e::1",                   // multicast
           "::ffff:127.0.0.1", "::ffff:10.0.0.1",  // v4-mapped, private
           "::ffff:169.254.169.254", "::ffff:0.0.0.0", "64:ff9b::7f00:1",
           "64:ff9b::a00:1",  // NAT64 of 127.0.0.1, 10/8
       }) {
    EXPECT_TRUE(private_v6(a)) << a;
  }
}

TEST(AddressPolicyTest, PublicIpv6) {
  for (const char* a : {
           "2606:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8",
           "::ffff:1.1.1.1",    // v4-mapped, public
           "64:ff9b::808:808",  // NAT64 of 8.8.8.8
       }) {
    EXPECT_FALSE(private_v6(a)) << a;
  }
}

TEST(AddressPolicyTest, UnknownFamiliesAreTreatedAsPrivate) {
  sockaddr_un un;
  std::memset(&un, 0, sizeof un);
  un.sun_family = AF_UNIX;
  std::strcpy(un.sun_path, "/tmp/socket");
  EXPECT_TRUE(is_private_address(reinterpret_cast<const sockaddr*>(&un)));

  sockaddr_storage unspec;
  std::memset(&unspec, 0, sizeof unspec);
  unspec.ss_family = AF_UNSPEC;
  EXPECT_TRUE(is_private_address(reinterpret_cast<const sockaddr*>(&unspec)));
}

}  // namespace
}  // namespace fanout::internal
