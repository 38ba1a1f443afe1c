// CSV records (RFC 4180), for spreadsheets and quick `cut`/`awk` work.
#ifndef FANOUT_OUTPUT_CSV_WRITER_H_
#define FANOUT_OUTPUT_CSV_WRITER_H_

#include <string>
#include <string_view>

#include "output/record_writer.h"

namespace fanout::internal {

// The header line begin() writes (without its '\n').
inline constexpr std::string_view kCsvHeader =
    "index,line,id,url,method,ok,status,error,error_message,attempts,bytes,"
    "http_version,dns_ms,connect_ms,tls_ms,ttfb_ms,total_ms";

// RFC 4180 records with the columns of kCsvHeader, '\n' line ends (what
// Unix tools expect; spreadsheets accept them). Absent values (no id, no
// error, no HTTP version) are empty fields; ok is true/false; times have
// three decimals.
//
// Text fields first go through append_terminal_safe, because CSV files get
// cat'ed to terminals: so control characters (including CR and LF) and
// invalid UTF-8 appear as \xNN and a literal backslash as \\. A field that
// then still holds ',' or '"' (or CR/LF, for safety) is quoted with inner
// quotes doubled. Every record is therefore exactly one physical line.
// Not done: neutralising leading '=', '+', '-', '@' (spreadsheet formula
// injection), since it would alter the data; URLs start with a scheme.
class CsvWriter final : public RecordWriter {
 public:
  void begin(std::string& out) override;
  void append(const Result& r, std::string& out) override;

 private:
  void append_field(std::string& out, std::string_view s);
  std::string scratch_;  // reused to quote a field without allocating
};

}  // namespace fanout::internal

#endif  // FANOUT_OUTPUT_CSV_WRITER_H_
