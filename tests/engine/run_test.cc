// The engine end to end through the public API, against real loopback servers:
// nginx for normal traffic, the fault server for misbehaviour.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "engine/engine.h"
#include "engine/indexed_source.h"
#include "engine/origin.h"
#include "fanout/fanout.h"
#include "sched/pause_board.h"
#include "support/fault_server_fixture.h"
#include "support/nginx_fixture.h"

namespace fanout {
namespace {

using testing::FaultServer;
using testing::Nginx;
using namespace std::chrono_literals;

class RunTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    nginx_ = new Nginx();
    faults_ = new FaultServer();
  }
  static void TearDownTestSuite() {
    delete nginx_;
    delete faults_;
  }
  static Nginx* nginx_;
  static FaultServer* faults_;
};
Nginx* RunTest::nginx_ = nullptr;
FaultServer* RunTest::faults_ = nullptr;

Result fetch_one(const std::string& url, Options options = {}) {
  auto results = fetch_all({Request(url)}, options);
  EXPECT_EQ(results.size(), 1u);
  return results.at(0);
}

TEST_F(RunTest, EveryRequestGetsExactlyOneResultInInputOrder) {
  std::vector<Request> reqs;
  for (int i = 0; i < 3000; ++i)
    reqs.push_back(Request(nginx_->url("/item/" + std::to_string(i))));
  std::set<std::uint64_t> seen;
  std::uint64_t count = 0;
  VectorSource source(reqs);
  Options options;
  options.concurrency = 50;
  Status s = run(source, options, [&](Result&& r) {
    ++count;
    EXPECT_TRUE(seen.insert(r.index).second) << "index twice: " << r.index;
    ASSERT_LT(r.index, reqs.size());
    EXPECT_EQ(r.url, reqs[r.index].url);
    EXPECT_TRUE(r.ok) << r.url << " " << to_string(r.error) << " "
                      << r.error_message;
  });
  EXPECT_TRUE(s.is_ok()) << s.message();
  EXPECT_EQ(count, reqs.size());
  EXPECT_EQ(seen.size(), reqs.size());

  auto results = fetch_all(reqs, options);
  ASSERT_EQ(results.size(), reqs.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].index, i);
    EXPECT_EQ(results[i].status, 200);
    EXPECT_EQ(results[i].body, R"({"ok":true})");
    EXPECT_EQ(results[i].bytes, 11u);
    EXPECT_EQ(results[i].http_version, "1.1");
    EXPECT_EQ(results[i].attempts, 1);
  }
}

TEST_F(RunTest, HungRequestsTimeOutWhileOthersFinish) {
  std::vector<Request> reqs;
  for (int i = 0; i < 200; ++i) {
    reqs.push_back(Request(i % 10 == 0
                               ? faults_->url("/hang")
                               : nginx_->url("/item/" + std::to_string(i))));
  }
  Options options;
  options.concurrency = 50;
  options.timeout = 1s;
  auto results = fetch_all(reqs, options);
  int ok = 0, timeouts = 0;
  for (const Result& r : results) {
    if (r.url.find("/hang") != std::string::npos) {
      EXPECT_EQ(r.error, ErrorKind::kTimeout) << r.error_message;
      // A timeout must not fire early.
      EXPECT_GE(r.time.total_ms, 990.0);
      ++timeouts;
    } else {
      EXPECT_TRUE(r.ok) << r.url << " " << r.error_message;
      ++ok;
    }
  }
  EXPECT_EQ(ok, 180);
  EXPECT_EQ(timeouts, 20);
}

TEST_F(RunTest, PerRequestTimeoutOverridesTheDefault) {
  Request r(faults_->url("/slow?ms=1500"));
  r.timeout = 300ms;
  Request fine(faults_->url("/slow?ms=200"));
  Options options;
  options.timeout = 5s;
  auto results = fetch_all({r, fine}, options);
  EXPECT_EQ(results[0].error, ErrorKind::kTimeout);
  EXPECT_TRUE(results[1].ok) << results[1].error_message;
}

TEST_F(RunTest, ErrorKindsComeFromRealCauses) {
  Options options;
  options.timeout = 2s;
  EXPECT_EQ(fetch_one("ftp://127.0.0.1/x", options).error, ErrorKind::kInvalid);
  EXPECT_EQ(fetch_one("http://fanout-no-such-host.invalid/", options).error,
            ErrorKind::kDns);
  EXPECT_EQ(
      fetch_one(fmt::format("http://127.0.0.1:{}/", testing::closed_port()),
                options)
          .error,
      ErrorKind::kConnect);
  EXPECT_EQ(fetch_one(faults_->url("/hang"), options).error,
            ErrorKind::kTimeout);
  // TLS spoken to a plain-HTTP server: it answers the ClientHello with an
  // HTTP 400, which is no ServerHello.
  EXPECT_EQ(
      fetch_one(fmt::format("https://127.0.0.1:{}/item/1", nginx_->port()),
                options)
          .error,
      ErrorKind::kTls);
  EXPECT_EQ(fetch_one(faults_->url("/reset"), options).error,
            ErrorKind::kReset);
  EXPECT_EQ(fetch_one(faults_->url("/empty"), options).error,
            ErrorKind::kReset);
  EXPECT_EQ(fetch_one(faults_->url("/truncate"), options).error,
            ErrorKind::kProtocol);
  EXPECT_EQ(fetch_one(faults_->url("/truncate-chunked"), options).error,
            ErrorKind::kProtocol);
  EXPECT_EQ(fetch_one(faults_->url("/garbage"), options).error,
            ErrorKind::kProtocol);
  Options small = options;
  small.max_body = 1000;
  EXPECT_EQ(fetch_one(faults_->url("/big?bytes=5000"), small).error,
            ErrorKind::kTooLarge);
  Result endless = fetch_one(faults_->url("/endless"), small);
  EXPECT_EQ(endless.error, ErrorKind::kTooLarge);
  EXPECT_LE(endless.bytes, 1000u);
  Result exact = fetch_one(faults_->url("/big-chunked?bytes=1000"), small);
  EXPECT_TRUE(exact.ok) << exact.error_message;
  EXPECT_EQ(exact.bytes, 1000u);
  Options follow = options;
  follow.follow_redirects = true;
  follow.max_redirects = 5;
  EXPECT_EQ(fetch_one(faults_->url("/redirect-loop"), follow).error,
            ErrorKind::kRedirects);
  EXPECT_EQ(fetch_one(faults_->url("/redirect?to=file%3A%2F%2F%2Fetc%2Fpasswd"),
                      follow)
                .error,
            ErrorKind::kRedirects);
}

TEST_F(RunTest, StatusCodesAreResultsNotErrors) {
  Result r404 = fetch_one(nginx_->url("/status/404"));
  EXPECT_EQ(r404.error, ErrorKind::kNone);
  EXPECT_EQ(r404.status, 404);
  EXPECT_FALSE(r404.ok);
  Result r301 = fetch_one(nginx_->url("/status/301"));
  EXPECT_EQ(r301.status, 301);
  EXPECT_TRUE(r301.ok);  // 3xx counts as ok; not followed by default
}

TEST_F(RunTest, RequestFieldsReachTheServer) {
  Request r(faults_->url("/echo"), "PUT");
  r.headers = {{"X-Test", "yes"}};
  r.body = "hello";
  r.id = "abc";
  Options options;
  options.headers = {{"X-Base", "1"}, {"X-Test", "overridden"}};
  Result res = fetch_one(r.url, options);  // plain GET first
  EXPECT_NE(res.body.find("\"GET\""), std::string::npos) << res.body;
  auto results = fetch_all({r}, options);
  const Result& got = results.at(0);
  ASSERT_TRUE(got.ok) << got.error_message;
  EXPECT_EQ(got.id, "abc");
  EXPECT_EQ(got.method, "PUT");
  auto body = nlohmann::json::parse(got.body);
  EXPECT_EQ(body["method"], "PUT");
  EXPECT_EQ(body["body"], "hello");
  // Header names may be normalised by the server; look them up loosely.
  std::string dump = body["headers"].dump();
  EXPECT_NE(dump.find("\"yes\""), std::string::npos) << dump;
  EXPECT_EQ(dump.find("overridden"), std::string::npos) << dump;
  EXPECT_NE(dump.find("X-Base"), std::string::npos) << dump;
}

TEST_F(RunTest, UserInfoNeverAppearsInResults) {
  Result r = fetch_one(
      fmt::format("http://alice:s3cret@127.0.0.1:{}/ok", faults_->port()));
  EXPECT_TRUE(r.ok) << r.error_message;
  EXPECT_EQ(r.url.find("s3cret"), std::string::npos) << r.url;
  EXPECT_EQ(r.url.find("alice"), std::string::npos) << r.url;
}

TEST_F(RunTest, CancelEndsInFlightAndUnstartedRequestsAsCancelled) {
  std::vector<Request> reqs;
  for (int i = 0; i < 500; ++i) reqs.push_back(Request(faults_->url("/hang")));
  std::stop_source stop;
  Options options;
  options.concurrency = 20;
  options.timeout = 60s;
  std::thread canceller([&] {
    std::this_thread::sleep_for(300ms);
    stop.request_stop();
  });
  auto results = fetch_all(reqs, options, stop.get_token());
  canceller.join();
  ASSERT_EQ(results.size(), reqs.size());
  int started = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].index, i);
    EXPECT_EQ(results[i].error, ErrorKind::kCancelled);
    started += results[i].attempts;
  }
  EXPECT_EQ(started, 20);  // only the in-flight ones had started
}

TEST_F(RunTest, ImpossibleConcurrencyIsRefusedWithEveryResultExplained) {
  Options options;
  options.concurrency = 0;
  auto results = fetch_all({Request(nginx_->url("/item/1"))}, options);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].error, ErrorKind::kOther);
  EXPECT_NE(results[0].error_message.find("concurrency"), std::string::npos);
}

}  // namespace
}  // namespace fanout

namespace fanout {
namespace {

TEST_F(RunTest, CredentialsAreNotSentToAnotherHostAfterARedirect) {
  Options options;
  options.follow_redirects = true;
  options.headers = {{"Authorization", "Bearer SECRET-A"},
                     {"Cookie", "c=SECRET-C"}};
  const std::string same = faults_->url(fmt::format(
      "/redirect?to=http%3A%2F%2F127.0.0.1%3A{}%2Fecho", faults_->port()));
  const std::string other = faults_->url(fmt::format(
      "/redirect?to=http%3A%2F%2Flocalhost%3A{}%2Fecho", faults_->port()));
  Result kept = fetch_one(same, options);
  ASSERT_TRUE(kept.ok) << kept.error_message;
  // Same host: the credentials go along (so the check below can fail).
  EXPECT_NE(kept.body.find("SECRET-A"), std::string::npos) << kept.body;
  Result moved = fetch_one(other, options);
  ASSERT_TRUE(moved.ok) << moved.error_message;
  EXPECT_NE(moved.body.find("\"path\""), std::string::npos) << moved.body;
  EXPECT_EQ(moved.body.find("SECRET-A"), std::string::npos) << moved.body;
  EXPECT_EQ(moved.body.find("SECRET-C"), std::string::npos) << moved.body;
}

}  // namespace
}  // namespace fanout

namespace fanout {
namespace {

TEST_F(RunTest, SeveralEventLoopsShareTheWorkExactlyOnce) {
  std::vector<Request> reqs;
  for (int i = 0; i < 3000; ++i)
    reqs.push_back(Request(i % 100 == 7
                               ? faults_->url("/status/503")
                               : nginx_->url("/item/" + std::to_string(i))));
  Options options;
  options.concurrency = 40;
  options.threads = 3;
  std::set<std::uint64_t> seen;
  VectorSource source(reqs);
  int failed = 0;
  Status s = run(source, options, [&](Result&& r) {
    EXPECT_TRUE(seen.insert(r.index).second) << r.index;
    EXPECT_EQ(r.url, reqs.at(r.index).url);
    if (!r.ok) ++failed;
  });
  EXPECT_TRUE(s.is_ok()) << s.message();
  EXPECT_EQ(seen.size(), reqs.size());
  EXPECT_EQ(failed, 30);
}

TEST_F(RunTest, FailFastStopsEveryEventLoop) {
  std::vector<Request> reqs;
  reqs.push_back(Request(faults_->url("/status/500")));
  for (int i = 0; i < 300; ++i) reqs.push_back(Request(faults_->url("/hang")));
  Options options;
  options.concurrency = 20;
  options.threads = 2;
  options.timeout = std::chrono::seconds(60);
  options.fail_fast = true;
  auto results = fetch_all(reqs, options);
  ASSERT_EQ(results.size(), reqs.size());
  EXPECT_EQ(results[0].status, 500);
  for (std::size_t i = 1; i < results.size(); ++i)
    EXPECT_EQ(results[i].error, ErrorKind::kCancelled) << i;
}

TEST_F(RunTest, SelectSkipsEntriesButKeepsTheirIndexes) {
  std::vector<Request> reqs;
  for (int i = 0; i < 100; ++i)
    reqs.push_back(Request(nginx_->url("/item/" + std::to_string(i))));
  for (int threads : {1, 2}) {
    for (bool ordered : {false, true}) {
      Options options;
      options.threads = threads;
      options.ordered = ordered;
      options.concurrency = 10;
      options.select = [](std::uint64_t index, const Request&) {
        return index % 3 == 1;
      };
      std::vector<std::uint64_t> got;
      VectorSource source(reqs);
      Status s = run(source, options, [&](Result&& r) {
        EXPECT_EQ(r.url, reqs.at(r.index).url);
        got.push_back(r.index);
      });
      ASSERT_TRUE(s.is_ok());
      EXPECT_EQ(got.size(), 33u);
      for (std::uint64_t i : got) EXPECT_EQ(i % 3, 1u);
      if (ordered) {
        EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
      }
    }
  }
}

}  // namespace
}  // namespace fanout

namespace fanout {
namespace {

// Counts how many entries the run has pulled.
class CountingUrls final : public RequestSource {
 public:
  CountingUrls(std::string url, std::uint64_t n)
      : url_(std::move(url)), n_(n) {}
  bool next(SourceItem& out) override {
    if (pulled_ == n_) return false;
    ++pulled_;
    out.request = Request(url_);
    out.invalid.reset();
    return true;
  }
  std::uint64_t pulled() const { return pulled_; }

 private:
  std::string url_;
  std::uint64_t n_;
  std::uint64_t pulled_ = 0;
};

TEST_F(RunTest, LookAheadStaysBoundedBehindACappedHost) {
  // One origin capped at 1 in flight, 100,000 entries: the run must not read
  // the whole input into its queues while it waits.
  CountingUrls source(faults_->url("/slow?ms=100"), 100000);
  Options options;
  options.concurrency = 16;
  options.per_host = 1;
  std::stop_source stop;
  std::uint64_t results = 0, pulled_at_stop = 0;
  Status s = run(
      source, options,
      [&](Result&&) {
        if (++results == 3) {
          pulled_at_stop = source.pulled();
          stop.request_stop();
        }
      },
      stop.get_token());
  EXPECT_TRUE(s.is_ok());
  EXPECT_GT(pulled_at_stop, 16u);    // it did look ahead past the cap
  EXPECT_LE(pulled_at_stop, 1100u);  // but within max(1024, 4 x 16) + slots
  EXPECT_EQ(results, 100000u);       // and every entry still got a result
}

TEST_F(RunTest, OrderedWindowStallsNewStartsInsteadOfGrowing) {
  faults_->reset_stats();
  std::vector<Request> reqs;
  reqs.push_back(Request(faults_->url("/slow?ms=800&key=first")));
  for (int i = 0; i < 50; ++i)
    reqs.push_back(
        Request(faults_->url("/ok/" + std::to_string(i) + "?key=rest")));
  Options options;
  options.concurrency = 20;
  options.ordered = true;
  options.ordered_window = 5;
  std::vector<std::uint64_t> order;
  VectorSource source(reqs);
  Status s =
      run(source, options, [&](Result&& r) { order.push_back(r.index); });
  ASSERT_TRUE(s.is_ok());
  ASSERT_EQ(order.size(), reqs.size());
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  // While the first target was pending, at most window - 1 others started.
  const auto first = faults_->times("first");
  const auto rest = faults_->times("rest");
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(rest.size(), 50u);
  const auto started_while_waiting = std::count_if(
      rest.begin(), rest.end(), [&](double t) { return t < first[0] + 700; });
  EXPECT_LE(started_while_waiting, 4);
  EXPECT_GE(started_while_waiting, 1);
}

}  // namespace
}  // namespace fanout

namespace fanout {
namespace {

TEST_F(RunTest, AnEnginePausesAnOriginAnotherEnginePosted) {
  // What a threaded run relies on: one loop saw Retry-After and posted the
  // pause; this loop, with its own queue, must not start that origin early.
  faults_->reset_stats();
  internal::PauseBoard board;
  const auto posted = std::chrono::steady_clock::now();
  board.post(internal::origin_of(faults_->url("/")),
             posted + std::chrono::seconds(1), posted);
  std::vector<Request> reqs;
  for (int i = 0; i < 3; ++i)
    reqs.push_back(Request(faults_->url("/ok?key=z&i=" + std::to_string(i))));
  reqs.push_back(Request(nginx_->url("/item/other-origin")));
  VectorSource source(reqs);
  internal::CountingSource counted(source, nullptr);
  std::vector<Result> results;
  struct Collect final : ResultSink {
    std::vector<Result>& out;
    explicit Collect(std::vector<Result>& o) : out(o) {}
    void on_result(Result&& r) override { out.push_back(std::move(r)); }
  } sink(results);
  Options options;
  options.concurrency = 4;
  internal::Engine engine(options, sink, {}, &board);
  ASSERT_TRUE(engine.run(counted).is_ok());
  ASSERT_EQ(results.size(), 4u);
  // The other origin was not held back; the paused one waited its second
  // (without the board the whole run takes milliseconds).
  const double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - posted)
          .count();
  EXPECT_EQ(results.front().url, reqs.back().url);
  for (const Result& r : results) EXPECT_TRUE(r.ok) << r.url;
  EXPECT_GE(waited, 0.99);
  EXPECT_EQ(faults_->times("z").size(), 3u);
}

}  // namespace
}  // namespace fanout

namespace fanout {
namespace {

TEST_F(RunTest, HttpsWithHttp2AndCertificateVerification) {
  Options options;
  options.ca_file = nginx_->ca_file();
  options.concurrency = 4;
  options.threads = 1;
  std::vector<Request> reqs;
  for (int i = 0; i < 50; ++i)
    reqs.push_back(Request(nginx_->tls_url("/item/" + std::to_string(i))));
  auto results = fetch_all(reqs, options);
  int handshakes = 0;
  for (const Result& r : results) {
    ASSERT_TRUE(r.ok) << to_string(r.error) << " " << r.error_message;
    EXPECT_EQ(r.http_version, "2");
    EXPECT_EQ(r.body, R"({"ok":true})");
    if (r.time.tls_ms > 0) ++handshakes;
  }
  // Connections are reused: at most one handshake per slot.
  EXPECT_GE(handshakes, 1);
  EXPECT_LE(handshakes, 4);

  // Without the CA the self-signed certificate is refused: never insecure.
  Result untrusted = fetch_one(nginx_->tls_url("/item/x"));
  EXPECT_EQ(untrusted.error, ErrorKind::kTls) << untrusted.error_message;
}

}  // namespace
}  // namespace fanout
