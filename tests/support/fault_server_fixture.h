// Starts the fault-injection server (tests/support/fault_server) as a child
// process for the lifetime of a test, and reads its /stats and /times.
#ifndef FANOUT_SUPPORT_FAULT_SERVER_FIXTURE_H_
#define FANOUT_SUPPORT_FAULT_SERVER_FIXTURE_H_

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace fanout::testing {

class FaultServer {
 public:
  // Spawns FANOUT_FAULT_SERVER_PATH on an ephemeral loopback port and waits
  // (at most 10 s) until it is listening. Throws std::runtime_error if it
  // does not come up. The child gets SIGTERM if the constructing thread
  // dies, so a crashed test leaves no server behind; construct it on the
  // thread that owns the test.
  FaultServer();
  // SIGTERM, then SIGKILL if the server has not exited within 5 s.
  ~FaultServer();
  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:<port>" + path_and_query (which starts with '/').
  std::string url(std::string_view path_and_query) const;

  // Blocking HTTP/1.0 GET on a fresh connection; returns the body whatever
  // the status. Throws std::runtime_error on socket errors, a malformed
  // response or a 5 s timeout.
  std::string get(std::string_view path_and_query);
  // GET /stats, parsed. Members: connections_open, max_connections_open,
  // connections_total, requests_total, first_request_ms, last_request_ms.
  nlohmann::json stats();
  // GET /stats/reset: zeroes the counters and clears per-key state.
  void reset_stats();
  // Monotonic arrival times (ms) of the requests that carried ?key=<key>.
  std::vector<double> times(std::string_view key);

 private:
  void stop();

  pid_t pid_ = -1;
  int port_ = 0;
  std::string dir_;
};

// A loopback port nothing listens on (bound, read back, and released), for
// connection-refused tests. Another process could grab it meanwhile, which
// is unlikely enough for tests.
int closed_port();

}  // namespace fanout::testing

#endif  // FANOUT_SUPPORT_FAULT_SERVER_FIXTURE_H_
