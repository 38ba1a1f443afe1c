// --resume FILE: what an earlier run already finished, read back from its
// JSON-lines records.
#ifndef FANOUT_CLI_RESUME_H_
#define FANOUT_CLI_RESUME_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fanout/request.h"
#include "fanout/result.h"
#include "fanout/status.h"

namespace fanout::internal {

// A record is final when its outcome would not change by running again
// for a reason of our own: anything but cancelled or deadline.
bool is_final_kind(ErrorKind kind);

class ResumeState {
 public:
  // Reads |path| (a missing file is an empty one). Keeps each target's first
  // final record, drops non-final records and a torn last line (no newline:
  // the process died mid-write), and rewrites the file with only the kept
  // records (to a temporary file, fsync'd, then renamed over |path|, so a
  // crash leaves either version). Each kept record is also handed to
  // |on_record| (for the summary). Memory: 16 bytes per finished target.
  Status load(const std::string& path,
              const std::function<void(const Result&)>& on_record);

  // Whether the target at |index| with |url| already has a final record.
  bool done(std::uint64_t index, std::string_view url) const;

  std::size_t size() const { return done_.size(); }
  std::size_t dropped() const { return dropped_; }

 private:
  static std::uint64_t url_hash(std::string_view redacted_url);
  // (index, hash of the redacted url), sorted by index.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> done_;
  std::size_t dropped_ = 0;
};

// Parses one JSON-lines record back into a Result (the fields a summary
// needs); false when the line is not a record.
bool parse_record(std::string_view line, Result& out);

}  // namespace fanout::internal

#endif  // FANOUT_CLI_RESUME_H_
