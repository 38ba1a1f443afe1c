// fanout: where a streaming run pulls its requests from.
#ifndef FANOUT_SOURCE_H_
#define FANOUT_SOURCE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "fanout/request.h"

namespace fanout {

// One entry of the input. When |invalid| holds a reason, the entry is not run:
// it becomes a Result with ErrorKind::kInvalid and that reason as message
// (|request.url| then holds the offending text, |request.line| its line).
struct SourceItem {
  Request request;
  std::optional<std::string> invalid;
};

// Pulled lazily by the run, so a source of any length never sits in memory
// at once. Calls never overlap: with several event loops (Options::threads)
// they come from the loops' threads one at a time, under the run's lock.
class RequestSource {
 public:
  virtual ~RequestSource() = default;
  // Fills |out| and returns true, or returns false when exhausted (and is not
  // called again).
  virtual bool next(SourceItem& out) = 0;
};

// Adapter over a vector the caller keeps alive for the run.
class VectorSource final : public RequestSource {
 public:
  explicit VectorSource(const std::vector<Request>& requests)
      : requests_(requests) {}
  bool next(SourceItem& out) override {
    if (pos_ == requests_.size()) return false;
    out.request = requests_[pos_++];
    out.invalid.reset();
    return true;
  }

 private:
  const std::vector<Request>& requests_;
  std::size_t pos_ = 0;
};

}  // namespace fanout

#endif  // FANOUT_SOURCE_H_
