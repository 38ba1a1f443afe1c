#include "cli/units.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace fanout::internal {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(UnitsTest, ParseDurationUnits) {
  EXPECT_EQ(parse_duration("250ms"), milliseconds(250));
  EXPECT_EQ(parse_duration("3s"), seconds(3));
  EXPECT_EQ(parse_duration("1.5s"), milliseconds(1500));
  EXPECT_EQ(parse_duration("0.25s"), milliseconds(250));
  EXPECT_EQ(parse_duration("2m"), minutes(2));
  EXPECT_EQ(parse_duration("1h"), hours(1));
  EXPECT_EQ(parse_duration("1.5h"), minutes(90));
  EXPECT_EQ(parse_duration("0ms"), milliseconds(0));
  EXPECT_EQ(parse_duration("0s"), milliseconds(0));
}

TEST(UnitsTest, ParseDurationBareNumberIsSeconds) {
  EXPECT_EQ(parse_duration("10"), seconds(10));
  EXPECT_EQ(parse_duration("0"), milliseconds(0));
  EXPECT_EQ(parse_duration("0.5"), milliseconds(500));
}

TEST(UnitsTest, ParseDurationUpToThirtyDays) {
  EXPECT_EQ(parse_duration("720h"), hours(720));
  EXPECT_EQ(parse_duration("43200m"), hours(720));
  EXPECT_EQ(parse_duration("2592000"), hours(720));
  EXPECT_EQ(parse_duration("721h"), std::nullopt);
  EXPECT_EQ(parse_duration("43201m"), std::nullopt);
  EXPECT_EQ(parse_duration("2592001s"), std::nullopt);
  EXPECT_EQ(parse_duration("99999999999999999999999999h"), std::nullopt);
}

TEST(UnitsTest, ParseDurationRejectsMalformed) {
  for (std::string_view bad :
       {"",    "s",   "ms",   "3x",  "3d",  "-1s",    "-1",
        "+1s", "1e3", "1e3s", ".",   ".s",  "1.2.3s", "3 s",
        " 3s", "3s ", "3ss",  "inf", "nan", "1h30m",  "31d-ish huge"}) {
    EXPECT_EQ(parse_duration(bad), std::nullopt) << '"' << bad << '"';
  }
}

TEST(UnitsTest, ParseSizeUnitsArePowersOf1024) {
  EXPECT_EQ(parse_size("1024"), 1024u);
  EXPECT_EQ(parse_size("0"), 0u);
  EXPECT_EQ(parse_size("64K"), 64u * 1024);
  EXPECT_EQ(parse_size("64KB"), 64u * 1024);
  EXPECT_EQ(parse_size("64KiB"), 64u * 1024);
  EXPECT_EQ(parse_size("64k"), 64u * 1024);
  EXPECT_EQ(parse_size("16MiB"), 16u * 1024 * 1024);
  EXPECT_EQ(parse_size("16M"), 16u * 1024 * 1024);
  EXPECT_EQ(parse_size("16MB"), 16u * 1024 * 1024);
  EXPECT_EQ(parse_size("1G"), std::uint64_t{1} << 30);
  EXPECT_EQ(parse_size("1GiB"), std::uint64_t{1} << 30);
  EXPECT_EQ(parse_size("100G"), std::uint64_t{100} << 30);
  EXPECT_EQ(parse_size("1.5K"), 1536u);
}

TEST(UnitsTest, ParseSizeRejectsMalformed) {
  for (std::string_view bad :
       {"", "K", "KiB", "1T", "1TB", "64 K", " 64K", "64K ", "-1", "-1K", "+1",
        "1e3", "abc", "1.2.3", "64KK", "64Ki", "99999999999G"}) {
    EXPECT_EQ(parse_size(bad), std::nullopt) << '"' << bad << '"';
  }
}

TEST(UnitsTest, ParseRatePerSecondMinuteHour) {
  EXPECT_EQ(parse_rate("100"), 100.0);
  EXPECT_EQ(parse_rate("100/s"), 100.0);
  EXPECT_DOUBLE_EQ(*parse_rate("6000/m"), 100.0);
  EXPECT_DOUBLE_EQ(*parse_rate("36000/h"), 10.0);
  EXPECT_EQ(parse_rate("0.5/s"), 0.5);
  EXPECT_EQ(parse_rate("0.5"), 0.5);
  EXPECT_DOUBLE_EQ(*parse_rate("1/m"), 1.0 / 60);
  EXPECT_DOUBLE_EQ(*parse_rate("1/h"), 1.0 / 3600);
}

TEST(UnitsTest, ParseRateRejectsNonPositiveAndMalformed) {
  for (std::string_view bad :
       {"0", "0/s", "0.0", "-1", "-1/s", "10/d", "abc", "10/", "/s", "", "/",
        "10/s/", "10s", "10 /s", "1e3", "10/ms", "10//s"}) {
    EXPECT_EQ(parse_rate(bad), std::nullopt) << '"' << bad << '"';
  }
}

TEST(UnitsTest, ParseShard) {
  using Shard = std::pair<std::uint64_t, std::uint64_t>;
  EXPECT_EQ(parse_shard("0/1"), (Shard{0, 1}));
  EXPECT_EQ(parse_shard("2/4"), (Shard{2, 4}));
  EXPECT_EQ(parse_shard("3/4"), (Shard{3, 4}));
  EXPECT_EQ(parse_shard("0/1000000"), (Shard{0, 1000000}));
}

TEST(UnitsTest, ParseShardRejectsOutOfRangeAndMalformed) {
  for (std::string_view bad :
       {"4/4", "5/4", "1", "a/b", "1/0", "0/0", "-1/3", "1/-3", "", "/", "1/",
        "/3", "1/3/5", " 1/3", "1/3 ", "+1/3", "1.0/3",
        "99999999999999999999/3"}) {
    EXPECT_EQ(parse_shard(bad), std::nullopt) << '"' << bad << '"';
  }
}

}  // namespace
}  // namespace fanout::internal
