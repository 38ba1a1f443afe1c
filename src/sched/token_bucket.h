// A smooth rate limit: the generic cell rate algorithm (a token bucket kept
// as one "theoretical arrival time"), with a small burst so a loop that wakes
// a little late does not lose rate.
#ifndef FANOUT_SCHED_TOKEN_BUCKET_H_
#define FANOUT_SCHED_TOKEN_BUCKET_H_

#include "sched/clock.h"

namespace fanout::internal {

class TokenBucket {
 public:
  // |per_second| <= 0 means unlimited. |burst| >= 1 starts may happen back
  // to back after an idle period.
  TokenBucket(double per_second = 0, int burst = 1);

  bool unlimited() const { return interval_.count() == 0; }
  // True when a start is allowed at |now|.
  bool ready(TimePoint now) const;
  // Earliest time a start will be allowed.
  TimePoint ready_at() const;
  // Consumes one start. REQUIRES: ready(now).
  void take(TimePoint now);

 private:
  Duration interval_{0};
  Duration tolerance_{0};
  TimePoint tat_{};  // theoretical arrival time of the next start
};

}  // namespace fanout::internal

#endif  // FANOUT_SCHED_TOKEN_BUCKET_H_
