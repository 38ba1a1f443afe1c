// Time as the scheduler sees it. Policy code takes |now| as an argument, so it
// is tested with any time line, no sleeping.
#ifndef FANOUT_SCHED_CLOCK_H_
#define FANOUT_SCHED_CLOCK_H_

#include <chrono>

namespace fanout::internal {

using SteadyClock = std::chrono::steady_clock;
using TimePoint = SteadyClock::time_point;
using Duration = SteadyClock::duration;

}  // namespace fanout::internal

#endif  // FANOUT_SCHED_CLOCK_H_
