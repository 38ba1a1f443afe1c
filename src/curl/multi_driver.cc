#include "curl/multi_driver.h"

#include <fmt/format.h>

namespace fanout::internal {
namespace {

// Non-null marker assigned to sockets we registered, so the socket callback
// knows whether to add or modify. Only its address matters.
char kRegistered;

Status multi_status(const char* what, CURLMcode rc) {
  return Status::internal(fmt::format("{}: {}", what, curl_multi_strerror(rc)));
}

}  // namespace

MultiDriver::MultiDriver(EventLoop& loop, Listener& listener)
    : loop_(loop), listener_(listener) {}

Status MultiDriver::init(long max_connects) {
  multi_.reset(curl_multi_init());
  if (!multi_) return Status::internal("curl_multi_init failed");
  CURLM* m = multi_.get();
  CURLMcode rc;
  // Callbacks go in before the first add: curl_multi_add_handle already
  // calls the timer callback.
  if ((rc = curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, socket_callback)) ||
      (rc = curl_multi_setopt(m, CURLMOPT_SOCKETDATA, this)) ||
      (rc = curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, timer_callback)) ||
      (rc = curl_multi_setopt(m, CURLMOPT_TIMERDATA, this)) ||
      (rc = curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, max_connects)))
    return multi_status("curl_multi_setopt", rc);
  return Status::ok();
}

Status MultiDriver::add(CURL* easy) {
  CURLMcode rc = curl_multi_add_handle(multi_.get(), easy);
  if (rc != CURLM_OK) return multi_status("curl_multi_add_handle", rc);
  return Status::ok();
}

void MultiDriver::remove(CURL* easy) {
  // Fails only for a handle that is not ours, which would be a bug upstream;
  // nothing useful can be done with the code here.
  curl_multi_remove_handle(multi_.get(), easy);
}

int MultiDriver::socket_callback(CURL* /*easy*/, curl_socket_t s, int what,
                                 void* userp, void* socketp) {
  auto* self = static_cast<MultiDriver*>(userp);
  if (what == CURL_POLL_REMOVE) {
    // libcurl forgets the socketp of a removed socket itself.
    if (int err = self->loop_.unwatch(s); err && !self->watch_error_)
      self->watch_error_ = err;
    return 0;
  }
  std::uint32_t events = 0;
  if (what & CURL_POLL_IN) events |= EPOLLIN;
  if (what & CURL_POLL_OUT) events |= EPOLLOUT;
  const bool is_new = socketp == nullptr;
  if (int err = self->loop_.watch(s, events, is_new)) {
    // Returning -1 would abort every transfer of the multi handle; record the
    // failure and let the engine end the run cleanly instead.
    if (!self->watch_error_) self->watch_error_ = err;
    return 0;
  }
  if (is_new) curl_multi_assign(self->multi_.get(), s, &kRegistered);
  return 0;
}

int MultiDriver::timer_callback(CURLM* /*multi*/, long timeout_ms,
                                void* userp) {
  // Only arm or disarm here: calling libcurl from this callback recurses
  // (CURLMOPT_TIMERFUNCTION). One timer; each call replaces the last.
  auto* self = static_cast<MultiDriver*>(userp);
  self->timer_set_ = timeout_ms >= 0;
  if (self->timer_set_)
    self->timer_due_ =
        SteadyClock::now() + std::chrono::milliseconds(timeout_ms);
  return 0;
}

Status MultiDriver::on_socket_ready(int fd, std::uint32_t events) {
  int mask = 0;
  if (events & EPOLLIN) mask |= CURL_CSELECT_IN;
  if (events & EPOLLOUT) mask |= CURL_CSELECT_OUT;
  if (events & EPOLLERR) mask |= CURL_CSELECT_ERR;
  // A hang-up must be read to be seen: let libcurl read the EOF.
  if (events & (EPOLLHUP | EPOLLRDHUP)) mask |= CURL_CSELECT_IN;
  int running = 0;
  return drain(curl_multi_socket_action(multi_.get(), fd, mask, &running));
}

int MultiDriver::wait_ms(TimePoint now) const {
  if (!timer_set_) return -1;
  if (now >= timer_due_) return 0;
  const auto us =
      std::chrono::duration_cast<std::chrono::microseconds>(timer_due_ - now)
          .count();
  const auto ms = (us + 999) / 1000;
  return ms > 1'000'000 ? 1'000'000 : static_cast<int>(ms);
}

Status MultiDriver::on_timeout() {
  // One-shot: libcurl sets the next one through the callback as needed.
  timer_set_ = false;
  int running = 0;
  return drain(
      curl_multi_socket_action(multi_.get(), CURL_SOCKET_TIMEOUT, 0, &running));
}

Status MultiDriver::drain(CURLMcode rc) {
  // Drain after every socket_action, whatever |running| says: a drop in the
  // count does not say which transfer finished, and the last completion of a
  // timeout pass is easy to miss otherwise.
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    // Copy before the listener removes the handle: the message dies with it.
    CURL* easy = msg->easy_handle;
    CURLcode code = msg->data.result;
    listener_.on_transfer_done(easy, code);
  }
  if (rc != CURLM_OK) return multi_status("curl_multi_socket_action", rc);
  return Status::ok();
}

}  // namespace fanout::internal
