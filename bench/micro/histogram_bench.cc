// Histogram costs: record() runs once per request; percentile() a few
// times per summary or progress refresh.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "summary/histogram.h"

namespace fanout::internal {
namespace {

std::vector<double> latencies(std::size_t n) {
  std::mt19937 rng(1);
  std::lognormal_distribution<double> d(1.0, 1.2);  // median ~2.7 ms
  std::vector<double> v(n);
  for (double& x : v) x = d(rng);
  return v;
}

void BM_HistogramRecord(benchmark::State& state) {
  const std::vector<double> v = latencies(4096);
  Histogram h;
  std::size_t i = 0;
  for (auto _ : state) {
    h.record(v[i++ & 4095]);
  }
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HistogramRecord);

void BM_HistogramPercentile(benchmark::State& state) {
  Histogram h;
  for (const double x : latencies(100000)) h.record(x);
  double p = 0;
  for (auto _ : state) {
    p = p >= 99.9 ? 50 : p + 7.3;  // vary p so nothing is hoisted
    benchmark::DoNotOptimize(h.percentile(p));
  }
}
BENCHMARK(BM_HistogramPercentile);

void BM_HistogramMerge(benchmark::State& state) {
  Histogram a, b;
  for (const double x : latencies(10000)) b.record(x);
  for (auto _ : state) {
    a.merge(b);
    benchmark::DoNotOptimize(a.count());
  }
}
BENCHMARK(BM_HistogramMerge);

}  // namespace
}  // namespace fanout::internal
