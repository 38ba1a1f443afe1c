#include "output/record_writer.h"

#include "output/csv_writer.h"
#include "output/jsonl_writer.h"
#include "output/text_writer.h"

namespace fanout::internal {

RecordWriter::~RecordWriter() = default;

std::optional<Format> parse_format(std::string_view name) {
  if (name == "jsonl") return Format::kJsonl;
  if (name == "text") return Format::kText;
  if (name == "csv") return Format::kCsv;
  return std::nullopt;
}

std::unique_ptr<RecordWriter> make_writer(Format format, bool color) {
  switch (format) {
    case Format::kJsonl:
      return std::make_unique<JsonlWriter>();
    case Format::kText:
      return std::make_unique<TextWriter>(color);
    case Format::kCsv:
      return std::make_unique<CsvWriter>();
  }
  return std::make_unique<JsonlWriter>();  // unreachable for valid enums
}

}  // namespace fanout::internal
