#include "summary/histogram.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>

namespace fanout::internal {
namespace {

constexpr std::size_t kOverflow = Histogram::kBucketCount - 1;
// log2(kSubBuckets) leading mantissa bits select the sub-bucket.
constexpr int kSubBucketBits = 7;
static_assert(1 << kSubBucketBits == Histogram::kSubBuckets);
constexpr int kMantissaBits = 52;

}  // namespace

Histogram::Histogram() : counts_(kBucketCount, 0) {}

// The bucket comes straight from the IEEE-754 bits of the value in µs: the
// exponent is the power of two and the top 7 mantissa bits the sub-bucket,
// which is exactly the log-linear layout and costs no log() call.
std::size_t Histogram::bucket_of(double ms) {
  const double us = ms * 1000.0;
  if (!(us >= 1.0)) return 0;  // also catches values < 0
  const auto bits = std::bit_cast<std::uint64_t>(us);
  const int exponent = static_cast<int>(bits >> kMantissaBits) - 1023;
  if (exponent >= kPowers) return kOverflow;
  const auto sub = static_cast<std::size_t>(
      (bits >> (kMantissaBits - kSubBucketBits)) & (kSubBuckets - 1));
  return 1 + static_cast<std::size_t>(exponent) * kSubBuckets + sub;
}

double Histogram::representative(std::size_t bucket) const {
  double ms;
  if (bucket == 0) {
    ms = 0.0005;
  } else if (bucket == kOverflow) {
    ms = max_;
  } else {
    const std::size_t i = bucket - 1;
    const int exponent = static_cast<int>(i / kSubBuckets);
    const double sub = static_cast<double>(i % kSubBuckets);
    // Midpoint of [2^e (1 + sub/128), 2^e (1 + (sub+1)/128)) µs.
    const double us = std::ldexp(1.0 + (sub + 0.5) / kSubBuckets, exponent);
    ms = us / 1000.0;
  }
  return std::clamp(ms, min_, max_);
}

void Histogram::record(double ms) {
  if (!std::isfinite(ms)) return;
  if (ms < 0) ms = 0;
  ++counts_[bucket_of(ms)];
  if (count_ == 0) {
    min_ = max_ = ms;
  } else {
    min_ = std::min(min_, ms);
    max_ = std::max(max_, ms);
  }
  ++count_;
  sum_ += ms;
}

double Histogram::percentile(double p) const {
  if (count_ == 0) return 0;
  if (!(p > 0)) return min_;  // also NaN
  if (p >= 100) return max_;
  // The 1e-12 shrink absorbs rounding in p/100*n (99.9% of 100000 computes
  // as 99900.00000000001), which would otherwise skip to the next rank.
  const double exact = p / 100.0 * static_cast<double>(count_);
  auto rank = static_cast<std::uint64_t>(std::ceil(exact * (1 - 1e-12)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  if (rank == 1) return min_;
  if (rank == count_) return max_;
  std::uint64_t seen = 0;
  for (std::size_t b = 0; b < kBucketCount; ++b) {
    seen += counts_[b];
    if (seen >= rank) return representative(b);
  }
  assert(false && "bucket counts do not add up to count_");
  return max_;
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t b = 0; b < kBucketCount; ++b) counts_[b] += other.counts_[b];
  if (count_ == 0) {
    min_ = other.min_;
    max_ = other.max_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  count_ += other.count_;
  sum_ += other.sum_;
}

}  // namespace fanout::internal
