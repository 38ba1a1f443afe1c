// When an attempt is worth repeating, and how long to wait before it.
#ifndef FANOUT_SCHED_RETRY_POLICY_H_
#define FANOUT_SCHED_RETRY_POLICY_H_

#include <chrono>
#include <cstdint>
#include <random>
#include <string_view>

#include "fanout/result.h"
#include "sched/clock.h"

namespace fanout::internal {

struct RetryConfig {
  int retries = 0;  // extra attempts after the first
  Duration backoff = std::chrono::milliseconds(100);
  Duration max_wait = std::chrono::seconds(30);
  bool all_methods = false;
};

// Transient failures: the network may answer next time (dns, connect,
// timeout, reset) or the server said so (429, 502, 503, 504).
bool is_retryable(ErrorKind error, int status);

// Methods whose repetition cannot do harm twice (RFC 9110 §9.2.2). POST and
// PATCH are not, nor unknown methods.
bool is_idempotent(std::string_view method);

// Full-jitter exponential backoff (AWS architecture blog, "Exponential
// Backoff And Jitter"): uniform in [0, min(max_wait, backoff * 2^(n-1))]
// before attempt n + 1, where |attempt| = n >= 1 attempts were made.
Duration backoff_delay(const RetryConfig& config, int attempt,
                       std::mt19937_64& rng);

// The wait a server asked for (Retry-After, in seconds), capped at max_wait.
Duration server_delay(const RetryConfig& config, std::int64_t retry_after_s);

}  // namespace fanout::internal

#endif  // FANOUT_SCHED_RETRY_POLICY_H_
