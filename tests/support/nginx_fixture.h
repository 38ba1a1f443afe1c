// A real nginx from Debian on a free loopback port, in a private temporary
// directory, for the lifetime of a test (or a test suite).
//   /item/<anything>  200 {"ok":true}      /status/<code>  that status
//   /sleep/<s>        answers after s s    /hang           answers after 1 h
//   /big              200 with 100000 bytes
// on HTTP/1.1 (url()) and on HTTPS with HTTP/2 by ALPN (tls_url()).
#ifndef FANOUT_SUPPORT_NGINX_FIXTURE_H_
#define FANOUT_SUPPORT_NGINX_FIXTURE_H_

#include <memory>
#include <string>
#include <string_view>

#include "support/child_process.h"

namespace fanout::testing {

class Nginx {
 public:
  // Starts nginx and waits (at most 10 s) until it accepts connections.
  // Throws std::runtime_error (with nginx's error log) when it cannot.
  Nginx();
  ~Nginx();
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  int port() const { return port_; }
  std::string url(std::string_view path) const;
  // The same locations over HTTPS, HTTP/2 offered by ALPN; the certificate
  // is self-signed for 127.0.0.1, in ca_file().
  std::string tls_url(std::string_view path) const;
  std::string ca_file() const { return dir_ + "/cert.pem"; }

 private:
  std::string dir_;
  int port_ = 0;
  int tls_port_ = 0;
  std::unique_ptr<Child> child_;
};

// A loopback port that was free a moment ago.
int free_port();

}  // namespace fanout::testing

#endif  // FANOUT_SUPPORT_NGINX_FIXTURE_H_
