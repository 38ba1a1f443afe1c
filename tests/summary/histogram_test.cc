#include "summary/histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace fanout::internal {
namespace {

// Percentiles in hundredths of a percent, so the exact rank is computed in
// integers, independently of the histogram's floating-point rank.
constexpr int kPercentilesX100[] = {0,    1,    100,  1000, 2500, 5000, 7500,
                                    9000, 9500, 9900, 9990, 9999, 10000};

// The order statistic Histogram::percentile documents: the smallest sample
// v with at least p% of the samples <= v.
double exact_percentile(const std::vector<double>& sorted, int p_x100) {
  const std::uint64_t n = sorted.size();
  std::uint64_t rank = (static_cast<std::uint64_t>(p_x100) * n + 9999) / 10000;
  rank = std::clamp<std::uint64_t>(rank, 1, n);
  return sorted[rank - 1];
}

void expect_within_1_percent(const std::vector<double>& samples,
                             const std::string& name) {
  Histogram h;
  for (const double v : samples) h.record(v);
  std::vector<double> sorted = samples;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_EQ(h.count(), samples.size());
  EXPECT_EQ(h.min(), sorted.front()) << name;
  EXPECT_EQ(h.max(), sorted.back()) << name;
  for (const int p : kPercentilesX100) {
    const double want = exact_percentile(sorted, p);
    const double got = h.percentile(p / 100.0);
    EXPECT_LE(std::abs(got - want), 0.01 * want)
        << name << " p" << p / 100.0 << " want " << want << " got " << got;
  }
}

std::vector<double> draw(const std::function<double(std::mt19937&)>& dist) {
  std::mt19937 rng(12345);
  std::vector<double> v(100000);
  for (double& x : v) x = dist(rng);
  return v;
}

TEST(Histogram, PercentilesWithinOnePercentUniform) {
  std::uniform_real_distribution<double> d(0.05, 500.0);
  expect_within_1_percent(draw([&](std::mt19937& g) { return d(g); }),
                          "uniform");
}

TEST(Histogram, PercentilesWithinOnePercentLogNormal) {
  std::lognormal_distribution<double> d(1.0, 1.5);
  expect_within_1_percent(draw([&](std::mt19937& g) { return d(g); }),
                          "lognormal");
}

TEST(Histogram, PercentilesWithinOnePercentExponential) {
  std::exponential_distribution<double> d(1 / 5.0);  // mean 5 ms
  expect_within_1_percent(draw([&](std::mt19937& g) { return 0.01 + d(g); }),
                          "exponential");
}

TEST(Histogram, PercentilesWithinOnePercentBimodal) {
  std::normal_distribution<double> fast(2.0, 0.2);
  std::normal_distribution<double> slow(900.0, 50.0);
  std::bernoulli_distribution pick_slow(0.03);
  expect_within_1_percent(draw([&](std::mt19937& g) {
                            return std::max(0.001,
                                            pick_slow(g) ? slow(g) : fast(g));
                          }),
                          "bimodal");
}

TEST(Histogram, PercentilesWithinOnePercentHeavyTail) {
  // Pareto from 1 ms, alpha 1.1, capped at one hour.
  std::uniform_real_distribution<double> u(0.0, 1.0);
  expect_within_1_percent(draw([&](std::mt19937& g) {
                            return std::min(3.6e6,
                                            std::pow(1.0 - u(g), -1 / 1.1));
                          }),
                          "pareto");
}

TEST(Histogram, PercentilesWithinOnePercentFewDistinctValues) {
  // Integer-millisecond timings, as a coarse clock would give.
  std::uniform_int_distribution<int> d(1, 20);
  expect_within_1_percent(draw([&](std::mt19937& g) { return d(g) * 1.0; }),
                          "discrete");
}

// Each value alone in the middle of a 3-sample histogram (so clamping to
// min/max cannot help) is reported within 0.4%, from 1 µs to an hour.
TEST(Histogram, EveryBucketIsWithinHalfABucket) {
  for (double v = 0.001; v < 3.6e6; v *= 1.0137) {
    Histogram h;
    h.record(0);
    h.record(v);
    h.record(1e7);
    const double got = h.percentile(50);
    ASSERT_LE(std::abs(got - v), 0.004 * v) << v;
  }
}

TEST(Histogram, Empty) {
  const Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 0);
  EXPECT_EQ(h.mean(), 0);
  EXPECT_EQ(h.percentile(50), 0);
  EXPECT_EQ(h.percentile(100), 0);
}

TEST(Histogram, OneSampleIsExactEverywhere) {
  Histogram h;
  h.record(12.345);
  EXPECT_EQ(h.count(), 1u);
  EXPECT_EQ(h.min(), 12.345);
  EXPECT_EQ(h.max(), 12.345);
  EXPECT_EQ(h.mean(), 12.345);
  for (const double p : {0.0, 0.1, 50.0, 99.0, 100.0})
    EXPECT_EQ(h.percentile(p), 12.345) << p;
}

TEST(Histogram, ExtremePercentilesAreExactMinAndMax) {
  Histogram h;
  for (const double v : {3.3, 1.1, 7.77, 2.2}) h.record(v);
  EXPECT_EQ(h.percentile(0), 1.1);
  EXPECT_EQ(h.percentile(100), 7.77);
  EXPECT_EQ(h.percentile(-5), 1.1);    // clamped
  EXPECT_EQ(h.percentile(250), 7.77);  // clamped
  EXPECT_DOUBLE_EQ(h.mean(), (3.3 + 1.1 + 7.77 + 2.2) / 4);
}

TEST(Histogram, RankDefinition) {
  // 1..10: p50 -> rank 5 (value 5), p51 -> rank 6, p10 -> rank 1.
  Histogram h;
  for (int i = 1; i <= 10; ++i) h.record(i);
  EXPECT_NEAR(h.percentile(50), 5, 0.02);
  EXPECT_NEAR(h.percentile(50.0001), 6, 0.03);
  EXPECT_NEAR(h.percentile(10), 1, 0.01);
  EXPECT_NEAR(h.percentile(90), 9, 0.04);
  EXPECT_NEAR(h.percentile(90.5), 10, 0.04);
}

TEST(Histogram, ValuesBelowOneMicrosecond) {
  Histogram h;
  h.record(0.0004);
  h.record(0.0);
  h.record(-3);  // counts as 0
  EXPECT_EQ(h.count(), 3u);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 0.0004);
  const double p50 = h.percentile(50);
  EXPECT_GE(p50, 0);
  EXPECT_LE(p50, 0.0004);
  EXPECT_LT(std::abs(p50 - 0.0), 0.001);  // absolute error below 1 µs
}

TEST(Histogram, HugeValuesClampButMaxStaysExact) {
  Histogram h;
  h.record(1.0);
  h.record(1e9);   // ~11.6 days
  h.record(5e10);  // beyond any bucket
  EXPECT_EQ(h.count(), 3u);
  EXPECT_EQ(h.max(), 5e10);
  EXPECT_EQ(h.percentile(100), 5e10);
  const double p50 = h.percentile(50);  // the overflow bucket
  EXPECT_GE(p50, 1.0);
  EXPECT_LE(p50, 5e10);
  EXPECT_DOUBLE_EQ(h.mean(), (1.0 + 1e9 + 5e10) / 3);
}

TEST(Histogram, NonFiniteValuesAreIgnored) {
  Histogram h;
  h.record(std::numeric_limits<double>::quiet_NaN());
  h.record(std::numeric_limits<double>::infinity());
  h.record(-std::numeric_limits<double>::infinity());
  EXPECT_EQ(h.count(), 0u);
  h.record(2);
  EXPECT_EQ(h.max(), 2);
}

TEST(Histogram, MergeEqualsRecordingAll) {
  std::mt19937 rng(99);
  std::lognormal_distribution<double> d(0.5, 2.0);
  Histogram a, b, all;
  for (int i = 0; i < 50000; ++i) {
    const double v = d(rng);
    (i % 3 ? a : b).record(v);
    all.record(v);
  }
  Histogram merged = a;
  merged.merge(b);
  EXPECT_EQ(merged.count(), all.count());
  EXPECT_EQ(merged.min(), all.min());
  EXPECT_EQ(merged.max(), all.max());
  EXPECT_NEAR(merged.mean(), all.mean(), 1e-9 * all.mean());
  for (double p = 0; p <= 100; p += 0.5)
    EXPECT_EQ(merged.percentile(p), all.percentile(p)) << p;
}

TEST(Histogram, MergeWithEmpty) {
  Histogram a, empty;
  a.record(5);
  a.merge(empty);
  EXPECT_EQ(a.count(), 1u);
  EXPECT_EQ(a.min(), 5);
  Histogram c;
  c.merge(a);
  EXPECT_EQ(c.count(), 1u);
  EXPECT_EQ(c.min(), 5);
  EXPECT_EQ(c.max(), 5);
  EXPECT_EQ(c.percentile(50), 5);
}

TEST(Histogram, MemoryIsBounded) {
  EXPECT_LE(Histogram::kBucketCount * sizeof(std::uint64_t), 64u * 1024);
  // 2^kPowers µs covers at least one hour.
  EXPECT_GE(std::ldexp(1.0, Histogram::kPowers) / 1e6, 3600.0);
}

}  // namespace
}  // namespace fanout::internal
