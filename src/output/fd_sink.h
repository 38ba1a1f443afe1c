// Buffered, record-aligned writing of output records to a file descriptor.
#ifndef FANOUT_OUTPUT_FD_SINK_H_
#define FANOUT_OUTPUT_FD_SINK_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace fanout::internal {

// Buffers whole records and writes them to a file descriptor it does not
// own (stdout or a file the CLI opened; it is never closed here).
//
// Usage: append one complete record (ending in '\n') to buffer(), then call
// record_done(); call flush() at the end and check its result or error().
//
// Record boundaries: bytes leave the buffer only when record_done() or
// flush() runs, i.e. between records, and every write(2) carries whole lines
// (each chunk of at most kChunkBytes is cut after a '\n'; a single record
// longer than that goes out alone in one chunk). So the file never ends in a
// partial line, except when the process dies in the middle of a write(2) (or
// between the pieces of a short write) of a chunk: a reader may then see the
// last line truncated. With fsync_each, each record is on stable storage
// (fdatasync) before record_done() returns.
//
// Errors: the first failure (EPIPE when the reader went away, ENOSPC, EIO,
// ...) is remembered in error(); from then on everything appended is
// dropped, and no call ever throws or aborts. REQUIRES: the process ignores
// SIGPIPE (the CLI does), or a closed pipe kills it before EPIPE is seen.
// EINTR is retried; on a non-blocking fd, EAGAIN waits in poll(2) for
// POLLOUT, so a slow reader applies back-pressure instead of losing data.
//
// Not thread-safe. The destructor flushes what is buffered (best effort;
// call flush() to learn whether it worked).
class FdSink final {
 public:
  // Buffered bytes that trigger a write in record_done(); also the largest
  // chunk flush() hands to one write(2) (unless one record is larger).
  static constexpr std::size_t kChunkBytes = std::size_t{64} * 1024;

  // |fd| must stay open for the life of this object.
  explicit FdSink(int fd, bool fsync_each = false);
  FdSink(const FdSink&) = delete;
  FdSink& operator=(const FdSink&) = delete;
  ~FdSink();

  // Where to append whole records. Valid until the object is destroyed.
  std::string& buffer() { return buffer_; }

  // Call after each complete record appended to buffer(). With fsync_each,
  // writes the buffer and fdatasync()s (skipped for fds that cannot be
  // synced: pipes, ttys, sockets); otherwise writes only once the buffer
  // holds kChunkBytes or more.
  void record_done();

  // Writes everything buffered. Returns false if this or any earlier write
  // failed (see error()); the buffer is empty afterwards either way.
  bool flush();

  // errno of the first failure, 0 if none.
  int error() const { return error_; }

 private:
  bool write_all(const char* p, std::size_t n);
  bool wait_writable();
  void sync();

  const int fd_;
  const bool fsync_each_;
  bool sync_unsupported_ = false;
  int error_ = 0;
  std::string buffer_;
};

// Length of the next chunk of |buf| to write: all of it if it is at most
// |max| bytes, else up to and including the last '\n' within the first |max|
// bytes, else (one record longer than |max|) up to and including the first
// '\n', else all of it. Exposed for tests.
std::size_t next_chunk_length(std::string_view buf, std::size_t max);

}  // namespace fanout::internal

#endif  // FANOUT_OUTPUT_FD_SINK_H_
