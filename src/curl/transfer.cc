#include "curl/transfer.h"

#include <fmt/format.h>
#include <strings.h>
#include <sys/socket.h>

#include "curl/address_policy.h"

namespace fanout::internal {
namespace {

constexpr const char* kAllowedProtocols = "http,https";

template <typename T>
CURLcode set(CURL* h, CURLoption opt, T value) {
  return curl_easy_setopt(h, opt, value);
}

bool same_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

double us_to_ms(curl_off_t us) { return static_cast<double>(us) / 1000.0; }

const char* version_name(long v) {
  switch (v) {
    case CURL_HTTP_VERSION_1_0:
      return "1.0";
    case CURL_HTTP_VERSION_1_1:
      return "1.1";
    case CURL_HTTP_VERSION_2_0:
      return "2";
    case CURL_HTTP_VERSION_3:
      return "3";
    default:
      return "";
  }
}

}  // namespace

Status Transfer::init(const TransferConfig& config, void* owner) {
  easy_.reset(curl_easy_init());
  if (!easy_) return Status::internal("curl_easy_init failed");
  config_ = &config;
  max_body_ = config.max_body;
  keep_body_ = config.keep_body;
  CURL* h = easy_.get();
  CURLcode rc = CURLE_OK;
  auto s = [&rc](CURLcode r) {
    if (rc == CURLE_OK) rc = r;
  };
  s(set(h, CURLOPT_PRIVATE, owner));
  s(set(h, CURLOPT_NOSIGNAL, 1L));
  s(set(h, CURLOPT_PROTOCOLS_STR, kAllowedProtocols));
  s(set(h, CURLOPT_REDIR_PROTOCOLS_STR, kAllowedProtocols));
  s(set(h, CURLOPT_ERRORBUFFER, error_buffer_));
  s(set(h, CURLOPT_WRITEFUNCTION, &Transfer::write_callback));
  s(set(h, CURLOPT_WRITEDATA, this));
  if (config.connect_timeout.count() > 0)
    s(set(h, CURLOPT_CONNECTTIMEOUT_MS,
          static_cast<long>(config.connect_timeout.count())));
  if (config.follow_redirects) {
    s(set(h, CURLOPT_FOLLOWLOCATION, 1L));
    s(set(h, CURLOPT_MAXREDIRS, config.max_redirects));
  }
  if (config.deny_private) {
    s(set(h, CURLOPT_OPENSOCKETFUNCTION, &Transfer::open_socket));
    s(set(h, CURLOPT_OPENSOCKETDATA, this));
  }
  if (!config.user_agent.empty())
    s(set(h, CURLOPT_USERAGENT, config.user_agent.c_str()));
  if (!config.ca_file.empty())
    s(set(h, CURLOPT_CAINFO, config.ca_file.c_str()));
  if (rc != CURLE_OK) {
    easy_.reset();  // half set up: the next attempt starts over
    return Status::internal(
        fmt::format("curl_easy_setopt: {}", curl_easy_strerror(rc)));
  }
  return Status::ok();
}

std::size_t Transfer::write_callback(char* data, std::size_t size,
                                     std::size_t nmemb, void* userp) {
  auto* self = static_cast<Transfer*>(userp);
  const std::size_t n = size * nmemb;
  // CURLOPT_MAXFILESIZE does not stop bodies of unknown length in libcurl
  // 7.88, so the cap is enforced here, on every byte, kept or not.
  if (self->bytes_ + n > self->max_body_) {
    self->flags_.body_over_cap = true;
    return 0;  // ends the transfer with CURLE_WRITE_ERROR
  }
  self->bytes_ += n;
  if (self->keep_body_) self->body_.append(data, n);
  return n;
}

curl_socket_t Transfer::open_socket(void* clientp, curlsocktype /*purpose*/,
                                    curl_sockaddr* address) {
  // Runs on the resolved address of every connection, redirects included,
  // so neither a Location header nor a DNS answer can reach a private host.
  auto* self = static_cast<Transfer*>(clientp);
  if (is_private_address(&address->addr)) {
    self->flags_.denied = true;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC,
                  address->protocol);
}

Status Transfer::prepare(const Request& request,
                         std::chrono::milliseconds timeout) {
  const TransferConfig& config = *config_;
  CURL* h = easy_.get();
  body_.clear();
  bytes_ = 0;
  flags_ = {};
  error_buffer_[0] = '\0';

  // Headers: Options::headers, unless the request names the same header.
  const curl_slist* header_list = config.base_headers;
  const bool has_body = !request.body.empty();
  if (!request.headers.empty() || has_body) {
    curl_slist* list = nullptr;
    auto append = [&list](const std::string& line) {
      curl_slist* next = curl_slist_append(list, line.c_str());
      if (next) list = next;
      return next != nullptr;
    };
    bool ok = true;
    if (config.base_header_list) {
      for (const Header& base : *config.base_header_list) {
        bool overridden = false;
        for (const Header& own : request.headers)
          if (same_name(own.name, base.name)) overridden = true;
        if (!overridden) ok &= append(base.name + ": " + base.value);
      }
    }
    for (const Header& hd : request.headers)
      ok &=
          append(hd.value.empty() ? hd.name + ";" : hd.name + ": " + hd.value);
    // No "Expect: 100-continue" round trip for bodies.
    if (has_body) ok &= append("Expect:");
    headers_.reset(list);
    if (!ok) return Status::resource_exhausted("curl_slist_append failed");
    header_list = list;
  }

  CURLcode rc = CURLE_OK;
  auto s = [&rc](CURLcode r) {
    if (rc == CURLE_OK) rc = r;
  };
  s(set(h, CURLOPT_URL, request.url.c_str()));
  s(set(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count())));
  s(set(h, CURLOPT_HTTPHEADER, const_cast<curl_slist*>(header_list)));

  // Method and body: HTTPGET resets the method state an earlier attempt
  // left (POST, NOBODY, UPLOAD); CUSTOMREQUEST is cleared unless needed.
  const std::string& m = request.method;
  const bool sends_body = has_body || m == "POST" || m == "PUT" || m == "PATCH";
  s(set(h, CURLOPT_HTTPGET, 1L));
  const bool custom = m != "GET" && m != "HEAD" && m != "POST";
  s(set(h, CURLOPT_CUSTOMREQUEST, custom ? m.c_str() : nullptr));
  if (m == "HEAD") s(set(h, CURLOPT_NOBODY, 1L));
  if (sends_body) {
    s(set(h, CURLOPT_POSTFIELDSIZE_LARGE,
          static_cast<curl_off_t>(request.body.size())));
    s(set(h, CURLOPT_POSTFIELDS, request.body.c_str()));
  }
  if (rc != CURLE_OK)
    return Status::internal(
        fmt::format("curl_easy_setopt: {}", curl_easy_strerror(rc)));
  return Status::ok();
}

void Transfer::collect(CURLcode code, Outcome& out) {
  CURL* h = easy_.get();
  long status = 0, version = 0, redirects = 0;
  curl_off_t dns = 0, connect = 0, tls = 0, ttfb = 0, total = 0,
             retry_after = 0;
  // Every getinfo below exists in libcurl >= 7.85; a failure leaves the
  // zero-initialised value, which reads as "did not happen".
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &version);
  curl_easy_getinfo(h, CURLINFO_REDIRECT_COUNT, &redirects);
  curl_easy_getinfo(h, CURLINFO_NAMELOOKUP_TIME_T, &dns);
  curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connect);
  curl_easy_getinfo(h, CURLINFO_APPCONNECT_TIME_T, &tls);
  curl_easy_getinfo(h, CURLINFO_STARTTRANSFER_TIME_T, &ttfb);
  curl_easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &total);
  curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &retry_after);
  flags_.followed_redirect = redirects > 0;

  out.status = static_cast<int>(status);
  out.http_version = status > 0 ? version_name(version) : "";
  out.bytes = bytes_;
  out.time = {us_to_ms(dns), us_to_ms(connect), us_to_ms(tls), us_to_ms(ttfb),
              us_to_ms(total)};
  out.retry_after_s = retry_after > 0 ? retry_after : -1;
  out.error = classify(code, flags_);
  if (out.error == ErrorKind::kNone) {
    out.error_message.clear();
  } else if (out.error == ErrorKind::kDenied) {
    out.error_message =
        "connection refused: the address is private or loopback "
        "(deny_private)";
  } else if (out.error == ErrorKind::kTooLarge) {
    out.error_message =
        fmt::format("body larger than the {} byte limit", max_body_);
  } else {
    out.error_message =
        error_buffer_[0] ? error_buffer_ : curl_easy_strerror(code);
  }
  out.body = std::move(body_);
  body_.clear();
}

}  // namespace fanout::internal
