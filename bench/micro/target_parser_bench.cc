// Cost of turning one input line into a Request: a plain URL line (libcurl's
// URL parser dominates) and a JSON line (nlohmann::json plus the same checks).
#include <benchmark/benchmark.h>

#include <string>

#include "input/target_parser.h"

namespace fanout::internal {
namespace {

void BM_ParsePlainUrlLine(benchmark::State& state) {
  const std::string line = "https://api.example.com:8443/v1/items/12345?q=abc";
  for (auto _ : state) {
    ParsedTarget t = parse_target_line(line, 1);
    benchmark::DoNotOptimize(t);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(line.size()));
}
BENCHMARK(BM_ParsePlainUrlLine);

void BM_ParseJsonLine(benchmark::State& state) {
  const std::string line =
      R"({"url":"https://api.example.com/v1/items","method":"POST",)"
      R"("headers":{"Content-Type":"application/json","X-Request-Id":"r-1"},)"
      R"("body":"{\"name\":\"widget\",\"qty\":3}","timeout_ms":2500,"id":42})";
  for (auto _ : state) {
    ParsedTarget t = parse_target_line(line, 1);
    benchmark::DoNotOptimize(t);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(line.size()));
}
BENCHMARK(BM_ParseJsonLine);

void BM_ParseInvalidLine(benchmark::State& state) {
  const std::string line = "ftp://user:secret@files.example.com/pub/file.tar";
  for (auto _ : state) {
    ParsedTarget t = parse_target_line(line, 1);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_ParseInvalidLine);

}  // namespace
}  // namespace fanout::internal
