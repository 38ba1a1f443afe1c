#include "curl/error_map.h"

namespace fanout::internal {

ErrorKind classify(CURLcode code, const TransferFlags& flags) {
  switch (code) {
    case CURLE_OK:
      return ErrorKind::kNone;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return ErrorKind::kDns;
    case CURLE_COULDNT_CONNECT:
      return flags.denied ? ErrorKind::kDenied : ErrorKind::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return ErrorKind::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      return ErrorKind::kTls;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2_STREAM:
      return ErrorKind::kReset;
    case CURLE_PARTIAL_FILE:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_HTTP2:
    case CURLE_HTTP3:
      return ErrorKind::kProtocol;
    case CURLE_UNSUPPORTED_PROTOCOL:
      // After a redirect this is a Location with a forbidden scheme; on the
      // first hop it is a server that answered without a status line (HTTP/0.9
      // is refused by libcurl).
      return flags.followed_redirect ? ErrorKind::kRedirects
                                     : ErrorKind::kProtocol;
    case CURLE_FILESIZE_EXCEEDED:
      return ErrorKind::kTooLarge;
    case CURLE_WRITE_ERROR:
      return flags.body_over_cap ? ErrorKind::kTooLarge : ErrorKind::kOther;
    case CURLE_TOO_MANY_REDIRECTS:
      return ErrorKind::kRedirects;
    case CURLE_URL_MALFORMAT:
      return ErrorKind::kInvalid;
    default:
      return ErrorKind::kOther;
  }
}

}  // namespace fanout::internal
