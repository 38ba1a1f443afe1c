// JSON Lines records: the default, machine-readable format.
#ifndef FANOUT_OUTPUT_JSONL_WRITER_H_
#define FANOUT_OUTPUT_JSONL_WRITER_H_

#include <string>

#include "output/record_writer.h"

namespace fanout::internal {

// One JSON object per line, keys always present and always in this order
// (consumers may rely on both):
//   {"index":0,"line":1,"id":null,"url":"...","method":"GET","ok":true,
//    "status":200,"error":null,"attempts":1,"bytes":11,"http_version":"1.1",
//    "time_ms":{"dns":0.000,"connect":0.100,"tls":0.000,"ttfb":0.900,
//    "total":1.000}}
// "id" and "http_version" are null when absent/empty; "error" is null or
// {"kind":"timeout","message":"..."}; times have exactly three decimals
// (non-finite times, which the engine never produces, become null so the
// line stays valid JSON). Strings go through append_json_string, so every
// line is valid JSON and valid UTF-8 whatever the server sent.
//
// Built with plain appends and fmt rather than a JSON DOM: at 100k+
// records/s the DOM's allocations dominate.
class JsonlWriter final : public RecordWriter {
 public:
  void append(const Result& r, std::string& out) override;
};

}  // namespace fanout::internal

#endif  // FANOUT_OUTPUT_JSONL_WRITER_H_
