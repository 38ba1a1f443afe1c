// Drives one libcurl multi handle from the epoll loop (the multi_socket API):
// libcurl tells us which sockets and which single timeout to watch, we tell it
// what became ready. Knows nothing of policy (limits, retries, ordering).
#ifndef FANOUT_CURL_MULTI_DRIVER_H_
#define FANOUT_CURL_MULTI_DRIVER_H_

#include <curl/curl.h>

#include <cstdint>

#include "curl/handles.h"
#include "fanout/status.h"
#include "loop/event_loop.h"
#include "sched/clock.h"

namespace fanout::internal {

class MultiDriver {
 public:
  // Told about each finished transfer while the driver drains
  // curl_multi_info_read, outside every libcurl callback. The listener must
  // remove |easy| from the driver (remove()) before it returns.
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void on_transfer_done(CURL* easy, CURLcode code) = 0;
  };

  // |loop| must outlive the driver: libcurl may call the socket callback from
  // curl_multi_cleanup.
  MultiDriver(EventLoop& loop, Listener& listener);
  MultiDriver(const MultiDriver&) = delete;
  MultiDriver& operator=(const MultiDriver&) = delete;

  // |max_connects|: size of the connection cache; at or above the concurrency
  // so keep-alive connections are not churned.
  Status init(long max_connects);

  // Starts |easy|. The transfer's timeout clock starts now (libcurl counts
  // from the add), so callers add only when a slot is free.
  Status add(CURL* easy);
  void remove(CURL* easy);

  // libcurl's one timer is kept as a due time and folded into the loop's
  // epoll_wait timeout rather than a timerfd: libcurl re-arms it several
  // times per transfer, and a timerfd_settime each time was measured at ~7%
  // of the CPU of a 100,000-request run.
  //
  // Milliseconds the loop may wait before on_timeout() is due: -1 (no
  // timer), 0 (due now) or more, rounded up so the loop never wakes early.
  int wait_ms(TimePoint now) const;
  bool timer_due(TimePoint now) const {
    return timer_set_ && now >= timer_due_;
  }

  // Readiness of a socket libcurl registered; |events| are epoll bits.
  Status on_socket_ready(int fd, std::uint32_t events);
  // The libcurl timer expired (or was due now).
  Status on_timeout();

  // A real epoll_ctl failure seen by the socket callback (0 when none).
  int watch_error() const { return watch_error_; }

 private:
  static int socket_callback(CURL* easy, curl_socket_t s, int what, void* userp,
                             void* socketp);
  static int timer_callback(CURLM* multi, long timeout_ms, void* userp);
  Status drain(CURLMcode rc);

  EventLoop& loop_;
  Listener& listener_;
  bool timer_set_ = false;
  TimePoint timer_due_{};
  int watch_error_ = 0;
  MultiHandle multi_;
};

}  // namespace fanout::internal

#endif  // FANOUT_CURL_MULTI_DRIVER_H_
