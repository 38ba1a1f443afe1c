// The epoll set a run waits on. Passive: it registers interest and waits; the
// engine decides what each ready fd means.
#ifndef FANOUT_LOOP_EVENT_LOOP_H_
#define FANOUT_LOOP_EVENT_LOOP_H_

#include <sys/epoll.h>

#include <cstdint>
#include <string>

#include "loop/unique_fd.h"

namespace fanout::internal {

class EventLoop {
 public:
  // Check ok() after construction: epoll_create1 can fail (EMFILE).
  EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  bool ok() const { return epfd_.valid(); }

  // Registers |fd| for |events| (EPOLLIN/EPOLLOUT). |is_new| says which
  // epoll_ctl to try first; the other is the fallback, so a wrong hint costs
  // a syscall, never correctness. Returns 0 or an errno value.
  int watch(int fd, std::uint32_t events, bool is_new = true);
  // Removes |fd|. An fd that is already closed or not registered is not an
  // error: libcurl may announce removal after the socket is gone.
  int unwatch(int fd);

  // Waits up to |timeout_ms| (-1: forever) and returns the number of events
  // stored in |events| (0 on timeout or EINTR), or -errno on failure.
  int wait(epoll_event* events, int max_events, int timeout_ms);

 private:
  UniqueFd epfd_;
};

}  // namespace fanout::internal

#endif  // FANOUT_LOOP_EVENT_LOOP_H_
