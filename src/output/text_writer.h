// Human-readable records: one aligned line per request, for a terminal.
#ifndef FANOUT_OUTPUT_TEXT_WRITER_H_
#define FANOUT_OUTPUT_TEXT_WRITER_H_

#include <string>
#include <string_view>

#include "output/record_writer.h"

namespace fanout::internal {

// ANSI SGR sequences used for colour output.
inline constexpr std::string_view kSgrReset = "\x1b[0m";

// The SGR colour for an outcome: 2xx green, 3xx cyan, 4xx yellow, 5xx and
// any |error| other than kNone red; empty (no colour) otherwise, e.g. for a
// 1xx status. Shared with the run summary so both agree.
std::string_view status_sgr(int status, ErrorKind error);

// Writes, per result:
//   <outcome padded to 9> <total ms, right-aligned, e.g. "  12.3ms"> <url>
// followed for errors by "  (<message>)". The outcome is the error kind name
// when error != kNone (it wins over a status received before, e.g. for
// too_large), else the HTTP status. The URL and message come from the input
// and the network and pass through append_terminal_safe; the only control
// characters ever written are the SGR sequences of |color| mode, which
// colour the outcome and are reset right after it.
class TextWriter final : public RecordWriter {
 public:
  explicit TextWriter(bool color) : color_(color) {}
  void append(const Result& r, std::string& out) override;

 private:
  const bool color_;
};

}  // namespace fanout::internal

#endif  // FANOUT_OUTPUT_TEXT_WRITER_H_
