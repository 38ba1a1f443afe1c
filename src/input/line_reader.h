// Streams lines from a file descriptor with a cap on line length, so an input
// of any size (or one endless line) is read in bounded memory.
#ifndef FANOUT_INPUT_LINE_READER_H_
#define FANOUT_INPUT_LINE_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace fanout::internal {

// Reads |fd| (not owned; the caller keeps it open for the reader's lifetime)
// and splits it on '\n'. Memory use is fixed at construction: about
// |max_line| plus a 64 KiB read chunk. Not thread-safe.
class LineReader {
 public:
  enum class Status {
    kLine,     // |line| holds the next line, without "\n" or "\r\n"
    kTooLong,  // the line numbered |line_no| exceeded |max_line|; skipped
    kEof,      // no more lines
    kError,    // read(2) failed; error() has the errno
  };

  // Default: lines up to 64 KiB. REQUIRES: |max_line| > 0.
  explicit LineReader(int fd, std::size_t max_line = std::size_t{64} * 1024);
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Returns the next line and its 1-based number. Every physical line counts,
  // empty or not. A line longer than |max_line| (after dropping "\r\n") is
  // reported once as kTooLong and its bytes are discarded as they arrive; the
  // next call continues with the following line. A last line without '\n' is
  // still returned; NUL bytes are ordinary line content. |line| stays valid
  // until the next call. After kEof or kError every call returns the same.
  // Blocks in read(2); an O_NONBLOCK fd is waited on with poll(2).
  Status next(std::string_view& line, std::uint64_t& line_no);

  // errno of the failed read after kError, else 0.
  int error() const { return error_; }

 private:
  // Reads more bytes after end_, compacting first. Returns false at EOF or
  // on error (error_ set).
  bool fill();

  const int fd_;
  const std::size_t max_line_;
  const std::size_t capacity_;
  std::unique_ptr<char[]> buf_;
  std::size_t start_ = 0;    // first byte of the current line
  std::size_t scanned_ = 0;  // bytes before this hold no '\n'
  std::size_t end_ = 0;      // one past the last byte read
  std::uint64_t line_no_ = 0;
  bool skipping_ = false;  // discarding the rest of a too-long line
  bool eof_ = false;
  bool done_ = false;  // kEof or kError was returned
  int error_ = 0;
};

}  // namespace fanout::internal

#endif  // FANOUT_INPUT_LINE_READER_H_
