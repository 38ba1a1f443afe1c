// Integer formatting for the record writers: fmt's format_int, without a
// format string to parse on the hot path.
#ifndef FANOUT_OUTPUT_APPEND_NUMBER_H_
#define FANOUT_OUTPUT_APPEND_NUMBER_H_

#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace fanout::internal {

inline void append_uint(std::string& out, std::uint64_t v) {
  const fmt::format_int f(v);
  out.append(f.data(), f.size());
}

inline void append_int(std::string& out, int v) {
  const fmt::format_int f(v);
  out.append(f.data(), f.size());
}

}  // namespace fanout::internal

#endif  // FANOUT_OUTPUT_APPEND_NUMBER_H_
