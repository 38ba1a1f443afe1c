// One attempt of one request on a reusable easy handle: options, body sink
// with a byte cap, and the outcome read back from libcurl.
#ifndef FANOUT_CURL_TRANSFER_H_
#define FANOUT_CURL_TRANSFER_H_

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "curl/error_map.h"
#include "curl/handles.h"
#include "fanout/request.h"
#include "fanout/result.h"
#include "fanout/status.h"

namespace fanout::internal {

// Settings shared by every transfer of a run.
struct TransferConfig {
  std::uint64_t max_body = 16u << 20;
  bool keep_body = true;
  bool follow_redirects = false;
  long max_redirects = 10;
  std::chrono::milliseconds connect_timeout{0};
  std::string user_agent;
  // Options::headers prebuilt once; not owned. May be null.
  const curl_slist* base_headers = nullptr;
  const std::vector<Header>* base_header_list = nullptr;
  // Refuse private and loopback addresses at connect time.
  bool deny_private = false;
  // PEM bundle to verify servers with; empty = libcurl's default store.
  std::string ca_file;
};

// What one attempt ended with.
struct Outcome {
  int status = 0;
  ErrorKind error = ErrorKind::kNone;
  std::string error_message;
  std::uint64_t bytes = 0;
  std::string http_version;
  Timings time;
  std::string body;
  // Retry-After in seconds from the response, or -1 when absent.
  std::int64_t retry_after_s = -1;
};

class Transfer {
 public:
  Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Creates the easy handle and sets the options that are the same for
  // every attempt of the run (once: curl_easy_reset plus a dozen setopts
  // per request was measurable at 100,000 requests/run). |owner| is stored
  // as CURLOPT_PRIVATE. |config| must outlive the transfer.
  Status init(const TransferConfig& config, void* owner);
  CURL* easy() const { return easy_.get(); }

  // Sets the handle up for one attempt of |request| with |timeout|: URL,
  // timeout, headers, method and body; every option an earlier attempt may
  // have set is set again, so nothing leaks from one request to the next.
  Status prepare(const Request& request, std::chrono::milliseconds timeout);

  // Reads the finished attempt's outcome; call before the handle is reused.
  void collect(CURLcode code, Outcome& out);

 private:
  static std::size_t write_callback(char* data, std::size_t size,
                                    std::size_t nmemb, void* userp);
  static curl_socket_t open_socket(void* clientp, curlsocktype purpose,
                                   curl_sockaddr* address);

  EasyHandle easy_;
  const TransferConfig* config_ = nullptr;
  Slist headers_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
  std::string body_;
  std::uint64_t bytes_ = 0;
  std::uint64_t max_body_ = 0;
  bool keep_body_ = false;
  TransferFlags flags_;
};

}  // namespace fanout::internal

#endif  // FANOUT_CURL_TRANSFER_H_
