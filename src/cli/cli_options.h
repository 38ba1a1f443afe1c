// The fanout command line: CLI11 definitions turned into run Options and the
// CLI's own settings. Usage errors are values here; cli_run prints them.
#ifndef FANOUT_CLI_CLI_OPTIONS_H_
#define FANOUT_CLI_CLI_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fanout/options.h"
#include "input/target_parser.h"
#include "output/record_writer.h"

namespace fanout::internal {

struct CliConfig {
  Options options;
  // Target-line defaults from -X and -d.
  TargetDefaults defaults;
  std::vector<std::string> urls;  // positional targets
  std::string input;              // -i: path, "-" for stdin, "" if not given
  std::string output;             // -o: path, "" for stdout
  std::optional<Format> format;   // nullopt: text on a terminal, else jsonl
  bool quiet = false;
  std::string resume;  // --resume FILE: skip finished targets, append to FILE
  bool fsync_each = false;
  // --shard K/N: only targets whose index % N == K.
  std::uint64_t shard_k = 0, shard_n = 1;
};

struct ParsedCli {
  std::optional<CliConfig> config;  // set when the run should go ahead
  int exit_code = 0;                // otherwise: 0 (--help) or 2 (usage)
  std::string message;              // what to print (help text or error)
};

ParsedCli parse_cli(int argc, const char* const* argv);

}  // namespace fanout::internal

#endif  // FANOUT_CLI_CLI_OPTIONS_H_
