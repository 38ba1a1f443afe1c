#include "input/line_reader.h"

#include <poll.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstring>

namespace fanout::internal {
namespace {

// Bytes asked of each read(2). Large reads keep the syscall count low on
// million-line inputs.
constexpr std::size_t kReadChunk = std::size_t{64} * 1024;

}  // namespace

LineReader::LineReader(int fd, std::size_t max_line)
    : fd_(fd),
      max_line_(max_line),
      // A pending partial line holds at most max_line + 1 bytes (the content
      // plus a '\r' whose '\n' has not arrived yet), so this always leaves a
      // full chunk free for the next read.
      capacity_(max_line + 1 + kReadChunk),
      buf_(new char[capacity_]) {
  assert(max_line > 0);
}

LineReader::Status LineReader::next(std::string_view& line,
                                    std::uint64_t& line_no) {
  if (done_) return error_ != 0 ? Status::kError : Status::kEof;
  char* const base = buf_.get();
  for (;;) {
    const void* nl = scanned_ < end_
                         ? std::memchr(base + scanned_, '\n', end_ - scanned_)
                         : nullptr;
    std::size_t begin = start_;
    std::size_t stop;
    if (nl != nullptr) {
      stop = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
      start_ = scanned_ = stop + 1;
      if (skipping_) {
        // The '\n' that ends a line already reported as kTooLong.
        skipping_ = false;
        continue;
      }
    } else if (eof_) {
      if (skipping_ || start_ == end_) {
        skipping_ = false;
        done_ = true;
        return Status::kEof;
      }
      stop = end_;
      start_ = scanned_ = end_;
    } else {
      scanned_ = end_;
      if (skipping_) {
        start_ = scanned_ = end_ = 0;
      } else if (end_ - start_ > max_line_ + 1) {
        // Too long whatever comes next (even a final '\r' would leave more
        // than max_line_ bytes): report it now and drop bytes until '\n'
        // instead of buffering them.
        skipping_ = true;
        start_ = scanned_ = end_ = 0;
        line_no = ++line_no_;
        return Status::kTooLong;
      }
      if (!fill() && error_ != 0) {
        done_ = true;
        return Status::kError;
      }
      continue;
    }
    std::size_t len = stop - begin;
    if (len > 0 && base[begin + len - 1] == '\r') --len;
    line_no = ++line_no_;
    if (len > max_line_) return Status::kTooLong;
    line = std::string_view(base + begin, len);
    return Status::kLine;
  }
}

bool LineReader::fill() {
  char* const base = buf_.get();
  if (start_ > 0) {
    std::memmove(base, base + start_, end_ - start_);
    scanned_ -= start_;
    end_ -= start_;
    start_ = 0;
  }
  for (;;) {
    ssize_t n = ::read(fd_, base + end_, capacity_ - end_);
    if (n > 0) {
      end_ += static_cast<std::size_t>(n);
      return true;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      // An inherited non-blocking stdin: wait instead of failing the run.
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, -1) >= 0 || errno == EINTR) continue;
    }
    error_ = errno != 0 ? errno : EIO;
    return false;
  }
}

}  // namespace fanout::internal
