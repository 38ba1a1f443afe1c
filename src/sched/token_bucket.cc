#include "sched/token_bucket.h"

#include <algorithm>

namespace fanout::internal {

TokenBucket::TokenBucket(double per_second, int burst) {
  if (per_second > 0) {
    interval_ = std::chrono::duration_cast<Duration>(
        std::chrono::duration<double>(1.0 / per_second));
    if (interval_.count() == 0) interval_ = Duration(1);
    tolerance_ = interval_ * (std::max(burst, 1) - 1);
  }
}

bool TokenBucket::ready(TimePoint now) const {
  return unlimited() || now >= tat_ - tolerance_;
}

TimePoint TokenBucket::ready_at() const {
  return unlimited() ? TimePoint{} : tat_ - tolerance_;
}

void TokenBucket::take(TimePoint now) {
  if (unlimited()) return;
  tat_ = std::max(tat_, now) + interval_;
}

}  // namespace fanout::internal
