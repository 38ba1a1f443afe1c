// Control and resilience features of the fanout program, against the
// fault-injection server: retries, Retry-After, rate and per-host limits,
// deadline, fail-fast, interrupt and resume, ordering, sharding, safe defaults.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "support/child_process.h"
#include "support/fault_server_fixture.h"
#include "support/nginx_fixture.h"
#include "support/records.h"

namespace fanout {
namespace {

using testing::ChildResult;
using testing::kind_of;
using testing::records_of;
using testing::run_fanout;
using Json = nlohmann::json;
using namespace std::chrono_literals;

class ControlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { faults_ = new testing::FaultServer(); }
  static void TearDownTestSuite() { delete faults_; }
  void SetUp() override { faults_->reset_stats(); }
  static std::string url(const std::string& path) { return faults_->url(path); }
  static testing::FaultServer* faults_;
};
testing::FaultServer* ControlTest::faults_ = nullptr;

TEST_F(ControlTest, RetriesUntilSuccessCountingEveryAttempt) {
  ChildResult r =
      run_fanout({"-f", "jsonl", "--retries", "3", "--retry-backoff", "10ms",
                  url("/flaky?key=r1&fail=2&code=503")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto rec = records_of(r.out).at(0);
  EXPECT_EQ(rec["attempts"], 3);
  EXPECT_EQ(rec["status"], 200);
  EXPECT_EQ(faults_->times("r1").size(), 3u);

  // Out of retries: the last attempt's outcome is the result.
  ChildResult few =
      run_fanout({"-f", "jsonl", "--retries", "1", "--retry-backoff", "10ms",
                  url("/flaky?key=r2&fail=5&code=502")});
  EXPECT_EQ(few.exit_code, 1);
  auto last = records_of(few.out).at(0);
  EXPECT_EQ(last["attempts"], 2);
  EXPECT_EQ(last["status"], 502);
}

TEST_F(ControlTest, NonIdempotentMethodsAreNotRetriedUnlessAsked) {
  ChildResult post =
      run_fanout({"-f", "jsonl", "--retries", "3", "--retry-backoff", "10ms",
                  "-X", "POST", url("/flaky?key=p1&fail=1")});
  EXPECT_EQ(records_of(post.out).at(0)["attempts"], 1);
  ChildResult all = run_fanout(
      {"-f", "jsonl", "--retries", "3", "--retry-backoff", "10ms", "-X", "POST",
       "--retry-all-methods", url("/flaky?key=p2&fail=1")});
  EXPECT_EQ(records_of(all.out).at(0)["attempts"], 2);
  // Errors that are not transient are never retried.
  ChildResult notfound =
      run_fanout({"-f", "jsonl", "--retries", "3", url("/status/404?key=p3")});
  EXPECT_EQ(faults_->times("p3").size(), 1u);
}

TEST_F(ControlTest, RetryAfterSecondsIsHonoured) {
  ChildResult r =
      run_fanout({"-f", "jsonl", "--retries", "1",
                  url("/flaky?key=ra&fail=1&code=429&retry_after=1")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto t = faults_->times("ra");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_GE(t[1] - t[0], 990.0);
}

TEST_F(ControlTest, RetryAfterHttpDateIsHonoured) {
  char date[64];
  std::time_t when = std::time(nullptr) + 2;
  std::tm tm{};
  gmtime_r(&when, &tm);
  std::strftime(date, sizeof date, "%a,%%20%d%%20%b%%20%Y%%20%H:%M:%S%%20GMT",
                &tm);
  ChildResult r = run_fanout(
      {"-f", "jsonl", "--retries", "1",
       url(std::string("/flaky?key=rd&fail=1&code=503&retry_after=") + date)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto t = faults_->times("rd");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_GE(t[1] - t[0], 990.0);
}

TEST_F(ControlTest, RetryAfterIsCappedByRetryMaxWait) {
  ChildResult r =
      run_fanout({"-f", "jsonl", "--retries", "1", "--retry-max-wait", "300ms",
                  url("/flaky?key=rc&fail=1&code=503&retry_after=3600")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto t = faults_->times("rc");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_GE(t[1] - t[0], 290.0);
  EXPECT_LT(t[1] - t[0], 3600e3);  // the hour was not waited
}

TEST_F(ControlTest, RetryAfterPausesTheWholeOrigin) {
  // One slot: the second target starts only after the first answered 429.
  ChildResult r =
      run_fanout({"-f", "jsonl", "-c", "1",
                  url("/status/429?key=o1&retry_after=1"), url("/ok?key=o2")});
  EXPECT_EQ(r.exit_code, 1);
  auto a = faults_->times("o1"), b = faults_->times("o2");
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_GE(b[0] - a[0], 990.0);
}

TEST_F(ControlTest, MaxTimeTotalBoundsAllAttempts) {
  // Each attempt hangs until its 300 ms timeout; the budget of 1 s ends the
  // retries long before the 20 allowed are used.
  ChildResult r = run_fanout({"-f", "jsonl", "-t", "300ms", "--retries", "20",
                              "--retry-backoff", "10ms", "--max-time-total",
                              "1s", url("/hang?key=mt")});
  auto rec = records_of(r.out).at(0);
  EXPECT_EQ(kind_of(rec), "timeout");
  EXPECT_GE(rec["attempts"].get<int>(), 2);
  EXPECT_LE(rec["attempts"].get<int>(), 4);
}

TEST_F(ControlTest, RateSpacesStartsEvenly) {
  std::string input;
  for (int i = 0; i < 300; ++i) input += url("/ok/" + std::to_string(i)) + "\n";
  ChildResult r = run_fanout({"-f", "jsonl", "-q", "--rate", "100"}, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(records_of(r.out).size(), 300u);
  Json s = faults_->stats();
  // 300 starts at 100/s: the first and last are at least ~3 s apart (a burst
  // of 5 is allowed), i.e. no bursts of a whole second's worth.
  EXPECT_GE(
      s["last_request_ms"].get<double>() - s["first_request_ms"].get<double>(),
      2800.0);
}

TEST_F(ControlTest, PerHostRateLimitsEachOrigin) {
  std::string input;
  for (int i = 0; i < 100; ++i) input += url("/ok/" + std::to_string(i)) + "\n";
  ChildResult r =
      run_fanout({"-f", "jsonl", "-q", "--per-host-rate", "3000/m"}, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Json s = faults_->stats();
  EXPECT_GE(
      s["last_request_ms"].get<double>() - s["first_request_ms"].get<double>(),
      1800.0);
}

TEST_F(ControlTest, PerHostCapsConnectionsToOneServer) {
  std::string input;
  for (int i = 0; i < 60; ++i)
    input += url("/slow?ms=50&i=" + std::to_string(i)) + "\n";
  ChildResult r =
      run_fanout({"-f", "jsonl", "-q", "-c", "50", "--per-host", "3"}, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(records_of(r.out).size(), 60u);
  Json s = faults_->stats();
  EXPECT_LE(s["max_connections_open"].get<int>(), 3);
  EXPECT_GE(s["max_connections_open"].get<int>(), 2);  // the cap, not 1 slot
}

TEST_F(ControlTest, ACappedHostDoesNotStarveOthers) {
  testing::Nginx nginx;
  std::string input;
  // Slow targets first, so a FIFO scheduler would block behind them.
  for (int i = 0; i < 20; ++i)
    input += url("/slow?ms=200&i=" + std::to_string(i)) + "\n";
  for (int i = 0; i < 200; ++i)
    input += nginx.url("/item/" + std::to_string(i)) + "\n";
  ChildResult r =
      run_fanout({"-f", "jsonl", "-q", "-c", "8", "--per-host", "2"}, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto recs = records_of(r.out);
  ASSERT_EQ(recs.size(), 220u);
  // Every nginx record comes before the last few slow ones complete.
  std::size_t last_fast = 0, slow_seen_before = 0;
  for (std::size_t i = 0; i < recs.size(); ++i)
    if (recs[i]["url"].get<std::string>().find("/item/") != std::string::npos)
      last_fast = i;
  for (std::size_t i = 0; i < last_fast; ++i)
    if (recs[i]["url"].get<std::string>().find("/slow") != std::string::npos)
      ++slow_seen_before;
  EXPECT_LT(slow_seen_before, 10u);
}

TEST_F(ControlTest, DeadlineEndsTheRunWithARecordForEveryTarget) {
  std::string input;
  for (int i = 0; i < 50; ++i)
    input += url(i % 2 ? "/hang" : "/ok/" + std::to_string(i)) + "\n";
  // Enough slots for all: the fast half finishes, the hung half hits the
  // deadline.
  ChildResult r = run_fanout(
      {"-f", "jsonl", "-q", "-c", "60", "-t", "60s", "--deadline", "1s"},
      input);
  EXPECT_EQ(r.exit_code, 1);
  auto recs = records_of(r.out);
  ASSERT_EQ(recs.size(), 50u);
  int ok = 0, deadline = 0;
  std::set<int> idx;
  for (const Json& j : recs) {
    idx.insert(j["index"].get<int>());
    if (j["ok"].get<bool>()) ++ok;
    if (kind_of(j) == "deadline") ++deadline;
  }
  EXPECT_EQ(idx.size(), 50u);
  EXPECT_EQ(deadline, 25);
  EXPECT_EQ(ok, 25);
}

TEST_F(ControlTest, FailFastCancelsTheRestAfterTheFirstFailure) {
  std::string input = url("/ok/1") + "\n" + url("/status/500") + "\n";
  for (int i = 0; i < 40; ++i) input += url("/hang") + "\n";
  ChildResult r = run_fanout(
      {"-f", "jsonl", "-q", "-c", "1", "-t", "60s", "--fail-fast"}, input);
  EXPECT_EQ(r.exit_code, 1);
  auto recs = records_of(r.out);
  ASSERT_EQ(recs.size(), 42u);
  std::map<std::string, int> kinds;
  for (const Json& j : recs) ++kinds[kind_of(j)];
  EXPECT_EQ(kinds["cancelled"], 40);
}

TEST_F(ControlTest, SigintWritesEveryRecordAndExits130) {
  std::string input;
  for (int i = 0; i < 100; ++i)
    input += url(i % 2 ? "/hang" : "/ok/" + std::to_string(i)) + "\n";
  testing::Child child(
      {FANOUT_CLI_PATH, "-f", "jsonl", "-c", "60", "-t", "60s"}, input);
  // Wait (bounded) until the fast half is written, then interrupt.
  for (int i = 0; i < 500 && records_of(child.stdout_so_far()).size() < 50; ++i)
    std::this_thread::sleep_for(10ms);
  child.signal(SIGINT);
  ChildResult r = child.wait(30s);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  auto recs = records_of(r.out);  // throws on a partial line
  ASSERT_EQ(recs.size(), 100u);
  std::map<std::string, int> kinds;
  for (const Json& j : recs) ++kinds[kind_of(j)];
  EXPECT_EQ(kinds[""], 50);
  EXPECT_EQ(kinds["cancelled"], 50);
  EXPECT_NE(r.err.find("Summary"), std::string::npos);
}

// Checks |path| holds exactly one final record per target index 0..n-1.
void expect_complete(const std::string& path, int n) {
  auto recs = records_of(testing::read_file(path));
  std::map<int, int> count;
  for (const Json& j : recs) {
    EXPECT_NE(kind_of(j), "cancelled");
    ++count[j["index"].get<int>()];
  }
  EXPECT_EQ(count.size(), static_cast<std::size_t>(n));
  for (auto [index, c] : count) EXPECT_EQ(c, 1) << "index " << index;
}

std::string resume_input(testing::FaultServer& f, int n) {
  std::string input;
  for (int i = 0; i < n; ++i)
    input += f.url("/slow?ms=" + std::to_string(20 + (i * 37) % 80) +
                   "&i=" + std::to_string(i)) +
             "\n";
  return input;
}

TEST_F(ControlTest, ResumeAfterSigintLosesAndDuplicatesNothing) {
  const std::string dir = testing::make_temp_dir("fanout-resume-");
  const std::string file = dir + "/out.jsonl";
  const int n = 300;
  const std::string input = resume_input(*faults_, n);
  for (int round = 0; round < 3; ++round) {
    testing::Child child({FANOUT_CLI_PATH, "-q", "-c", "8", "--resume", file},
                         input);
    std::this_thread::sleep_for(300ms);
    child.signal(SIGINT);
    ChildResult r = child.wait(60s);
    EXPECT_TRUE(r.exit_code == 130 || r.exit_code == 0) << r.exit_code;
  }
  ChildResult last = run_fanout({"-q", "-c", "8", "--resume", file}, input);
  EXPECT_EQ(last.exit_code, 0) << last.err;
  expect_complete(file, n);
  // Once complete, a resume runs nothing.
  faults_->reset_stats();
  ChildResult again = run_fanout({"-q", "--resume", file}, input);
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(faults_->stats()["requests_total"], 0);
  expect_complete(file, n);
}

TEST_F(ControlTest, ResumeAfterSigkillAtRandomMoments) {
  const std::string dir = testing::make_temp_dir("fanout-kill-");
  const std::string file = dir + "/out.jsonl";
  const int n = 300;
  const std::string input = resume_input(*faults_, n);
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> delay_ms(20, 400);
  for (int round = 0; round < 6; ++round) {
    testing::Child child({FANOUT_CLI_PATH, "-q", "-c", "8", "--resume", file},
                         input);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    child.signal(SIGKILL);
    child.wait(30s);
  }
  ChildResult last = run_fanout({"-q", "-c", "8", "--resume", file}, input);
  EXPECT_EQ(last.exit_code, 0) << last.err;
  expect_complete(file, n);
}

TEST_F(ControlTest, OrderedOutputIsInInputOrder) {
  std::string input;
  for (int i = 0; i < 60; ++i)
    input += url("/slow?ms=" + std::to_string((i * 53) % 120) +
                 "&i=" + std::to_string(i)) +
             "\n";
  ChildResult r =
      run_fanout({"-f", "jsonl", "-q", "-c", "20", "--ordered"}, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto recs = records_of(r.out);
  ASSERT_EQ(recs.size(), 60u);
  for (int i = 0; i < 60; ++i) EXPECT_EQ(recs[i]["index"], i);
}

TEST_F(ControlTest, ShardsSplitTheListKeepingIndexes) {
  std::string input;
  for (int i = 0; i < 30; ++i) input += url("/ok/" + std::to_string(i)) + "\n";
  input += "not a url\n";  // index 30: lands in shard 0
  std::set<int> all;
  for (int k = 0; k < 3; ++k) {
    ChildResult r = run_fanout(
        {"-f", "jsonl", "-q", "--shard", std::to_string(k) + "/3"}, input);
    for (const Json& j : records_of(r.out)) {
      const int index = j["index"].get<int>();
      EXPECT_EQ(index % 3, k);
      EXPECT_TRUE(all.insert(index).second);
    }
  }
  EXPECT_EQ(all.size(), 31u);
}

TEST_F(ControlTest, RedirectsAreSafeByDefault) {
  // Not followed without -L: the 302 itself is the result.
  auto plain =
      records_of(run_fanout({"-f", "jsonl", url("/redirect-loop")}).out);
  EXPECT_EQ(plain.at(0)["status"], 302);
  auto loop = records_of(run_fanout({"-f", "jsonl", "-L", "--max-redirs", "3",
                                     url("/redirect-loop")})
                             .out);
  EXPECT_EQ(kind_of(loop.at(0)), "redirects");
  auto file =
      records_of(run_fanout({"-f", "jsonl", "-L",
                             url("/redirect?to=file%3A%2F%2F%2Fetc%2Fpasswd")})
                     .out);
  EXPECT_EQ(kind_of(file.at(0)), "redirects");
}

TEST_F(ControlTest, EndlessBodyEndsAsTooLarge) {
  auto recs = records_of(
      run_fanout({"-f", "jsonl", "--max-body", "1M", url("/endless")}).out);
  EXPECT_EQ(kind_of(recs.at(0)), "too_large");
  EXPECT_LE(recs.at(0)["bytes"].get<int>(), 1 << 20);
}

TEST_F(ControlTest, DenyPrivateRefusesLoopbackAfterResolution) {
  ChildResult r =
      run_fanout({"-f", "jsonl", "--deny-private", url("/ok"),
                  fmt::format("http://localhost:{}/ok", faults_->port())});
  EXPECT_EQ(r.exit_code, 1);
  for (const Json& j : records_of(r.out)) EXPECT_EQ(kind_of(j), "denied");
  EXPECT_EQ(faults_->stats()["requests_total"], 0);
  // Without the flag the same targets work.
  EXPECT_EQ(run_fanout({"-f", "jsonl", url("/ok")}).exit_code, 0);
}

TEST_F(ControlTest, SecretsNeverAppearInRecordsOrMessages) {
  ChildResult r = run_fanout(
      {"-f", "jsonl", "-H", "Authorization: Bearer TOPSECRET1", "-H",
       "Cookie: s=TOPSECRET2",
       fmt::format("http://user:TOPSECRET3@127.0.0.1:{}/ok", faults_->port()),
       fmt::format("http://user:TOPSECRET3@127.0.0.1:{}/x",
                   testing::closed_port())});
  for (const std::string& text : {r.out, r.err})
    for (const char* secret : {"TOPSECRET1", "TOPSECRET2", "TOPSECRET3"})
      EXPECT_EQ(text.find(secret), std::string::npos)
          << secret << " in " << text;
}

TEST_F(ControlTest, TerminalEscapesFromTheNetworkAreEscaped) {
  ChildResult r =
      run_fanout({"-f", "text", url("/escape"), url("/status/599")});
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace fanout

namespace fanout {
namespace {

TEST_F(ControlTest, SigtermBehavesLikeSigint) {
  std::string input;
  for (int i = 0; i < 20; ++i) input += url("/hang") + "\n";
  testing::Child child({FANOUT_CLI_PATH, "-f", "jsonl", "-c", "5", "-t", "60s"},
                       input);
  // Bounded wait until all five slots hold a hung request.
  for (int i = 0; i < 500 && faults_->stats()["connections_open"] < 5; ++i)
    std::this_thread::sleep_for(10ms);
  child.signal(SIGTERM);
  ChildResult r = child.wait(30s);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  auto recs = records_of(r.out);
  ASSERT_EQ(recs.size(), 20u);
  for (const Json& j : recs) EXPECT_EQ(kind_of(j), "cancelled");
}

TEST_F(ControlTest, FsyncWritesEveryRecordToTheFile) {
  const std::string dir = testing::make_temp_dir("fanout-fsync-");
  std::string input;
  for (int i = 0; i < 50; ++i) input += url("/ok/" + std::to_string(i)) + "\n";
  ChildResult r =
      run_fanout({"-q", "--fsync", "-o", dir + "/out.jsonl"}, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(records_of(testing::read_file(dir + "/out.jsonl")).size(), 50u);
}

}  // namespace
}  // namespace fanout
