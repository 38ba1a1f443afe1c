// fanout: running requests.
#ifndef FANOUT_RUN_H_
#define FANOUT_RUN_H_

#include <functional>
#include <stop_token>
#include <vector>

#include "fanout/options.h"
#include "fanout/request.h"
#include "fanout/result.h"
#include "fanout/source.h"
#include "fanout/status.h"

namespace fanout {

// Receives each Result as soon as its request is final, in completion order.
// Result::index says which request it is. Calls never overlap; with one event
// loop they come on the thread that called run(), with several
// (Options::threads) on the loops' threads, one at a time.
using ResultCallback = std::function<void(Result&&)>;

// The streaming consumer. on_result() gets each final Result; on_idle() is
// called whenever the run is about to wait for the network, so a consumer that
// buffers output can flush then (records reach their destination without
// delay, yet writes are batched under load). Calls never overlap, and come
// on the same threads as the ResultCallback's.
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual void on_result(Result&& result) = 0;
  virtual void on_idle() {}
};

// Streaming run: pulls requests from |source| as slots free up, runs at most
// options.concurrency at once, and calls sink.on_result() exactly once per
// entry of the source (invalid ones included) before returning.
//
// A stop requested on |stop| (from any thread) ends in-flight requests with
// ErrorKind::kCancelled and gives every entry not yet run a kCancelled result
// too; the source is still drained so that no entry goes without a result.
//
// Returns a non-ok Status only when the run could not start or its engine
// failed (bad options, file-descriptor limit, libcurl failure); results
// already delivered stay valid. Thread-safety: concurrent runs on different
// threads are safe; each uses its own libcurl handles.
Status run(RequestSource& source, const Options& options, ResultSink& sink,
           std::stop_token stop = {});
// The same with a plain callback.
Status run(RequestSource& source, const Options& options,
           const ResultCallback& on_result, std::stop_token stop = {});

// Blocking convenience: runs |requests| and returns one Result per request, in
// input order (results[i].index == i). If the run cannot start, every result
// carries ErrorKind::kOther with the reason.
std::vector<Result> fetch_all(const std::vector<Request>& requests,
                              const Options& options = {},
                              std::stop_token stop = {});

}  // namespace fanout

#endif  // FANOUT_RUN_H_
