#include "output/jsonl_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace fanout::internal {
namespace {

using namespace std::string_literals;
using nlohmann::ordered_json;

Result typical() {
  Result r;
  r.index = 0;
  r.line = 1;
  r.url = "http://127.0.0.1:8080/hello";
  r.method = "GET";
  r.ok = true;
  r.status = 200;
  r.attempts = 1;
  r.bytes = 11;
  r.http_version = "1.1";
  r.time = {0.0, 0.1, 0.0, 0.9, 1.0};
  return r;
}

std::string line_of(const Result& r) {
  JsonlWriter w;
  std::string out;
  w.append(r, out);
  return out;
}

// Parses one record, checking it is a single '\n'-terminated line.
ordered_json parse_line(const std::string& line) {
  EXPECT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  return ordered_json::parse(line);
}

TEST(JsonlWriter, TypicalRecordHasTheDocumentedShape) {
  EXPECT_EQ(
      line_of(typical()),
      R"({"index":0,"line":1,"id":null,"url":"http://127.0.0.1:8080/hello",)"
      R"("method":"GET","ok":true,"status":200,"error":null,"attempts":1,)"
      R"("bytes":11,"http_version":"1.1","time_ms":{"dns":0.000,)"
      R"("connect":0.100,"tls":0.000,"ttfb":0.900,"total":1.000}})"
      "\n");
}

TEST(JsonlWriter, KeysAreInTheDocumentedOrder) {
  const ordered_json j = parse_line(line_of(typical()));
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"index", "line", "id", "url", "method",
                                      "ok", "status", "error", "attempts",
                                      "bytes", "http_version", "time_ms"}));
  keys.clear();
  for (const auto& [k, v] : j["time_ms"].items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"dns", "connect", "tls", "ttfb",
                                            "total"}));
}

TEST(JsonlWriter, ErrorRecord) {
  Result r;
  r.index = 7;
  r.line = 9;
  r.id = "job-7";
  r.url = "https://slow.example/";
  r.method = "POST";
  r.error = ErrorKind::kTimeout;
  r.error_message = "timed out after 5000 ms";
  r.attempts = 3;
  r.time.total_ms = 5000.1234;
  const ordered_json j = parse_line(line_of(r));
  EXPECT_EQ(j["index"], 7);
  EXPECT_EQ(j["line"], 9);
  EXPECT_EQ(j["id"], "job-7");
  EXPECT_EQ(j["method"], "POST");
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["status"], 0);
  EXPECT_EQ(j["error"]["kind"], "timeout");
  EXPECT_EQ(j["error"]["message"], "timed out after 5000 ms");
  EXPECT_EQ(j["attempts"], 3);
  EXPECT_EQ(j["bytes"], 0);
  EXPECT_TRUE(j["http_version"].is_null());
  EXPECT_DOUBLE_EQ(j["time_ms"]["total"].get<double>(), 5000.123);
}

TEST(JsonlWriter, EveryErrorKindIsWrittenByName) {
  for (int k = 1; k < kErrorKindCount; ++k) {
    Result r = typical();
    r.error = static_cast<ErrorKind>(k);
    const ordered_json j = parse_line(line_of(r));
    EXPECT_EQ(j["error"]["kind"], std::string(to_string(r.error)));
  }
}

TEST(JsonlWriter, HttpFailureStatusHasNullError) {
  Result r = typical();
  r.ok = false;
  r.status = 503;
  const ordered_json j = parse_line(line_of(r));
  EXPECT_EQ(j["status"], 503);
  EXPECT_TRUE(j["error"].is_null());
}

TEST(JsonlWriter, LargeNumbers) {
  Result r = typical();
  r.index = std::numeric_limits<std::uint64_t>::max();
  r.bytes = 1ULL << 40;
  r.time.total_ms = 3600000.0;
  const ordered_json j = parse_line(line_of(r));
  EXPECT_EQ(j["index"].get<std::uint64_t>(),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(j["bytes"].get<std::uint64_t>(), 1ULL << 40);
  EXPECT_NE(line_of(r).find(R"("total":3600000.000})"), std::string::npos);
}

TEST(JsonlWriter, NonFiniteTimesBecomeNull) {
  Result r = typical();
  r.time.dns_ms = std::numeric_limits<double>::quiet_NaN();
  r.time.total_ms = std::numeric_limits<double>::infinity();
  const ordered_json j = parse_line(line_of(r));
  EXPECT_TRUE(j["time_ms"]["dns"].is_null());
  EXPECT_TRUE(j["time_ms"]["total"].is_null());
}

TEST(JsonlWriter, NastyStringsStayOneValidLine) {
  const std::string valid_nasty =
      "q\"uote\\ new\nline\r\ttab \x1b[31mred\x1b[0m nul\0 del\x7f "
      "\xc2\x9b \xe2\x80\xae caf\xc3\xa9"s;
  Result r = typical();
  r.id = valid_nasty;
  r.url = "http://h/" + valid_nasty;
  r.method = "M\nX";
  r.error = ErrorKind::kProtocol;
  r.error_message = valid_nasty;
  r.http_version = "2\"";
  const ordered_json j = parse_line(line_of(r));
  EXPECT_EQ(j["id"], valid_nasty);
  EXPECT_EQ(j["url"], "http://h/" + valid_nasty);
  EXPECT_EQ(j["method"], "M\nX");
  EXPECT_EQ(j["error"]["message"], valid_nasty);
  EXPECT_EQ(j["http_version"], "2\"");
}

TEST(JsonlWriter, InvalidUtf8IsReplaced) {
  Result r = typical();
  r.url = "http://h/\xff\xfe?q=caf\xe9";
  r.error = ErrorKind::kOther;
  r.error_message = "bad \xc0\xaf byte";
  const ordered_json j = parse_line(line_of(r));
  EXPECT_EQ(j["url"], "http://h/\xef\xbf\xbd\xef\xbf\xbd?q=caf\xef\xbf\xbd");
  EXPECT_EQ(j["error"]["message"], "bad \xef\xbf\xbd\xef\xbf\xbd byte");
}

TEST(JsonlWriter, RandomRecordsAllParse) {
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> len(0, 30);
  auto random_string = [&] {
    std::string s(static_cast<std::size_t>(len(rng)), '\0');
    for (char& c : s) c = static_cast<char>(byte(rng));
    return s;
  };
  JsonlWriter w;
  std::string out;
  for (int i = 0; i < 2000; ++i) {
    Result r;
    r.index = static_cast<std::uint64_t>(i);
    if (i % 2) r.id = random_string();
    r.url = random_string();
    r.method = random_string();
    r.error = static_cast<ErrorKind>(i % kErrorKindCount);
    r.error_message = random_string();
    r.http_version = random_string();
    r.time.total_ms = i * 0.37;
    out.clear();
    w.append(r, out);
    const ordered_json j = parse_line(out);
    EXPECT_EQ(j["index"], i);
    EXPECT_EQ(j["id"].is_null(), i % 2 == 0);
    EXPECT_NEAR(j["time_ms"]["total"].get<double>(), i * 0.37, 0.0005);
    // dump() throws on invalid UTF-8 anywhere in the parsed document.
    EXPECT_NO_THROW((void)j.dump());
  }
}

TEST(JsonlWriter, AppendsAfterExistingContent) {
  JsonlWriter w;
  std::string out;
  w.begin(out);
  EXPECT_TRUE(out.empty());
  w.append(typical(), out);
  const std::size_t first = out.size();
  w.append(typical(), out);
  EXPECT_EQ(out.size(), 2 * first);
  EXPECT_EQ(out.substr(0, first), out.substr(first));
}

}  // namespace
}  // namespace fanout::internal
