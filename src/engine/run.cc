// The public entry points, on top of Engine.
#include <optional>

#include "engine/engine.h"
#include "fanout/run.h"

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

}  // namespace

Status run(RequestSource& source, const Options& options, ResultSink& sink,
           std::stop_token stop) {
  internal::Engine engine(options, sink, std::move(stop));
  return engine.run(source);
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
