#include "summary/summary.h"

#include <cassert>
#include <cstddef>

namespace fanout::internal {

bool Summary::counts_toward_latency(const Result& r) {
  if (r.attempts <= 0) return false;
  if (r.status != 0) return true;
  switch (r.error) {
    case ErrorKind::kInvalid:
    case ErrorKind::kDenied:
    case ErrorKind::kCancelled:
    case ErrorKind::kDeadline:
      return false;
    default:
      return r.error != ErrorKind::kNone;
  }
}

void Summary::add(const Result& r) {
  ++total_;
  if (r.ok && r.error == ErrorKind::kNone) {
    ++ok_;
  } else {
    ++failed_;
  }
  assert(ok_ + failed_ == total_);
  if (r.status != 0) ++status_counts_[r.status];
  const auto kind = static_cast<std::size_t>(r.error);
  // to_string() maps unknown kinds to "other"; do the same here.
  ++error_counts_[kind < error_counts_.size()
                      ? kind
                      : static_cast<std::size_t>(ErrorKind::kOther)];
  bytes_ += r.bytes;
  if (r.attempts > 1) retries_ += static_cast<std::uint64_t>(r.attempts - 1);
  if (counts_toward_latency(r)) latency_.record(r.time.total_ms);
}

std::uint64_t Summary::status_count(int status) const {
  const auto it = status_counts_.find(status);
  return it == status_counts_.end() ? 0 : it->second;
}

std::uint64_t Summary::error_count(ErrorKind kind) const {
  const auto i = static_cast<std::size_t>(kind);
  return i < error_counts_.size() ? error_counts_[i] : 0;
}

}  // namespace fanout::internal
