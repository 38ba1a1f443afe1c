#include "cli/signal_watch.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

namespace fanout::internal {
namespace {

// SIGUSR2 only ever comes from our destructor, to end the watcher.
sigset_t watched_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGUSR2);
  return set;
}

}  // namespace

SignalWatch::SignalWatch(std::stop_source stop) : stop_(std::move(stop)) {
  // With CURLOPT_NOSIGNAL libcurl leaves SIGPIPE alone; a peer closing a
  // socket (or a closed stdout pipe) must not kill the run.
  ::signal(SIGPIPE, SIG_IGN);
  sigset_t set = watched_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::thread([this, set] {
    while (true) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      if (sig == SIGUSR2) return;
      int expected = 0;
      if (!signal_.compare_exchange_strong(expected, sig)) _exit(130);
      stop_.request_stop();
    }
  });
}

SignalWatch::~SignalWatch() {
  pthread_kill(thread_.native_handle(), SIGUSR2);
  thread_.join();
}

}  // namespace fanout::internal
