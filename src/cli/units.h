// Parsing the CLI's durations (DUR) and sizes (SIZE).
#ifndef FANOUT_CLI_UNITS_H_
#define FANOUT_CLI_UNITS_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace fanout::internal {

// "250ms", "3s", "1.5s", "2m", "1h"; a bare number is seconds. Returns
// nullopt for anything else, negative values, or more than 30 days.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view s);

// "1024", "64K", "16MiB", "1G" (K/M/G, with or without "B"/"iB", are powers of
// 1024, as in curl's --max-filesize). nullopt for anything else.
std::optional<std::uint64_t> parse_size(std::string_view s);

// "100", "100/s", "6000/m", "36000/h" → starts per second. nullopt for
// anything else or a non-positive rate.
std::optional<double> parse_rate(std::string_view s);

// "K/N" with 0 <= K < N → {K, N}.
std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_shard(
    std::string_view s);

}  // namespace fanout::internal

#endif  // FANOUT_CLI_UNITS_H_
