// Retry-After pauses shared by the event loops of one run: a server that
// asks an origin to wait is obeyed by every loop, not only by the one whose
// request got the answer.
#ifndef FANOUT_SCHED_PAUSE_BOARD_H_
#define FANOUT_SCHED_PAUSE_BOARD_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sched/clock.h"

namespace fanout::internal {

// Thread-safe. Holds one entry per origin currently paused; expired entries
// are dropped as new ones come, so its size follows the paused origins.
class PauseBoard {
 public:
  // |origin| may start nothing before |until| (a later time wins).
  void post(const std::string& origin, TimePoint until, TimePoint now);

  // Changes whenever post() changes an entry; cheap to poll.
  std::uint64_t version() const {
    return version_.load(std::memory_order_acquire);
  }

  // The pauses still running at |now|, and the version they reflect.
  std::uint64_t read(TimePoint now,
                     std::vector<std::pair<std::string, TimePoint>>& out) const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, TimePoint> until_;
  std::atomic<std::uint64_t> version_{0};
};

}  // namespace fanout::internal

#endif  // FANOUT_SCHED_PAUSE_BOARD_H_
