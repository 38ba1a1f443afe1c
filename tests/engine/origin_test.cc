#include "engine/origin.h"

#include <gtest/gtest.h>

namespace fanout::internal {
namespace {

TEST(OriginTest, LowercasesSchemeAndHost) {
  EXPECT_EQ(origin_of("http://Example.COM/a"), "http://example.com:80");
  EXPECT_EQ(origin_of("HTTP://EXAMPLE.com/"), "http://example.com:80");
  EXPECT_EQ(origin_of("HTTPS://Example.com"), "https://example.com:443");
}

TEST(OriginTest, AddsTheDefaultPort) {
  EXPECT_EQ(origin_of("http://example.com"), "http://example.com:80");
  EXPECT_EQ(origin_of("https://example.com/"), "https://example.com:443");
  EXPECT_EQ(origin_of("http://127.0.0.1/x"), "http://127.0.0.1:80");
}

TEST(OriginTest, KeepsAnExplicitPort) {
  EXPECT_EQ(origin_of("http://example.com:8080/x"), "http://example.com:8080");
  EXPECT_EQ(origin_of("https://example.com:80/"), "https://example.com:80");
  EXPECT_EQ(origin_of("http://127.0.0.1:9/"), "http://127.0.0.1:9");
}

TEST(OriginTest, ExplicitDefaultPortEqualsNone) {
  EXPECT_EQ(origin_of("http://example.com:80/a"),
            origin_of("http://example.com/b"));
  EXPECT_EQ(origin_of("https://example.com:443"),
            origin_of("HTTPS://EXAMPLE.COM/"));
  EXPECT_NE(origin_of("http://example.com/"),
            origin_of("https://example.com/"));
  EXPECT_NE(origin_of("http://example.com/"),
            origin_of("http://example.com:8080/"));
}

TEST(OriginTest, DropsUserinfo) {
  EXPECT_EQ(origin_of("http://user:pass@Example.com/x"),
            "http://example.com:80");
  EXPECT_EQ(origin_of("http://user@example.com:81"), "http://example.com:81");
  // A password holding '@' or ':' must not leak into the key.
  EXPECT_EQ(origin_of("https://u:p@ss:w@example.com/"),
            "https://example.com:443");
}

TEST(OriginTest, Ipv6Literals) {
  EXPECT_EQ(origin_of("http://[::1]/"), "http://[::1]:80");
  EXPECT_EQ(origin_of("http://[::1]"), "http://[::1]:80");
  EXPECT_EQ(origin_of("http://[::1]:8080/x"), "http://[::1]:8080");
  EXPECT_EQ(origin_of("https://[2001:DB8::1]/"), "https://[2001:db8::1]:443");
  EXPECT_EQ(origin_of("https://[2001:db8::1]:8443"),
            "https://[2001:db8::1]:8443");
  EXPECT_EQ(origin_of("http://u:p@[::1]:81/"), "http://[::1]:81");
}

TEST(OriginTest, PathQueryAndFragmentAreIgnored) {
  EXPECT_EQ(origin_of("http://h/a/b?c=d#e"), "http://h:80");
  EXPECT_EQ(origin_of("http://h?x=1"), "http://h:80");
  EXPECT_EQ(origin_of("http://h#frag"), "http://h:80");
  // ':' and '@' after the authority are not a port or userinfo.
  EXPECT_EQ(origin_of("http://h/a:99"), "http://h:80");
  EXPECT_EQ(origin_of("http://h/u:p@other:99/"), "http://h:80");
  EXPECT_EQ(origin_of("http://h?to=u@other:99"), "http://h:80");
  EXPECT_EQ(origin_of("http://h#u@other:99"), "http://h:80");
  EXPECT_EQ(origin_of("http://h:8080/p?q#f"), "http://h:8080");
}

}  // namespace
}  // namespace fanout::internal
