#include "curl/global.h"

#include <curl/curl.h>
#include <fmt/format.h>

namespace fanout::internal {

Status ensure_curl_global() {
  static const Status status = [] {
    CURLcode rc = curl_global_init(CURL_GLOBAL_ALL);
    if (rc != CURLE_OK)
      return Status::internal(
          fmt::format("curl_global_init: {}", curl_easy_strerror(rc)));
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    if (!(info->features & CURL_VERSION_ASYNCHDNS))
      return Status::internal(
          "libcurl was built without an asynchronous resolver; DNS lookups "
          "would block every transfer");
    return Status::ok();
  }();
  return status;
}

}  // namespace fanout::internal
