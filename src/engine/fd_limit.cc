#include "engine/fd_limit.h"

#include <fmt/format.h>
#include <sys/resource.h>

namespace fanout::internal {

std::uint64_t fds_needed(int concurrency) {
  return 2 * static_cast<std::uint64_t>(concurrency) + 64;
}

Status ensure_fd_limit(int concurrency) {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0)
    return Status::internal("getrlimit(RLIMIT_NOFILE) failed");
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit raised = lim;
    raised.rlim_cur = lim.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
  }
  const std::uint64_t need = fds_needed(concurrency);
  if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < need) {
    return Status::invalid_argument(fmt::format(
        "concurrency {} needs about {} file descriptors but the limit is {} "
        "(hard limit {}); lower the concurrency to {} or raise the limit "
        "(ulimit -n)",
        concurrency, need, static_cast<std::uint64_t>(lim.rlim_cur),
        static_cast<std::uint64_t>(lim.rlim_max),
        lim.rlim_cur > 64 ? (lim.rlim_cur - 64) / 2 : 0));
  }
  return Status::ok();
}

}  // namespace fanout::internal
