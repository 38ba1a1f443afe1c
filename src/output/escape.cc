#include "output/escape.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace fanout::internal {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// true for bytes copied verbatim into a JSON string: printable ASCII except
// the two characters JSON requires escaping.
constexpr std::array<bool, 256> kJsonPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x7f; ++c) t[c] = true;
  t['"'] = false;
  t['\\'] = false;
  return t;
}();

// true for bytes copied verbatim to a terminal: printable ASCII except `\`,
// our escape character.
constexpr std::array<bool, 256> kTerminalPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x7f; ++c) t[c] = true;
  t['\\'] = false;
  return t;
}();

// Length of the UTF-8 sequence at |p| (which points at a byte >= 0x80) when
// it is well formed, as a positive number; otherwise minus the length of its
// maximal ill-formed subpart (always at least one byte). Follows Table 3-7 of
// the Unicode standard, so overlong forms, surrogates (ED A0..BF) and code
// points above U+10FFFF are ill formed.
int utf8_sequence(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = *p;
  unsigned lo = 0x80;  // allowed range of the second byte
  unsigned hi = 0xbf;
  int trail;
  if (c >= 0xc2 && c <= 0xdf) {
    trail = 1;
  } else if (c == 0xe0) {
    trail = 2;
    lo = 0xa0;
  } else if (c == 0xed) {
    trail = 2;
    hi = 0x9f;
  } else if (c >= 0xe1 && c <= 0xef) {
    trail = 2;
  } else if (c == 0xf0) {
    trail = 3;
    lo = 0x90;
  } else if (c >= 0xf1 && c <= 0xf3) {
    trail = 3;
  } else if (c == 0xf4) {
    trail = 3;
    hi = 0x8f;
  } else {
    return -1;  // a continuation byte, C0, C1 or F5..FF: never a lead
  }
  for (int i = 1; i <= trail; ++i) {
    if (p + i == end || p[i] < lo || p[i] > hi) return -i;
    lo = 0x80;
    hi = 0xbf;
  }
  return trail + 1;
}

void append_hex_byte(std::string& out, unsigned char c) {
  const char esc[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 0xf]};
  out.append(esc, sizeof esc);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = p + s.size();
  out.push_back('"');
  while (p < end) {
    const auto* run = p;
    while (p < end && kJsonPlain[*p]) ++p;
    if (p != run) {
      out.append(reinterpret_cast<const char*>(run),
                 static_cast<std::size_t>(p - run));
    }
    if (p == end) break;
    const unsigned char c = *p;
    if (c < 0x80) {
      switch (c) {
        case '"':
          out.append("\\\"", 2);
          break;
        case '\\':
          out.append("\\\\", 2);
          break;
        case '\n':
          out.append("\\n", 2);
          break;
        case '\r':
          out.append("\\r", 2);
          break;
        case '\t':
          out.append("\\t", 2);
          break;
        default: {  // other C0 controls and DEL
          const char esc[6] = {'\\', 'u',          '0',
                               '0',  kHex[c >> 4], kHex[c & 0xf]};
          out.append(esc, sizeof esc);
        }
      }
      ++p;
      continue;
    }
    const int n = utf8_sequence(p, end);
    if (n > 0) {
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
      p += n;
    } else {
      out.append("\\ufffd", 6);
      p += -n;
    }
  }
  out.push_back('"');
}

void append_terminal_safe(std::string& out, std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = p + s.size();
  while (p < end) {
    const auto* run = p;
    while (p < end && kTerminalPlain[*p]) ++p;
    if (p != run) {
      out.append(reinterpret_cast<const char*>(run),
                 static_cast<std::size_t>(p - run));
    }
    if (p == end) break;
    const unsigned char c = *p;
    if (c == '\\') {
      out.append("\\\\", 2);
      ++p;
      continue;
    }
    if (c < 0x80) {  // C0 control or DEL
      append_hex_byte(out, c);
      ++p;
      continue;
    }
    const int n = utf8_sequence(p, end);
    // U+0080..U+009F are encoded C2 80..C2 9F.
    const bool c1_control = n == 2 && c == 0xc2 && p[1] <= 0x9f;
    if (n > 0 && !c1_control) {
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
      p += n;
      continue;
    }
    const auto* stop = p + (n > 0 ? n : -n);
    for (; p < stop; ++p) append_hex_byte(out, *p);
  }
}

}  // namespace fanout::internal
