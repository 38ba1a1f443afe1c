#include "support/nginx_fixture.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace fanout::testing {
namespace {

constexpr const char* kNginx = "/usr/sbin/nginx";
constexpr const char* kEchoModule =  // loaded by nginx.conf.in
    "/usr/lib/nginx/modules/ngx_http_echo_module.so";

bool can_connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

Nginx::Nginx() {
  if (::access(kNginx, X_OK) != 0 || ::access(kEchoModule, R_OK) != 0)
    throw std::runtime_error(
        "nginx or its echo module is missing: run scripts/install-deps");
  dir_ = make_temp_dir("fanout-nginx-");
  // Workers may run as another user: they must reach the temp paths.
  ::chmod(dir_.c_str(), 0755);
  port_ = free_port();
  tls_port_ = free_port();
  // A self-signed certificate for 127.0.0.1; tests trust it through
  // Options::ca_file (its own CA).
  Child openssl(
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
       "-keyout", dir_ + "/key.pem", "-out", dir_ + "/cert.pem", "-days", "2",
       "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"},
      "");
  if (openssl.wait(std::chrono::seconds(60)).exit_code != 0)
    throw std::runtime_error("openssl could not make a test certificate");
  // The same template as the demo's (scripts/demo).
  std::string conf =
      read_file(FANOUT_SOURCE_DIR "/tests/support/nginx.conf.in");
  if (conf.empty())
    throw std::runtime_error("tests/support/nginx.conf.in is missing");
  for (auto [key, value] : {std::pair<std::string, std::string>{"@DIR@", dir_},
                            {"@PORT@", std::to_string(port_)},
                            {"@TLSPORT@", std::to_string(tls_port_)}}) {
    for (auto at = conf.find(key); at != std::string::npos;
         at = conf.find(key, at))
      conf.replace(at, key.size(), value);
  }
  std::ofstream(dir_ + "/nginx.conf") << conf;
  child_ = std::make_unique<Child>(
      std::vector<std::string>{kNginx, "-p", dir_, "-c", dir_ + "/nginx.conf",
                               "-e", dir_ + "/error.log"},
      "");
  for (int i = 0; i < 200; ++i) {
    if (can_connect(port_) && can_connect(tls_port_)) return;
    if (child_->exited()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("nginx did not start: " +
                           read_file(dir_ + "/error.log"));
}

Nginx::~Nginx() {
  if (child_ && !child_->exited()) {
    // A single process (master_process off): QUIT is a graceful stop.
    child_->signal(SIGQUIT);
    try {
      child_->wait(std::chrono::seconds(10));
    } catch (const std::exception&) {
    }
  }
  child_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string Nginx::url(std::string_view path) const {
  return fmt::format("http://127.0.0.1:{}{}", port_, path);
}

std::string Nginx::tls_url(std::string_view path) const {
  return fmt::format("https://127.0.0.1:{}{}", tls_port_, path);
}

}  // namespace fanout::testing
