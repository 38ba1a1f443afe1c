#include "loop/event_loop.h"

#include <cerrno>

namespace fanout::internal {

EventLoop::EventLoop() : epfd_(::epoll_create1(EPOLL_CLOEXEC)) {}

int EventLoop::watch(int fd, std::uint32_t events, bool is_new) {
  epoll_event ev{};
  ev.events = events;
  ev.data.fd = fd;
  const int first = is_new ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  if (::epoll_ctl(epfd_.get(), first, fd, &ev) == 0) return 0;
  const int expected = is_new ? EEXIST : ENOENT;
  if (errno != expected) return errno;
  const int second = is_new ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  if (::epoll_ctl(epfd_.get(), second, fd, &ev) == 0) return 0;
  return errno;
}

int EventLoop::unwatch(int fd) {
  if (::epoll_ctl(epfd_.get(), EPOLL_CTL_DEL, fd, nullptr) == 0) return 0;
  if (errno == ENOENT || errno == EBADF) return 0;
  return errno;
}

int EventLoop::wait(epoll_event* events, int max_events, int timeout_ms) {
  int n = ::epoll_wait(epfd_.get(), events, max_events, timeout_ms);
  if (n >= 0) return n;
  return errno == EINTR ? 0 : -errno;
}

}  // namespace fanout::internal
