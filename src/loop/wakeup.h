// An eventfd another thread can poke to wake the loop (cancellation).
#ifndef FANOUT_LOOP_WAKEUP_H_
#define FANOUT_LOOP_WAKEUP_H_

#include "loop/unique_fd.h"

namespace fanout::internal {

class Wakeup {
 public:
  Wakeup();
  bool ok() const { return fd_.valid(); }
  int fd() const { return fd_.get(); }
  // Async-signal-safe and thread-safe.
  void notify();
  void acknowledge();

 private:
  UniqueFd fd_;
};

}  // namespace fanout::internal

#endif  // FANOUT_LOOP_WAKEUP_H_
