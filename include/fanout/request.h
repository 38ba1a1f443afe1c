// fanout: one HTTP request to run.
#ifndef FANOUT_REQUEST_H_
#define FANOUT_REQUEST_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fanout {

// One request header. Names and values must not contain CR, LF or NUL; a
// request that breaks this rule ends as an `invalid` result, never on the
// wire.
struct Header {
  std::string name;
  std::string value;
};

// What to fetch. Only http:// and https:// URLs run; anything else ends as an
// `invalid` result.
struct Request {
  Request() = default;
  explicit Request(std::string url_, std::string method_ = "GET")
      : url(std::move(url_)), method(std::move(method_)) {}

  std::string url;
  // Default: "GET". Any token (GET, POST, PUT, DELETE, HEAD, PATCH, ...).
  std::string method = "GET";
  // Sent in order after Options::headers; a header named here replaces one of
  // the same name from Options::headers.
  std::vector<Header> headers;
  // Request body; sent when non-empty or when the method is POST, PUT, PATCH.
  std::string body;
  // Per-request timeout for one attempt. Default: Options::timeout.
  std::optional<std::chrono::milliseconds> timeout;
  // Opaque caller identifier copied to the Result.
  std::optional<std::string> id;
  // 1-based line of the input this request came from; 0 when not from a file.
  std::uint64_t line = 0;
};

}  // namespace fanout

#endif  // FANOUT_REQUEST_H_
