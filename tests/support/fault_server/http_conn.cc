// Socket I/O and HTTP/1.1 request parsing for one connection.
#include <fmt/format.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>

#include "server.h"

namespace fanout::fault_server {
namespace {

constexpr size_t kMaxHead = 64 * 1024;
constexpr size_t kMaxBody = 64 * 1024 * 1024;
constexpr size_t kMaxLine = 4096;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// True if the comma-separated header value lists `token`.
bool has_token(const std::string* value, std::string_view token) {
  if (value == nullptr) return false;
  std::string_view rest = *value;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    if (iequals(trim(rest.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void parse_target(Request& req) {
  std::string_view target = req.target;
  // Absolute-form, as a client talking to a proxy would send it.
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.substr(0, scheme.size()) == scheme) {
      target.remove_prefix(scheme.size());
      size_t slash = target.find_first_of("/?");
      target = slash == std::string_view::npos ? std::string_view("/")
                                               : target.substr(slash);
      break;
    }
  }
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  req.path = std::string(path.empty() ? std::string_view("/") : path);
  if (q == std::string_view::npos) return;
  req.query = std::string(target.substr(q + 1));
  std::string_view rest = req.query;
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string name = url_decode(pair.substr(0, eq));
      std::string value = eq == std::string_view::npos
                              ? std::string()
                              : url_decode(pair.substr(eq + 1));
      req.params.insert_or_assign(std::move(name), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
}

// Splits the head (without its final blank line) into request line and
// header fields. Returns false on anything malformed.
bool parse_head(std::string_view head, Request& req) {
  size_t eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || sp1 == 0 || sp2 == sp1 + 1) {
    return false;
  }
  req.method = std::string(line.substr(0, sp1));
  req.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  req.version = std::string(line.substr(sp2 + 1));
  if (req.version.rfind("HTTP/1.", 0) != 0) return false;

  std::string_view rest =
      eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
  while (!rest.empty()) {
    eol = rest.find("\r\n");
    line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view()
                                         : rest.substr(eol + 2);
    size_t colon = line.find(':');
    // Obsolete line folding and whitespace before the colon are both
    // rejected by real servers too.
    if (colon == std::string_view::npos || colon == 0 || line[0] == ' ' ||
        line[0] == '\t' || line[colon - 1] == ' ' || line[colon - 1] == '\t') {
      return false;
    }
    req.headers.emplace_back(std::string(line.substr(0, colon)),
                             std::string(trim(line.substr(colon + 1))));
  }
  parse_target(req);
  if (req.version == "HTTP/1.0") {
    req.keep_alive = has_token(req.header("Connection"), "keep-alive");
  } else {
    req.keep_alive = !has_token(req.header("Connection"), "close");
  }
  return true;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "Content Too Large";
    case 418:
      return "I'm a teapot";
    case 425:
      return "Too Early";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

}  // namespace

std::string url_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      int hi = hex_value(in[i + 1]);
      int lo = hex_value(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(in[i]);
  }
  return out;
}

const std::string* Request::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) return &v;
  }
  return nullptr;
}

const std::string* Request::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

std::string make_response(
    int status, std::string_view content_type, std::string_view body,
    const std::vector<std::pair<std::string, std::string>>& extra_headers,
    bool head, bool close) {
  // These statuses cannot carry a body, so a Content-Length would only
  // confuse the client.
  bool bodyless =
      (status >= 100 && status < 200) || status == 204 || status == 304;
  std::string out =
      fmt::format("HTTP/1.1 {} {}\r\n", status, reason_phrase(status));
  if (!bodyless && !content_type.empty()) {
    out += fmt::format("Content-Type: {}\r\n", content_type);
  }
  for (const auto& [name, value] : extra_headers) {
    out += fmt::format("{}: {}\r\n", name, value);
  }
  if (!bodyless) out += fmt::format("Content-Length: {}\r\n", body.size());
  if (close) out += "Connection: close\r\n";
  out += "\r\n";
  if (!bodyless && !head) out += body;
  return out;
}

Conn::Conn(ServerState& state, UniqueFd fd)
    : state_(state), fd_(std::move(fd)) {
  state_.connection_opened();
}

void Conn::set_stats_only(bool v) {
  if (v == stats_only_) return;
  stats_only_ = v;
  state_.mark_stats_only(v);
}

void Conn::close() {
  if (!fd_.valid()) return;
  // Count first: a client that saw our FIN and then asks /stats must find
  // this connection already gone.
  state_.connection_closed(stats_only_);
  stats_only_ = false;
  fd_.reset();
}

void Conn::abort() {
  if (!fd_.valid()) return;
  linger lg{1, 0};
  setsockopt(fd_.get(), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  close();
}

WaitResult Conn::wait(short events, int timeout_ms) {
  for (;;) {
    pollfd fds[2] = {{fd_.get(), events, 0}, {state_.stop_fd(), POLLIN, 0}};
    int n = poll(fds, 2, timeout_ms);
    if (n < 0) {
      // EINTR only; SIGTERM/SIGINT are blocked in every thread.
      if (errno == EINTR) continue;
      return WaitResult::kStopped;
    }
    if (fds[1].revents != 0) return WaitResult::kStopped;
    if (n == 0) return WaitResult::kTimeout;
    return WaitResult::kReady;
  }
}

bool Conn::fill() {
  char chunk[16384];
  for (;;) {
    ssize_t n = recv(fd_.get(), chunk, sizeof chunk, MSG_DONTWAIT);
    if (n > 0) {
      buf_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return false;
    if (wait(POLLIN, -1) != WaitResult::kReady) return false;
  }
}

bool Conn::send_all(std::string_view data) {
  while (!data.empty()) {
    ssize_t n =
        send(fd_.get(), data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (wait(POLLOUT, -1) != WaitResult::kReady) return false;
      continue;
    }
    return false;
  }
  return true;
}

WaitResult Conn::sleep_ms(int64_t ms) {
  double deadline = now_ms() + static_cast<double>(ms);
  for (;;) {
    double left = deadline - now_ms();
    if (left <= 0) return WaitResult::kTimeout;
    int timeout = static_cast<int>(std::min<double>(left + 1, INT_MAX));
    // POLLRDHUP only, not POLLIN: pipelined bytes must not end the sleep,
    // the peer's FIN or RST must.
    WaitResult r = wait(POLLRDHUP, timeout);
    if (r == WaitResult::kStopped) return r;
    if (r == WaitResult::kReady) return WaitResult::kPeerGone;
  }
}

void Conn::wait_for_peer_close() {
  buf_.clear();
  char scratch[4096];
  for (;;) {
    ssize_t n = recv(fd_.get(), scratch, sizeof scratch, MSG_DONTWAIT);
    if (n > 0) continue;
    if (n == 0) return;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return;
    if (wait(POLLIN | POLLRDHUP, -1) != WaitResult::kReady) return;
  }
}

std::optional<Request> Conn::read_request() {
  // Blank lines between requests are tolerated (RFC 9112, section 2.2).
  size_t head_end = std::string::npos;
  size_t scan_from = 0;
  for (;;) {
    while (buf_.rfind("\r\n", 0) == 0) buf_.erase(0, 2);
    size_t pos = buf_.find("\r\n\r\n", scan_from);
    if (pos != std::string::npos) {
      head_end = pos + 4;
      break;
    }
    if (buf_.size() > kMaxHead) break;
    scan_from = buf_.size() >= 3 ? buf_.size() - 3 : 0;
    if (!fill()) return std::nullopt;
  }
  if (head_end == std::string::npos || head_end > kMaxHead) {
    send_all(make_response(431, "text/plain", "request head too large\n", {},
                           false, true));
    return std::nullopt;
  }

  Request req;
  req.arrival_ms = now_ms();
  if (!parse_head(std::string_view(buf_).substr(0, head_end - 4), req)) {
    send_all(
        make_response(400, "text/plain", "bad request\n", {}, false, true));
    return std::nullopt;
  }
  buf_.erase(0, head_end);

  auto bad = [&](int status, std::string_view body) {
    send_all(make_response(status, "text/plain", body, {}, false, true));
    return std::nullopt;
  };
  const std::string* te = req.header("Transfer-Encoding");
  const std::string* cl = req.header("Content-Length");
  bool chunked = te != nullptr;
  if (chunked && !has_token(te, "chunked")) {
    return bad(501, "unsupported transfer-encoding\n");
  }
  size_t length = 0;
  if (!chunked && cl != nullptr) {
    auto [end, ec] =
        std::from_chars(cl->data(), cl->data() + cl->size(), length);
    if (ec != std::errc() || end != cl->data() + cl->size() || cl->empty()) {
      return bad(400, "bad content-length\n");
    }
    if (length > kMaxBody) return bad(413, "body too large\n");
  }

  // curl holds back large bodies for up to a second waiting for this.
  bool expects_body = chunked || length > 0;
  if (expects_body && has_token(req.header("Expect"), "100-continue") &&
      buf_.empty()) {
    if (!send_all("HTTP/1.1 100 Continue\r\n\r\n")) return std::nullopt;
  }

  if (!chunked) {
    while (buf_.size() < length) {
      if (!fill()) return std::nullopt;
    }
    req.body = buf_.substr(0, length);
    buf_.erase(0, length);
    return req;
  }

  // Chunked request body: size line, data, CRLF, ... , 0, trailers, CRLF.
  size_t pos = 0;
  auto read_line = [&](std::string_view& line) {
    for (;;) {
      size_t eol = buf_.find("\r\n", pos);
      if (eol != std::string::npos) {
        line = std::string_view(buf_).substr(pos, eol - pos);
        pos = eol + 2;
        return true;
      }
      if (buf_.size() - pos > kMaxLine || !fill()) return false;
    }
  };
  for (;;) {
    std::string_view line;
    if (!read_line(line)) return std::nullopt;
    line = line.substr(0, line.find(';'));
    line = trim(line);
    size_t size = 0;
    auto [end, ec] =
        std::from_chars(line.data(), line.data() + line.size(), size, 16);
    if (ec != std::errc() || end != line.data() + line.size()) {
      return bad(400, "bad chunk size\n");
    }
    if (size == 0) break;
    if (size > kMaxBody || req.body.size() + size > kMaxBody) {
      return bad(413, "body too large\n");
    }
    while (buf_.size() - pos < size + 2) {
      if (!fill()) return std::nullopt;
    }
    req.body.append(buf_, pos, size);
    if (buf_.compare(pos + size, 2, "\r\n") != 0) {
      return bad(400, "bad chunk\n");
    }
    pos += size + 2;
  }
  for (;;) {
    std::string_view trailer;
    if (!read_line(trailer)) return std::nullopt;
    if (trailer.empty()) break;
  }
  buf_.erase(0, pos);
  return req;
}

void serve_connection(Conn& conn) {
  ServerState& state = conn.state();
  bool first = true;
  while (conn.open() && !state.stopping()) {
    std::optional<Request> req = conn.read_request();
    if (!req) return;
    if (is_introspection(req->path)) {
      if (first) conn.set_stats_only(true);
    } else {
      conn.set_stats_only(false);
      state.count_request(req->arrival_ms);
      if (const std::string* key = req->param("key")) {
        state.record_key(*key, req->arrival_ms);
      }
    }
    first = false;
    if (dispatch(conn, *req) == After::kClose || !req->keep_alive) return;
  }
}

}  // namespace fanout::fault_server
