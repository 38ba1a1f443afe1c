// Turning libcurl's outcome codes into fanout's stable error kinds.
#ifndef FANOUT_CURL_ERROR_MAP_H_
#define FANOUT_CURL_ERROR_MAP_H_

#include <curl/curl.h>

#include "fanout/result.h"

namespace fanout::internal {

// What the transfer itself observed, beyond the CURLcode.
struct TransferFlags {
  bool body_over_cap = false;  // our write callback refused more bytes
  bool denied = false;         // our open-socket callback refused the address
  bool followed_redirect = false;  // at least one redirect was followed
};

ErrorKind classify(CURLcode code, const TransferFlags& flags);

}  // namespace fanout::internal

#endif  // FANOUT_CURL_ERROR_MAP_H_
