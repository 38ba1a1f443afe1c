#include "sched/token_bucket.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace fanout::internal {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

// A synthetic time line; 1 s in, so nothing sits at the clock's epoch.
TimePoint at(int ms) { return TimePoint{} + seconds(1) + milliseconds(ms); }

// Takes every start allowed at |now| (at most |limit|) and returns how many.
int drain_at(TokenBucket& bucket, TimePoint now, int limit = 1000) {
  int n = 0;
  while (n < limit && bucket.ready(now)) {
    bucket.take(now);
    ++n;
  }
  return n;
}

TEST(TokenBucketTest, ZeroOrNegativeRateIsUnlimited) {
  for (double rate : {0.0, -1.0, -1000.0}) {
    TokenBucket bucket(rate, 3);
    EXPECT_TRUE(bucket.unlimited()) << rate;
    EXPECT_EQ(bucket.ready_at(), TimePoint{}) << rate;
    for (int i = 0; i < 10'000; ++i) {
      ASSERT_TRUE(bucket.ready(at(0))) << rate << " start " << i;
      bucket.take(at(0));
    }
    EXPECT_TRUE(bucket.ready(TimePoint{}));
    EXPECT_EQ(bucket.ready_at(), TimePoint{});
  }
  TokenBucket by_default;
  EXPECT_TRUE(by_default.unlimited());
}

TEST(TokenBucketTest, PositiveRateIsLimited) {
  EXPECT_FALSE(TokenBucket(10).unlimited());
  EXPECT_FALSE(TokenBucket(0.001).unlimited());
  // A rate whose interval rounds to 0 ns still limits (1 ns apart).
  TokenBucket fast(1e12);
  EXPECT_FALSE(fast.unlimited());
  fast.take(at(0));
  EXPECT_FALSE(fast.ready(at(0)));
  EXPECT_EQ(fast.ready_at(), at(0) + nanoseconds(1));
}

TEST(TokenBucketTest, FirstStartIsImmediate) {
  TokenBucket bucket(10, 1);
  EXPECT_TRUE(bucket.ready(at(0)));
  EXPECT_LE(bucket.ready_at(), at(0));
}

TEST(TokenBucketTest, BurstOneSpacesStartsByTheInterval) {
  TokenBucket bucket(10, 1);  // 100 ms apart
  bucket.take(at(0));
  EXPECT_FALSE(bucket.ready(at(0)));
  EXPECT_FALSE(bucket.ready(at(99)));
  EXPECT_FALSE(bucket.ready(at(100) - nanoseconds(1)));
  EXPECT_TRUE(bucket.ready(at(100)));
  EXPECT_EQ(bucket.ready_at(), at(100));

  // Starting each time as soon as allowed gives exact 100 ms steps.
  std::vector<TimePoint> starts;
  for (int i = 0; i < 50; ++i) {
    const TimePoint t = bucket.ready_at();
    ASSERT_TRUE(bucket.ready(t));
    bucket.take(t);
    starts.push_back(t);
  }
  for (int i = 0; i < 50; ++i) EXPECT_EQ(starts[i], at(100 * (i + 1))) << i;
}

TEST(TokenBucketTest, IntervalIsExactForRoundRates) {
  struct Case {
    double rate;
    nanoseconds interval;
  };
  for (const Case& c :
       {Case{1, seconds(1)}, Case{4, milliseconds(250)}, Case{0.5, seconds(2)},
        Case{1000, milliseconds(1)}, Case{3, nanoseconds(333'333'333)}}) {
    TokenBucket bucket(c.rate, 1);
    bucket.take(at(0));
    EXPECT_EQ(bucket.ready_at(), at(0) + c.interval) << c.rate;
    bucket.take(bucket.ready_at());
    EXPECT_EQ(bucket.ready_at(), at(0) + 2 * c.interval) << c.rate;
  }
}

TEST(TokenBucketTest, BurstAllowsBackToBackStartsThenSpaces) {
  TokenBucket bucket(10, 4);
  EXPECT_EQ(drain_at(bucket, at(0)), 4);
  EXPECT_FALSE(bucket.ready(at(0)));
  EXPECT_FALSE(bucket.ready(at(99)));
  EXPECT_EQ(bucket.ready_at(), at(100));
  // Once the burst is spent, steady state is one start per interval.
  for (int i = 1; i <= 20; ++i) {
    EXPECT_EQ(bucket.ready_at(), at(100 * i)) << i;
    EXPECT_EQ(drain_at(bucket, at(100 * i)), 1) << i;
  }
}

TEST(TokenBucketTest, BurstBelowOneMeansOne) {
  for (int burst : {0, -3}) {
    TokenBucket bucket(10, burst);
    EXPECT_EQ(drain_at(bucket, at(0)), 1) << burst;
    EXPECT_EQ(bucket.ready_at(), at(100)) << burst;
  }
}

TEST(TokenBucketTest, ReadyAtIsTheFirstReadyInstant) {
  TokenBucket bucket(7, 3);
  for (int step = 0; step < 30; ++step) {
    const TimePoint t = bucket.ready_at();
    EXPECT_TRUE(bucket.ready(t)) << step;
    EXPECT_FALSE(bucket.ready(t - nanoseconds(1))) << step;
    bucket.take(std::max(t, at(0)));
  }
}

TEST(TokenBucketTest, CatchingUpAfterIdleNeverExceedsTheBurst) {
  for (int burst : {1, 2, 3, 10}) {
    TokenBucket bucket(10, burst);
    EXPECT_EQ(drain_at(bucket, at(0)), burst) << burst;
    // Idle for 10 s (100 intervals): only |burst| starts may catch up.
    EXPECT_EQ(drain_at(bucket, at(10'000)), burst) << burst;
    EXPECT_EQ(bucket.ready_at(), at(10'100)) << burst;
    // A very long idle period changes nothing.
    EXPECT_EQ(drain_at(bucket, at(3'600'000)), burst) << burst;
  }
}

TEST(TokenBucketTest, LateWakeUpsKeepTheLongRunRateWithinBurst) {
  // A loop that always wakes 30 ms late, with a burst of 2: the late start
  // does not push every later start back, and no window of one interval
  // holds more than |burst| starts.
  TokenBucket bucket(10, 2);
  std::vector<TimePoint> starts;
  TimePoint now = at(0);
  for (int i = 0; i < 100; ++i) {
    while (bucket.ready(now)) {
      bucket.take(now);
      starts.push_back(now);
    }
    now = bucket.ready_at() + milliseconds(30);
  }
  // 100 wake-ups over about 10 s: close to 10/s overall.
  const auto span = starts.back() - starts.front();
  EXPECT_GE(starts.size(), 100u);
  EXPECT_LE(static_cast<double>(starts.size() - 1),
            std::chrono::duration<double>(span).count() * 10 + 2);
  for (std::size_t i = 2; i < starts.size(); ++i)
    EXPECT_GE(starts[i] - starts[i - 2], milliseconds(100)) << i;
}

}  // namespace
}  // namespace fanout::internal
