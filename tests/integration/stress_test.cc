// In the manner of Go's TestStressSurpriseServerCloses: thousands of targets
// against a server that randomly resets, stalls, truncates or closes. Every
// target must get exactly one result, and no file descriptor may leak.
#include <dirent.h>
#include <gtest/gtest.h>

#include <set>

#include "fanout/fanout.h"
#include "support/fault_server_fixture.h"

namespace fanout {
namespace {

int open_fds() {
  int n = 0;
  DIR* d = opendir("/proc/self/fd");
  while (readdir(d)) ++n;
  closedir(d);
  return n;
}

TEST(StressTest, SurpriseClosesStillGiveOneResultPerTargetAndLeakNoFds) {
  testing::FaultServer server;
  Options options;
  options.concurrency = 100;
  options.timeout = std::chrono::seconds(1);
  options.keep_body = false;
  int baseline = -1;
  for (int round = 0; round < 3; ++round) {
    std::vector<Request> reqs;
    for (int i = 0; i < 2000; ++i)
      reqs.push_back(Request(
          server.url("/random?seed=" + std::to_string(round * 100000 + i))));
    std::set<std::uint64_t> seen;
    std::map<ErrorKind, int> kinds;
    VectorSource source(reqs);
    Status s = run(source, options, [&](Result&& r) {
      EXPECT_TRUE(seen.insert(r.index).second) << r.index;
      ++kinds[r.error];
    });
    ASSERT_TRUE(s.is_ok()) << s.message();
    ASSERT_EQ(seen.size(), reqs.size());
    // The mix must really contain failures, or the test proves nothing.
    EXPECT_GT(kinds[ErrorKind::kNone], 0);
    EXPECT_GT(reqs.size() - kinds[ErrorKind::kNone], 100u);
    EXPECT_EQ(kinds[ErrorKind::kOther], 0);
    const int fds = open_fds();
    if (baseline < 0) baseline = fds;
    // Everything of a run is closed when run() returns.
    EXPECT_EQ(fds, baseline) << "round " << round;
  }
}

}  // namespace
}  // namespace fanout
