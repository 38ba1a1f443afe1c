#include "sched/pause_board.h"

#include <gtest/gtest.h>

namespace fanout::internal {
namespace {

TimePoint at(int ms) { return TimePoint{} + std::chrono::milliseconds(ms); }

TEST(PauseBoardTest, LaterPausesWinAndBumpTheVersion) {
  PauseBoard board;
  EXPECT_EQ(board.version(), 0u);
  board.post("http://a:80", at(500), at(0));
  const auto v1 = board.version();
  EXPECT_GT(v1, 0u);
  board.post("http://a:80", at(300), at(10));  // earlier: no change
  EXPECT_EQ(board.version(), v1);
  board.post("http://a:80", at(900), at(10));
  EXPECT_GT(board.version(), v1);
  std::vector<std::pair<std::string, TimePoint>> active;
  EXPECT_EQ(board.read(at(20), active), board.version());
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].second, at(900));
}

TEST(PauseBoardTest, ExpiredPausesAreNotReportedAndAreDropped) {
  PauseBoard board;
  board.post("http://a:80", at(100), at(0));
  board.post("http://b:80", at(1000), at(0));
  std::vector<std::pair<std::string, TimePoint>> active;
  board.read(at(200), active);
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].first, "http://b:80");
  // a's entry is gone after the next post; a new pause for it starts over.
  board.post("http://c:80", at(1500), at(200));
  board.post("http://a:80", at(250), at(200));
  board.read(at(200), active);
  EXPECT_EQ(active.size(), 3u);
}

}  // namespace
}  // namespace fanout::internal
