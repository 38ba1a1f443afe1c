#include "sched/pause_board.h"

namespace fanout::internal {

void PauseBoard::post(const std::string& origin, TimePoint until,
                      TimePoint now) {
  std::lock_guard<std::mutex> lock(mu_);
  std::erase_if(until_, [now](const auto& e) { return e.second <= now; });
  TimePoint& t = until_[origin];
  if (until <= t) return;
  t = until;
  version_.fetch_add(1, std::memory_order_release);
}

std::uint64_t PauseBoard::read(
    TimePoint now, std::vector<std::pair<std::string, TimePoint>>& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  out.clear();
  for (const auto& [origin, until] : until_)
    if (until > now) out.emplace_back(origin, until);
  return version_.load(std::memory_order_relaxed);
}

}  // namespace fanout::internal
