// libFuzzer target for the input side: the data as one line through
// parse_target_line(), the same bytes as a whole input through LineReader and
// LineSource, and as URL, method and header parts through check_request().
// Any broken invariant aborts; so does any exception, since none may escape.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fanout/request.h"
#include "fanout/source.h"
#include "input/line_reader.h"
#include "input/line_source.h"
#include "input/target_parser.h"
#include "input/validate.h"

namespace fanout::internal {
namespace {

#define FUZZ_CHECK(cond)                                              \
  do {                                                                \
    if (!(cond)) {                                                    \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, \
                   __LINE__, #cond);                                  \
      std::abort();                                                   \
    }                                                                 \
  } while (0)

bool printable_ascii(std::string_view s) {
  for (char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

void check_parsed(const ParsedTarget& t, std::string_view line,
                  std::uint64_t line_no) {
  FUZZ_CHECK(t.request.line == line_no);
  switch (t.kind) {
    case ParsedTarget::kSkip: {
      std::string_view text = trim(line);
      FUZZ_CHECK(text.empty() || text.front() == '#');
      FUZZ_CHECK(t.reason.empty());
      break;
    }
    case ParsedTarget::kRequest:
      FUZZ_CHECK(t.reason.empty());
      FUZZ_CHECK(!t.request.url.empty());
      FUZZ_CHECK(!check_request(t.request).has_value());
      break;
    case ParsedTarget::kInvalid:
      FUZZ_CHECK(!t.reason.empty());
      // One short printable line: safe for any writer, bounded in size.
      FUZZ_CHECK(printable_ascii(t.reason));
      FUZZ_CHECK(t.reason.size() <= 400);
      FUZZ_CHECK(t.request.url.size() <= kMaxInvalidUrlBytes);
      // No userinfo survives into the record.
      FUZZ_CHECK(redact_url(t.request.url) == t.request.url);
      FUZZ_CHECK(t.request.headers.empty());
      FUZZ_CHECK(t.request.body.empty());
      break;
    default:
      FUZZ_CHECK(false);
  }
}

// check_request() must agree with the predicates the CLI uses on its own.
void check_validators(std::string_view s) {
  FUZZ_CHECK(redact_url(s).size() <= s.size());
  FUZZ_CHECK(redact_url(redact_url(s)) == redact_url(s));

  Request base;
  base.url = "http://example.com/";
  Request r = base;
  r.method = std::string(s);
  FUZZ_CHECK(check_request(r).has_value() !=
             (is_token(s) && s.size() <= kMaxMethodLength));
  r = base;
  r.headers.push_back(Header{"X-Fuzz", std::string(s)});
  FUZZ_CHECK(check_request(r).has_value() != header_value_ok(s));
  r = base;
  r.headers.push_back(Header{std::string(s), "v"});
  FUZZ_CHECK(check_request(r).has_value() != is_token(s));
  r = base;
  r.url = std::string(s);
  if (auto reason = check_request(r)) {
    FUZZ_CHECK(!reason->empty());
    FUZZ_CHECK(printable_ascii(*reason));
  }
}

struct Line {
  bool too_long;
  std::string text;
  bool operator==(const Line&) const = default;
};

// What LineReader must yield: split on '\n', one trailing '\r' dropped.
std::vector<Line> model_lines(std::string_view data, std::size_t max_line) {
  std::vector<Line> out;
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t nl = data.find('\n', pos);
    std::size_t end = nl == data.npos ? data.size() : nl;
    std::string_view piece = data.substr(pos, end - pos);
    if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
    if (piece.size() > max_line)
      out.push_back({true, {}});
    else
      out.push_back({false, std::string(piece)});
    pos = end + 1;
  }
  return out;
}

// One memfd reused for every input; rewritten and rewound each time.
int input_fd(std::string_view data) {
  static int fd = memfd_create("target_parser_fuzzer", MFD_CLOEXEC);
  FUZZ_CHECK(fd >= 0);
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t n = pwrite(fd, data.data() + off, data.size() - off,
                       static_cast<off_t>(off));
    FUZZ_CHECK(n > 0);
    off += static_cast<std::size_t>(n);
  }
  // Cut to size after writing, not before: keeps the file's pages between
  // inputs instead of freeing and faulting them in again.
  FUZZ_CHECK(ftruncate(fd, static_cast<off_t>(data.size())) == 0);
  FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0);
  return fd;
}

void check_reader(std::string_view data, std::size_t max_line) {
  const std::vector<Line> want = model_lines(data, max_line);
  LineReader reader(input_fd(data), max_line);
  std::vector<Line> got;
  for (;;) {
    std::string_view text;
    std::uint64_t no = 0;
    LineReader::Status s = reader.next(text, no);
    if (s == LineReader::Status::kEof) break;
    FUZZ_CHECK(s != LineReader::Status::kError);
    FUZZ_CHECK(no == got.size() + 1);
    if (s == LineReader::Status::kTooLong) {
      got.push_back({true, {}});
    } else {
      FUZZ_CHECK(text.size() <= max_line);
      got.push_back({false, std::string(text)});
    }
  }
  FUZZ_CHECK(got == want);
  std::string_view text;
  std::uint64_t no = 0;
  FUZZ_CHECK(reader.next(text, no) == LineReader::Status::kEof);
}

void check_source(std::string_view data, std::size_t max_line) {
  const std::vector<Line> lines = model_lines(data, max_line);
  std::vector<std::uint64_t> want_lines;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].too_long ||
        parse_target_line(lines[i].text, i + 1).kind != ParsedTarget::kSkip)
      want_lines.push_back(i + 1);
  }
  LineSource source(input_fd(data), max_line);
  SourceItem item;
  std::size_t n = 0;
  while (source.next(item)) {
    FUZZ_CHECK(n < want_lines.size());
    FUZZ_CHECK(item.request.line == want_lines[n]);
    if (item.invalid) {
      FUZZ_CHECK(!item.invalid->empty());
      FUZZ_CHECK(printable_ascii(*item.invalid));
      FUZZ_CHECK(redact_url(item.request.url) == item.request.url);
    } else {
      FUZZ_CHECK(!check_request(item.request).has_value());
    }
    ++n;
  }
  FUZZ_CHECK(n == want_lines.size());
  FUZZ_CHECK(source.read_error() == 0);
}

}  // namespace
}  // namespace fanout::internal

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using namespace fanout::internal;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  check_parsed(parse_target_line(input, 1), input, 1);
  check_validators(input);

  // The reader alone under a small limit, picked by the first byte, so the
  // too-long path runs at every offset; the whole source under the default
  // limit, as the CLI uses it. (Each reader allocates its 64 KiB+ buffer,
  // which dominates the cost of an input under ASan, hence two, not four.)
  check_reader(input, size > 0 ? 1 + data[0] % 64 : 1);
  check_source(input, 64 * 1024);
  return 0;
}
