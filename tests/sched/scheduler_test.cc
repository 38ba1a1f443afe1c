#include "sched/scheduler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace fanout::internal {
namespace {

using std::chrono::milliseconds;

constexpr TimePoint kNever = TimePoint::max();

TimePoint at(int ms) { return TimePoint{} + milliseconds(ms); }

// The id of the job next() hands out at |now|, or 0 when none (ids in these
// tests start at 1). |wake| receives next()'s wake time.
std::uint64_t next_id(Scheduler& s, TimePoint now, TimePoint& wake) {
  std::optional<Job> job = s.next(now, wake);
  return job ? job->id : 0;
}

std::uint64_t next_id(Scheduler& s, TimePoint now) {
  TimePoint wake;
  return next_id(s, now, wake);
}

// Ids handed out at |now| until next() says none.
std::vector<std::uint64_t> take_all(Scheduler& s, TimePoint now) {
  std::vector<std::uint64_t> ids;
  while (std::uint64_t id = next_id(s, now)) {
    ids.push_back(id);
    if (ids.size() > 10'000) break;  // a bug must not hang the test
  }
  return ids;
}

using Ids = std::vector<std::uint64_t>;

TEST(SchedulerTest, EmptySchedulerHasNothingAndNoWake) {
  Scheduler s(SchedulerConfig{});
  TimePoint wake = at(0);
  EXPECT_FALSE(s.next(at(0), wake).has_value());
  EXPECT_EQ(wake, kNever);
  EXPECT_EQ(s.waiting(), 0u);
}

TEST(SchedulerTest, WithoutLimitsOriginsTakeTurnsEachInFifoOrder) {
  Scheduler s(SchedulerConfig{});
  const std::uint32_t a = s.origin_of("http://a:80");
  const std::uint32_t b = s.origin_of("http://b:80");
  EXPECT_NE(a, b);  // kept apart so a Retry-After pause stays per origin
  // Input a1 a2 b1 a3 b2: origins alternate, each in its own input order.
  s.enqueue({1, a});
  s.enqueue({2, a});
  s.enqueue({3, b});
  s.enqueue({4, a});
  s.enqueue({5, b});
  EXPECT_EQ(s.waiting(), 5u);
  EXPECT_EQ(take_all(s, at(0)), (Ids{1, 3, 2, 5, 4}));
  EXPECT_EQ(s.waiting(), 0u);
  TimePoint wake = at(0);
  EXPECT_FALSE(s.next(at(0), wake));
  EXPECT_EQ(wake, kNever);
}

TEST(SchedulerTest, IdleOriginsAreForgottenAndTheirIdsReused) {
  Scheduler s(SchedulerConfig{});
  const std::uint32_t a = s.origin_of("http://a:80");
  EXPECT_EQ(s.origin_of("http://a:80"), a);
  s.enqueue({1, a});
  TimePoint wake;
  ASSERT_TRUE(s.next(at(0), wake));
  // In flight: still known under the same id.
  EXPECT_EQ(s.origin_of("http://a:80"), a);
  s.finish(a);
  // Idle now: a new origin takes the freed id, and "a" gets a fresh one.
  const std::uint32_t b = s.origin_of("http://b:80");
  EXPECT_EQ(b, a);
  EXPECT_NE(s.origin_of("http://a:80"), b);
}

TEST(SchedulerTest, AnOriginWithADelayedRetryIsNotForgotten) {
  Scheduler s(SchedulerConfig{});
  const std::uint32_t a = s.origin_of("http://a:80");
  s.enqueue({1, a});
  TimePoint wake;
  ASSERT_TRUE(s.next(at(0), wake));
  s.enqueue_at({1, a}, at(100));  // the retry waits, then the attempt ends
  s.finish(a);
  EXPECT_NE(s.origin_of("http://b:80"), a);
  EXPECT_EQ(s.origin_of("http://a:80"), a);
}

TEST(SchedulerTest, WithoutLimitsInFlightIsUnbounded) {
  Scheduler s(SchedulerConfig{});
  const std::uint32_t o = s.origin_of("http://a:80");
  for (std::uint64_t id = 1; id <= 1000; ++id) s.enqueue({id, o});
  EXPECT_EQ(take_all(s, at(0)).size(), 1000u);
}

TEST(SchedulerTest, OriginsAreInternedWhenSomethingIsPerOrigin) {
  for (const SchedulerConfig& config :
       {SchedulerConfig{.per_origin_limit = 1},
        SchedulerConfig{.per_origin_rate = 5}}) {
    Scheduler s(config);
    const std::uint32_t a = s.origin_of("http://a:80");
    const std::uint32_t b = s.origin_of("http://b:80");
    EXPECT_NE(a, b);
    EXPECT_EQ(s.origin_of("http://a:80"), a);
    EXPECT_EQ(s.origin_of("http://b:80"), b);
    EXPECT_NE(s.origin_of("https://a:443"), a);
  }
}

TEST(SchedulerTest, PerOriginLimitCapsInFlightAndServesOthersRoundRobin) {
  Scheduler s(SchedulerConfig{.per_origin_limit = 2});
  const std::uint32_t a = s.origin_of("http://a:80");
  const std::uint32_t b = s.origin_of("http://b:80");
  for (std::uint64_t id = 1; id <= 4; ++id) s.enqueue({id, a});  // 1..4
  s.enqueue({11, b});
  s.enqueue({12, b});
  // Alternating, until a has 2 in flight; b is not held up behind a's queue.
  EXPECT_EQ(take_all(s, at(0)), (Ids{1, 11, 2, 12}));
  TimePoint wake = at(0);
  EXPECT_FALSE(s.next(at(0), wake));
  EXPECT_EQ(wake, kNever);  // only a finish() can help: no time to wake at
  EXPECT_EQ(s.waiting(), 2u);
  // Time alone does not lift the cap.
  EXPECT_EQ(next_id(s, at(1'000'000)), 0u);
}

TEST(SchedulerTest, FinishUnblocksACappedOrigin) {
  Scheduler s(SchedulerConfig{.per_origin_limit = 1});
  const std::uint32_t a = s.origin_of("http://a:80");
  for (std::uint64_t id = 1; id <= 3; ++id) s.enqueue({id, a});
  EXPECT_EQ(next_id(s, at(0)), 1u);
  EXPECT_EQ(next_id(s, at(0)), 0u);
  s.finish(a);
  EXPECT_EQ(next_id(s, at(0)), 2u);
  EXPECT_EQ(next_id(s, at(0)), 0u);
  s.finish(a);
  EXPECT_EQ(next_id(s, at(0)), 3u);
  EXPECT_EQ(s.waiting(), 0u);
}

TEST(SchedulerTest, CappedOriginNeverStarvesOthers) {
  Scheduler s(SchedulerConfig{.per_origin_limit = 1});
  const std::uint32_t a = s.origin_of("http://a:80");
  const std::uint32_t b = s.origin_of("http://b:80");
  const std::uint32_t c = s.origin_of("http://c:80");
  for (std::uint64_t id = 1; id <= 100; ++id) s.enqueue({id, a});
  s.enqueue({201, b});
  s.enqueue({301, c});
  // a, b, c each get their one slot; a's 99 other jobs wait.
  EXPECT_EQ(take_all(s, at(0)), (Ids{1, 201, 301}));
  s.finish(b);
  s.finish(c);
  s.enqueue({202, b});
  EXPECT_EQ(take_all(s, at(0)), (Ids{202}));
  s.finish(a);
  EXPECT_EQ(take_all(s, at(0)), (Ids{2}));
}

TEST(SchedulerTest, RoundRobinAmongUncappedOrigins) {
  Scheduler s(SchedulerConfig{.per_origin_limit = 100});
  const std::uint32_t a = s.origin_of("http://a:80");
  const std::uint32_t b = s.origin_of("http://b:80");
  const std::uint32_t c = s.origin_of("http://c:80");
  for (std::uint64_t i = 1; i <= 3; ++i) {
    s.enqueue({10 + i, a});
    s.enqueue({20 + i, b});
  }
  s.enqueue({31, c});
  EXPECT_EQ(take_all(s, at(0)), (Ids{11, 21, 31, 12, 22, 13, 23}));
}

TEST(SchedulerTest, PauseOriginBlocksUntilTheTimeAndWakeSaysWhen) {
  Scheduler s(SchedulerConfig{.per_origin_limit = 10});
  const std::uint32_t a = s.origin_of("http://a:80");
  const std::uint32_t b = s.origin_of("http://b:80");
  s.enqueue({1, a});
  s.enqueue({2, b});
  s.pause_origin(a, at(500));
  TimePoint wake = at(0);
  EXPECT_EQ(next_id(s, at(0), wake), 2u);  // b is not paused
  EXPECT_EQ(next_id(s, at(0), wake), 0u);
  EXPECT_EQ(wake, at(500));
  EXPECT_EQ(next_id(s, at(499), wake), 0u);
  EXPECT_EQ(wake, at(500));
  EXPECT_EQ(next_id(s, at(500), wake), 1u);
}

TEST(SchedulerTest, PauseOriginNeverShortensAPause) {
  Scheduler s(SchedulerConfig{.per_origin_limit = 10});
  const std::uint32_t a = s.origin_of("http://a:80");
  s.enqueue({1, a});
  s.pause_origin(a, at(500));
  s.pause_origin(a, at(200));
  TimePoint wake = at(0);
  EXPECT_EQ(next_id(s, at(300), wake), 0u);
  EXPECT_EQ(wake, at(500));
  EXPECT_EQ(next_id(s, at(500), wake), 1u);
}

TEST(SchedulerTest, PauseWithoutPerOriginLimitsBlocksOnlyThatOrigin) {
  // Options::per_host documents: "When a response to 429 or 503 carries
  // Retry-After, no request starts to that origin until then", and the
  // engine pauses with per_host = 0 too. Another origin must not wait.
  Scheduler s(SchedulerConfig{});
  const std::uint32_t a = s.origin_of("http://a:80");
  const std::uint32_t b = s.origin_of("http://b:80");
  s.enqueue({1, a});
  s.enqueue({2, b});
  s.pause_origin(a, at(500));
  EXPECT_EQ(next_id(s, at(0)), 2u);
  EXPECT_EQ(next_id(s, at(500)), 1u);
}

TEST(SchedulerTest, EnqueueAtDelaysAndWakeIsTheDueTime) {
  Scheduler s(SchedulerConfig{});
  const std::uint32_t o = s.origin_of("http://a:80");
  s.enqueue_at({1, o}, at(300));
  s.enqueue_at({2, o}, at(100));
  s.enqueue_at({3, o}, at(100));
  s.enqueue_at({4, o}, at(100));
  EXPECT_EQ(s.waiting(), 4u);
  TimePoint wake = at(0);
  EXPECT_EQ(next_id(s, at(0), wake), 0u);
  EXPECT_EQ(wake, at(100));
  EXPECT_EQ(next_id(s, at(99), wake), 0u);
  EXPECT_EQ(wake, at(100));
  // Due together: in the order they were delayed.
  EXPECT_EQ(next_id(s, at(100), wake), 2u);
  EXPECT_EQ(next_id(s, at(100), wake), 3u);
  EXPECT_EQ(next_id(s, at(100), wake), 4u);
  EXPECT_EQ(next_id(s, at(100), wake), 0u);
  EXPECT_EQ(wake, at(300));
  EXPECT_EQ(s.waiting(), 1u);
  EXPECT_EQ(next_id(s, at(300), wake), 1u);
  EXPECT_EQ(next_id(s, at(300), wake), 0u);
  EXPECT_EQ(wake, kNever);
}

TEST(SchedulerTest, EnqueueAtInThePastIsReadyNow) {
  Scheduler s(SchedulerConfig{.per_origin_limit = 1});
  const std::uint32_t a = s.origin_of("http://a:80");
  s.enqueue_at({1, a}, at(100));
  EXPECT_EQ(next_id(s, at(1000)), 1u);
}

TEST(SchedulerTest, WakeIsEarliestOfDelayedJobAndPause) {
  Scheduler s(SchedulerConfig{.per_origin_limit = 1});
  const std::uint32_t a = s.origin_of("http://a:80");
  const std::uint32_t b = s.origin_of("http://b:80");
  s.enqueue({1, a});
  s.pause_origin(a, at(400));
  s.enqueue_at({2, b}, at(250));
  TimePoint wake = at(0);
  EXPECT_EQ(next_id(s, at(0), wake), 0u);
  EXPECT_EQ(wake, at(250));
  EXPECT_EQ(next_id(s, at(250), wake), 2u);
  EXPECT_EQ(next_id(s, at(250), wake), 0u);
  EXPECT_EQ(wake, at(400));
}

TEST(SchedulerTest, DelayedJobOfACappedOriginWaitsForFinish) {
  Scheduler s(SchedulerConfig{.per_origin_limit = 1});
  const std::uint32_t a = s.origin_of("http://a:80");
  s.enqueue({1, a});
  EXPECT_EQ(next_id(s, at(0)), 1u);
  s.enqueue_at({2, a}, at(100));
  TimePoint wake = at(0);
  EXPECT_EQ(next_id(s, at(100), wake), 0u);  // due, but a is at its cap
  EXPECT_EQ(wake, kNever);
  s.finish(a);
  EXPECT_EQ(next_id(s, at(100), wake), 2u);
}

TEST(SchedulerTest, GlobalRateSpacesStartsAndWakeIsTheNextToken) {
  // 10/s: a burst of max(1, 5% of 10) = 1, starts 100 ms apart.
  Scheduler s(SchedulerConfig{.rate = 10});
  const std::uint32_t o = s.origin_of("http://a:80");
  for (std::uint64_t id = 1; id <= 3; ++id) s.enqueue({id, o});
  TimePoint wake = at(0);
  EXPECT_EQ(next_id(s, at(1000), wake), 1u);
  EXPECT_EQ(next_id(s, at(1000), wake), 0u);
  EXPECT_EQ(wake, at(1100));
  EXPECT_EQ(next_id(s, at(1099), wake), 0u);
  EXPECT_EQ(wake, at(1100));
  EXPECT_EQ(next_id(s, at(1100), wake), 2u);
  EXPECT_EQ(next_id(s, at(1150), wake), 0u);
  EXPECT_EQ(wake, at(1200));
  EXPECT_EQ(next_id(s, at(1200), wake), 3u);
}

TEST(SchedulerTest, GlobalRateAppliesAcrossOrigins) {
  Scheduler s(SchedulerConfig{.per_origin_limit = 10, .rate = 10});
  const std::uint32_t a = s.origin_of("http://a:80");
  const std::uint32_t b = s.origin_of("http://b:80");
  s.enqueue({1, a});
  s.enqueue({2, b});
  TimePoint wake = at(0);
  EXPECT_EQ(next_id(s, at(1000), wake), 1u);
  EXPECT_EQ(next_id(s, at(1000), wake), 0u);
  EXPECT_EQ(wake, at(1100));
  EXPECT_EQ(next_id(s, at(1100), wake), 2u);
}

TEST(SchedulerTest, GlobalRateBurstIsFivePercentOfASecond) {
  // 200/s: 5 ms apart, a burst of 10 back to back.
  Scheduler s(SchedulerConfig{.rate = 200});
  const std::uint32_t o = s.origin_of("http://a:80");
  for (std::uint64_t id = 1; id <= 20; ++id) s.enqueue({id, o});
  EXPECT_EQ(take_all(s, at(1000)).size(), 10u);
  TimePoint wake = at(0);
  EXPECT_EQ(next_id(s, at(1000), wake), 0u);
  EXPECT_EQ(wake, at(1005));
  EXPECT_EQ(take_all(s, at(1005)).size(), 1u);
}

TEST(SchedulerTest, PerOriginRateHasOneBucketPerOrigin) {
  Scheduler s(SchedulerConfig{.per_origin_rate = 10});
  const std::uint32_t a = s.origin_of("http://a:80");
  const std::uint32_t b = s.origin_of("http://b:80");
  s.enqueue({1, a});
  s.enqueue({2, a});
  s.enqueue({11, b});
  s.enqueue({12, b});
  // Each origin has its own token at 1000 ms.
  EXPECT_EQ(take_all(s, at(1000)), (Ids{1, 11}));
  TimePoint wake = at(0);
  EXPECT_EQ(next_id(s, at(1000), wake), 0u);
  EXPECT_EQ(wake, at(1100));
  EXPECT_EQ(next_id(s, at(1050), wake), 0u);
  EXPECT_EQ(wake, at(1100));
  EXPECT_EQ(take_all(s, at(1100)), (Ids{2, 12}));
}

TEST(SchedulerTest, PerOriginRateWakeYieldsToAnEarlierDelayedJob) {
  Scheduler s(SchedulerConfig{.per_origin_rate = 10});
  const std::uint32_t a = s.origin_of("http://a:80");
  const std::uint32_t b = s.origin_of("http://b:80");
  s.enqueue({1, a});
  s.enqueue({2, a});
  s.enqueue_at({3, b}, at(1040));
  TimePoint wake = at(0);
  EXPECT_EQ(next_id(s, at(1000), wake), 1u);
  EXPECT_EQ(next_id(s, at(1000), wake), 0u);
  EXPECT_EQ(wake, at(1040));
  EXPECT_EQ(next_id(s, at(1040), wake), 3u);  // b's bucket is untouched
  EXPECT_EQ(next_id(s, at(1040), wake), 0u);
  EXPECT_EQ(wake, at(1100));
}

TEST(SchedulerTest, WaitingCountsReadyAndDelayedNotInFlight) {
  Scheduler s(SchedulerConfig{.per_origin_limit = 5});
  const std::uint32_t a = s.origin_of("http://a:80");
  const std::uint32_t b = s.origin_of("http://b:80");
  EXPECT_EQ(s.waiting(), 0u);
  s.enqueue({1, a});
  s.enqueue({2, b});
  s.enqueue_at({3, a}, at(100));
  s.enqueue_at({4, b}, at(200));
  EXPECT_EQ(s.waiting(), 4u);
  EXPECT_EQ(take_all(s, at(0)).size(), 2u);
  EXPECT_EQ(s.waiting(), 2u);
  // Becoming due moves a job from delayed to ready: still waiting.
  TimePoint wake;
  EXPECT_EQ(next_id(s, at(150), wake), 3u);
  EXPECT_EQ(s.waiting(), 1u);
  s.finish(a);  // in-flight changes do not touch the count
  EXPECT_EQ(s.waiting(), 1u);
  EXPECT_EQ(next_id(s, at(200), wake), 4u);
  EXPECT_EQ(s.waiting(), 0u);
}

TEST(SchedulerTest, DrainHandsOutEveryWaitingJobExactlyOnce) {
  for (const SchedulerConfig& config :
       {SchedulerConfig{}, SchedulerConfig{.per_origin_limit = 1},
        SchedulerConfig{
            .per_origin_limit = 2, .rate = 10, .per_origin_rate = 5}}) {
    Scheduler s(config);
    const std::uint32_t a = s.origin_of("http://a:80");
    const std::uint32_t b = s.origin_of("http://b:80");
    for (std::uint64_t id = 1; id <= 10; ++id) s.enqueue({id, a});
    for (std::uint64_t id = 11; id <= 15; ++id) s.enqueue({id, b});
    for (std::uint64_t id = 21; id <= 25; ++id)
      s.enqueue_at({id, id % 2 ? a : b}, at(static_cast<int>(id) * 10));
    // Some jobs in flight (not waiting): they are not drained.
    const Ids started = take_all(s, at(0));
    ASSERT_FALSE(started.empty());
    const std::size_t waiting = s.waiting();
    EXPECT_EQ(waiting + started.size(), 20u);

    Ids drained;
    s.drain([&](const Job& job) {
      drained.push_back(job.id);
      EXPECT_EQ(job.origin, job.id <= 10 || (job.id > 20 && job.id % 2) ? a : b)
          << job.id;
    });
    EXPECT_EQ(drained.size(), waiting);
    Ids all = drained;
    all.insert(all.end(), started.begin(), started.end());
    std::sort(all.begin(), all.end());
    Ids expected;
    for (std::uint64_t id = 1; id <= 15; ++id) expected.push_back(id);
    for (std::uint64_t id = 21; id <= 25; ++id) expected.push_back(id);
    EXPECT_EQ(all, expected);

    EXPECT_EQ(s.waiting(), 0u);
    TimePoint wake = at(0);
    EXPECT_EQ(next_id(s, at(1'000'000), wake), 0u);
    EXPECT_EQ(wake, kNever);
    int again = 0;
    s.drain([&](const Job&) { ++again; });
    EXPECT_EQ(again, 0);
  }
}

TEST(SchedulerTest, WorksNormallyAfterDrain) {
  Scheduler s(SchedulerConfig{.per_origin_limit = 1});
  const std::uint32_t a = s.origin_of("http://a:80");
  const std::uint32_t b = s.origin_of("http://b:80");
  s.enqueue({1, a});
  s.enqueue({2, a});
  s.enqueue({3, b});
  s.drain([](const Job&) {});
  s.enqueue({4, b});
  s.enqueue({5, a});
  EXPECT_EQ(s.waiting(), 2u);
  EXPECT_EQ(take_all(s, at(0)), (Ids{4, 5}));
  EXPECT_EQ(s.waiting(), 0u);
}

}  // namespace
}  // namespace fanout::internal

namespace fanout::internal {
namespace {

TEST(SchedulerTest, ReportsWhenOnlyTheRunWideRateHoldsJobsBack) {
  SchedulerConfig config;
  config.rate = 10;  // one start per 100 ms, burst 1
  Scheduler s(config);
  const std::uint32_t a = s.origin_of("http://a:80");
  s.enqueue({1, a});
  s.enqueue({2, a});
  TimePoint wake;
  ASSERT_TRUE(s.next(TimePoint{} + std::chrono::seconds(1), wake));
  EXPECT_FALSE(s.rate_limited());
  EXPECT_FALSE(s.next(TimePoint{} + std::chrono::seconds(1), wake));
  EXPECT_TRUE(s.rate_limited());
  EXPECT_TRUE(s.next(TimePoint{} + std::chrono::milliseconds(1100), wake));
  EXPECT_FALSE(s.rate_limited());
}

}  // namespace
}  // namespace fanout::internal
