#include "curl/error_map.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace fanout::internal {
namespace {

const TransferFlags kNoFlags;

TransferFlags all_flags() {
  TransferFlags f;
  f.body_over_cap = true;
  f.denied = true;
  f.followed_redirect = true;
  return f;
}

// Codes whose kind does not depend on the flags.
const std::vector<std::pair<CURLcode, ErrorKind>>& fixed_codes() {
  static const std::vector<std::pair<CURLcode, ErrorKind>> kCodes = {
      {CURLE_OK, ErrorKind::kNone},
      {CURLE_COULDNT_RESOLVE_HOST, ErrorKind::kDns},
      {CURLE_COULDNT_RESOLVE_PROXY, ErrorKind::kDns},
      {CURLE_OPERATION_TIMEDOUT, ErrorKind::kTimeout},
      {CURLE_SSL_CONNECT_ERROR, ErrorKind::kTls},
      {CURLE_PEER_FAILED_VERIFICATION, ErrorKind::kTls},
      {CURLE_SSL_CERTPROBLEM, ErrorKind::kTls},
      {CURLE_SSL_CIPHER, ErrorKind::kTls},
      {CURLE_SSL_CACERT_BADFILE, ErrorKind::kTls},
      {CURLE_SSL_ISSUER_ERROR, ErrorKind::kTls},
      {CURLE_SSL_PINNEDPUBKEYNOTMATCH, ErrorKind::kTls},
      {CURLE_SSL_INVALIDCERTSTATUS, ErrorKind::kTls},
      {CURLE_SSL_CRL_BADFILE, ErrorKind::kTls},
      {CURLE_SSL_ENGINE_NOTFOUND, ErrorKind::kTls},
      {CURLE_SSL_ENGINE_SETFAILED, ErrorKind::kTls},
      {CURLE_SSL_ENGINE_INITFAILED, ErrorKind::kTls},
      {CURLE_SSL_SHUTDOWN_FAILED, ErrorKind::kTls},
      {CURLE_USE_SSL_FAILED, ErrorKind::kTls},
      {CURLE_RECV_ERROR, ErrorKind::kReset},
      {CURLE_SEND_ERROR, ErrorKind::kReset},
      {CURLE_GOT_NOTHING, ErrorKind::kReset},
      {CURLE_HTTP2_STREAM, ErrorKind::kReset},
      {CURLE_PARTIAL_FILE, ErrorKind::kProtocol},
      {CURLE_WEIRD_SERVER_REPLY, ErrorKind::kProtocol},
      {CURLE_BAD_CONTENT_ENCODING, ErrorKind::kProtocol},
      {CURLE_HTTP2, ErrorKind::kProtocol},
      {CURLE_HTTP3, ErrorKind::kProtocol},
      {CURLE_FILESIZE_EXCEEDED, ErrorKind::kTooLarge},
      {CURLE_TOO_MANY_REDIRECTS, ErrorKind::kRedirects},
      {CURLE_URL_MALFORMAT, ErrorKind::kInvalid},
  };
  return kCodes;
}

TEST(ErrorMapTest, MappedCodesGiveTheirKindWhateverTheFlags) {
  for (const auto& [code, kind] : fixed_codes()) {
    EXPECT_EQ(classify(code, kNoFlags), kind) << curl_easy_strerror(code);
    EXPECT_EQ(classify(code, all_flags()), kind) << curl_easy_strerror(code);
  }
}

TEST(ErrorMapTest, OldCaCertNameIsATlsError) {
  // CURLE_SSL_CACERT is an alias of CURLE_PEER_FAILED_VERIFICATION.
  EXPECT_EQ(classify(CURLE_SSL_CACERT, kNoFlags), ErrorKind::kTls);
}

TEST(ErrorMapTest, WriteErrorIsTooLargeOnlyWhenTheBodyWentOverTheCap) {
  EXPECT_EQ(classify(CURLE_WRITE_ERROR, kNoFlags), ErrorKind::kOther);
  TransferFlags f;
  f.body_over_cap = true;
  EXPECT_EQ(classify(CURLE_WRITE_ERROR, f), ErrorKind::kTooLarge);
  // The other flags do not matter.
  f = all_flags();
  f.body_over_cap = false;
  EXPECT_EQ(classify(CURLE_WRITE_ERROR, f), ErrorKind::kOther);
}

TEST(ErrorMapTest, CouldntConnectIsDeniedOnlyWhenPolicyRefused) {
  EXPECT_EQ(classify(CURLE_COULDNT_CONNECT, kNoFlags), ErrorKind::kConnect);
  TransferFlags f;
  f.denied = true;
  EXPECT_EQ(classify(CURLE_COULDNT_CONNECT, f), ErrorKind::kDenied);
  f = all_flags();
  f.denied = false;
  EXPECT_EQ(classify(CURLE_COULDNT_CONNECT, f), ErrorKind::kConnect);
}

TEST(ErrorMapTest, UnsupportedProtocolIsARedirectOnlyAfterOne) {
  EXPECT_EQ(classify(CURLE_UNSUPPORTED_PROTOCOL, kNoFlags),
            ErrorKind::kProtocol);
  TransferFlags f;
  f.followed_redirect = true;
  EXPECT_EQ(classify(CURLE_UNSUPPORTED_PROTOCOL, f), ErrorKind::kRedirects);
  f = all_flags();
  f.followed_redirect = false;
  EXPECT_EQ(classify(CURLE_UNSUPPORTED_PROTOCOL, f), ErrorKind::kProtocol);
}

TEST(ErrorMapTest, UnmappedCodesAreOther) {
  for (CURLcode code :
       {CURLE_FAILED_INIT, CURLE_OUT_OF_MEMORY, CURLE_ABORTED_BY_CALLBACK,
        CURLE_READ_ERROR, CURLE_BAD_FUNCTION_ARGUMENT, CURLE_LOGIN_DENIED,
        CURLE_REMOTE_ACCESS_DENIED, CURLE_RANGE_ERROR, CURLE_NOT_BUILT_IN}) {
    EXPECT_EQ(classify(code, kNoFlags), ErrorKind::kOther)
        << curl_easy_strerror(code);
    EXPECT_EQ(classify(code, all_flags()), ErrorKind::kOther)
        << curl_easy_strerror(code);
  }
  // A code newer than any this build knows.
  EXPECT_EQ(classify(static_cast<CURLcode>(CURL_LAST + 100), kNoFlags),
            ErrorKind::kOther);
}

TEST(ErrorMapTest, NoFailureMapsToNoneOrToARunLevelKind) {
  // Only CURLE_OK means "completed"; no failure maps to kNone, and none maps
  // to the run-level kinds the engine sets itself.
  for (int c = 1; c < CURL_LAST; ++c) {
    const auto code = static_cast<CURLcode>(c);
    for (const TransferFlags& f : {kNoFlags, all_flags()}) {
      const ErrorKind kind = classify(code, f);
      EXPECT_NE(kind, ErrorKind::kNone) << c;
      EXPECT_NE(kind, ErrorKind::kCancelled) << c;
      EXPECT_NE(kind, ErrorKind::kDeadline) << c;
    }
  }
}

}  // namespace
}  // namespace fanout::internal
