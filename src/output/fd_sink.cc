#include "output/fd_sink.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include <cassert>

namespace fanout::internal {

std::size_t next_chunk_length(std::string_view buf, std::size_t max) {
  if (buf.size() <= max) return buf.size();
  std::size_t nl = buf.rfind('\n', max - 1);
  if (nl != std::string_view::npos) return nl + 1;
  nl = buf.find('\n', max);
  return nl != std::string_view::npos ? nl + 1 : buf.size();
}

FdSink::FdSink(int fd, bool fsync_each) : fd_(fd), fsync_each_(fsync_each) {
  assert(fd >= 0);
}

FdSink::~FdSink() { flush(); }

void FdSink::record_done() {
  if (error_ != 0) {
    buffer_.clear();
    return;
  }
  if (fsync_each_) {
    if (flush()) sync();
    return;
  }
  if (buffer_.size() >= kChunkBytes) flush();
}

bool FdSink::flush() {
  std::string_view rest(buffer_);
  while (error_ == 0 && !rest.empty()) {
    const std::size_t n = next_chunk_length(rest, kChunkBytes);
    if (!write_all(rest.data(), n)) break;
    rest.remove_prefix(n);
  }
  // Keeps the capacity: steady state does not allocate.
  buffer_.clear();
  return error_ == 0;
}

bool FdSink::write_all(const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd_, p, n);
    if (w > 0) {
      p += w;
      n -= static_cast<std::size_t>(w);
    } else if (w < 0 && errno == EINTR) {
      continue;
    } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait_writable()) return false;
    } else {
      // write(2) returning 0 for n > 0 makes no progress; treat it as EIO
      // rather than spin.
      error_ = w < 0 ? errno : EIO;
      return false;
    }
  }
  return true;
}

// POLLERR/POLLHUP also end the wait: the next write(2) then reports the
// actual error (EPIPE, ...).
bool FdSink::wait_writable() {
  pollfd pfd{fd_, POLLOUT, 0};
  for (;;) {
    const int r = ::poll(&pfd, 1, -1);
    if (r > 0) {
      if (pfd.revents & POLLNVAL) {
        error_ = EBADF;
        return false;
      }
      return true;
    }
    if (r < 0 && errno != EINTR) {
      error_ = errno;
      return false;
    }
  }
}

void FdSink::sync() {
  if (sync_unsupported_) return;
  for (;;) {
    if (::fdatasync(fd_) == 0) return;
    if (errno == EINTR) continue;
    // fdatasync(2): EINVAL/EROFS mean the fd is a pipe, socket, tty or
    // special file that has nothing to sync; not a data loss.
    if (errno == EINVAL || errno == EROFS) {
      sync_unsupported_ = true;
    } else {
      error_ = errno;
    }
    return;
  }
}

}  // namespace fanout::internal
