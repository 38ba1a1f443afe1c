#include "sched/retry_policy.h"

#include <algorithm>
#include <array>
#include <cmath>

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
  // backoff * 2^(attempt-1) in floating point, so no shift can overflow;
  // the cap decides whenever the product is past it.
  const double grown = static_cast<double>(config.backoff.count()) *
                       std::ldexp(1.0, std::clamp(attempt - 1, 0, 1000));
  const auto ceiling = grown >= static_cast<double>(config.max_wait.count())
                           ? config.max_wait.count()
                           : static_cast<Duration::rep>(grown);
  if (ceiling <= 0) return Duration::zero();
  std::uniform_int_distribution<Duration::rep> pick(0, ceiling);
  return Duration(pick(rng));
}

Duration server_delay(const RetryConfig& config, std::int64_t retry_after_s) {
  // Compared in seconds first: a hostile Retry-After of 10^10 s would
  // overflow a conversion to nanoseconds.
  if (retry_after_s <= 0) return Duration::zero();
  const auto cap_s =
      std::chrono::duration_cast<std::chrono::seconds>(config.max_wait).count();
  if (retry_after_s > cap_s) return config.max_wait;
  return std::min<Duration>(std::chrono::seconds(retry_after_s),
                            config.max_wait);
}

}  // namespace fanout::internal
