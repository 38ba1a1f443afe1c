#include "cli/cli_run.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "cli/cli_options.h"
#include "cli/resume.h"
#include "cli/signal_watch.h"
#include "fanout/fanout.h"
#include "input/line_source.h"
#include "input/target_parser.h"
#include "loop/unique_fd.h"
#include "output/fd_sink.h"
#include "output/record_writer.h"
#include "summary/summary.h"
#include "summary/summary_text.h"

namespace fanout::cli {
namespace {

using internal::CliConfig;

// Positional arguments as targets; each argument counts as one input line.
class ArgsSource final : public RequestSource {
 public:
  ArgsSource(const std::vector<std::string>& args,
             const internal::TargetDefaults& defaults)
      : args_(args), defaults_(defaults) {}
  bool next(SourceItem& out) override {
    while (pos_ < args_.size()) {
      const std::uint64_t line = ++pos_;
      internal::ParsedTarget t =
          internal::parse_target_line(args_[pos_ - 1], line, defaults_);
      if (t.kind == internal::ParsedTarget::kSkip) continue;
      out.request = std::move(t.request);
      out.invalid.reset();
      if (t.kind == internal::ParsedTarget::kInvalid)
        out.invalid = std::move(t.reason);
      return true;
    }
    return false;
  }

 private:
  const std::vector<std::string>& args_;
  const internal::TargetDefaults& defaults_;
  std::size_t pos_ = 0;
};

// Formats each result into the output buffer and counts it; flushes whenever
// the engine is about to wait, so records appear as they complete.
class CliSink final : public ResultSink {
 public:
  CliSink(internal::RecordWriter& writer, internal::FdSink& out,
          internal::Summary prior, std::stop_source& stop)
      : writer_(writer), out_(out), summary_(std::move(prior)), stop_(stop) {}
  void on_result(Result&& r) override {
    writer_.append(r, out_.buffer());
    out_.record_done();
    summary_.add(r);
    stop_if_output_failed();
  }
  void on_idle() override {
    out_.flush();
    stop_if_output_failed();
  }
  const internal::Summary& summary() const { return summary_; }

 private:
  // Records that cannot be written (a closed pipe as in `fanout | head`,
  // a full disk) end the run: going on would only lose them.
  void stop_if_output_failed() {
    if (out_.error() != 0) stop_.request_stop();
  }

  internal::RecordWriter& writer_;
  internal::FdSink& out_;
  internal::Summary summary_;
  std::stop_source& stop_;
};

bool colour_allowed(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  if (no_color && *no_color) return false;
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(fd) == 1;
}

int fail(const std::string& message, int code) {
  fmt::print(stderr, "fanout: {}\n", message);
  return code;
}

}  // namespace

int run(int argc, char** argv) {
  // Before any thread exists, so all of them inherit the blocked signals.
  std::stop_source stop;
  internal::SignalWatch signals(stop);

  internal::ParsedCli parsed = internal::parse_cli(argc, argv);
  if (!parsed.config) {
    std::fputs(parsed.message.c_str(), parsed.exit_code ? stderr : stdout);
    return parsed.exit_code;
  }
  CliConfig& cfg = *parsed.config;

  // Input.
  internal::UniqueFd input_file;
  int input_fd = -1;
  if (cfg.urls.empty()) {
    if (cfg.input.empty() || cfg.input == "-") {
      input_fd = STDIN_FILENO;
      if (::isatty(STDIN_FILENO) == 1 && cfg.input.empty())
        fmt::print(stderr,
                   "fanout: reading targets from the terminal (end with "
                   "Ctrl-D; see --help)\n");
    } else {
      input_file.reset(::open(cfg.input.c_str(), O_RDONLY | O_CLOEXEC));
      if (!input_file.valid())
        return fail(fmt::format("cannot open input \"{}\": {}", cfg.input,
                                std::strerror(errno)),
                    2);
      input_fd = input_file.get();
    }
  }

  // --resume: what is done already, and the file compacted to final records.
  internal::ResumeState resume;
  internal::Summary prior_summary;
  if (!cfg.resume.empty()) {
    Status s =
        resume.load(cfg.resume, [&](const Result& r) { prior_summary.add(r); });
    if (!s.is_ok()) return fail(s.message(), 2);
  }

  // Output.
  internal::UniqueFd output_file;
  int output_fd = STDOUT_FILENO;
  if (!cfg.resume.empty()) {
    output_file.reset(::open(cfg.resume.c_str(),
                             O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
    if (!output_file.valid())
      return fail(fmt::format("cannot open \"{}\": {}", cfg.resume,
                              std::strerror(errno)),
                  2);
    output_fd = output_file.get();
  } else if (!cfg.output.empty()) {
    output_file.reset(::open(cfg.output.c_str(),
                             O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!output_file.valid())
      return fail(fmt::format("cannot open output \"{}\": {}", cfg.output,
                              std::strerror(errno)),
                  2);
    output_fd = output_file.get();
  }
  const bool out_is_tty = ::isatty(output_fd) == 1;
  const internal::Format format = cfg.format.value_or(
      out_is_tty ? internal::Format::kText : internal::Format::kJsonl);
  auto writer = internal::make_writer(format, colour_allowed(output_fd));
  internal::FdSink out(output_fd, cfg.fsync_each);
  writer->begin(out.buffer());
  CliSink sink(*writer, out, std::move(prior_summary), stop);

  std::unique_ptr<RequestSource> source;
  internal::LineSource* line_source = nullptr;
  if (input_fd >= 0) {
    auto ls = std::make_unique<internal::LineSource>(input_fd, cfg.defaults);
    line_source = ls.get();
    source = std::move(ls);
  } else {
    source = std::make_unique<ArgsSource>(cfg.urls, cfg.defaults);
  }

  if (cfg.shard_n > 1 || resume.size() > 0) {
    cfg.options.select = [&cfg, &resume](std::uint64_t index,
                                         const Request& request) {
      if (index % cfg.shard_n != cfg.shard_k) return false;
      return !resume.done(index, request.url);
    };
  }

  const auto t0 = std::chrono::steady_clock::now();
  Status status = fanout::run(*source, cfg.options, sink, stop.get_token());
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  out.flush();

  if (!cfg.quiet)
    std::fputs(internal::render_summary(sink.summary(), wall,
                                        colour_allowed(STDERR_FILENO))
                   .c_str(),
               stderr);
  if (out.error())
    fmt::print(stderr, "fanout: writing records failed: {}\n",
               std::strerror(out.error()));
  if (!status.is_ok())
    return fail(status.message(),
                status.code() == Status::Code::kInvalidArgument ? 2 : 1);
  if (line_source && line_source->read_error())
    return fail(fmt::format("reading input failed: {}",
                            std::strerror(line_source->read_error())),
                2);
  if (signals.signal() != 0) return 130;
  if (out.error()) return 1;
  return sink.summary().failed() == 0 ? 0 : 1;
}

}  // namespace fanout::cli
