// Shared pieces of the fault-injection HTTP server used by the tests: the
// per-connection I/O wrapper, the parsed request, and the process-wide
// counters that /stats and /times report.
#ifndef FANOUT_SUPPORT_FAULT_SERVER_SERVER_H_
#define FANOUT_SUPPORT_FAULT_SERVER_SERVER_H_

#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "loop/unique_fd.h"

namespace fanout::fault_server {

// The project's fd owner (src/loop/unique_fd.h).
using UniqueFd = fanout::internal::UniqueFd;

// Milliseconds on CLOCK_MONOTONIC; the tests compare these to each other
// only, so the epoch does not matter.
double now_ms();

// Percent-decodes `in`; '+' is left alone because the tests never
// form-encode spaces and a literal '+' is more useful (HTTP-dates).
std::string url_decode(std::string_view in);

// Escapes `in` as the inside of a JSON string. Bytes that are not valid
// UTF-8 come out as \u00XX so any input yields parseable JSON.
std::string json_escape(std::string_view in);

struct Request {
  std::string method;
  std::string target;
  std::string version;
  std::string path;
  std::string query;
  std::map<std::string, std::string> params;
  // In arrival order with the client's spelling of the name.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  double arrival_ms = 0;
  bool keep_alive = true;

  // Case-insensitive lookup of the first header called `name`.
  const std::string* header(std::string_view name) const;
  const std::string* param(const std::string& name) const;
};

// Everything shared between connection threads. One mutex is plenty: the
// critical sections are a few counter updates.
class ServerState {
 public:
  ServerState();

  // Readable forever once stop() ran, so every blocking wait polls it.
  int stop_fd() const { return stop_read_.get(); }
  void stop();
  bool stopping() const { return stopping_.load(); }

  void connection_opened();
  void connection_closed(bool stats_only);
  // Called for every request other than the introspection routes; also
  // samples max_connections_open.
  void count_request(double arrival_ms);
  // Connections that have only carried introspection requests are left
  // out of max_connections_open and connections_total.
  void mark_stats_only(bool add);

  void record_key(const std::string& key, double arrival_ms);
  std::vector<double> key_times(const std::string& key);
  // Returns how many /flaky requests with `key` arrived before this one.
  int64_t flaky_hit(const std::string& key);
  uint64_t next_random_counter() { return random_counter_.fetch_add(1); }

  // Both leave out the calling connection. `current_counted` tells whether
  // that connection is part of the non-stats open count.
  std::string stats_json();
  void reset(bool current_counted);

  // Live connection threads; main waits for this to drain on shutdown.
  void thread_started();
  void thread_finished();
  bool wait_threads(int timeout_ms);

 private:
  UniqueFd stop_read_;
  UniqueFd stop_write_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> random_counter_{0};

  std::mutex mu_;
  int64_t open_ = 0;
  int64_t stats_only_open_ = 0;
  int64_t max_open_ = 0;
  int64_t connections_total_ = 0;
  int64_t requests_total_ = 0;
  std::optional<double> first_request_ms_;
  std::optional<double> last_request_ms_;
  std::map<std::string, std::vector<double>> key_times_;
  std::map<std::string, int64_t> flaky_counts_;
  int64_t threads_ = 0;
  std::condition_variable threads_cv_;
};

enum class WaitResult { kReady, kTimeout, kStopped, kPeerGone };

// One accepted socket. The socket is non-blocking and every wait also
// polls the stop pipe, so no thread can outlive a SIGTERM by more than a
// poll wake-up.
class Conn {
 public:
  Conn(ServerState& state, UniqueFd fd);
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn() { close(); }

  ServerState& state() { return state_; }
  int fd() const { return fd_.get(); }
  bool open() const { return fd_.valid(); }

  // Reads the next request (head and body). Returns nullopt on EOF, error,
  // shutdown, or a malformed request (which gets a 4xx first).
  std::optional<Request> read_request();

  bool send_all(std::string_view data);
  // Sleeps up to `ms`; stops early when the server stops or the peer
  // closes or resets, so abandoned slow routes do not inflate the
  // connection counts.
  WaitResult sleep_ms(int64_t ms);
  // Discards input until the peer closes or the server stops.
  void wait_for_peer_close();

  void close();
  // RST instead of FIN: SO_LINGER {1, 0} makes close() abortive.
  void abort();

  // True while this connection has only carried /stats-like requests; such
  // connections are left out of max_connections_open.
  bool stats_only() const { return stats_only_; }
  void set_stats_only(bool v);

 private:
  WaitResult wait(short events, int timeout_ms);
  // Appends whatever is readable to buf_; false on EOF/error/stop.
  bool fill();

  ServerState& state_;
  UniqueFd fd_;
  std::string buf_;
  bool stats_only_ = false;
};

// Serves requests on `conn` until a route or the client ends it.
void serve_connection(Conn& conn);

enum class After { kKeepAlive, kClose };

// Writes the response for `req` (or deliberately does not) and says whether
// the connection may carry another request.
After dispatch(Conn& conn, const Request& req);

// Whether `path` is an introspection route that is left out of counters.
bool is_introspection(std::string_view path);

// A complete response with Content-Length; HEAD gets no body.
std::string make_response(
    int status, std::string_view content_type, std::string_view body,
    const std::vector<std::pair<std::string, std::string>>& extra_headers,
    bool head, bool close);

}  // namespace fanout::fault_server

#endif  // FANOUT_SUPPORT_FAULT_SERVER_SERVER_H_
