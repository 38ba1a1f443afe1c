#include "input/line_reader.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <future>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace fanout::internal {
namespace {

using namespace std::string_literals;
using Status = LineReader::Status;

struct Entry {
  Status status;
  std::string line;
  std::uint64_t line_no;
  bool operator==(const Entry&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Entry& e) {
  return os << "{" << static_cast<int>(e.status) << ", \"" << e.line << "\" ("
            << e.line.size() << " bytes), " << e.line_no << "}";
}

Entry line(std::string text, std::uint64_t no) {
  return {Status::kLine, std::move(text), no};
}
Entry too_long(std::uint64_t no) { return {Status::kTooLong, "", no}; }

// A memfd holding |data|, positioned at its start.
int memfd_with(const std::string& data) {
  int fd = memfd_create("line_reader_test", MFD_CLOEXEC);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, data.data(), data.size()),
            static_cast<ssize_t>(data.size()));
  EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
  return fd;
}

// Writes |data| into a pipe from a thread, |chunk| bytes per write(2), then
// closes the write end. The reader sees the data in many small reads.
class PipeFeeder {
 public:
  PipeFeeder(std::string data, std::size_t chunk) : data_(std::move(data)) {
    std::signal(SIGPIPE, SIG_IGN);  // a failing test may stop reading early
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    read_fd_ = fds[0];
    int write_fd = fds[1];
    writer_ = std::thread([this, write_fd, chunk] {
      std::size_t off = 0;
      while (off < data_.size()) {
        std::size_t n = std::min(chunk, data_.size() - off);
        ssize_t w = write(write_fd, data_.data() + off, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        off += static_cast<std::size_t>(w);
      }
      close(write_fd);
    });
  }
  ~PipeFeeder() {
    close(read_fd_);
    writer_.join();
  }
  int fd() const { return read_fd_; }

 private:
  std::string data_;
  int read_fd_ = -1;
  std::thread writer_;
};

// Everything the reader yields up to kEof (not included) or kError.
std::vector<Entry> read_all(int fd, std::size_t max_line) {
  LineReader reader(fd, max_line);
  std::vector<Entry> out;
  for (;;) {
    std::string_view text;
    std::uint64_t no = 0;
    Status s = reader.next(text, no);
    if (s == Status::kEof) break;
    if (s == Status::kError) {
      out.push_back({s, "", 0});
      break;
    }
    out.push_back({s, s == Status::kLine ? std::string(text) : "", no});
  }
  return out;
}

std::vector<Entry> read_all_memfd(const std::string& data,
                                  std::size_t max_line) {
  int fd = memfd_with(data);
  auto out = read_all(fd, max_line);
  close(fd);
  return out;
}

// What the reader must produce for |data|: split on '\n', one trailing '\r'
// dropped, pieces over |max_line| reported as too long.
std::vector<Entry> model(const std::string& data, std::size_t max_line) {
  std::vector<Entry> out;
  std::size_t pos = 0;
  std::uint64_t no = 0;
  while (pos < data.size()) {
    std::size_t nl = data.find('\n', pos);
    std::size_t end = nl == std::string::npos ? data.size() : nl;
    std::string piece = data.substr(pos, end - pos);
    if (!piece.empty() && piece.back() == '\r') piece.pop_back();
    ++no;
    out.push_back(piece.size() > max_line ? too_long(no)
                                          : line(std::move(piece), no));
    pos = end + 1;
  }
  return out;
}

TEST(LineReaderTest, SplitsLinesAndCountsEveryPhysicalLine) {
  EXPECT_EQ(read_all_memfd("a\n\nb\n  \nc\n", 1024),
            (std::vector<Entry>{line("a", 1), line("", 2), line("b", 3),
                                line("  ", 4), line("c", 5)}));
}

TEST(LineReaderTest, StripsNewlineAndOneTrailingCr) {
  EXPECT_EQ(read_all_memfd("a\r\nb\rc\r\n\r\n\r\r\nd\r", 1024),
            (std::vector<Entry>{line("a", 1), line("b\rc", 2), line("", 3),
                                line("\r", 4), line("d", 5)}));
}

TEST(LineReaderTest, ReturnsFinalLineWithoutNewline) {
  EXPECT_EQ(read_all_memfd("x\ny", 1024),
            (std::vector<Entry>{line("x", 1), line("y", 2)}));
}

TEST(LineReaderTest, EmptyInputIsEofAndStaysEof) {
  int fd = memfd_with("");
  LineReader reader(fd);
  std::string_view text;
  std::uint64_t no = 0;
  EXPECT_EQ(reader.next(text, no), Status::kEof);
  EXPECT_EQ(reader.next(text, no), Status::kEof);
  EXPECT_EQ(reader.error(), 0);
  close(fd);
}

TEST(LineReaderTest, EofRepeatsAfterLastLine) {
  int fd = memfd_with("only\n");
  LineReader reader(fd);
  std::string_view text;
  std::uint64_t no = 0;
  ASSERT_EQ(reader.next(text, no), Status::kLine);
  EXPECT_EQ(text, "only");
  EXPECT_EQ(no, 1u);
  EXPECT_EQ(reader.next(text, no), Status::kEof);
  EXPECT_EQ(reader.next(text, no), Status::kEof);
  close(fd);
}

TEST(LineReaderTest, KeepsNulBytesInsideLines) {
  EXPECT_EQ(
      read_all_memfd("a\0b\n\0\nc"s, 1024),
      (std::vector<Entry>{line("a\0b"s, 1), line("\0"s, 2), line("c", 3)}));
}

TEST(LineReaderTest, TooLongLineIsReportedOnceAndSkipped) {
  std::string data = "short\n" + std::string(100000, 'a') + "\nafter\n";
  EXPECT_EQ(
      read_all_memfd(data, 64 * 1024),
      (std::vector<Entry>{line("short", 1), too_long(2), line("after", 3)}));
}

TEST(LineReaderTest, LimitBoundaries) {
  const std::string data =
      "12345678\n"     // exactly the limit
      "123456789\n"    // one over
      "12345678\r\n"   // the limit plus CRLF
      "123456789\r\n"  // one over plus CRLF
      "1234567\r\r\n"  // the limit counting a kept '\r'
      "abcdefghijklmnopqrstuvwxyz\n"
      "abcdefghijklmnopqrstuvwxyz\n"  // two long lines in a row
      "ok\n"
      "123456789";  // one over at EOF
  const std::vector<Entry> want = {
      line("12345678", 1), too_long(2),          line("12345678", 3),
      too_long(4),         line("1234567\r", 5), too_long(6),
      too_long(7),         line("ok", 8),        too_long(9)};
  EXPECT_EQ(model(data, 8), want);
  EXPECT_EQ(read_all_memfd(data, 8), want);
  for (std::size_t chunk : {1, 2, 3, 9, 10, 11}) {
    PipeFeeder feeder(data, chunk);
    EXPECT_EQ(read_all(feeder.fd(), 8), want) << "chunk " << chunk;
  }
}

TEST(LineReaderTest, PipeInSmallChunksMatchesModel) {
  std::mt19937 rng(12345);
  const std::string alphabet = "ab\r\r\n\n\n\0 #{"s;
  for (int round = 0; round < 20; ++round) {
    std::string data;
    std::size_t size = rng() % 5000;
    while (data.size() < size) {
      if (rng() % 50 == 0) data.append(rng() % 100, 'x');  // long lines
      data.push_back(alphabet[rng() % alphabet.size()]);
    }
    const std::size_t max_line = 1 + rng() % 24;
    PipeFeeder feeder(data, 1 + rng() % 7);
    EXPECT_EQ(read_all(feeder.fd(), max_line), model(data, max_line))
        << "round " << round;
  }
}

TEST(LineReaderTest, ManyLinesAcrossBufferRefills) {
  std::string data;
  for (int i = 1; i <= 50000; ++i)
    data += "http://example.com/" + std::to_string(i) + "\n";
  PipeFeeder feeder(data, 4093);
  auto got = read_all(feeder.fd(), 64 * 1024);
  ASSERT_EQ(got.size(), 50000u);
  EXPECT_EQ(got.front(), line("http://example.com/1", 1));
  EXPECT_EQ(got[31415], line("http://example.com/31416", 31416));
  EXPECT_EQ(got.back(), line("http://example.com/50000", 50000));
}

long max_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

TEST(LineReaderTest, EndlessLineUsesBoundedMemory) {
  // 256 MiB in one line, produced on the fly so the test itself holds only
  // one 1 MiB block. A reader that buffered the line would raise the peak
  // RSS by at least that much.
  constexpr std::size_t kBlock = 1 << 20;
  constexpr int kBlocks = 256;
  std::signal(SIGPIPE, SIG_IGN);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const long rss_before = max_rss_kib();
  std::thread writer([fd = fds[1]] {
    std::string block(kBlock, 'a');
    auto put = [fd](const char* p, std::size_t n) {
      while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        p += w;
        n -= static_cast<std::size_t>(w);
      }
    };
    put("first\n", 6);
    for (int i = 0; i < kBlocks; ++i) put(block.data(), block.size());
    put("\nsecond\r\nthird", 14);
    close(fd);
  });
  auto got = read_all(fds[0], 64 * 1024);
  writer.join();
  close(fds[0]);
  EXPECT_EQ(got, (std::vector<Entry>{line("first", 1), too_long(2),
                                     line("second", 3), line("third", 4)}));
  EXPECT_LT(max_rss_kib() - rss_before, 32 * 1024)
      << "peak RSS grew while skipping a 256 MiB line";
}

TEST(LineReaderTest, ReportsReadErrors) {
  LineReader reader(-1);
  std::string_view text;
  std::uint64_t no = 0;
  EXPECT_EQ(reader.next(text, no), Status::kError);
  EXPECT_EQ(reader.error(), EBADF);
  EXPECT_EQ(reader.next(text, no), Status::kError);

  int dir = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(dir, 0);
  LineReader dir_reader(dir);
  EXPECT_EQ(dir_reader.next(text, no), Status::kError);
  EXPECT_EQ(dir_reader.error(), EISDIR);
  close(dir);
}

TEST(LineReaderTest, WaitsOnNonBlockingPipe) {
  int fds[2];
  ASSERT_EQ(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
  std::promise<void> got_first;
  std::thread writer([fd = fds[1], f = got_first.get_future()]() mutable {
    ASSERT_EQ(write(fd, "one\n", 4), 4);
    f.wait();  // the reader now finds the pipe empty: EAGAIN, then poll
    ASSERT_EQ(write(fd, "two\n", 4), 4);
    close(fd);
  });
  LineReader reader(fds[0]);
  std::string_view text;
  std::uint64_t no = 0;
  ASSERT_EQ(reader.next(text, no), Status::kLine);
  EXPECT_EQ(text, "one");
  got_first.set_value();
  ASSERT_EQ(reader.next(text, no), Status::kLine);
  EXPECT_EQ(text, "two");
  EXPECT_EQ(no, 2u);
  EXPECT_EQ(reader.next(text, no), Status::kEof);
  writer.join();
  close(fds[0]);
}

}  // namespace
}  // namespace fanout::internal
