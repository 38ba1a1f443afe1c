// One non-repeating timerfd.
#ifndef FANOUT_LOOP_TIMER_H_
#define FANOUT_LOOP_TIMER_H_

#include <cstdint>

#include "loop/unique_fd.h"

namespace fanout::internal {

class Timer {
 public:
  Timer();
  bool ok() const { return fd_.valid(); }
  int fd() const { return fd_.get(); }

  // Fires once after |ms| milliseconds; 0 fires as soon as possible (an
  // all-zero itimerspec would disarm instead). Replaces any earlier arming.
  void arm_ms(std::int64_t ms);
  // Fires once after |us| microseconds (>= 1).
  void arm_us(std::int64_t us);
  void disarm();
  // Consumes the expiry so the fd stops being readable.
  void acknowledge();

 private:
  UniqueFd fd_;
};

}  // namespace fanout::internal

#endif  // FANOUT_LOOP_TIMER_H_
