#include "sched/retry_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <random>

namespace fanout::internal {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

RetryConfig config(Duration backoff, Duration max_wait) {
  RetryConfig c;
  c.backoff = backoff;
  c.max_wait = max_wait;
  return c;
}

// The largest of |draws| backoff delays, each checked to lie in
// [0, ceiling].
Duration max_of_draws(const RetryConfig& c, int attempt, Duration ceiling,
                      std::mt19937_64& rng, int draws = 2000) {
  Duration most{0};
  for (int i = 0; i < draws; ++i) {
    const Duration d = backoff_delay(c, attempt, rng);
    EXPECT_GE(d, Duration::zero()) << "attempt " << attempt;
    EXPECT_LE(d, ceiling) << "attempt " << attempt;
    most = std::max(most, d);
  }
  return most;
}

TEST(RetryPolicyTest, NetworkErrorsAreRetryable) {
  for (ErrorKind kind : {ErrorKind::kDns, ErrorKind::kConnect,
                         ErrorKind::kTimeout, ErrorKind::kReset}) {
    EXPECT_TRUE(is_retryable(kind, 0)) << to_string(kind);
  }
}

TEST(RetryPolicyTest, OtherErrorsAreNotRetryable) {
  for (ErrorKind kind :
       {ErrorKind::kInvalid, ErrorKind::kTls, ErrorKind::kProtocol,
        ErrorKind::kTooLarge, ErrorKind::kRedirects, ErrorKind::kCancelled,
        ErrorKind::kDeadline, ErrorKind::kDenied, ErrorKind::kOther}) {
    EXPECT_FALSE(is_retryable(kind, 0)) << to_string(kind);
  }
}

TEST(RetryPolicyTest, EveryErrorKindIsClassified) {
  // Exactly the four network kinds, whatever the status.
  int retryable = 0;
  for (int k = 1; k < kErrorKindCount; ++k) {
    if (is_retryable(static_cast<ErrorKind>(k), 0)) ++retryable;
  }
  EXPECT_EQ(retryable, 4);
}

TEST(RetryPolicyTest, CompletedTransfersRetryOnlyOnTransientStatuses) {
  for (int status : {429, 502, 503, 504})
    EXPECT_TRUE(is_retryable(ErrorKind::kNone, status)) << status;
  for (int status : {0, 200, 204, 301, 304, 400, 404, 408, 500, 501, 505})
    EXPECT_FALSE(is_retryable(ErrorKind::kNone, status)) << status;
}

TEST(RetryPolicyTest, IdempotentMethods) {
  for (const char* m : {"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
    EXPECT_TRUE(is_idempotent(m)) << m;
  // Methods are case-sensitive (RFC 9110 §9.1): "get" is an unknown method.
  for (const char* m :
       {"POST", "PATCH", "CONNECT", "PROPFIND", "get", "Get", "", "GETX"})
    EXPECT_FALSE(is_idempotent(m)) << m;
}

TEST(RetryPolicyTest, BackoffStaysWithinTheDoublingCeiling) {
  const RetryConfig c = config(milliseconds(100), seconds(30));
  std::mt19937_64 rng(42);
  for (int n = 1; n <= 12; ++n) {
    const Duration ceiling =
        std::min<Duration>(seconds(30), milliseconds(100) * (1LL << (n - 1)));
    const Duration most = max_of_draws(c, n, ceiling, rng);
    // 2000 uniform draws reach the top 1% of the range (p of not: 2e-9).
    EXPECT_GE(most, ceiling * 99 / 100) << "attempt " << n;
  }
}

TEST(RetryPolicyTest, BackoffGrowsWithTheAttemptUntilTheCap) {
  const RetryConfig c = config(milliseconds(10), seconds(1));
  std::mt19937_64 rng(7);
  Duration previous_mean{0};
  for (int n = 1; n <= 7; ++n) {  // ceilings 10 ms .. 640 ms
    Duration sum{0};
    for (int i = 0; i < 2000; ++i) sum += backoff_delay(c, n, rng);
    const Duration mean = sum / 2000;
    // Mean of uniform [0, 10 ms * 2^(n-1)] is half the ceiling: within 10%.
    const Duration half = milliseconds(5) * (1LL << (n - 1));
    EXPECT_GT(mean, half * 9 / 10) << "attempt " << n;
    EXPECT_LT(mean, half * 11 / 10) << "attempt " << n;
    EXPECT_GT(mean, previous_mean) << "attempt " << n;
    previous_mean = mean;
  }
}

TEST(RetryPolicyTest, BackoffIsCappedByMaxWaitForLargeAttempts) {
  const RetryConfig c = config(milliseconds(100), seconds(30));
  std::mt19937_64 rng(1);
  for (int n : {10, 11, 20, 31, 32, 33, 62, 63, 64, 65, 100, 1000,
                std::numeric_limits<int>::max()}) {
    const Duration most = max_of_draws(c, n, seconds(30), rng, 500);
    EXPECT_GE(most, seconds(29)) << "attempt " << n;
  }
}

TEST(RetryPolicyTest, BackoffReachesMaxWaitWhenTheBaseIsSmall) {
  // 1 ms * 2^(n-1) passes 720 h (the CLI's largest DUR) at n = 33, so every
  // later attempt's ceiling is the full 720 h.
  const RetryConfig c = config(milliseconds(1), hours(720));
  std::mt19937_64 rng(3);
  for (int n : {40, 100, 1000}) {
    const Duration most = max_of_draws(c, n, hours(720), rng, 500);
    EXPECT_GE(most, hours(700)) << "attempt " << n;
  }
}

TEST(RetryPolicyTest, ZeroBackoffOrZeroMaxWaitIsNoWait) {
  std::mt19937_64 rng(9);
  for (const RetryConfig& c : {config(Duration::zero(), seconds(30)),
                               config(milliseconds(100), Duration::zero())}) {
    for (int n : {1, 2, 10, 1000})
      EXPECT_EQ(backoff_delay(c, n, rng), Duration::zero()) << n;
  }
}

TEST(RetryPolicyTest, BackoffIsDeterministicForASeed) {
  const RetryConfig c = config(milliseconds(100), seconds(30));
  std::mt19937_64 a(1234), b(1234);
  for (int n = 1; n <= 20; ++n)
    EXPECT_EQ(backoff_delay(c, n, a), backoff_delay(c, n, b)) << n;
}

TEST(RetryPolicyTest, ServerDelayIsTheAskedWaitUpToMaxWait) {
  const RetryConfig c = config(milliseconds(100), seconds(30));
  EXPECT_EQ(server_delay(c, 0), Duration::zero());
  EXPECT_EQ(server_delay(c, 1), seconds(1));
  EXPECT_EQ(server_delay(c, 29), seconds(29));
  EXPECT_EQ(server_delay(c, 30), seconds(30));
  EXPECT_EQ(server_delay(c, 31), seconds(30));
  EXPECT_EQ(server_delay(c, 86'400), seconds(30));
}

TEST(RetryPolicyTest, ServerDelayClampsNegatives) {
  const RetryConfig c = config(milliseconds(100), seconds(30));
  EXPECT_EQ(server_delay(c, -1), Duration::zero());
  EXPECT_EQ(server_delay(c, std::numeric_limits<std::int64_t>::min()),
            Duration::zero());
}

TEST(RetryPolicyTest, ServerDelayCapsHugeRetryAfter) {
  // Retry-After comes from the server (libcurl hands over any curl_off_t):
  // values whose nanosecond count overflows int64 must still cap.
  const RetryConfig c = config(milliseconds(100), seconds(30));
  for (std::int64_t s :
       {std::int64_t{9'223'372'036},  // last that fits in ns
        std::int64_t{10'000'000'000}, std::int64_t{99'999'999'999},
        std::numeric_limits<std::int64_t>::max()}) {
    EXPECT_EQ(server_delay(c, s), seconds(30)) << s;
  }
}

}  // namespace
}  // namespace fanout::internal
