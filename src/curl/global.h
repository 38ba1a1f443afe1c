// libcurl's process-wide initialisation.
#ifndef FANOUT_CURL_GLOBAL_H_
#define FANOUT_CURL_GLOBAL_H_

#include "fanout/status.h"

namespace fanout::internal {

// Initialises libcurl once per process (thread-safe through a function-local
// static) and checks the features fanout relies on: an asynchronous resolver
// (a blocking one would stall the whole loop) and the http/https protocols.
// Never calls curl_global_cleanup: other code in the process may use libcurl.
Status ensure_curl_global();

}  // namespace fanout::internal

#endif  // FANOUT_CURL_GLOBAL_H_
