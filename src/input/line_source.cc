#include "input/line_source.h"

#include <string>
#include <string_view>
#include <utility>

#include "input/target_parser.h"

namespace fanout::internal {

LineSource::LineSource(int fd, std::size_t max_line)
    : reader_(fd, max_line), max_line_(max_line) {}

LineSource::LineSource(int fd, const TargetDefaults& defaults,
                       std::size_t max_line)
    : reader_(fd, max_line), max_line_(max_line), defaults_(defaults) {}

bool LineSource::next(SourceItem& out) {
  for (;;) {
    std::string_view line;
    std::uint64_t line_no = 0;
    switch (reader_.next(line, line_no)) {
      case LineReader::Status::kLine: {
        ParsedTarget t = parse_target_line(line, line_no, defaults_);
        if (t.kind == ParsedTarget::kSkip) continue;
        out.request = std::move(t.request);
        if (t.kind == ParsedTarget::kInvalid) {
          out.invalid = std::move(t.reason);
        } else {
          out.invalid.reset();
        }
        return true;
      }
      case LineReader::Status::kTooLong:
        // Its text is gone (never buffered), so the record carries only the
        // line number.
        out.request = Request{};
        out.request.line = line_no;
        out.invalid =
            "line longer than " + std::to_string(max_line_) + " bytes";
        return true;
      case LineReader::Status::kEof:
      case LineReader::Status::kError:
        return false;
    }
  }
}

}  // namespace fanout::internal
