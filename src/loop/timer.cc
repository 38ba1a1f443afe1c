#include "loop/timer.h"

#include <sys/timerfd.h>
#include <unistd.h>

namespace fanout::internal {

Timer::Timer()
    : fd_(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) {}

void Timer::arm_ms(std::int64_t ms) { arm_us(ms * 1000); }

void Timer::arm_us(std::int64_t us) {
  itimerspec spec{};
  if (us < 1) us = 1;
  spec.it_value.tv_sec = us / 1'000'000;
  spec.it_value.tv_nsec = (us % 1'000'000) * 1000;
  // Cannot fail for a valid timerfd and a normalized value.
  ::timerfd_settime(fd_.get(), 0, &spec, nullptr);
}

void Timer::disarm() {
  itimerspec spec{};
  ::timerfd_settime(fd_.get(), 0, &spec, nullptr);
}

void Timer::acknowledge() {
  std::uint64_t expirations;
  // EAGAIN (already consumed) is fine: nothing to acknowledge.
  [[maybe_unused]] ssize_t n =
      ::read(fd_.get(), &expirations, sizeof expirations);
}

}  // namespace fanout::internal
