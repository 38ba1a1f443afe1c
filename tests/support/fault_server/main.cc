// fault_server [--port N] [--port-file PATH]
//
// A loopback HTTP/1.1 server whose routes misbehave on purpose (hangs,
// resets, truncation, garbage...) so the fanout tests can check how the
// client copes. One detached thread per connection keeps every route a
// straight-line function; the tests need about a thousand at once.
#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "server.h"

namespace fanout::fault_server {
namespace {

constexpr int kBacklog = 4096;
constexpr size_t kThreadStack = 256 << 10;
constexpr int kShutdownGraceMs = 3000;

struct Options {
  int port = 0;
  std::string port_file;
};

[[noreturn]] void usage_error(std::string_view why) {
  fmt::print(stderr,
             "fault_server: {}\nusage: fault_server [--port N] "
             "[--port-file PATH]\n",
             why);
  std::exit(2);
}

// Takes errno explicitly: formatting `what` may clobber it.
[[noreturn]] void die(int err, std::string_view what) {
  fmt::print(stderr, "fault_server: {}: {}\n", what, std::strerror(err));
  std::exit(1);
}

Options parse_args(int argc, char** argv) {
  Options opts;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    auto take = [&](std::string_view flag) {
      if (arg == flag) {
        if (i + 1 >= argc) usage_error(fmt::format("{} needs a value", flag));
        value = argv[++i];
        return true;
      }
      if (arg.size() > flag.size() && arg.substr(0, flag.size()) == flag &&
          arg[flag.size()] == '=') {
        value = arg.substr(flag.size() + 1);
        return true;
      }
      return false;
    };
    if (take("--port")) {
      char* end = nullptr;
      std::string text(value);
      long port = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || port < 0 || port > 65535) {
        usage_error(fmt::format("bad port '{}'", text));
      }
      opts.port = static_cast<int>(port);
    } else if (take("--port-file")) {
      opts.port_file = std::string(value);
    } else {
      usage_error(fmt::format("unknown argument '{}'", arg));
    }
  }
  return opts;
}

// A thousand sockets plus the default soft limit of 1024 do not fit.
void raise_fd_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

UniqueFd listen_on(int port) {
  UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) die(errno, "socket");
  int one = 1;
  setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    {
      int err = errno;
      die(err, fmt::format("bind 127.0.0.1:{}", port));
    }
  }
  if (listen(fd.get(), kBacklog) != 0) die(errno, "listen");
  return fd;
}

int bound_port(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    die(errno, "getsockname");
  }
  return ntohs(addr.sin_port);
}

// Written under a temporary name and renamed, so a reader polling for the
// file never sees it half-written.
void write_port_file(const std::string& path, int port) {
  std::string tmp = fmt::format("{}.tmp.{}", path, getpid());
  {
    UniqueFd fd(
        open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd.valid()) {
      int err = errno;
      die(err, fmt::format("open {}", tmp));
    }
    std::string text = fmt::format("{}\n", port);
    if (write(fd.get(), text.data(), text.size()) !=
        static_cast<ssize_t>(text.size())) {
      {
        int err = errno;
        die(err, fmt::format("write {}", tmp));
      }
    }
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    {
      int err = errno;
      die(err, fmt::format("rename {}", path));
    }
  }
}

void* connection_thread(void* arg) {
  std::unique_ptr<Conn> conn(static_cast<Conn*>(arg));
  ServerState& state = conn->state();
  try {
    serve_connection(*conn);
  } catch (const std::exception& e) {
    // One broken connection must not take the other tests' server down.
    fmt::print(stderr, "fault_server: connection error: {}\n", e.what());
  }
  conn.reset();
  state.thread_finished();
  return nullptr;
}

void spawn(ServerState& state, UniqueFd fd) {
  int one = 1;
  // Heads and bodies go out in separate sends and /trickle sends single
  // bytes; Nagle plus delayed ACKs would add 40 ms stalls to both.
  setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  auto conn = std::make_unique<Conn>(state, std::move(fd));
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, kThreadStack);
  state.thread_started();
  pthread_t tid;
  int rc = pthread_create(&tid, &attr, connection_thread, conn.get());
  pthread_attr_destroy(&attr);
  if (rc == 0) {
    conn.release();
  } else {
    fmt::print(stderr, "fault_server: pthread_create: {}\n", std::strerror(rc));
    state.thread_finished();
  }
}

}  // namespace
}  // namespace fanout::fault_server

int main(int argc, char** argv) {
  using namespace fanout::fault_server;
  Options opts = parse_args(argc, argv);

  signal(SIGPIPE, SIG_IGN);
  raise_fd_limit();

  // Blocked before any thread exists so every thread inherits the mask and
  // only the signalfd below ever sees SIGTERM/SIGINT.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  if (int rc = pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr); rc != 0) {
    die(rc, "pthread_sigmask");
  }
  UniqueFd sig_fd(signalfd(-1, &stop_signals, SFD_CLOEXEC | SFD_NONBLOCK));
  if (!sig_fd.valid()) die(errno, "signalfd");

  UniqueFd listen_fd = listen_on(opts.port);
  int port = bound_port(listen_fd.get());
  if (!opts.port_file.empty()) write_port_file(opts.port_file, port);
  fmt::print("PORT {}\n", port);
  std::fflush(stdout);

  // Static so it outlives main's frame: a detached thread may still be
  // leaving thread_finished() when main returns.
  static ServerState state;

  int backoff_ms = -1;
  for (;;) {
    pollfd fds[2] = {{listen_fd.get(), POLLIN, 0}, {sig_fd.get(), POLLIN, 0}};
    int n = poll(fds, 2, backoff_ms);
    if (n < 0 && errno != EINTR) die(errno, "poll");
    if (fds[1].revents != 0) break;
    backoff_ms = -1;
    for (;;) {
      int fd = accept4(listen_fd.get(), nullptr, nullptr,
                       SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (fd >= 0) {
        spawn(state, UniqueFd(fd));
        continue;
      }
      if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) {
        continue;
      }
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
          errno == ENOMEM) {
        // The pending connection stays queued and the listener stays
        // readable; back off instead of spinning until an fd frees up.
        backoff_ms = 50;
      } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
        die(errno, "accept4");
      }
      break;
    }
  }

  listen_fd.reset();
  state.stop();
  if (!state.wait_threads(kShutdownGraceMs)) {
    // Running static destructors under live threads would be worse than
    // skipping them.
    fmt::print(stderr, "fault_server: connections still open at exit\n");
    std::fflush(nullptr);
    _exit(0);
  }
  return 0;
}
