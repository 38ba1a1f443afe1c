// The process's open-file limit, which bounds how many connections a run can
// hold.
#ifndef FANOUT_ENGINE_FD_LIMIT_H_
#define FANOUT_ENGINE_FD_LIMIT_H_

#include <cstdint>

#include "fanout/status.h"

namespace fanout::internal {

// File descriptors a run at |concurrency| may hold at once: a socket per
// transfer, as many idle ones in the connection cache, and headroom for the
// resolver, epoll, timers, input and output.
std::uint64_t fds_needed(int concurrency);

// Raises the soft RLIMIT_NOFILE to the hard limit, then refuses (kInvalid-
// Argument, with the numbers and the fix) a concurrency it cannot hold.
Status ensure_fd_limit(int concurrency);

}  // namespace fanout::internal

#endif  // FANOUT_ENGINE_FD_LIMIT_H_
