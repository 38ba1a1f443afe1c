// Built against an installed fanout with find_package(fanout); run with no
// network: an invalid target must come back as exactly one `invalid` result.
#include <fanout/fanout.h>

#include <cstdio>

int main() {
  std::vector<fanout::Request> reqs = {fanout::Request("ftp://example.invalid/")};
  auto results = fanout::fetch_all(reqs);
  if (results.size() != 1 || results[0].error != fanout::ErrorKind::kInvalid) {
    std::fprintf(stderr, "unexpected result\n");
    return 1;
  }
  std::printf("consumer ok: %s\n",
              std::string(fanout::to_string(results[0].error)).c_str());
  return 0;
}
