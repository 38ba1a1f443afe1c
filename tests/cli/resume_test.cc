#include "cli/resume.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace fanout::internal {
namespace {

namespace fs = std::filesystem;

// A record line as the JSON-lines writer prints it (without the newline).
std::string ok_line(std::uint64_t index, std::string_view url,
                    int status = 200) {
  return "{\"index\":" + std::to_string(index) +
         ",\"line\":" + std::to_string(index + 1) + ",\"id\":null,\"url\":\"" +
         std::string(url) + "\",\"method\":\"GET\",\"ok\":true,\"status\":" +
         std::to_string(status) +
         ",\"error\":null,\"attempts\":1,\"bytes\":11,\"http_version\":\"1.1\","
         "\"time_ms\":{\"dns\":0.0,\"connect\":0.1,\"tls\":0.0,\"ttfb\":0.9,"
         "\"total\":1.0}}";
}

std::string failed_line(std::uint64_t index, std::string_view url,
                        std::string_view kind) {
  return "{\"index\":" + std::to_string(index) +
         ",\"line\":" + std::to_string(index + 1) + ",\"id\":\"r" +
         std::to_string(index) + "\",\"url\":\"" + std::string(url) +
         "\",\"method\":\"GET\",\"ok\":false,\"status\":0,\"error\":{\"kind\":"
         "\"" +
         std::string(kind) +
         "\",\"message\":\"it went wrong\"},\"attempts\":3,\"bytes\":0,"
         "\"http_version\":\"\",\"time_ms\":{\"dns\":0.0,\"connect\":0.0,"
         "\"tls\":0.0,\"ttfb\":0.0,\"total\":5000.25}}";
}

class ResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "resume_test.XXXXXX");
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "records.jsonl").string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  void write_file(const std::string& content) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << content;
    ASSERT_TRUE(out.good());
  }
  std::string read_file() {
    std::ifstream in(path_, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  // Loads path_ into state_, collecting the records handed to on_record.
  void load() {
    Status s =
        state_.load(path_, [this](const Result& r) { seen_.push_back(r); });
    ASSERT_TRUE(s.is_ok()) << s.message();
  }

  fs::path dir_;
  std::string path_;
  ResumeState state_;
  std::vector<Result> seen_;
};

TEST_F(ResumeTest, MissingFileIsAnEmptyState) {
  load();
  EXPECT_EQ(state_.size(), 0u);
  EXPECT_EQ(state_.dropped(), 0u);
  EXPECT_TRUE(seen_.empty());
  EXPECT_FALSE(state_.done(0, "http://h/a"));
}

TEST_F(ResumeTest, EmptyFileStaysEmpty) {
  write_file("");
  load();
  EXPECT_EQ(state_.size(), 0u);
  EXPECT_EQ(state_.dropped(), 0u);
  EXPECT_TRUE(seen_.empty());
  EXPECT_TRUE(fs::exists(path_));
  EXPECT_EQ(read_file(), "");
}

TEST_F(ResumeTest, KeepsFinalRecordsAndRewritesTheFileWithThemOnly) {
  const std::string keep0 = ok_line(0, "http://h/a");
  const std::string keep1 = failed_line(1, "http://h/b", "timeout");
  const std::string drop2 = failed_line(2, "http://h/c", "cancelled");
  const std::string drop3 = failed_line(3, "http://h/d", "deadline");
  const std::string keep4 = ok_line(4, "http://h/e", 404);
  const std::string keep5 = failed_line(5, "http://h/f", "dns");
  const std::string torn6 = ok_line(6, "http://h/g");
  write_file(keep0 + "\n" + keep1 + "\n" + drop2 + "\n" + drop3 + "\n" +
             "this is not json\n" + keep4 + "\n" + keep5 + "\n" + torn6);
  load();

  EXPECT_EQ(state_.size(), 4u);
  EXPECT_EQ(state_.dropped(), 4u);  // cancelled, deadline, garbage, torn
  EXPECT_EQ(read_file(),
            keep0 + "\n" + keep1 + "\n" + keep4 + "\n" + keep5 + "\n");
  EXPECT_FALSE(fs::exists(path_ + ".fanout-resume.tmp"));

  ASSERT_EQ(seen_.size(), 4u);
  EXPECT_EQ(seen_[0].index, 0u);
  EXPECT_EQ(seen_[1].index, 1u);
  EXPECT_EQ(seen_[2].index, 4u);
  EXPECT_EQ(seen_[3].index, 5u);

  EXPECT_TRUE(state_.done(0, "http://h/a"));
  EXPECT_TRUE(state_.done(1, "http://h/b"));
  EXPECT_FALSE(state_.done(2, "http://h/c"));
  EXPECT_FALSE(state_.done(3, "http://h/d"));
  EXPECT_TRUE(state_.done(4, "http://h/e"));
  EXPECT_TRUE(state_.done(5, "http://h/f"));
  EXPECT_FALSE(state_.done(6, "http://h/g"));
  EXPECT_FALSE(state_.done(7, "http://h/a"));
}

TEST_F(ResumeTest, EveryKindButCancelledAndDeadlineIsFinal) {
  std::string content;
  std::uint64_t index = 0;
  for (int k = 1; k < kErrorKindCount; ++k) {
    content += failed_line(index++, "http://h/x",
                           to_string(static_cast<ErrorKind>(k)));
    content += '\n';
  }
  write_file(content);
  load();
  EXPECT_EQ(state_.size(), static_cast<std::size_t>(kErrorKindCount - 3));
  EXPECT_EQ(state_.dropped(), 2u);
  for (int k = 1; k < kErrorKindCount; ++k) {
    const auto kind = static_cast<ErrorKind>(k);
    EXPECT_EQ(is_final_kind(kind),
              kind != ErrorKind::kCancelled && kind != ErrorKind::kDeadline);
    EXPECT_EQ(state_.done(k - 1, "http://h/x"), is_final_kind(kind))
        << to_string(kind);
  }
  EXPECT_TRUE(is_final_kind(ErrorKind::kNone));
}

TEST_F(ResumeTest, FileEndingInANewlineHasNoTornLine) {
  const std::string a = ok_line(0, "http://h/a");
  const std::string b = ok_line(1, "http://h/b");
  write_file(a + "\n" + b + "\n");
  load();
  EXPECT_EQ(state_.size(), 2u);
  EXPECT_EQ(state_.dropped(), 0u);
  EXPECT_EQ(read_file(), a + "\n" + b + "\n");
}

TEST_F(ResumeTest, OnlyATornLineLeavesAnEmptyFile) {
  write_file(ok_line(0, "http://h/a"));
  load();
  EXPECT_EQ(state_.size(), 0u);
  EXPECT_EQ(state_.dropped(), 1u);
  EXPECT_TRUE(seen_.empty());
  EXPECT_FALSE(state_.done(0, "http://h/a"));
  EXPECT_EQ(read_file(), "");
}

TEST_F(ResumeTest, GarbageLinesAreDropped) {
  const std::string a = ok_line(0, "http://h/a");
  write_file("\n{}\n[]\n{\"index\":-1,\"url\":\"http://h/a\"}\n" +
             std::string("{\"index\":1}\n{\"url\":\"http://h/a\"}\n") +
             "{\"index\":\"2\",\"url\":\"http://h/a\"}\n" +
             "{\"index\":3,\"url\":7}\n" + a.substr(0, a.size() / 2) + "\n" +
             a + "\n");
  load();
  EXPECT_EQ(state_.size(), 1u);
  EXPECT_EQ(state_.dropped(), 9u);
  EXPECT_EQ(read_file(), a + "\n");
}

TEST_F(ResumeTest, LaterFinalRecordReplacesAnEarlierCancelledOne) {
  // Run 1 was cancelled at index 1; run 2 (resumed) finished it.
  const std::string a = ok_line(0, "http://h/a");
  const std::string b_cancelled = failed_line(1, "http://h/b", "cancelled");
  const std::string b = ok_line(1, "http://h/b");
  write_file(a + "\n" + b_cancelled + "\n" + b + "\n");
  load();
  EXPECT_EQ(state_.size(), 2u);
  EXPECT_TRUE(state_.done(1, "http://h/b"));
  EXPECT_EQ(read_file(), a + "\n" + b + "\n");
  ASSERT_EQ(seen_.size(), 2u);
  EXPECT_TRUE(seen_[1].ok);
}

TEST_F(ResumeTest, KeepsOnlyTheFirstFinalRecordOfATarget) {
  // resume.h: load() "Keeps each target's first final record"; a duplicate
  // must neither reach the summary twice nor stay in the file.
  const std::string first = failed_line(0, "http://h/a", "timeout");
  const std::string second = ok_line(0, "http://h/a");
  const std::string other = ok_line(1, "http://h/b");
  write_file(first + "\n" + second + "\n" + other + "\n");
  load();
  EXPECT_TRUE(state_.done(0, "http://h/a"));
  EXPECT_TRUE(state_.done(1, "http://h/b"));
  ASSERT_EQ(seen_.size(), 2u);
  EXPECT_EQ(seen_[0].error, ErrorKind::kTimeout);
  EXPECT_EQ(seen_[1].index, 1u);
  EXPECT_EQ(read_file(), first + "\n" + other + "\n");
}

TEST_F(ResumeTest, DoneNeedsTheSameIndexAndTheSameUrl) {
  write_file(ok_line(0, "http://h/a") + "\n" + ok_line(1, "http://h/b") + "\n" +
             ok_line(5, "http://h/a") + "\n");
  load();
  EXPECT_TRUE(state_.done(0, "http://h/a"));
  EXPECT_FALSE(state_.done(0, "http://h/b"));  // the input changed
  EXPECT_FALSE(state_.done(1, "http://h/a"));
  EXPECT_TRUE(state_.done(1, "http://h/b"));
  EXPECT_FALSE(state_.done(2, "http://h/a"));
  EXPECT_TRUE(state_.done(5, "http://h/a"));
  EXPECT_FALSE(state_.done(0, "http://h/a/"));
  EXPECT_FALSE(state_.done(0, "HTTP://h/a"));
  EXPECT_FALSE(state_.done(0, ""));
  EXPECT_FALSE(state_.done(UINT64_MAX, "http://h/a"));
}

TEST_F(ResumeTest, DoneComparesTheRedactedUrl) {
  // Records hold URLs with userinfo removed; the input still has it.
  write_file(ok_line(7, "http://h/x") + "\n");
  load();
  EXPECT_TRUE(state_.done(7, "http://u:p@h/x"));
  EXPECT_TRUE(state_.done(7, "http://u@h/x"));
  EXPECT_TRUE(state_.done(7, "http://h/x"));
  EXPECT_FALSE(state_.done(7, "http://u:p@g/x"));
  EXPECT_FALSE(state_.done(6, "http://u:p@h/x"));
}

TEST_F(ResumeTest, DoneWorksForRecordsOutOfIndexOrder) {
  // Records are written in completion order, not input order.
  write_file(ok_line(9, "http://h/9") + "\n" + ok_line(2, "http://h/2") + "\n" +
             ok_line(5, "http://h/5") + "\n" + ok_line(0, "http://h/0") + "\n");
  load();
  for (std::uint64_t i : {0, 2, 5, 9})
    EXPECT_TRUE(state_.done(i, "http://h/" + std::to_string(i))) << i;
  for (std::uint64_t i : {1, 3, 4, 6, 7, 8, 10})
    EXPECT_FALSE(state_.done(i, "http://h/" + std::to_string(i))) << i;
}

TEST_F(ResumeTest, LargeFileIsRewrittenByteForByte) {
  // Over 1 MiB of kept records, so the rewrite flushes more than once.
  std::string expected;
  std::string content;
  for (std::uint64_t i = 0; i < 6000; ++i) {
    const std::string url = "http://h/" + std::to_string(i);
    const std::string line =
        i % 10 == 3 ? failed_line(i, url, "cancelled")
                    : (i % 2 ? failed_line(i, url, "reset") : ok_line(i, url));
    content += line + "\n";
    if (i % 10 != 3) expected += line + "\n";
  }
  ASSERT_GT(expected.size(), std::size_t{1} << 20);
  write_file(content);
  load();
  EXPECT_EQ(state_.size(), 5400u);
  EXPECT_EQ(state_.dropped(), 600u);
  EXPECT_EQ(seen_.size(), 5400u);
  EXPECT_TRUE(read_file() == expected);
  EXPECT_TRUE(state_.done(5998, "http://h/5998"));
  EXPECT_FALSE(state_.done(5993, "http://h/5993"));
}

TEST_F(ResumeTest, LoadingTwiceIsStable) {
  const std::string a = ok_line(0, "http://h/a");
  write_file(a + "\n" + failed_line(1, "http://h/b", "deadline") + "\n");
  load();
  const std::string once = read_file();
  ResumeState again;
  Status s = again.load(path_, [](const Result&) {});
  ASSERT_TRUE(s.is_ok()) << s.message();
  EXPECT_EQ(read_file(), once);
  EXPECT_EQ(again.size(), 1u);
  EXPECT_EQ(again.dropped(), 0u);
}

TEST_F(ResumeTest, DirectoryIsAnError) {
  // A directory can be neither read as records nor replaced by a file.
  const fs::path sub = dir_ / "records";
  ASSERT_TRUE(fs::create_directory(sub));
  int calls = 0;
  Status s = state_.load(sub.string(), [&](const Result&) { ++calls; });
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(calls, 0);
  EXPECT_TRUE(fs::is_directory(sub));
}

TEST_F(ResumeTest, WrongTypedFieldsMakeALineNotARecord) {
  // Valid JSON with a field of the wrong type (a hand-edited or foreign
  // file) is "not a record": dropped, never an exception out of load().
  const std::string a = ok_line(0, "http://h/a");
  write_file(
      "{\"index\":1,\"url\":\"http://h/b\",\"status\":\"200\"}\n"
      "{\"index\":2,\"url\":\"http://h/c\",\"status\":null}\n"
      "{\"index\":3,\"url\":\"http://h/d\",\"ok\":1}\n"
      "{\"index\":5,\"url\":\"http://h/f\",\"error\":{\"kind\":7}}\n" +
      a + "\n");
  EXPECT_NO_THROW(load());
  EXPECT_TRUE(state_.done(0, "http://h/a"));
}

TEST(ResumeParseTest, RoundTripsASuccess) {
  Result r;
  r.error = ErrorKind::kDns;  // overwritten: parse starts from a fresh Result
  ASSERT_TRUE(parse_record(ok_line(42, "http://h/a?b=c", 204), r));
  EXPECT_EQ(r.index, 42u);
  EXPECT_EQ(r.url, "http://h/a?b=c");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.bytes, 11u);
  EXPECT_EQ(r.error, ErrorKind::kNone);
  EXPECT_EQ(r.error_message, "");
  EXPECT_DOUBLE_EQ(r.time.total_ms, 1.0);
}

TEST(ResumeParseTest, RoundTripsAFailure) {
  Result r;
  ASSERT_TRUE(parse_record(failed_line(3, "https://h:8443/x", "timeout"), r));
  EXPECT_EQ(r.index, 3u);
  EXPECT_EQ(r.url, "https://h:8443/x");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(r.bytes, 0u);
  EXPECT_EQ(r.error, ErrorKind::kTimeout);
  EXPECT_EQ(r.error_message, "it went wrong");
  EXPECT_DOUBLE_EQ(r.time.total_ms, 5000.25);
}

TEST(ResumeParseTest, EveryErrorKindNameRoundTrips) {
  for (int k = 1; k < kErrorKindCount; ++k) {
    const auto kind = static_cast<ErrorKind>(k);
    Result r;
    ASSERT_TRUE(parse_record(failed_line(0, "http://h/", to_string(kind)), r));
    EXPECT_EQ(r.error, kind) << to_string(kind);
  }
}

TEST(ResumeParseTest, UnknownErrorKindIsOther) {
  Result r;
  ASSERT_TRUE(parse_record(failed_line(0, "http://h/", "gremlins"), r));
  EXPECT_EQ(r.error, ErrorKind::kOther);
}

TEST(ResumeParseTest, LargeValues) {
  Result r;
  ASSERT_TRUE(parse_record(
      "{\"index\":18446744073709551615,\"url\":\"http://h/\",\"ok\":true,"
      "\"status\":599,\"error\":null,\"attempts\":101,"
      "\"bytes\":18446744073709551615,\"time_ms\":{\"total\":1e9}}",
      r));
  EXPECT_EQ(r.index, UINT64_MAX);
  EXPECT_EQ(r.status, 599);
  EXPECT_EQ(r.attempts, 101);
  EXPECT_EQ(r.bytes, UINT64_MAX);
  EXPECT_DOUBLE_EQ(r.time.total_ms, 1e9);
}

TEST(ResumeParseTest, WrongTypedFieldDoesNotThrow) {
  Result r;
  for (std::string_view line :
       {"{\"index\":1,\"url\":\"http://h/\",\"status\":\"200\"}",
        "{\"index\":1,\"url\":\"http://h/\",\"status\":null}",
        "{\"index\":1,\"url\":\"http://h/\",\"ok\":1}",
        "{\"index\":1,\"url\":\"http://h/\",\"attempts\":[]}",
        "{\"index\":1,\"url\":\"http://h/\",\"time_ms\":{\"total\":\"1\"}}",
        "{\"index\":1,\"url\":\"http://h/\",\"error\":{\"kind\":7}}",
        "{\"index\":1,\"url\":\"http://h/\",\"error\":{\"kind\":\"dns\","
        "\"message\":null}}"}) {
    EXPECT_NO_THROW((void)parse_record(line, r)) << line;
  }
}

TEST(ResumeParseTest, NotARecord) {
  Result r;
  for (std::string_view bad :
       {"", "   ", "null", "42", "\"s\"", "[]", "{}", "not json", "{\"index\"",
        "{\"index\":1}", "{\"url\":\"http://h/\"}",
        "{\"index\":-1,\"url\":\"http://h/\"}",
        "{\"index\":1.5,\"url\":\"http://h/\"}",
        "{\"index\":\"1\",\"url\":\"http://h/\"}", "{\"index\":1,\"url\":null}",
        "{\"index\":1,\"url\":7}"}) {
    EXPECT_FALSE(parse_record(bad, r)) << bad;
  }
}

}  // namespace
}  // namespace fanout::internal
