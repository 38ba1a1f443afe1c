// Record formatting throughput: the writers run once per request on the
// thread that drives the event loop, so they must stay far below 10 µs.
#include <benchmark/benchmark.h>

#include <string>

#include "output/csv_writer.h"
#include "output/escape.h"
#include "output/jsonl_writer.h"
#include "output/text_writer.h"

namespace fanout::internal {
namespace {

// A 60-character URL, the typical case.
constexpr char kUrl[] =
    "https://api.example.com/v2/items/12345678?fields=id,name&x=1";
static_assert(sizeof kUrl - 1 == 60);

Result typical_result() {
  Result r;
  r.index = 123456;
  r.line = 123457;
  r.url = kUrl;
  r.method = "GET";
  r.ok = true;
  r.status = 200;
  r.attempts = 1;
  r.bytes = 5120;
  r.http_version = "2";
  r.time = {0.412, 1.203, 5.877, 12.345, 13.002};
  return r;
}

template <typename Writer, typename... Args>
void BM_Append(benchmark::State& state, Args... args) {
  Writer w(args...);
  const Result r = typical_result();
  std::string out;
  for (auto _ : state) {
    out.clear();  // keeps capacity, as FdSink's buffer does
    w.append(r, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_JsonlAppend(benchmark::State& state) { BM_Append<JsonlWriter>(state); }
BENCHMARK(BM_JsonlAppend);

void BM_TextAppend(benchmark::State& state) {
  BM_Append<TextWriter>(state, false);
}
BENCHMARK(BM_TextAppend);

void BM_TextAppendColor(benchmark::State& state) {
  BM_Append<TextWriter>(state, true);
}
BENCHMARK(BM_TextAppendColor);

void BM_CsvAppend(benchmark::State& state) { BM_Append<CsvWriter>(state); }
BENCHMARK(BM_CsvAppend);

void BM_AppendJsonStringUrl(benchmark::State& state) {
  std::string out;
  for (auto _ : state) {
    out.clear();
    append_json_string(out, kUrl);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * (sizeof kUrl - 1));
}
BENCHMARK(BM_AppendJsonStringUrl);

void BM_AppendJsonStringUtf8(benchmark::State& state) {
  // Half non-ASCII: the slow path.
  const std::string s =
      "https://example.com/\xc3\xa4\xc3\xb6\xc3\xbc/\xe6\x97\xa5\xe6\x9c\xac/"
      "\xf0\x9f\x98\x80?q=\xe2\x82\xac";
  std::string out;
  for (auto _ : state) {
    out.clear();
    append_json_string(out, s);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(s.size()));
}
BENCHMARK(BM_AppendJsonStringUtf8);

void BM_AppendTerminalSafeUrl(benchmark::State& state) {
  std::string out;
  for (auto _ : state) {
    out.clear();
    append_terminal_safe(out, kUrl);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * (sizeof kUrl - 1));
}
BENCHMARK(BM_AppendTerminalSafeUrl);

}  // namespace
}  // namespace fanout::internal
