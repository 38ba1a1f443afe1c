// A RequestSource over a line-oriented input (a file or stdin): one entry per
// non-blank, non-comment line, bad lines included as invalid entries.
#ifndef FANOUT_INPUT_LINE_SOURCE_H_
#define FANOUT_INPUT_LINE_SOURCE_H_

#include <cstddef>

#include "fanout/source.h"
#include "input/line_reader.h"
#include "input/target_parser.h"

namespace fanout::internal {

// Reads |fd| (not owned; kept open by the caller for the source's lifetime)
// line by line through LineReader and parse_target_line(). Lines over
// |max_line| bytes become invalid entries ("line longer than N bytes"), so
// every input line but blanks and comments yields exactly one entry. A read
// error ends the source early; the caller tells it from a clean end by
// read_error(). Used from one thread only, like any RequestSource.
class LineSource final : public RequestSource {
 public:
  // Default: lines up to 64 KiB. REQUIRES: |max_line| > 0.
  explicit LineSource(int fd, std::size_t max_line = std::size_t{64} * 1024);
  // Targets that do not set a method or body get those of |defaults|.
  LineSource(int fd, const TargetDefaults& defaults,
             std::size_t max_line = std::size_t{64} * 1024);

  bool next(SourceItem& out) override;

  // errno of the failed read that ended the source, else 0.
  int read_error() const { return reader_.error(); }

 private:
  LineReader reader_;
  const std::size_t max_line_;
  const TargetDefaults defaults_;
};

}  // namespace fanout::internal

#endif  // FANOUT_INPUT_LINE_SOURCE_H_
