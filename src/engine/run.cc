// The public entry points, on top of Engine: one engine on the calling
// thread, or several on threads of their own sharing the source and sink.
#include "fanout/run.h"

#include <algorithm>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/engine.h"
#include "engine/fd_limit.h"
#include "engine/indexed_source.h"

namespace fanout {
namespace {

class CallbackSink final : public ResultSink {
 public:
  explicit CallbackSink(const ResultCallback& cb) : cb_(cb) {}
  void on_result(Result&& r) override { cb_(std::move(r)); }

 private:
  const ResultCallback& cb_;
};

// Places each result at its index, so fetch_all returns input order.
class OrderedSink final : public ResultSink {
 public:
  explicit OrderedSink(std::vector<Result>& out) : out_(out) {}
  void on_result(Result&& r) override {
    const auto i = static_cast<std::size_t>(r.index);
    if (i >= out_.size()) out_.resize(i + 1);
    out_[i] = std::move(r);
  }

 private:
  std::vector<Result>& out_;
};

// Serialises the engines' calls into the caller's sink, and turns a failure
// into a stop of every engine under fail-fast.
class LockedSink final : public ResultSink {
 public:
  LockedSink(ResultSink& sink, bool fail_fast, std::stop_source& stop)
      : sink_(sink), fail_fast_(fail_fast), stop_(stop) {}
  void on_result(Result&& r) override {
    if (fail_fast_ && !r.ok) stop_.request_stop();
    std::lock_guard<std::mutex> lock(mu_);
    sink_.on_result(std::move(r));
  }
  void on_idle() override {
    // Whichever loop is free flushes; none waits for another to do it.
    std::unique_lock<std::mutex> lock(mu_, std::try_to_lock);
    if (lock.owns_lock()) sink_.on_idle();
  }

 private:
  ResultSink& sink_;
  const bool fail_fast_;
  std::stop_source& stop_;
  std::mutex mu_;
};

int resolve_threads(const Options& o) {
  int n = o.threads;
  if (n <= 0) {
    if (o.ordered || o.per_host > 0 || o.per_host_rate > 0) return 1;
    const int cores =
        static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    n = std::min(cores, o.concurrency / 16);
  }
  if (o.ordered) n = 1;  // one reorder window
  if (o.per_host > 0) n = std::min(n, o.per_host);
  return std::clamp(n, 1, std::max(1, o.concurrency));
}

Status run_threaded(RequestSource& source, const Options& options,
                    ResultSink& sink, const std::stop_token& stop, int n) {
  if (Status s = internal::ensure_fd_limit(options.concurrency); !s.is_ok()) {
    internal::CountingSource all(source, options.select);
    Options one = options;
    one.threads = 1;
    internal::Engine engine(one, sink, stop);
    return engine.run(all);  // refuses again, giving every entry its result
  }
  internal::SharedSource shared(source, options.select);
  std::stop_source internal_stop;
  std::stop_callback forward(stop, [&] { internal_stop.request_stop(); });
  LockedSink locked(sink, options.fail_fast, internal_stop);
  internal::PauseBoard pauses;
  std::vector<Status> statuses(static_cast<std::size_t>(n));
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < n; ++i) {
      Options part = options;
      part.threads = 1;
      part.concurrency =
          options.concurrency / n + (i < options.concurrency % n);
      part.rate = options.rate / n;
      part.per_host_rate = options.per_host_rate / n;
      if (options.per_host > 0)
        part.per_host = std::max(1, options.per_host / n);
      threads.emplace_back([&, part, i] {
        internal::Engine engine(part, locked, internal_stop.get_token(),
                                &pauses);
        statuses[static_cast<std::size_t>(i)] = engine.run(shared);
      });
    }
  }
  for (Status& s : statuses)
    if (!s.is_ok()) return s;
  return Status::ok();
}

}  // namespace

Status run(RequestSource& source, const Options& options, ResultSink& sink,
           std::stop_token stop) {
  const int n = resolve_threads(options);
  if (n > 1) return run_threaded(source, options, sink, stop, n);
  internal::CountingSource counted(source, options.select);
  internal::Engine engine(options, sink, std::move(stop));
  return engine.run(counted);
}

Status run(RequestSource& source, const Options& options,
           const ResultCallback& on_result, std::stop_token stop) {
  CallbackSink sink(on_result);
  return run(source, options, sink, std::move(stop));
}

std::vector<Result> fetch_all(const std::vector<Request>& requests,
                              const Options& options, std::stop_token stop) {
  std::vector<Result> results(requests.size());
  VectorSource source(requests);
  OrderedSink sink(results);
  // A failed start still fills every slot (kOther with the reason), so the
  // Status adds nothing here.
  (void)run(source, options, sink, std::move(stop));
  return results;
}

}  // namespace fanout
