#include "cli/cli_options.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <sstream>
#include <tuple>

#include "cli/units.h"
#include "fanout/fanout.h"
#include "input/validate.h"

namespace fanout::internal {
namespace {

// Thrown inside parse_cli only, for a value CLI11 accepted as text but we do
// not; caught below and turned into exit status 2.
struct UsageError {
  std::string message;
};

std::chrono::milliseconds duration_arg(const std::string& flag,
                                       const std::string& text,
                                       bool allow_zero) {
  auto d = parse_duration(text);
  if (!d || (!allow_zero && d->count() == 0))
    throw UsageError{fmt::format(
        "{}: invalid duration \"{}\" (examples: 250ms, 3s, 2m; a bare number "
        "is seconds)",
        flag, text)};
  return *d;
}

Header header_arg(const std::string& text) {
  // curl's forms: "Name: value", and "Name;" for an empty value.
  Header h;
  auto colon = text.find(':');
  if (colon == std::string::npos && !text.empty() && text.back() == ';') {
    h.name = text.substr(0, text.size() - 1);
  } else if (colon != std::string::npos) {
    h.name = text.substr(0, colon);
    std::size_t v = colon + 1;
    while (v < text.size() && (text[v] == ' ' || text[v] == '\t')) ++v;
    h.value = text.substr(v);
    while (!h.value.empty() &&
           (h.value.back() == ' ' || h.value.back() == '\t'))
      h.value.pop_back();
  }
  if (h.name.empty() || !is_token(h.name))
    throw UsageError{fmt::format(
        "-H: expected 'Name: value' with a valid header name, got {}",
        quote_for_reason(text.substr(0, text.find(':'))))};
  if (!header_value_ok(h.value))
    throw UsageError{fmt::format(
        "-H {}: the value contains CR, LF, NUL or another control character",
        h.name)};
  return h;
}

std::string data_arg(const std::string& text) {
  if (text.empty() || text[0] != '@') return text;
  const std::string path = text.substr(1);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError{fmt::format("-d: cannot read file \"{}\"", path)};
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

ParsedCli parse_cli(int argc, const char* const* argv) {
  ParsedCli out;
  CliConfig cfg;
  cfg.options.keep_body = false;

  CLI::App app{
      "fanout: run many HTTP requests concurrently, one result record each.\n"
      "Targets come from URL arguments, -i FILE, or stdin: one per line, a URL "
      "or a JSON object {\"url\", \"method\", \"headers\", \"body\", "
      "\"timeout_ms\", \"id\"}.",
      "fanout"};
  app.set_version_flag("-V,--version", std::string(kVersion));
  std::string timeout = "10s", connect_timeout, max_body = "16MiB", format,
              method, data;
  std::vector<std::string> headers;
  int max_redirs = -1;
  std::string retry_backoff = "100ms", retry_max_wait = "30s", max_time_total,
              rate, per_host_rate, deadline, shard;

  app.add_option("urls", cfg.urls, "Target URLs (or JSON objects)")
      ->type_name("URL");
  app.add_option("-i,--input", cfg.input,
                 "Read targets from FILE, one per line ('-' = stdin)")
      ->type_name("FILE");
  app.add_option("-c,--concurrency", cfg.options.concurrency,
                 "Requests in flight at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000))
      ->type_name("N");
  app.add_option("--threads", cfg.options.threads,
                 "Event loops (0 = auto: one per core, at most one per 16 "
                 "slots; 1 with --ordered, --per-host, --per-host-rate)")
      ->capture_default_str()
      ->check(CLI::Range(0, 256))
      ->type_name("N");
  app.add_option("-t,--timeout", timeout,
                 "Timeout of each request attempt (DUR: 250ms, 3s, 2m)")
      ->capture_default_str()
      ->type_name("DUR");
  app.add_option("--connect-timeout", connect_timeout,
                 "Timeout of DNS + connect + TLS (DUR)")
      ->type_name("DUR");
  app.add_option("-X,--method", method,
                 "Method for targets that do not set one (default GET, or "
                 "POST with -d)")
      ->type_name("METHOD");
  app.add_option("-H,--header", headers,
                 "Header 'Name: value' sent with every request (repeatable)")
      ->type_name("HEADER");
  app.add_option("-d,--data", data,
                 "Body for targets that do not set one; @FILE reads a file")
      ->type_name("DATA");
  app.add_option("-A,--user-agent", cfg.options.user_agent,
                 "User-Agent header (default fanout/<version>)")
      ->type_name("UA");
  app.add_option("--max-body", max_body,
                 "Largest response body accepted (SIZE: 64K, 16MiB); a "
                 "longer one ends as too_large")
      ->capture_default_str()
      ->type_name("SIZE");
  app.add_option("--cacert", cfg.options.ca_file,
                 "Verify HTTPS servers with the CA certificates in FILE (PEM) "
                 "instead of the system's")
      ->type_name("FILE")
      ->check(CLI::ExistingFile);
  app.add_flag("-L,--location", cfg.options.follow_redirects,
               "Follow redirects (http and https only)");
  app.add_option("--max-redirs", max_redirs,
                 "Most redirects to follow with -L (default 10)")
      ->check(CLI::Range(0, 1000))
      ->type_name("N");
  app.add_option("-o,--output", cfg.output,
                 "Write records to FILE instead of stdout")
      ->type_name("FILE");
  app.add_option("-f,--format", format,
                 "Record format: jsonl, text or csv (default: text on a "
                 "terminal, jsonl otherwise)")
      ->check(CLI::IsMember({"jsonl", "text", "csv"}))
      ->type_name("FORMAT");
  app.add_flag("-q,--quiet", cfg.quiet, "No summary on stderr");

  app.add_option("--retries", cfg.options.retries,
                 "Retries of a transient failure (dns, connect, timeout, "
                 "reset; 429, 502, 503, 504)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100))
      ->type_name("N");
  app.add_option("--retry-backoff", retry_backoff,
                 "Base of the exponential backoff with full jitter (DUR)")
      ->capture_default_str()
      ->type_name("DUR");
  app.add_option("--retry-max-wait", retry_max_wait,
                 "Cap of each wait between attempts, Retry-After included "
                 "(DUR)")
      ->capture_default_str()
      ->type_name("DUR");
  app.add_flag("--retry-all-methods", cfg.options.retry_all_methods,
               "Also retry POST, PATCH and other non-idempotent methods");
  app.add_option("--max-time-total", max_time_total,
                 "Bound on all attempts of one target, waits included (DUR)")
      ->type_name("DUR");
  app.add_option("--rate", rate,
                 "Request starts per unit across the run: 100, 100/s, 6000/m")
      ->type_name("RATE");
  app.add_option("--per-host-rate", per_host_rate,
                 "Request starts per unit to each origin (scheme://host:port)")
      ->type_name("RATE");
  app.add_option("--per-host", cfg.options.per_host,
                 "Most requests in flight to one origin")
      ->check(CLI::Range(1, 1'000'000))
      ->type_name("N");
  app.add_option("--deadline", deadline,
                 "Bound on the whole run; unfinished targets end as "
                 "'deadline' (DUR)")
      ->type_name("DUR");
  app.add_flag("--fail-fast", cfg.options.fail_fast,
               "Stop at the first result that is not ok; the rest end as "
               "'cancelled'");
  app.add_option("--resume", cfg.resume,
                 "Skip targets FILE already holds a final record for, run the "
                 "rest and append their records to FILE (JSON lines)")
      ->type_name("FILE");
  app.add_flag("--fsync", cfg.fsync_each,
               "fsync the output after every record (durable, slower)");
  app.add_flag("--ordered", cfg.options.ordered,
               "Write records in input order (bounded reorder window)");
  app.add_flag("--deny-private", cfg.options.deny_private,
               "Refuse connections to loopback, private, link-local and "
               "multicast addresses (checked after DNS, on every redirect)");
  app.add_option("--shard", shard,
                 "Run only targets whose index % N == K (K/N), keeping their "
                 "indexes")
      ->type_name("K/N");

  try {
    app.parse(argc, argv);
    cfg.options.timeout = duration_arg("-t/--timeout", timeout, false);
    if (!connect_timeout.empty())
      cfg.options.connect_timeout =
          duration_arg("--connect-timeout", connect_timeout, false);
    auto size = parse_size(max_body);
    if (!size || *size == 0)
      throw UsageError{fmt::format(
          "--max-body: invalid size \"{}\" (examples: 65536, 64K, 16MiB)",
          max_body)};
    cfg.options.max_body = *size;
    for (const std::string& h : headers)
      cfg.options.headers.push_back(header_arg(h));
    if (!method.empty()) {
      if (!is_token(method))
        throw UsageError{
            fmt::format("-X: invalid method {}", quote_for_reason(method))};
      cfg.defaults.method = method;
    }
    if (app.count("--data") > 0) {
      cfg.defaults.body = data_arg(data);
      if (method.empty()) cfg.defaults.method = "POST";
    }
    if (max_redirs >= 0) {
      if (!cfg.options.follow_redirects)
        throw UsageError{"--max-redirs needs -L/--location"};
      cfg.options.max_redirects = max_redirs;
    }
    if (!format.empty()) cfg.format = parse_format(format);
    cfg.options.retry_backoff =
        duration_arg("--retry-backoff", retry_backoff, true);
    cfg.options.retry_max_wait =
        duration_arg("--retry-max-wait", retry_max_wait, true);
    if (!max_time_total.empty())
      cfg.options.max_time_total =
          duration_arg("--max-time-total", max_time_total, false);
    if (!deadline.empty())
      cfg.options.deadline = duration_arg("--deadline", deadline, false);
    auto rate_arg = [](const char* flag, const std::string& text) {
      auto r = parse_rate(text);
      if (!r)
        throw UsageError{fmt::format(
            "{}: invalid rate \"{}\" (examples: 100, 100/s, 6000/m)", flag,
            text)};
      return *r;
    };
    if (!rate.empty()) cfg.options.rate = rate_arg("--rate", rate);
    if (!per_host_rate.empty())
      cfg.options.per_host_rate = rate_arg("--per-host-rate", per_host_rate);
    if (!shard.empty()) {
      auto kn = parse_shard(shard);
      if (!kn)
        throw UsageError{fmt::format(
            "--shard: expected K/N with 0 <= K < N, got \"{}\"", shard)};
      std::tie(cfg.shard_k, cfg.shard_n) = *kn;
    }
    if (!cfg.resume.empty()) {
      if (!cfg.output.empty())
        throw UsageError{"--resume FILE writes to FILE; do not give -o too"};
      if (cfg.format && *cfg.format != Format::kJsonl)
        throw UsageError{"--resume needs JSON lines records (-f jsonl)"};
      cfg.format = Format::kJsonl;
    }
    if (!cfg.input.empty() && !cfg.urls.empty())
      throw UsageError{"give targets as URL arguments or with -i, not both"};
  } catch (const CLI::CallForHelp&) {
    out.message = app.help();
    out.exit_code = 0;
    return out;
  } catch (const CLI::CallForVersion&) {
    out.message = fmt::format("fanout {}\n", kVersion);
    out.exit_code = 0;
    return out;
  } catch (const CLI::ParseError& e) {
    out.message = fmt::format("fanout: {}\nTry 'fanout --help'.\n", e.what());
    out.exit_code = 2;
    return out;
  } catch (const UsageError& e) {
    out.message = fmt::format("fanout: {}\nTry 'fanout --help'.\n", e.message);
    out.exit_code = 2;
    return out;
  }
  out.config = std::move(cfg);
  return out;
}

}  // namespace fanout::internal
