// fanout: settings of a run. Every field has a safe default.
#ifndef FANOUT_OPTIONS_H_
#define FANOUT_OPTIONS_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
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

  // Event loops (threads), each with its own libcurl multi handle and an
  // equal share of |concurrency|. 0 = auto: one per CPU core, at most one
  // per 16 slots; 1 when |ordered|, |per_host| or |per_host_rate| is set.
  // With more than one, per-origin limits and rates are divided among the
  // loops (their sum never exceeds the limit); a Retry-After pause is
  // shared by all loops. Default: 0.
  int threads = 0;

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

  // ---- Retries ----

  // Extra attempts after the first for a transient failure: dns, connect,
  // timeout or reset errors, and statuses 429, 502, 503, 504. POST, PATCH
  // and unknown methods are not retried unless |retry_all_methods|. A
  // waiting retry holds no concurrency slot. Default: 0.
  int retries = 0;
  // Base of the exponential backoff with full jitter: the wait before try
  // n + 1 is uniform in [0, min(retry_max_wait, retry_backoff * 2^(n-1))].
  // Default: 100 ms.
  std::chrono::milliseconds retry_backoff{100};
  // Cap of every wait, including one a server asks for with Retry-After.
  // Default: 30 s.
  std::chrono::milliseconds retry_max_wait{30'000};
  bool retry_all_methods = false;
  // Bound on all attempts of one request, backoff waits included; each
  // attempt's timeout is cut to what remains. 0 = no bound. Default: 0.
  std::chrono::milliseconds max_time_total{0};

  // ---- Pacing ----

  // Request starts per second across the run, retries included, spaced
  // evenly (a token bucket with a burst of 5% of a second). 0 = unlimited.
  double rate = 0;
  // The same, per origin (scheme://host:port). 0 = unlimited.
  double per_host_rate = 0;
  // Most requests in flight to one origin; other origins' requests use the
  // free slots meanwhile. 0 = no cap. When a response to 429 or 503 carries
  // Retry-After, no request starts to that origin until then.
  int per_host = 0;

  // ---- Ending early ----

  // Bound on the whole run; when it passes, unfinished requests end with
  // ErrorKind::kDeadline. 0 = none. Default: 0.
  std::chrono::milliseconds deadline{0};
  // End the run at the first result that is not ok; the others end as
  // ErrorKind::kCancelled. Default: false.
  bool fail_fast = false;

  // ---- Output order and selection ----

  // Deliver results in input order (index 0, 1, 2, ...) instead of
  // completion order. At most |ordered_window| results wait for an earlier
  // one; when the window is full, no new request starts until it drains.
  bool ordered = false;
  std::size_t ordered_window = 4096;
  // When set, only entries it returns true for run and get a result; the
  // others keep their index but are skipped silently (sharding, resuming).
  std::function<bool(std::uint64_t index, const Request& request)> select;

  // ---- Safety ----

  // Refuse connections to loopback, private, link-local, CGNAT, multicast
  // and reserved addresses, checked on the resolved address of every
  // connection (so redirects and DNS answers cannot get around it); such a
  // request ends as ErrorKind::kDenied. Default: false.
  bool deny_private = false;

  // CA certificates (PEM file) to verify servers with, instead of the
  // system's store. Verification itself is always on. Default: "".
  std::string ca_file;

  // Headers sent with every request (before Request::headers).
  std::vector<Header> headers;

  // Default: "fanout/<version>".
  std::string user_agent;
};

}  // namespace fanout

#endif  // FANOUT_OPTIONS_H_
