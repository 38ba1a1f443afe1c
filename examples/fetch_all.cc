// Fetch a few URLs and print one line per result, in input order.
//   example_fetch_all http://127.0.0.1:8080/a http://127.0.0.1:8080/b
#include <fanout/fanout.h>

#include <cstdio>

int main(int argc, char** argv) {
  std::vector<fanout::Request> requests;
  for (int i = 1; i < argc; ++i) requests.push_back(fanout::Request(argv[i]));

  fanout::Options options;
  options.concurrency = 32;
  options.timeout = std::chrono::seconds(5);

  int failed = 0;
  for (const fanout::Result& r : fanout::fetch_all(requests, options)) {
    if (r.ok) {
      std::printf("%d %6.1f ms %s (%zu bytes)\n", r.status, r.time.total_ms,
                  r.url.c_str(), r.body.size());
    } else {
      ++failed;
      std::printf("%s %s: %s\n",
                  r.error == fanout::ErrorKind::kNone
                      ? std::to_string(r.status).c_str()
                      : std::string(fanout::to_string(r.error)).c_str(),
                  r.url.c_str(), r.error_message.c_str());
    }
  }
  return failed == 0 ? 0 : 1;
}
