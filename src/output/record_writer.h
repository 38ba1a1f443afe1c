// The interface every record format implements, and the factory the CLI uses
// to pick one from --format.
#ifndef FANOUT_OUTPUT_RECORD_WRITER_H_
#define FANOUT_OUTPUT_RECORD_WRITER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "fanout/result.h"

namespace fanout::internal {

// Turns Results into bytes of one output format. Writers append into a
// caller-owned buffer (normally FdSink::buffer()) so that the caller decides
// when bytes reach the file, and a record is never split across writes.
// Implementations may keep scratch state: one writer per thread.
class RecordWriter {
 public:
  RecordWriter() = default;
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;
  virtual ~RecordWriter();

  // Appends whatever precedes the first record (the CSV header line) to
  // |out|. Call once, before any append(). Default: nothing.
  virtual void begin(std::string& /*out*/) {}

  // Appends exactly one complete record for |r| to |out|: one line, ending
  // in '\n', containing no other '\n' and no raw control character that
  // could act on a terminal.
  virtual void append(const Result& r, std::string& out) = 0;
};

enum class Format { kJsonl, kText, kCsv };

// Parses a --format value: exactly "jsonl", "text" or "csv" (case-sensitive,
// no aliases, so that scripts stay portable). nullopt otherwise.
std::optional<Format> parse_format(std::string_view name);

// The writer for |format|. |color| adds ANSI colours and only affects kText;
// the CLI passes true only when the output is a terminal. Never null.
std::unique_ptr<RecordWriter> make_writer(Format format, bool color);

}  // namespace fanout::internal

#endif  // FANOUT_OUTPUT_RECORD_WRITER_H_
