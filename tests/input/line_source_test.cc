#include "input/line_source.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

namespace fanout::internal {
namespace {

using namespace std::string_literals;

int memfd_with(const std::string& data) {
  int fd = memfd_create("line_source_test", MFD_CLOEXEC);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, data.data(), data.size()),
            static_cast<ssize_t>(data.size()));
  EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
  return fd;
}

std::vector<SourceItem> drain(LineSource& source) {
  std::vector<SourceItem> items;
  SourceItem item;
  while (source.next(item)) items.push_back(item);
  return items;
}

TEST(LineSourceTest, OneItemPerTargetLine) {
  std::string input;
  input += "# targets\n";                // 1 skipped
  input += "\n";                         // 2 skipped
  input += "http://example.com/a\r\n";   // 3
  input += "ftp://u:pw@example.com/\n";  // 4 invalid
  input += "   \n";                      // 5 skipped
  input += R"({"url":"https://example.com/b","id":5})"
           "\n";                            // 6
  input += std::string(70000, 'x') + "\n";  // 7 too long
  input += "{broken\n";                     // 8 invalid
  input += "http://example.com/last";       // 9, no newline
  int fd = memfd_with(input);
  LineSource source(fd);
  std::vector<SourceItem> items = drain(source);
  EXPECT_EQ(source.read_error(), 0);
  close(fd);

  ASSERT_EQ(items.size(), 6u);
  EXPECT_EQ(items[0].request.url, "http://example.com/a");
  EXPECT_EQ(items[0].request.line, 3u);
  EXPECT_FALSE(items[0].invalid.has_value());

  EXPECT_EQ(items[1].request.url, "ftp://example.com/");
  EXPECT_EQ(items[1].request.line, 4u);
  EXPECT_EQ(items[1].invalid,
            "unsupported scheme \"ftp\" (only http and https)");

  EXPECT_EQ(items[2].request.url, "https://example.com/b");
  EXPECT_EQ(items[2].request.id, "5");
  EXPECT_EQ(items[2].request.line, 6u);
  EXPECT_FALSE(items[2].invalid.has_value());

  EXPECT_EQ(items[3].request.line, 7u);
  EXPECT_EQ(items[3].request.url, "");
  EXPECT_EQ(items[3].invalid, "line longer than 65536 bytes");

  EXPECT_EQ(items[4].request.line, 8u);
  ASSERT_TRUE(items[4].invalid.has_value());
  EXPECT_EQ(items[4].invalid->rfind("invalid JSON", 0), 0u);

  EXPECT_EQ(items[5].request.url, "http://example.com/last");
  EXPECT_EQ(items[5].request.line, 9u);
  EXPECT_FALSE(items[5].invalid.has_value());
}

TEST(LineSourceTest, ValidItemAfterInvalidOneHasNoReason) {
  // The caller reuses one SourceItem; a stale reason must not survive.
  int fd = memfd_with("nope\nhttp://h/\n");
  LineSource source(fd);
  SourceItem item;
  ASSERT_TRUE(source.next(item));
  EXPECT_TRUE(item.invalid.has_value());
  ASSERT_TRUE(source.next(item));
  EXPECT_FALSE(item.invalid.has_value());
  EXPECT_EQ(item.request.url, "http://h/");
  EXPECT_FALSE(source.next(item));
  close(fd);
}

TEST(LineSourceTest, TooLongReasonNamesTheLimit) {
  int fd = memfd_with("http://h/0123456789\nhttp://h/1\n");
  LineSource source(fd, 16);
  std::vector<SourceItem> items = drain(source);
  close(fd);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].invalid, "line longer than 16 bytes");
  EXPECT_EQ(items[0].request.line, 1u);
  EXPECT_EQ(items[1].request.url, "http://h/1");
  EXPECT_EQ(items[1].request.line, 2u);
}

TEST(LineSourceTest, EmptyAndCommentOnlyInputsYieldNothing) {
  for (std::string input : {""s, "\n\n"s, "# a\n  # b\r\n\t\n"s}) {
    int fd = memfd_with(input);
    LineSource source(fd);
    SourceItem item;
    EXPECT_FALSE(source.next(item));
    EXPECT_EQ(source.read_error(), 0);
    close(fd);
  }
}

TEST(LineSourceTest, AppliesTargetDefaults) {
  int fd = memfd_with(
      "http://h/a\n"
      R"({"url":"http://h/b","method":"DELETE"})"
      "\n" +
      std::string(60, 'x') + "\n");
  LineSource source(fd, TargetDefaults{"PATCH", "{}"}, 48);
  std::vector<SourceItem> items = drain(source);
  close(fd);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].request.method, "PATCH");
  EXPECT_EQ(items[0].request.body, "{}");
  EXPECT_EQ(items[1].request.method, "DELETE");
  EXPECT_EQ(items[1].request.body, "{}");
  EXPECT_EQ(items[2].invalid, "line longer than 48 bytes");
  EXPECT_EQ(items[2].request.line, 3u);
}

TEST(LineSourceTest, ReadErrorEndsTheSource) {
  LineSource source(-1);
  SourceItem item;
  EXPECT_FALSE(source.next(item));
  EXPECT_EQ(source.read_error(), EBADF);
}

}  // namespace
}  // namespace fanout::internal
