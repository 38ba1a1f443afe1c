#include <fcntl.h>
#include <fmt/format.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "server.h"

namespace fanout::fault_server {
namespace {

std::string json_time(const std::optional<double>& t) {
  return t ? fmt::format("{}", *t) : std::string("null");
}

}  // namespace

double now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 +
         static_cast<double>(ts.tv_nsec) / 1e6;
}

ServerState::ServerState() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    std::perror("fault_server: pipe2");
    std::exit(1);
  }
  stop_read_.reset(fds[0]);
  stop_write_.reset(fds[1]);
}

void ServerState::stop() {
  if (stopping_.exchange(true)) return;
  // Never drained: the pipe stays readable and wakes every current and
  // future poll() on it.
  char byte = 1;
  [[maybe_unused]] ssize_t n = write(stop_write_.get(), &byte, 1);
}

void ServerState::connection_opened() {
  std::lock_guard lock(mu_);
  ++open_;
  ++connections_total_;
}

void ServerState::connection_closed(bool stats_only) {
  std::lock_guard lock(mu_);
  --open_;
  if (stats_only) --stats_only_open_;
}

void ServerState::mark_stats_only(bool add) {
  std::lock_guard lock(mu_);
  stats_only_open_ += add ? 1 : -1;
  // Probe connections are not part of what the client under test did.
  connections_total_ += add ? -1 : 1;
}

void ServerState::count_request(double arrival_ms) {
  std::lock_guard lock(mu_);
  ++requests_total_;
  if (!first_request_ms_) first_request_ms_ = arrival_ms;
  last_request_ms_ = arrival_ms;
  // Sampled here rather than at accept: a /stats probe connecting while a
  // client's finished connections are still being torn down must not be
  // mistaken for client concurrency.
  max_open_ = std::max(max_open_, open_ - stats_only_open_);
}

void ServerState::record_key(const std::string& key, double arrival_ms) {
  std::lock_guard lock(mu_);
  key_times_[key].push_back(arrival_ms);
}

std::vector<double> ServerState::key_times(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = key_times_.find(key);
  return it == key_times_.end() ? std::vector<double>{} : it->second;
}

int64_t ServerState::flaky_hit(const std::string& key) {
  std::lock_guard lock(mu_);
  return flaky_counts_[key]++;
}

std::string ServerState::stats_json() {
  std::lock_guard lock(mu_);
  return fmt::format(
      "{{\"connections_open\":{},\"max_connections_open\":{},"
      "\"connections_total\":{},\"requests_total\":{},"
      "\"first_request_ms\":{},\"last_request_ms\":{}}}\n",
      std::max<int64_t>(open_ - 1, 0), max_open_,
      std::max<int64_t>(connections_total_, 0), requests_total_,
      json_time(first_request_ms_), json_time(last_request_ms_));
}

void ServerState::reset(bool current_counted) {
  std::lock_guard lock(mu_);
  max_open_ = std::max<int64_t>(
      open_ - stats_only_open_ - (current_counted ? 1 : 0), 0);
  connections_total_ = 0;
  requests_total_ = 0;
  first_request_ms_.reset();
  last_request_ms_.reset();
  key_times_.clear();
  flaky_counts_.clear();
}

void ServerState::thread_started() {
  std::lock_guard lock(mu_);
  ++threads_;
}

void ServerState::thread_finished() {
  std::lock_guard lock(mu_);
  if (--threads_ == 0) threads_cv_.notify_all();
}

bool ServerState::wait_threads(int timeout_ms) {
  std::unique_lock lock(mu_);
  return threads_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                              [this] { return threads_ == 0; });
}

}  // namespace fanout::fault_server
