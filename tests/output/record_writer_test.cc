#include "output/record_writer.h"

#include <gtest/gtest.h>

#include <string>

#include "output/csv_writer.h"
#include "output/jsonl_writer.h"
#include "output/text_writer.h"

namespace fanout::internal {
namespace {

TEST(ParseFormat, AcceptsExactlyTheThreeNames) {
  EXPECT_EQ(parse_format("jsonl"), Format::kJsonl);
  EXPECT_EQ(parse_format("text"), Format::kText);
  EXPECT_EQ(parse_format("csv"), Format::kCsv);
  for (const char* bad : {"", "json", "JSONL", "Text", "csv ", "tsv", "ndjson"})
    EXPECT_EQ(parse_format(bad), std::nullopt) << bad;
}

TEST(MakeWriter, ReturnsTheMatchingWriter) {
  EXPECT_NE(dynamic_cast<JsonlWriter*>(make_writer(Format::kJsonl, true).get()),
            nullptr);
  EXPECT_NE(dynamic_cast<TextWriter*>(make_writer(Format::kText, false).get()),
            nullptr);
  EXPECT_NE(dynamic_cast<CsvWriter*>(make_writer(Format::kCsv, false).get()),
            nullptr);
}

TEST(MakeWriter, ColorOnlyAffectsText) {
  Result r;
  r.url = "u";
  r.status = 200;
  r.ok = true;
  for (const Format f : {Format::kJsonl, Format::kCsv}) {
    std::string plain, colored;
    make_writer(f, false)->append(r, plain);
    make_writer(f, true)->append(r, colored);
    EXPECT_EQ(plain, colored);
  }
  std::string plain, colored;
  make_writer(Format::kText, false)->append(r, plain);
  make_writer(Format::kText, true)->append(r, colored);
  EXPECT_NE(plain, colored);
}

// The contract every writer shares: one complete line per append().
TEST(RecordWriter, EveryFormatAppendsExactlyOneLine) {
  Result r;
  r.url = "http://x/\n\r";
  r.id = "i\nd";
  r.error = ErrorKind::kReset;
  r.error_message = "m\ne\rs\0s";
  for (const Format f : {Format::kJsonl, Format::kText, Format::kCsv}) {
    auto w = make_writer(f, true);
    std::string out = "prev\n";
    w->append(r, out);
    ASSERT_GT(out.size(), 5u);
    EXPECT_EQ(out.substr(0, 5), "prev\n");
    EXPECT_EQ(out.back(), '\n');
    EXPECT_EQ(out.find_first_of("\r\n", 5), out.size() - 1);
  }
}

}  // namespace
}  // namespace fanout::internal
