// Turns SIGINT/SIGTERM/SIGHUP into a stop request for the run.
#ifndef FANOUT_CLI_SIGNAL_WATCH_H_
#define FANOUT_CLI_SIGNAL_WATCH_H_

#include <atomic>
#include <stop_token>
#include <thread>

namespace fanout::internal {

// Blocks the stop signals (and SIGPIPE is ignored) in the calling thread, so
// every thread started later (libcurl's resolver threads too) inherits the
// mask and no signal can kill the process mid-write. A watcher thread waits
// for them: the first requests a stop on |stop|; a second one exits at once
// with status 130, for a user who does not want to wait.
//
// REQUIRES: constructed in main() before any other thread starts.
class SignalWatch {
 public:
  explicit SignalWatch(std::stop_source stop);
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;
  ~SignalWatch();

  // The first stop signal received, or 0.
  int signal() const { return signal_.load(); }

 private:
  std::stop_source stop_;
  std::atomic<int> signal_{0};
  std::thread thread_;
};

}  // namespace fanout::internal

#endif  // FANOUT_CLI_SIGNAL_WATCH_H_
