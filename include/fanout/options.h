// fanout: settings of a run. Every field has a safe default.
#ifndef FANOUT_OPTIONS_H_
#define FANOUT_OPTIONS_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "fanout/request.h"

namespace fanout {

struct Options {
  // ---- Parameters that affect behaviour ----

  // Requests in flight at once. REQUIRES: >= 1. The run refuses (Status
  // kInvalidArgument) a value the process's file-descriptor limit cannot
  // hold after raising the soft limit to the hard one.
  // Default: 64.
  int concurrency = 64;

  // Bound on one attempt of one request: connect, send, headers and body.
  // Time a request waits for a free slot is not counted.
  // Default: 10 s.
  std::chrono::milliseconds timeout{10'000};

  // Bound on DNS + TCP + TLS setup; 0 means only |timeout| applies.
  // Default: 0.
  std::chrono::milliseconds connect_timeout{0};

  // Largest body accepted, in bytes, whether kept or discarded. A longer
  // (or endless) body ends the request as ErrorKind::kTooLarge.
  // Default: 16 MiB.
  std::uint64_t max_body = 16u << 20;

  // Keep response bodies in Result::body. The CLI turns this off.
  // Default: true.
  bool keep_body = true;

  // Follow 3xx redirects (to http/https only). Authorization and Cookie
  // headers are not sent to another host after a redirect.
  // Default: false.
  bool follow_redirects = false;
  // Most redirects followed when |follow_redirects|; one more ends the
  // request as ErrorKind::kRedirects. Default: 10.
  int max_redirects = 10;

  // Headers sent with every request (before Request::headers).
  std::vector<Header> headers;

  // Default: "fanout/<version>".
  std::string user_agent;
};

}  // namespace fanout

#endif  // FANOUT_OPTIONS_H_
