#include "sched/retry_policy.h"

#include <algorithm>
#include <array>

namespace fanout::internal {

bool is_retryable(ErrorKind error, int status) {
  switch (error) {
    case ErrorKind::kDns:
    case ErrorKind::kConnect:
    case ErrorKind::kTimeout:
    case ErrorKind::kReset:
      return true;
    case ErrorKind::kNone:
      return status == 429 || status == 502 || status == 503 || status == 504;
    default:
      return false;
  }
}

bool is_idempotent(std::string_view method) {
  static constexpr std::array<std::string_view, 6> kIdempotent = {
      "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"};
  return std::find(kIdempotent.begin(), kIdempotent.end(), method) !=
         kIdempotent.end();
}

Duration backoff_delay(const RetryConfig& config, int attempt,
                       std::mt19937_64& rng) {
  // 2^(attempt-1) without overflow: past 2^30 the cap has long been reached.
  const int shift = std::clamp(attempt - 1, 0, 30);
  const auto ceiling =
      std::min<Duration::rep>(config.max_wait.count(),
                              config.backoff.count() > (config.max_wait.count() >> shift)
                                  ? config.max_wait.count()
                                  : config.backoff.count() << shift);
  if (ceiling <= 0) return Duration::zero();
  std::uniform_int_distribution<Duration::rep> pick(0, ceiling);
  return Duration(pick(rng));
}

Duration server_delay(const RetryConfig& config, std::int64_t retry_after_s) {
  const Duration asked = std::chrono::seconds(std::max<std::int64_t>(retry_after_s, 0));
  return std::min(asked, config.max_wait);
}

}  // namespace fanout::internal
