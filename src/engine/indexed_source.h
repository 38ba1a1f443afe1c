// The entries of a run with their indexes, as the engine pulls them. Index
// assignment and Options::select live here, so several engines (one per
// thread) can share one source and still number entries once.
#ifndef FANOUT_ENGINE_INDEXED_SOURCE_H_
#define FANOUT_ENGINE_INDEXED_SOURCE_H_

#include <cstdint>
#include <functional>
#include <mutex>

#include "fanout/source.h"

namespace fanout::internal {

class IndexedSource {
 public:
  virtual ~IndexedSource() = default;
  // The next selected entry and its 0-based index among all entries (the
  // unselected ones count too); false when the source is exhausted.
  virtual bool next(SourceItem& out, std::uint64_t& index) = 0;
};

using SelectFn = std::function<bool(std::uint64_t, const Request&)>;

// Numbers the entries of a RequestSource; for one thread.
class CountingSource final : public IndexedSource {
 public:
  CountingSource(RequestSource& source, const SelectFn& select)
      : source_(source), select_(select) {}
  bool next(SourceItem& out, std::uint64_t& index) override {
    while (!done_) {
      if (!source_.next(out)) {
        done_ = true;
        break;
      }
      index = next_index_++;
      if (!select_ || select_(index, out.request)) return true;
    }
    return false;
  }

 private:
  RequestSource& source_;
  const SelectFn select_;  // a copy: callers may pass a temporary
  std::uint64_t next_index_ = 0;
  bool done_ = false;
};

// A CountingSource behind a mutex, shared by the engines of a threaded run.
class SharedSource final : public IndexedSource {
 public:
  SharedSource(RequestSource& source, const SelectFn& select)
      : counting_(source, select) {}
  bool next(SourceItem& out, std::uint64_t& index) override {
    std::lock_guard<std::mutex> lock(mu_);
    return counting_.next(out, index);
  }

 private:
  std::mutex mu_;
  CountingSource counting_;
};

}  // namespace fanout::internal

#endif  // FANOUT_ENGINE_INDEXED_SOURCE_H_
