#include "output/csv_writer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace fanout::internal {
namespace {

using namespace std::string_literals;

// A strict RFC 4180 parser for one record (the line without its '\n').
// Fails the test on malformed quoting.
std::vector<std::string> parse_csv_record(const std::string& line) {
  std::vector<std::string> fields(1);
  std::size_t i = 0;
  bool at_field_start = true;
  while (i < line.size()) {
    const char c = line[i];
    if (at_field_start && c == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) {
          ADD_FAILURE() << "unterminated quote: " << line;
          return fields;
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            fields.back().push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        fields.back().push_back(line[i++]);
      }
      if (i < line.size() && line[i] != ',') {
        ADD_FAILURE() << "text after closing quote: " << line;
        return fields;
      }
      at_field_start = false;
      continue;
    }
    if (c == ',') {
      fields.emplace_back();
      at_field_start = true;
    } else {
      EXPECT_NE(c, '"') << "bare quote in unquoted field: " << line;
      fields.back().push_back(c);
      at_field_start = false;
    }
    ++i;
  }
  return fields;
}

std::vector<std::string> record_of(const Result& r) {
  CsvWriter w;
  std::string out;
  w.append(r, out);
  EXPECT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.find_first_of("\r\n"), out.size() - 1) << out;
  out.pop_back();
  return parse_csv_record(out);
}

Result typical() {
  Result r;
  r.index = 3;
  r.line = 4;
  r.url = "https://example.com/x";
  r.method = "GET";
  r.ok = true;
  r.status = 200;
  r.attempts = 1;
  r.bytes = 512;
  r.http_version = "2";
  r.time = {1.0, 2.5, 7.25, 10.0, 12.3456};
  return r;
}

TEST(CsvWriter, BeginWritesHeader) {
  CsvWriter w;
  std::string out;
  w.begin(out);
  EXPECT_EQ(out,
            "index,line,id,url,method,ok,status,error,error_message,attempts,"
            "bytes,http_version,dns_ms,connect_ms,tls_ms,ttfb_ms,total_ms\n");
  EXPECT_EQ(parse_csv_record(std::string(kCsvHeader)).size(), 17u);
}

TEST(CsvWriter, TypicalRecord) {
  CsvWriter w;
  std::string out;
  w.append(typical(), out);
  EXPECT_EQ(out,
            "3,4,,https://example.com/x,GET,true,200,,,1,512,2,"
            "1.000,2.500,7.250,10.000,12.346\n");
}

TEST(CsvWriter, ErrorRecord) {
  Result r;
  r.id = "a";
  r.url = "http://x/";
  r.method = "GET";
  r.error = ErrorKind::kConnect;
  r.error_message = "connection refused";
  r.attempts = 2;
  const auto f = record_of(r);
  ASSERT_EQ(f.size(), 17u);
  EXPECT_EQ(f[2], "a");
  EXPECT_EQ(f[5], "false");
  EXPECT_EQ(f[6], "0");
  EXPECT_EQ(f[7], "connect");
  EXPECT_EQ(f[8], "connection refused");
  EXPECT_EQ(f[9], "2");
  EXPECT_EQ(f[11], "");
}

TEST(CsvWriter, QuotesCommasAndQuotes) {
  Result r = typical();
  r.id = "a,b";
  r.url = "http://x/?q=\"hi\"";
  r.error = ErrorKind::kOther;
  r.error_message = "say \"no\", twice";
  CsvWriter w;
  std::string out;
  w.append(r, out);
  EXPECT_NE(out.find(R"(,"a,b","http://x/?q=""hi""",)"), std::string::npos)
      << out;
  const auto f = record_of(r);
  ASSERT_EQ(f.size(), 17u);
  EXPECT_EQ(f[2], "a,b");
  EXPECT_EQ(f[3], "http://x/?q=\"hi\"");
  EXPECT_EQ(f[8], "say \"no\", twice");
}

TEST(CsvWriter, ControlCharactersAreEscapedNotEmbedded) {
  Result r = typical();
  r.id = "line1\r\nline2";
  r.url = "http://x/\x1b[31m\\";
  r.error = ErrorKind::kOther;
  r.error_message = "nul\0 c1\xc2\x9b bad\xff"s;
  const auto f = record_of(r);
  ASSERT_EQ(f.size(), 17u);
  EXPECT_EQ(f[2], R"(line1\x0d\x0aline2)");
  EXPECT_EQ(f[3], R"(http://x/\x1b[31m\\)");
  EXPECT_EQ(f[8], R"(nul\x00 c1\xc2\x9b bad\xff)");
}

TEST(CsvWriter, RandomRecordsParseToSeventeenFields) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> len(0, 20);
  auto random_string = [&] {
    std::string s(static_cast<std::size_t>(len(rng)), '\0');
    for (char& c : s) c = static_cast<char>(byte(rng) % 2 ? '"' : byte(rng));
    return s;
  };
  for (int i = 0; i < 2000; ++i) {
    Result r;
    r.id = random_string();
    r.url = random_string();
    r.method = random_string();
    r.error = ErrorKind::kOther;
    r.error_message = random_string();
    r.http_version = random_string();
    const auto f = record_of(r);
    ASSERT_EQ(f.size(), 17u);
    for (const auto& field : f) {
      for (const char c : field) {
        const auto u = static_cast<unsigned char>(c);
        ASSERT_TRUE(u >= 0x20 && u != 0x7f);
      }
    }
  }
}

}  // namespace
}  // namespace fanout::internal
