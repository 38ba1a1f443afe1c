// Owners for libcurl's C handles: one owner each, released on every path.
#ifndef FANOUT_CURL_HANDLES_H_
#define FANOUT_CURL_HANDLES_H_

#include <curl/curl.h>

#include <memory>

namespace fanout::internal {

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct MultiDeleter {
  void operator()(CURLM* h) const { curl_multi_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

}  // namespace fanout::internal

#endif  // FANOUT_CURL_HANDLES_H_
