// The routes: each one either answers like a well-behaved server or breaks
// the connection in one specific way a client has to survive.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "server.h"

namespace fanout::fault_server {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;
using Handler = After (*)(Conn&, const Request&);

// Prefix match on whole path segments, so /big does not swallow
// /big-chunked and /ok/anything still reaches /ok.
bool under(std::string_view path, std::string_view prefix) {
  return path.substr(0, prefix.size()) == prefix &&
         (path.size() == prefix.size() || path[prefix.size()] == '/');
}

After respond(Conn& conn, const Request& req, int status, std::string_view body,
              const Headers& headers = {},
              std::string_view content_type = "text/plain") {
  bool close = !req.keep_alive;
  bool sent = conn.send_all(make_response(status, content_type, body, headers,
                                          req.method == "HEAD", close));
  return sent && !close ? After::kKeepAlive : After::kClose;
}

After bad_request(Conn& conn, const Request& req, std::string_view why) {
  conn.send_all(make_response(400, "text/plain", fmt::format("{}\n", why), {},
                              req.method == "HEAD", true));
  return After::kClose;
}

// Parses an integer query parameter; `def` when absent, nullopt when
// malformed or out of [lo, hi].
std::optional<int64_t> int_param(
    const Request& req, const std::string& name, int64_t def, int64_t lo = 0,
    int64_t hi = std::numeric_limits<int64_t>::max()) {
  const std::string* v = req.param(name);
  if (v == nullptr) return def;
  int64_t out = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || end != v->data() + v->size() || out < lo ||
      out > hi) {
    return std::nullopt;
  }
  return out;
}

Headers retry_after_header(const Request& req) {
  if (const std::string* v = req.param("retry_after")) {
    return {{"Retry-After", *v}};
  }
  return {};
}

std::string head_line(const Request& req) {
  return req.keep_alive ? "" : "Connection: close\r\n";
}

After route_ok(Conn& conn, const Request& req) {
  return respond(conn, req, 200, "ok\n");
}

After route_status(Conn& conn, const Request& req) {
  std::string_view code_text = std::string_view(req.path);
  code_text.remove_prefix(std::min(code_text.size(), sizeof("/status/") - 1));
  int code = 0;
  auto [end, ec] = std::from_chars(code_text.data(),
                                   code_text.data() + code_text.size(), code);
  if (ec != std::errc() || end != code_text.data() + code_text.size() ||
      code < 100 || code > 999) {
    return bad_request(conn, req, "want /status/<100..999>");
  }
  return respond(conn, req, code, fmt::format("status {}\n", code),
                 retry_after_header(req));
}

After route_slow(Conn& conn, const Request& req) {
  std::optional<int64_t> ms = int_param(req, "ms", 1000);
  if (!ms) return bad_request(conn, req, "bad ms");
  if (conn.sleep_ms(*ms) != WaitResult::kTimeout) return After::kClose;
  return respond(conn, req, 200, "ok\n");
}

After route_hang(Conn& conn, const Request&) {
  conn.wait_for_peer_close();
  return After::kClose;
}

After route_trickle(Conn& conn, const Request& req) {
  std::optional<int64_t> ms = int_param(req, "ms", 200);
  if (!ms) return bad_request(conn, req, "bad ms");
  std::string head = fmt::format(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
      "3\r\n{}\r\n",
      head_line(req));
  for (size_t i = 0; i < head.size(); ++i) {
    if (!conn.send_all(std::string_view(head).substr(i, 1))) {
      return After::kClose;
    }
    if (i + 1 < head.size() && conn.sleep_ms(*ms) != WaitResult::kTimeout) {
      return After::kClose;
    }
  }
  if (!conn.send_all("ok\n") || !req.keep_alive) return After::kClose;
  return After::kKeepAlive;
}

After route_stall(Conn& conn, const Request&) {
  if (conn.send_all("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                    "Content-Length: 1000\r\n\r\n" +
                    std::string(10, 'x'))) {
    conn.wait_for_peer_close();
  }
  return After::kClose;
}

After route_reset(Conn& conn, const Request&) {
  conn.send_all(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
      "Content-Length: 100000\r\n\r\n" +
      std::string(1000, 'x'));
  conn.abort();
  return After::kClose;
}

After route_truncate(Conn& conn, const Request&) {
  conn.send_all(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
      "Content-Length: 1000\r\n\r\nabcdefghijklmnopqrstuvwxyz");
  conn.close();
  return After::kClose;
}

After route_truncate_chunked(Conn& conn, const Request&) {
  // Announces a 0x41-byte chunk and delivers 20 of it.
  conn.send_all(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
      "Transfer-Encoding: chunked\r\n\r\n41\r\n" +
      std::string(20, 'y'));
  conn.close();
  return After::kClose;
}

After route_garbage(Conn& conn, const Request&) {
  std::string junk(
      "\x00\x01\xff"
      "GARBAGE\r\n",
      12);
  for (unsigned i = 0; junk.size() < 200; ++i) {
    junk.push_back(static_cast<char>((i * 37u + 11u) & 0xffu));
  }
  conn.send_all(junk);
  conn.close();
  return After::kClose;
}

After route_empty(Conn& conn, const Request&) {
  conn.close();
  return After::kClose;
}

After route_endless(Conn& conn, const Request&) {
  if (!conn.send_all("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n")) {
    return After::kClose;
  }
  std::string chunk = "4000\r\n" + std::string(16384, 'x') + "\r\n";
  while (conn.send_all(chunk)) {
  }
  return After::kClose;
}

constexpr size_t kBlock = 64 * 1024;

After route_big(Conn& conn, const Request& req) {
  std::optional<int64_t> bytes = int_param(req, "bytes", 1 << 20);
  if (!bytes) return bad_request(conn, req, "bad bytes");
  if (!conn.send_all(fmt::format(
          "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
          "Content-Length: {}\r\n{}\r\n",
          *bytes, head_line(req)))) {
    return After::kClose;
  }
  if (req.method != "HEAD") {
    std::string block(kBlock, 'x');
    for (auto left = static_cast<uint64_t>(*bytes); left > 0;) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(left, kBlock));
      if (!conn.send_all(std::string_view(block).substr(0, n))) {
        return After::kClose;
      }
      left -= n;
    }
  }
  return req.keep_alive ? After::kKeepAlive : After::kClose;
}

After route_big_chunked(Conn& conn, const Request& req) {
  std::optional<int64_t> bytes = int_param(req, "bytes", 1 << 20);
  if (!bytes) return bad_request(conn, req, "bad bytes");
  if (!conn.send_all(fmt::format(
          "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
          "Transfer-Encoding: chunked\r\n{}\r\n",
          head_line(req)))) {
    return After::kClose;
  }
  if (req.method != "HEAD") {
    std::string block(kBlock, 'x');
    for (auto left = static_cast<uint64_t>(*bytes); left > 0;) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(left, kBlock));
      std::string chunk = fmt::format("{:x}\r\n", n);
      chunk.append(block, 0, n);
      chunk += "\r\n";
      if (!conn.send_all(chunk)) return After::kClose;
      left -= n;
    }
    if (!conn.send_all("0\r\n\r\n")) return After::kClose;
  }
  return req.keep_alive ? After::kKeepAlive : After::kClose;
}

After route_redirect(Conn& conn, const Request& req) {
  const std::string* to = req.param("to");
  if (to == nullptr) return bad_request(conn, req, "want ?to=<url>");
  return respond(conn, req, 302, "redirect\n", {{"Location", *to}});
}

After route_redirect_loop(Conn& conn, const Request& req) {
  return respond(conn, req, 302, "redirect\n",
                 {{"Location", "/redirect-loop"}});
}

After route_echo(Conn& conn, const Request& req) {
  // Repeated names are folded into one member: JSON objects cannot hold
  // duplicates portably.
  Headers merged;
  for (const auto& [name, value] : req.headers) {
    auto it = std::find_if(merged.begin(), merged.end(),
                           [&](const auto& h) { return h.first == name; });
    if (it == merged.end()) {
      merged.emplace_back(name, value);
    } else {
      it->second += ", " + value;
    }
  }
  std::string headers;
  for (const auto& [name, value] : merged) {
    if (!headers.empty()) headers += ',';
    headers +=
        fmt::format("\"{}\":\"{}\"", json_escape(name), json_escape(value));
  }
  std::string body = fmt::format(
      "{{\"method\":\"{}\",\"path\":\"{}\",\"query\":\"{}\","
      "\"headers\":{{{}}},\"body\":\"{}\"}}\n",
      json_escape(req.method), json_escape(req.path), json_escape(req.query),
      headers, json_escape(req.body));
  return respond(conn, req, 200, body, {}, "application/json");
}

After route_escape(Conn& conn, const Request& req) {
  std::string body =
      "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x1b[2J\x1b[H cleared\n";
  std::string out = fmt::format(
      "HTTP/1.1 200 OK\x1b[31m\x1b]0;pwned\x07\r\n"
      "Content-Type: text/plain\r\n"
      "X-Evil: \x1b[2J\x1b[31mevil\x1b[0m\r\n"
      "Content-Length: {}\r\n{}\r\n{}",
      body.size(), head_line(req), req.method == "HEAD" ? "" : body);
  if (!conn.send_all(out) || !req.keep_alive) return After::kClose;
  return After::kKeepAlive;
}

After route_flaky(Conn& conn, const Request& req) {
  const std::string* key = req.param("key");
  std::optional<int64_t> fail = int_param(req, "fail", 1);
  std::optional<int64_t> code = int_param(req, "code", 503, 100, 999);
  if (key == nullptr || !fail || !code) {
    return bad_request(conn, req, "want ?key=K[&fail=N][&code=C]");
  }
  if (conn.state().flaky_hit(*key) < *fail) {
    return respond(conn, req, static_cast<int>(*code),
                   fmt::format("flaky {}\n", *code), retry_after_header(req));
  }
  return respond(conn, req, 200, "ok\n");
}

After route_times(Conn& conn, const Request& req) {
  const std::string* key = req.param("key");
  if (key == nullptr) return bad_request(conn, req, "want ?key=K");
  std::string times;
  for (double t : conn.state().key_times(*key)) {
    if (!times.empty()) times += ',';
    times += fmt::format("{}", t);
  }
  return respond(conn, req, 200,
                 fmt::format("{{\"key\":\"{}\",\"times_ms\":[{}]}}\n",
                             json_escape(*key), times),
                 {}, "application/json");
}

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

After route_random(Conn& conn, const Request& req) {
  std::optional<int64_t> seed =
      int_param(req, "seed", 0, std::numeric_limits<int64_t>::min());
  if (!seed) return bad_request(conn, req, "bad seed");
  uint64_t roll = splitmix64(static_cast<uint64_t>(*seed) * 1000003u +
                             conn.state().next_random_counter()) %
                  100;
  static constexpr std::string_view kPartial =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
      "Content-Length: 100\r\n\r\n0123456789";
  if (roll < 50) return respond(conn, req, 200, "ok\n");
  if (roll < 62) {
    conn.send_all(kPartial);
    conn.abort();
    return After::kClose;
  }
  if (roll < 74) {
    conn.close();
    return After::kClose;
  }
  if (roll < 86) {
    conn.send_all(kPartial);
    conn.close();
    return After::kClose;
  }
  if (conn.sleep_ms(3000) != WaitResult::kTimeout) return After::kClose;
  return respond(conn, req, 200, "ok\n");
}

After route_stats(Conn& conn, const Request& req) {
  return respond(conn, req, 200, conn.state().stats_json(), {},
                 "application/json");
}

After route_stats_reset(Conn& conn, const Request& req) {
  conn.state().reset(!conn.stats_only());
  return respond(conn, req, 200, "{\"reset\":true}\n", {}, "application/json");
}

struct Route {
  std::string_view prefix;
  Handler handler;
};

// First match wins; only /stats/reset before /stats depends on that.
constexpr Route kRoutes[] = {
    {"/ok", route_ok},
    {"/status", route_status},
    {"/slow", route_slow},
    {"/hang", route_hang},
    {"/trickle", route_trickle},
    {"/stall", route_stall},
    {"/reset", route_reset},
    {"/truncate", route_truncate},
    {"/truncate-chunked", route_truncate_chunked},
    {"/garbage", route_garbage},
    {"/empty", route_empty},
    {"/endless", route_endless},
    {"/big", route_big},
    {"/big-chunked", route_big_chunked},
    {"/redirect", route_redirect},
    {"/redirect-loop", route_redirect_loop},
    {"/echo", route_echo},
    {"/escape", route_escape},
    {"/flaky", route_flaky},
    {"/times", route_times},
    {"/random", route_random},
    {"/stats/reset", route_stats_reset},
    {"/stats", route_stats},
};

// Length of the valid UTF-8 sequence starting at s[i], or 0.
size_t utf8_len(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    // Overlong forms and UTF-16 surrogates are invalid.
    if (c == 0xe0) lo = 0xa0;
    if (c == 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  }
  return n;
}

}  // namespace

std::string json_escape(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    auto c = static_cast<unsigned char>(in[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\u{:04x}", c);
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (size_t n = utf8_len(in, i); n > 0) {
      out.append(in.substr(i, n));
      i += n - 1;
    } else {
      // Read as Latin-1 so the byte survives as a code point.
      out += fmt::format("\\u{:04x}", c);
    }
  }
  return out;
}

bool is_introspection(std::string_view path) {
  return under(path, "/stats") || under(path, "/times");
}

After dispatch(Conn& conn, const Request& req) {
  for (const Route& route : kRoutes) {
    if (under(req.path, route.prefix)) return route.handler(conn, req);
  }
  return respond(conn, req, 404, "not found\n");
}

}  // namespace fanout::fault_server
