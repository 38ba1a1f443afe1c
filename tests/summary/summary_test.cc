#include "summary/summary.h"

#include <gtest/gtest.h>

#include <map>

namespace fanout::internal {
namespace {

Result response(int status, double total_ms, std::uint64_t bytes = 0,
                int attempts = 1) {
  Result r;
  r.status = status;
  r.ok = status >= 200 && status < 400;
  r.attempts = attempts;
  r.bytes = bytes;
  r.http_version = "1.1";
  r.time.total_ms = total_ms;
  return r;
}

Result failure(ErrorKind kind, double total_ms, int attempts = 1) {
  Result r;
  r.error = kind;
  r.error_message = "x";
  r.attempts = attempts;
  r.time.total_ms = total_ms;
  return r;
}

TEST(Summary, EmptyIsAllZero) {
  const Summary s;
  EXPECT_EQ(s.total(), 0u);
  EXPECT_EQ(s.ok(), 0u);
  EXPECT_EQ(s.failed(), 0u);
  EXPECT_TRUE(s.status_counts().empty());
  for (const auto n : s.error_counts()) EXPECT_EQ(n, 0u);
  EXPECT_EQ(s.bytes(), 0u);
  EXPECT_EQ(s.retries(), 0u);
  EXPECT_EQ(s.latency().count(), 0u);
}

TEST(Summary, CountsOkFailedAndStatuses) {
  Summary s;
  for (int i = 0; i < 7; ++i) s.add(response(200, 1));
  s.add(response(301, 1));
  s.add(response(404, 1));
  s.add(response(404, 1));
  s.add(response(503, 1));
  s.add(failure(ErrorKind::kTimeout, 5000));
  s.add(failure(ErrorKind::kReset, 3));
  s.add(failure(ErrorKind::kTimeout, 5000));
  EXPECT_EQ(s.total(), 14u);
  EXPECT_EQ(s.ok(), 8u);
  EXPECT_EQ(s.failed(), 6u);
  EXPECT_EQ(s.ok() + s.failed(), s.total());
  EXPECT_EQ(s.status_counts(), (std::map<int, std::uint64_t>{
                                   {200, 7}, {301, 1}, {404, 2}, {503, 1}}));
  EXPECT_EQ(s.status_count(404), 2u);
  EXPECT_EQ(s.status_count(418), 0u);
  EXPECT_EQ(s.error_count(ErrorKind::kTimeout), 2u);
  EXPECT_EQ(s.error_count(ErrorKind::kReset), 1u);
  EXPECT_EQ(s.error_count(ErrorKind::kDns), 0u);
  // 4xx/5xx responses are failures without an error kind.
  EXPECT_EQ(s.error_count(ErrorKind::kNone), 11u);
}

TEST(Summary, AnErrorIsAFailureEvenWithAStatus) {
  Summary s;
  Result r = response(200, 10);
  r.error = ErrorKind::kTooLarge;
  r.ok = false;
  s.add(r);
  EXPECT_EQ(s.failed(), 1u);
  EXPECT_EQ(s.status_count(200), 1u);
  EXPECT_EQ(s.error_count(ErrorKind::kTooLarge), 1u);
  // Even a result inconsistently marked ok.
  r.ok = true;
  s.add(r);
  EXPECT_EQ(s.ok(), 0u);
  EXPECT_EQ(s.failed(), 2u);
}

TEST(Summary, BytesAndRetries) {
  Summary s;
  s.add(response(200, 1, 1000, 1));
  s.add(response(200, 1, 2500, 3));           // 2 retries
  s.add(failure(ErrorKind::kConnect, 1, 4));  // 3 retries
  s.add(failure(ErrorKind::kInvalid, 0, 0));  // never started: none
  EXPECT_EQ(s.bytes(), 3500u);
  EXPECT_EQ(s.retries(), 5u);
}

TEST(Summary, LatencyCountsResponsesAndNetworkErrorsOnly) {
  Summary s;
  s.add(response(200, 10));
  s.add(response(500, 20));
  s.add(failure(ErrorKind::kTimeout, 5000));
  s.add(failure(ErrorKind::kDns, 2));
  s.add(failure(ErrorKind::kInvalid, 0, 0));
  s.add(failure(ErrorKind::kCancelled, 99999));
  s.add(failure(ErrorKind::kDeadline, 88888));
  s.add(failure(ErrorKind::kDenied, 1));
  EXPECT_EQ(s.latency().count(), 4u);
  EXPECT_EQ(s.latency().min(), 2);
  EXPECT_EQ(s.latency().max(), 5000);
}

TEST(Summary, CountsTowardLatencyTable) {
  for (int k = 0; k < kErrorKindCount; ++k) {
    const auto kind = static_cast<ErrorKind>(k);
    const bool expected =
        kind != ErrorKind::kNone && kind != ErrorKind::kInvalid &&
        kind != ErrorKind::kDenied && kind != ErrorKind::kCancelled &&
        kind != ErrorKind::kDeadline;
    EXPECT_EQ(Summary::counts_toward_latency(failure(kind, 1)), expected)
        << to_string(kind);
  }
  EXPECT_TRUE(Summary::counts_toward_latency(response(404, 1)));
  // A response received before the run was cancelled still measured the
  // server.
  Result r = response(200, 1);
  r.error = ErrorKind::kCancelled;
  EXPECT_TRUE(Summary::counts_toward_latency(r));
  // Never started.
  EXPECT_FALSE(Summary::counts_toward_latency(response(200, 1, 0, 0)));
}

}  // namespace
}  // namespace fanout::internal
