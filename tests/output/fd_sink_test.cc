#include "output/fd_sink.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>

namespace fanout::internal {
namespace {

// The CLI ignores SIGPIPE; tests that close a pipe's read end must too.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() {
    struct sigaction sa {};
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, &old_);
  }
  ~IgnoreSigpipe() { sigaction(SIGPIPE, &old_, nullptr); }

 private:
  struct sigaction old_ {};
};

class TempFile {
 public:
  TempFile() {
    path_ = testing::TempDir() + "fd_sink_test_XXXXXX";
    fd_ = mkstemp(path_.data());
    if (fd_ < 0) ADD_FAILURE() << "mkstemp: " << errno;
  }
  ~TempFile() {
    close(fd_);
    unlink(path_.c_str());
  }
  int fd() const { return fd_; }
  std::string contents() const {
    std::string s;
    char buf[65536];
    off_t off = 0;
    for (;;) {
      const ssize_t n = pread(fd_, buf, sizeof buf, off);
      if (n <= 0) break;
      s.append(buf, static_cast<std::size_t>(n));
      off += n;
    }
    return s;
  }

 private:
  std::string path_;
  int fd_ = -1;
};

std::string record(int i, std::size_t width = 100) {
  std::string s = std::to_string(i);
  s.resize(width - 1, 'x');
  s.push_back('\n');
  return s;
}

TEST(NextChunkLength, WholeBufferWhenSmall) {
  EXPECT_EQ(next_chunk_length("", 10), 0u);
  EXPECT_EQ(next_chunk_length("abc\n", 10), 4u);
  EXPECT_EQ(next_chunk_length("0123456789", 10), 10u);
}

TEST(NextChunkLength, CutsAfterLastNewlineWithinLimit) {
  EXPECT_EQ(next_chunk_length("ab\ncd\nefghij\n", 10), 6u);
  EXPECT_EQ(next_chunk_length("012345678\nab\n", 10), 10u);  // '\n' at max-1
}

TEST(NextChunkLength, OversizedRecordGoesOutWhole) {
  EXPECT_EQ(next_chunk_length("0123456789abc\nde\n", 10), 14u);
  EXPECT_EQ(next_chunk_length("0123456789abc", 10), 13u);
}

TEST(FdSink, BuffersUntilChunkSize) {
  TempFile f;
  FdSink sink(f.fd());
  std::string expected;
  int i = 0;
  while (expected.size() + 100 < FdSink::kChunkBytes) {
    sink.buffer() += record(i);
    expected += record(i);
    sink.record_done();
    ++i;
  }
  EXPECT_EQ(f.contents(), "");
  sink.buffer() += record(i);
  expected += record(i);
  sink.record_done();
  EXPECT_EQ(f.contents(), expected);
  EXPECT_TRUE(sink.buffer().empty());
  EXPECT_EQ(sink.error(), 0);
}

TEST(FdSink, FlushWritesEverythingInOrder) {
  TempFile f;
  std::string expected;
  {
    FdSink sink(f.fd());
    for (int i = 0; i < 5000; ++i) {  // several chunks
      sink.buffer() += record(i, 37 + i % 50);
      expected += record(i, 37 + i % 50);
      sink.record_done();
    }
    EXPECT_TRUE(sink.flush());
    EXPECT_EQ(f.contents(), expected);
    sink.buffer() += record(-1);
    expected += record(-1);
  }  // the destructor flushes the rest
  EXPECT_EQ(f.contents(), expected);
}

TEST(FdSink, FileOnlyEverHoldsWholeLines) {
  TempFile f;
  FdSink sink(f.fd());
  for (int i = 0; i < 3000; ++i) {
    sink.buffer() += record(i, 1 + (i * 7919) % 300);
    sink.record_done();
    const std::string c = f.contents();
    if (!c.empty()) {
      ASSERT_EQ(c.back(), '\n');
    }
  }
  ASSERT_TRUE(sink.flush());
}

TEST(FdSink, FsyncEachWritesEveryRecordImmediately) {
  TempFile f;
  FdSink sink(f.fd(), /*fsync_each=*/true);
  std::string expected;
  for (int i = 0; i < 20; ++i) {
    sink.buffer() += record(i);
    expected += record(i);
    sink.record_done();
    EXPECT_EQ(f.contents(), expected);
  }
  EXPECT_EQ(sink.error(), 0);
}

TEST(FdSink, FsyncEachOnAPipeIsNotAnError) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  {
    FdSink sink(p[1], /*fsync_each=*/true);
    sink.buffer() += "one\n";
    sink.record_done();
    EXPECT_EQ(sink.error(), 0);
    char buf[16];
    ASSERT_EQ(read(p[0], buf, sizeof buf), 4);
    EXPECT_EQ(std::string(buf, 4), "one\n");
  }
  close(p[0]);
  close(p[1]);
}

TEST(FdSink, ClosedPipeGivesEpipeAndDropsLaterRecords) {
  IgnoreSigpipe ignore;
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  close(p[0]);
  FdSink sink(p[1]);
  sink.buffer() += "lost\n";
  sink.record_done();
  EXPECT_EQ(sink.error(), 0);  // still buffered
  EXPECT_FALSE(sink.flush());
  EXPECT_EQ(sink.error(), EPIPE);
  for (int i = 0; i < 5000; ++i) {
    sink.buffer() += record(i);
    sink.record_done();
    ASSERT_LT(sink.buffer().size(), 200u);  // dropped, not accumulated
  }
  EXPECT_FALSE(sink.flush());
  EXPECT_EQ(sink.error(), EPIPE);  // the first error is kept
  close(p[1]);
}

TEST(FdSink, FullDeviceGivesEnospc) {
  const int fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0) << "/dev/full is needed for this test";
  {
    FdSink sink(fd);
    sink.buffer() += "x\n";
    EXPECT_FALSE(sink.flush());
    EXPECT_EQ(sink.error(), ENOSPC);
  }
  close(fd);
}

TEST(FdSink, BadFdIsAnErrorNotACrash) {
  FdSink sink(1000000);  // not open
  sink.buffer() += "x\n";
  EXPECT_FALSE(sink.flush());
  EXPECT_EQ(sink.error(), EBADF);
}

// A non-blocking pipe with a slow reader: writes hit EAGAIN, wait in poll()
// and still deliver every byte in order.
TEST(FdSink, NonBlockingPipeWithSlowReaderDeliversEverything) {
  int p[2];
  ASSERT_EQ(pipe2(p, O_NONBLOCK), 0);
  (void)fcntl(p[1], F_SETPIPE_SZ, 4096);  // best effort: smaller is harsher
  const int rfd = p[0];
  std::string received;
  std::thread reader([&] {
    const int flags = fcntl(rfd, F_GETFL);
    fcntl(rfd, F_SETFL, flags & ~O_NONBLOCK);
    char buf[1000];
    for (;;) {
      const ssize_t n = read(rfd, buf, sizeof buf);
      if (n > 0) {
        received.append(buf, static_cast<std::size_t>(n));
        usleep(50);
      } else if (n == 0 || errno != EINTR) {
        break;
      }
    }
  });
  std::string expected;
  {
    FdSink sink(p[1]);
    for (int i = 0; i < 20000; ++i) {
      sink.buffer() += record(i, 10 + i % 90);
      expected += record(i, 10 + i % 90);
      sink.record_done();
    }
    EXPECT_TRUE(sink.flush());
    EXPECT_EQ(sink.error(), 0);
  }
  close(p[1]);
  reader.join();
  close(p[0]);
  EXPECT_EQ(received.size(), expected.size());
  EXPECT_TRUE(received == expected);
}

}  // namespace
}  // namespace fanout::internal
