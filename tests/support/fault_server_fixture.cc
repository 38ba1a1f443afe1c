#include "support/fault_server_fixture.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <utility>

#ifndef FANOUT_FAULT_SERVER_PATH
#error "FANOUT_FAULT_SERVER_PATH must name the built fault_server binary"
#endif

namespace fanout::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr auto kStopTimeout = std::chrono::seconds(5);
constexpr auto kPollInterval = std::chrono::milliseconds(10);
constexpr int kIoTimeoutSec = 5;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Takes errno explicitly: formatting `what` may clobber it.
[[noreturn]] void throw_errno(int err, std::string_view what) {
  throw std::runtime_error(
      fmt::format("FaultServer: {}: {}", what, std::strerror(err)));
}

std::string describe_exit(int status) {
  if (WIFEXITED(status)) return fmt::format("exited {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return fmt::format("killed by signal {}", WTERMSIG(status));
  }
  return "stopped";
}

std::string url_encode(std::string_view in) {
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// The port file appears atomically (rename), so any content is complete.
bool read_port_file(const std::string& path, int& port) {
  std::ifstream in(path);
  if (!in) return false;
  int value = 0;
  if (!(in >> value) || value <= 0 || value > 65535) return false;
  port = value;
  return true;
}

}  // namespace

FaultServer::FaultServer() {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / "fanout-fault-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw_errno(errno, "mkdtemp");
  dir_ = tmpl;
  std::string port_file = dir_ + "/port";

  // Everything the child needs is prepared before fork(): between fork and
  // exec in a threaded process only async-signal-safe calls are allowed.
  std::string exe = FANOUT_FAULT_SERVER_PATH;
  std::string flag = "--port-file";
  char* argv[] = {exe.data(), flag.data(), port_file.data(), nullptr};
  Fd devnull(open("/dev/null", O_WRONLY | O_CLOEXEC));
  pid_t parent = getpid();

  pid_ = fork();
  if (pid_ < 0) {
    int err = errno;
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    throw_errno(err, "fork");
  }
  if (pid_ == 0) {
    // The test runner may have blocked or ignored these (gtest death tests,
    // curl ignoring SIGPIPE); the server sets up its own handling.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(1);
    // Its "PORT n" line would only clutter the test log; stderr stays.
    if (devnull.get() >= 0) dup2(devnull.get(), STDOUT_FILENO);
    // Inherited pipe ends or sockets of the test would stay open as long
    // as the server runs and could hide an EOF the test waits for.
    close_range(3, ~0U, 0);
    execv(argv[0], argv);
    _exit(127);
  }

  auto deadline = Clock::now() + kStartTimeout;
  std::string failure;
  for (;;) {
    if (read_port_file(port_file, port_)) return;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      failure =
          fmt::format("{} {} before listening", exe, describe_exit(status));
      break;
    }
    if (Clock::now() >= deadline) {
      failure = fmt::format("{} did not report a port within {} s", exe,
                            kStartTimeout.count());
      break;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  stop();
  throw std::runtime_error("FaultServer: " + failure);
}

FaultServer::~FaultServer() { stop(); }

void FaultServer::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    auto deadline = Clock::now() + kStopTimeout;
    int status = 0;
    bool reaped = false;
    while (!reaped && Clock::now() < deadline) {
      pid_t r = waitpid(pid_, &status, WNOHANG);
      reaped = r == pid_ || (r < 0 && errno != EINTR);
      if (!reaped) std::this_thread::sleep_for(kPollInterval);
    }
    if (!reaped) {
      kill(pid_, SIGKILL);
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
    pid_ = -1;
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    dir_.clear();
  }
}

std::string FaultServer::url(std::string_view path_and_query) const {
  return fmt::format("http://127.0.0.1:{}{}", port_, path_and_query);
}

std::string FaultServer::get(std::string_view path_and_query) {
  Fd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) throw_errno(errno, "socket");
  // Bounds connect, every send and every recv.
  timeval tv{kIoTimeoutSec, 0};
  setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  if (connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    {
      int err = errno;
      throw_errno(err, fmt::format("connect to port {}", port_));
    }
  }
  std::string request = fmt::format(
      "GET {} HTTP/1.0\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
      path_and_query, port_);
  for (std::string_view left = request; !left.empty();) {
    ssize_t n = send(fd.get(), left.data(), left.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      throw_errno(err, fmt::format("send GET {}", path_and_query));
    }
    left.remove_prefix(static_cast<size_t>(n));
  }

  // A per-recv timeout alone would let a trickling reply run forever.
  auto deadline = Clock::now() + std::chrono::seconds(kIoTimeoutSec);
  std::string response;
  char buf[8192];
  for (;;) {
    if (Clock::now() >= deadline) {
      throw std::runtime_error(
          fmt::format("FaultServer: GET {} timed out", path_and_query));
    }
    ssize_t n = recv(fd.get(), buf, sizeof buf, 0);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      throw_errno(err, fmt::format("recv GET {}", path_and_query));
    }
    response.append(buf, static_cast<size_t>(n));
  }
  size_t head_end = response.find("\r\n\r\n");
  if (response.rfind("HTTP/1.", 0) != 0 || head_end == std::string::npos) {
    throw std::runtime_error(
        fmt::format("FaultServer: GET {}: malformed response", path_and_query));
  }
  return response.substr(head_end + 4);
}

nlohmann::json FaultServer::stats() {
  return nlohmann::json::parse(get("/stats"));
}

void FaultServer::reset_stats() { get("/stats/reset"); }

std::vector<double> FaultServer::times(std::string_view key) {
  nlohmann::json j =
      nlohmann::json::parse(get("/times?key=" + url_encode(key)));
  return j.at("times_ms").get<std::vector<double>>();
}

int closed_port() {
  Fd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) throw_errno(errno, "socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw_errno(errno, "bind");
  }
  socklen_t len = sizeof addr;
  if (getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw_errno(errno, "getsockname");
  }
  // Never listened on, so closing it leaves the port refusing connections.
  return ntohs(addr.sin_port);
}

}  // namespace fanout::testing
