// Run-wide counters for the end-of-run summary.
#ifndef FANOUT_SUMMARY_SUMMARY_H_
#define FANOUT_SUMMARY_SUMMARY_H_

#include <array>
#include <cstdint>
#include <map>

#include "fanout/result.h"
#include "summary/histogram.h"

namespace fanout::internal {

// Aggregates Results as they complete. Memory is bounded: a counter per
// distinct HTTP status, per ErrorKind, and a fixed-size Histogram.
// Not thread-safe: feed it from the thread that writes records.
class Summary {
 public:
  // Counts |r|. A result is ok when r.ok is set and r.error is kNone, and
  // failed otherwise: every error counts as failed, and so does a completed
  // transfer with a 4xx/5xx status (error kNone, r.ok false).
  void add(const Result& r);

  // Whether |r|'s total_ms is a latency worth recording: true when a
  // response was received (status != 0) or the request failed on the
  // network (dns, connect, timeout, tls, reset, protocol, too_large,
  // redirects, other). False for invalid, denied (refused by policy before
  // or instead of any exchange), cancelled and deadline (cut short by the
  // run, not by the server), and for never-started results (attempts 0):
  // their times say nothing about the target.
  static bool counts_toward_latency(const Result& r);

  std::uint64_t total() const { return total_; }
  std::uint64_t ok() const { return ok_; }
  std::uint64_t failed() const { return failed_; }

  // Results per HTTP status of the final attempt; results without a
  // response (status 0) are not counted here.
  const std::map<int, std::uint64_t>& status_counts() const {
    return status_counts_;
  }
  std::uint64_t status_count(int status) const;

  // Results per ErrorKind; the kNone slot counts results without error.
  const std::array<std::uint64_t, kErrorKindCount>& error_counts() const {
    return error_counts_;
  }
  std::uint64_t error_count(ErrorKind kind) const;

  // Body bytes received, summed over all results.
  std::uint64_t bytes() const { return bytes_; }
  // Extra attempts: the sum of attempts - 1 over results with attempts > 1.
  std::uint64_t retries() const { return retries_; }
  // total_ms of the results for which counts_toward_latency() holds.
  const Histogram& latency() const { return latency_; }

 private:
  std::uint64_t total_ = 0;
  std::uint64_t ok_ = 0;
  std::uint64_t failed_ = 0;
  std::map<int, std::uint64_t> status_counts_;
  std::array<std::uint64_t, kErrorKindCount> error_counts_{};
  std::uint64_t bytes_ = 0;
  std::uint64_t retries_ = 0;
  Histogram latency_;
};

}  // namespace fanout::internal

#endif  // FANOUT_SUMMARY_SUMMARY_H_
