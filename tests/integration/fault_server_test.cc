// Checks the fault-injection server itself with plain sockets, so failures
// in the client tests can be trusted to be client bugs.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "support/fault_server_fixture.h"

namespace fanout::testing {
namespace {

constexpr int kIoTimeoutMs = 5000;

class Socket {
 public:
  explicit Socket(int port)
      : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket failed");
    // Every blocking call below is bounded by these.
    timeval tv{kIoTimeoutMs / 1000, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect failed");
    }
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() { close(); }

  int fd() const { return fd_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  void send_all(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw std::runtime_error("send failed");
      data.remove_prefix(static_cast<size_t>(n));
    }
  }

  // One recv; 0 on EOF, -1 on error (errno set).
  ssize_t recv_some(std::string& out) {
    char buf[4096];
    ssize_t n;
    do {
      n = ::recv(fd_, buf, sizeof buf, 0);
    } while (n < 0 && errno == EINTR);
    if (n > 0) out.append(buf, static_cast<size_t>(n));
    return n;
  }

  // True if a byte or EOF arrives within `ms` (poll, so it never blocks
  // longer).
  bool readable_within(int ms) {
    pollfd p{fd_, POLLIN, 0};
    return poll(&p, 1, ms) > 0;
  }

 private:
  int fd_;
};

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

std::string lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Reads one Content-Length-framed response, leaving the socket usable for
// the next request.
Response read_response(Socket& sock) {
  std::string data;
  size_t head_end;
  while ((head_end = data.find("\r\n\r\n")) == std::string::npos) {
    if (sock.recv_some(data) <= 0) throw std::runtime_error("head cut short");
  }
  Response r;
  std::string_view head(data.data(), head_end);
  size_t eol = head.find("\r\n");
  std::string_view status_line = head.substr(0, eol);
  if (status_line.size() < 12) throw std::runtime_error("bad status line");
  r.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
  while (eol != std::string_view::npos) {
    head.remove_prefix(eol + 2);
    eol = head.find("\r\n");
    std::string_view line = head.substr(0, eol);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.headers[lower(std::string(line.substr(0, colon)))] = std::string(value);
  }
  size_t length = 0;
  if (auto it = r.headers.find("content-length"); it != r.headers.end()) {
    length = std::stoul(it->second);
  }
  r.body = data.substr(head_end + 4);
  while (r.body.size() < length) {
    if (sock.recv_some(r.body) <= 0) throw std::runtime_error("body cut short");
  }
  return r;
}

std::string get_request(std::string_view target, bool close = false) {
  return fmt::format("GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\n{}\r\n", target,
                     close ? "Connection: close\r\n" : "");
}

Response fetch(int port, std::string_view target) {
  Socket sock(port);
  sock.send_all(get_request(target, true));
  return read_response(sock);
}

// Reads until EOF or error; returns the bytes and the final recv's errno
// (0 for a clean EOF).
std::pair<std::string, int> read_to_end(Socket& sock) {
  std::string out;
  for (int i = 0; i < 100000; ++i) {
    ssize_t n = sock.recv_some(out);
    if (n == 0) return {out, 0};
    if (n < 0) return {out, errno};
  }
  return {out, -1};
}

// Polls `done` for up to 5 s; the server updates its counters on its own
// threads, after the client has already moved on.
template <typename F>
bool eventually(F done) {
  for (int i = 0; i < 250; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

TEST(FaultServerTest, OkServesTwoRequestsOnOneConnection) {
  FaultServer server;
  Socket sock(server.port());
  for (int i = 0; i < 2; ++i) {
    sock.send_all(get_request(i == 0 ? "/ok" : "/ok/anything"));
    Response r = read_response(sock);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "ok\n");
  }
  nlohmann::json stats = server.stats();
  EXPECT_EQ(stats["requests_total"], 2);
  EXPECT_EQ(stats["connections_total"], 1);
}

TEST(FaultServerTest, UnknownPathIs404) {
  FaultServer server;
  EXPECT_EQ(fetch(server.port(), "/nope").status, 404);
}

TEST(FaultServerTest, StatusCarriesRetryAfterVerbatim) {
  FaultServer server;
  Response r = fetch(server.port(), "/status/503?retry_after=1");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.headers["retry-after"], "1");

  r = fetch(server.port(),
            "/status/429?retry_after=Wed%2C%2021%20Oct%202015%2007%3A28%3A00%"
            "20GMT");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.headers["retry-after"], "Wed, 21 Oct 2015 07:28:00 GMT");
}

TEST(FaultServerTest, FlakyFailsThenSucceeds) {
  FaultServer server;
  Socket sock(server.port());
  std::vector<int> statuses;
  for (int i = 0; i < 3; ++i) {
    sock.send_all(get_request("/flaky?key=a&fail=2"));
    statuses.push_back(read_response(sock).status);
  }
  EXPECT_EQ(statuses, (std::vector<int>{503, 503, 200}));
  EXPECT_EQ(fetch(server.port(), "/flaky?key=b&fail=1&code=429").status, 429);
}

TEST(FaultServerTest, StatsTracksOpenConnections) {
  FaultServer server;
  server.reset_stats();
  {
    std::vector<std::unique_ptr<Socket>> socks;
    for (int i = 0; i < 3; ++i) {
      socks.push_back(std::make_unique<Socket>(server.port()));
      socks.back()->send_all(get_request("/ok"));
      EXPECT_EQ(read_response(*socks.back()).status, 200);
    }
    nlohmann::json stats = server.stats();
    EXPECT_EQ(stats["connections_open"], 3);
    EXPECT_EQ(stats["max_connections_open"], 3);
    EXPECT_EQ(stats["connections_total"], 3);
    EXPECT_EQ(stats["requests_total"], 3);
    EXPECT_TRUE(stats["first_request_ms"].is_number());
    EXPECT_LE(stats["first_request_ms"].get<double>(),
              stats["last_request_ms"].get<double>());
  }
  EXPECT_TRUE(
      eventually([&] { return server.stats()["connections_open"] == 0; }));
  EXPECT_EQ(server.stats()["max_connections_open"], 3);

  server.reset_stats();
  nlohmann::json stats = server.stats();
  EXPECT_EQ(stats["max_connections_open"], 0);
  EXPECT_EQ(stats["requests_total"], 0);
  EXPECT_TRUE(stats["first_request_ms"].is_null());
}

TEST(FaultServerTest, HangNeverAnswersAndClosesAfterClient) {
  FaultServer server;
  Socket sock(server.port());
  sock.send_all(get_request("/hang"));
  // Neither data nor EOF: the server holds the connection open.
  EXPECT_FALSE(sock.readable_within(300));
  EXPECT_EQ(server.stats()["connections_open"], 1);

  // Our FIN lets the server close its side; its FIN shows up as EOF.
  shutdown(sock.fd(), SHUT_WR);
  ASSERT_TRUE(sock.readable_within(kIoTimeoutMs));
  std::string ignored;
  EXPECT_EQ(sock.recv_some(ignored), 0);
  EXPECT_TRUE(
      eventually([&] { return server.stats()["connections_open"] == 0; }));
}

TEST(FaultServerTest, TimesRecordsEveryKeyedRequest) {
  FaultServer server;
  fetch(server.port(), "/ok?key=t");
  fetch(server.port(), "/status/429?key=t&retry_after=1");
  fetch(server.port(), "/flaky?key=t&fail=1");
  std::vector<double> times = server.times("t");
  ASSERT_EQ(times.size(), 3u);
  EXPECT_LE(times[0], times[1]);
  EXPECT_LE(times[1], times[2]);
  EXPECT_TRUE(server.times("other").empty());
}

TEST(FaultServerTest, EchoReturnsRequestAsJson) {
  FaultServer server;
  Socket sock(server.port());
  sock.send_all(
      "POST /echo?x=1 HTTP/1.1\r\nHost: h\r\nX-Test: a\"b\r\n"
      "Content-Length: 5\r\nConnection: close\r\n\r\nhi\n\x01\xff");
  Response r = read_response(sock);
  ASSERT_EQ(r.status, 200);
  nlohmann::json j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["method"], "POST");
  EXPECT_EQ(j["path"], "/echo");
  EXPECT_EQ(j["headers"]["X-Test"], "a\"b");
  EXPECT_EQ(j["body"], "hi\n\x01\xc3\xbf");  // the 0xff byte as U+00FF
}

TEST(FaultServerTest, TruncateSendsPartialBodyThenEof) {
  FaultServer server;
  Socket sock(server.port());
  sock.send_all(get_request("/truncate"));
  auto [data, err] = read_to_end(sock);
  EXPECT_EQ(err, 0);
  EXPECT_NE(data.find("Content-Length: 1000\r\n"), std::string::npos);
  EXPECT_EQ(data.substr(data.find("\r\n\r\n") + 4),
            "abcdefghijklmnopqrstuvwxyz");
}

TEST(FaultServerTest, ResetEndsWithConnectionReset) {
  FaultServer server;
  Socket sock(server.port());
  sock.send_all(get_request("/reset"));
  auto [data, err] = read_to_end(sock);
  EXPECT_EQ(err, ECONNRESET);
}

TEST(FaultServerTest, EmptyClosesWithoutAByte) {
  FaultServer server;
  Socket sock(server.port());
  sock.send_all(get_request("/empty"));
  auto [data, err] = read_to_end(sock);
  EXPECT_EQ(err, 0);
  EXPECT_TRUE(data.empty());
}

TEST(FaultServerTest, HoldsManyHangingConnections) {
  FaultServer server;
  constexpr int kConnections = 200;
  std::vector<std::unique_ptr<Socket>> socks;
  for (int i = 0; i < kConnections; ++i) {
    socks.push_back(std::make_unique<Socket>(server.port()));
    socks.back()->send_all(get_request("/hang"));
  }
  EXPECT_TRUE(eventually(
      [&] { return server.stats()["connections_open"] == kConnections; }));
  EXPECT_EQ(fetch(server.port(), "/ok").status, 200);
}

TEST(FaultServerTest, ClosedPortRefusesConnections) {
  int port = closed_port();
  EXPECT_THROW(Socket{port}, std::runtime_error);
}

}  // namespace
}  // namespace fanout::testing
