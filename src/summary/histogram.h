// A bounded-memory latency histogram for the run summary.
#ifndef FANOUT_SUMMARY_HISTOGRAM_H_
#define FANOUT_SUMMARY_HISTOGRAM_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fanout::internal {

// Log-linear histogram of durations, HdrHistogram-style: each power of two
// of microseconds from 1 µs to 2^32 µs (~71.6 minutes) is split into 128
// equal sub-buckets, so a bucket is at most 1/128 (0.78%) of its lower
// bound wide and its midpoint, the value reported for it, is within 0.4% of
// anything recorded in it. Two extra buckets take values below 1 µs
// (reported as 0.5 µs: absolute error < 1 µs instead of relative) and values
// at or above 2^32 µs (reported as max()). Every reported value is clamped
// into [min(), max()]. Memory is fixed (kBucketCount counters, ~32 KiB),
// whatever the number of samples; count(), min(), max() and mean() are
// exact (mean up to double rounding).
//
// Empty histograms report 0 from min(), max(), mean() and percentile().
// Copyable; not thread-safe (give each thread its own and merge()).
class Histogram {
 public:
  static constexpr int kSubBuckets = 128;  // per power of two
  static constexpr int kPowers = 32;       // 2^0 .. 2^32 µs
  // Underflow bucket, kPowers * kSubBuckets log-linear buckets, overflow.
  static constexpr std::size_t kBucketCount = 1 + kPowers * kSubBuckets + 1;

  Histogram();

  // Records one duration in milliseconds. Negative values count as 0;
  // NaN and infinities are ignored (the engine never produces them).
  void record(double ms);

  std::uint64_t count() const { return count_; }
  double min() const { return count_ ? min_ : 0; }
  double max() const { return count_ ? max_ : 0; }
  double mean() const {
    return count_ ? sum_ / static_cast<double>(count_) : 0;
  }

  // The p-th percentile, p in [0, 100] (clamped), in milliseconds. Order
  // statistic used: the smallest recorded value v such that at least p% of
  // the samples are <= v, i.e. the sample of rank max(1, ceil(p/100 * n))
  // (so p = 0 gives min() and p = 100 gives max(), both exactly). The
  // result is the representative value of v's bucket, clamped into
  // [min(), max()]: within 0.4% of v for 1 µs <= v < 2^32 µs.
  // O(kBucketCount).
  double percentile(double p) const;

  // Adds |other|'s samples: the result equals a histogram that recorded
  // both sets.
  void merge(const Histogram& other);

 private:
  static std::size_t bucket_of(double ms);
  double representative(std::size_t bucket) const;

  std::vector<std::uint64_t> counts_;  // kBucketCount, allocated once
  std::uint64_t count_ = 0;
  double min_ = 0;
  double max_ = 0;
  double sum_ = 0;
};

}  // namespace fanout::internal

#endif  // FANOUT_SUMMARY_HISTOGRAM_H_
