#include "output/escape.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>

namespace fanout::internal {
namespace {

using namespace std::string_literals;

std::string json(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string term(std::string_view s) {
  std::string out;
  append_terminal_safe(out, s);
  return out;
}

// nlohmann's dump() throws type_error 316 on invalid UTF-8.
bool valid_utf8(const std::string& s) {
  try {
    (void)nlohmann::json(s).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

std::string parse_json_string(const std::string& quoted) {
  return nlohmann::json::parse(quoted).get<std::string>();
}

// Random pieces: bytes of any value, plus well-formed sequences (random
// bytes alone are almost never valid multi-byte UTF-8) and C1 controls.
std::string random_bytes(std::mt19937& rng, std::size_t max_pieces) {
  static const std::string kPieces[] = {
      "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc2\x9b",
      "\xc2\x85", "\xed\x9f\xbf", "\xf4\x8f\xbf\xbf", "\x1b[0m"};
  std::uniform_int_distribution<std::size_t> len(0, max_pieces);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<std::size_t> piece(0, std::size(kPieces) - 1);
  std::string s;
  for (std::size_t i = len(rng); i > 0; --i) {
    if (byte(rng) < 64) {
      s += kPieces[piece(rng)];
    } else {
      s.push_back(static_cast<char>(byte(rng)));
    }
  }
  return s;
}

TEST(AppendJsonString, PlainAsciiIsQuotedVerbatim) {
  EXPECT_EQ(json("https://example.com/a?b=c&d=e"),
            R"("https://example.com/a?b=c&d=e")");
  EXPECT_EQ(json(""), R"("")");
}

TEST(AppendJsonString, AppendsWithoutTouchingExistingContent) {
  std::string out = "prefix:";
  append_json_string(out, "x");
  EXPECT_EQ(out, R"(prefix:"x")");
}

TEST(AppendJsonString, EscapesQuoteAndBackslash) {
  EXPECT_EQ(json(R"(a"b\c)"), R"("a\"b\\c")");
}

TEST(AppendJsonString, EscapesControlCharacters) {
  EXPECT_EQ(json("\n\r\t"), R"("\n\r\t")");
  EXPECT_EQ(json("a\0b"s), R"("a\u0000b")");
  EXPECT_EQ(json("\x1b[31m"), R"("\u001b[31m")");
  EXPECT_EQ(json("\x7f\x1f\x08\x0c"), R"("\u007f\u001f\u0008\u000c")");
}

TEST(AppendJsonString, ValidMultiByteUtf8PassesThrough) {
  const std::string s = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\x9b";
  EXPECT_EQ(json(s), "\"" + s + "\"");
  EXPECT_EQ(parse_json_string(json(s)), s);
}

TEST(AppendJsonString, InvalidUtf8BecomesReplacementPerMaximalSubpart) {
  EXPECT_EQ(json("a\x80z"), R"("a\ufffdz")");  // lone continuation
  EXPECT_EQ(json("\xff"), R"("\ufffd")");
  EXPECT_EQ(json("\xe2\x82"), R"("\ufffd")");        // truncated at end
  EXPECT_EQ(json("\xe2\x82+"), R"("\ufffd+")");      // truncated mid-string
  EXPECT_EQ(json("\xc0\xaf"), R"("\ufffd\ufffd")");  // overlong '/'
  EXPECT_EQ(json("\xe0\x80\xaf"), R"("\ufffd\ufffd\ufffd")");  // overlong
  EXPECT_EQ(json("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");  // surrogate
  EXPECT_EQ(json("\xf4\x90\x80\x80"),
            R"("\ufffd\ufffd\ufffd\ufffd")");          // above U+10FFFF
  EXPECT_EQ(json("\xf0\x9f\x98"), R"("\ufffd")");      // truncated 4-byte
  EXPECT_EQ(json("\xe9t\xe9"), R"("\ufffdt\ufffd")");  // Latin-1
}

TEST(AppendJsonString, BoundaryCodePointsAreValid) {
  for (const std::string& s :
       {"\xc2\x80"s, "\xdf\xbf"s, "\xe0\xa0\x80"s, "\xed\x9f\xbf"s,
        "\xee\x80\x80"s, "\xef\xbf\xbf"s, "\xf0\x90\x80\x80"s,
        "\xf4\x8f\xbf\xbf"s}) {
    EXPECT_EQ(json(s), "\"" + s + "\"");
  }
}

TEST(AppendJsonString, RandomBytesAlwaysGiveValidJson) {
  std::mt19937 rng(42);
  for (int i = 0; i < 20000; ++i) {
    const std::string s = random_bytes(rng, 40);
    const std::string out = json(s);
    std::string parsed;
    ASSERT_NO_THROW(parsed = parse_json_string(out)) << out;
    EXPECT_TRUE(valid_utf8(parsed));
    if (valid_utf8(s)) {
      EXPECT_EQ(parsed, s);
    }
  }
}

TEST(AppendJsonString, RoundTripsAllAsciiBytes) {
  std::string s;
  for (int c = 0; c < 0x80; ++c) s.push_back(static_cast<char>(c));
  EXPECT_EQ(parse_json_string(json(s)), s);
}

TEST(AppendTerminalSafe, PrintableAsciiAndUtf8PassThrough) {
  EXPECT_EQ(term("https://example.com/x y"), "https://example.com/x y");
  const std::string s = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\xa0";
  EXPECT_EQ(term(s), s);
}

TEST(AppendTerminalSafe, EscapesControlsAndBackslash) {
  EXPECT_EQ(term("\x1b[2J\x1b]0;pwned\x07"), R"(\x1b[2J\x1b]0;pwned\x07)");
  EXPECT_EQ(term("a\nb\rc\td"), R"(a\x0ab\x0dc\x09d)");
  EXPECT_EQ(term("\x7f"), R"(\x7f)");
  EXPECT_EQ(term("nul\0"s), R"(nul\x00)");
  EXPECT_EQ(term(R"(C:\path)"), R"(C:\\path)");
}

TEST(AppendTerminalSafe, EscapesC1ControlsAsTheirBytes) {
  EXPECT_EQ(term("\xc2\x9b[31m"), R"(\xc2\x9b[31m)");  // U+009B CSI
  EXPECT_EQ(term("\xc2\x80\xc2\x9f"), R"(\xc2\x80\xc2\x9f)");
}

TEST(AppendTerminalSafe, EscapesInvalidUtf8Bytes) {
  EXPECT_EQ(term("\x9b"), R"(\x9b)");  // raw 8-bit CSI
  EXPECT_EQ(term("\xff\xfe"), R"(\xff\xfe)");
  EXPECT_EQ(term("\xe2\x82"), R"(\xe2\x82)");
  EXPECT_EQ(term("\xed\xa0\x80"), R"(\xed\xa0\x80)");
}

// Whatever comes in, nothing a terminal would act on comes out.
TEST(AppendTerminalSafe, RandomBytesNeverYieldControls) {
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const std::string out = term(random_bytes(rng, 40));
    ASSERT_TRUE(valid_utf8(out));
    for (std::size_t j = 0; j < out.size(); ++j) {
      const auto c = static_cast<unsigned char>(out[j]);
      ASSERT_TRUE(c >= 0x20 && c != 0x7f) << out;
      if (c == 0xc2 && j + 1 < out.size()) {
        ASSERT_GE(static_cast<unsigned char>(out[j + 1]), 0xa0) << out;
      }
    }
  }
}

}  // namespace
}  // namespace fanout::internal
