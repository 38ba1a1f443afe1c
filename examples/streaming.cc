// Stream a generated list of a million requests through fanout without ever
// holding it in memory; count outcomes as they arrive. Ctrl-C style
// cancellation comes from a std::stop_source (here: after --stop-after N).
//   example_streaming http://127.0.0.1:8080/item/ 100000
#include <fanout/fanout.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// Generates base + "0", base + "1", ... lazily.
class NumberedUrls final : public fanout::RequestSource {
 public:
  NumberedUrls(std::string base, std::uint64_t count)
      : base_(std::move(base)), count_(count) {}
  bool next(fanout::SourceItem& out) override {
    if (i_ == count_) return false;
    out.request = fanout::Request(base_ + std::to_string(i_++));
    out.invalid.reset();
    return true;
  }

 private:
  std::string base_;
  std::uint64_t count_;
  std::uint64_t i_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s BASE_URL COUNT [STOP_AFTER]\n", argv[0]);
    return 2;
  }
  NumberedUrls source(argv[1], std::strtoull(argv[2], nullptr, 10));
  const std::uint64_t stop_after =
      argc > 3 ? std::strtoull(argv[3], nullptr, 10) : UINT64_MAX;

  fanout::Options options;
  options.concurrency = 64;
  options.keep_body = false;  // count bytes, keep nothing
  std::stop_source stop;
  std::uint64_t ok = 0, failed = 0, cancelled = 0;
  fanout::Status status = fanout::run(
      source, options,
      [&](fanout::Result&& r) {
        if (r.ok)
          ++ok;
        else if (r.error == fanout::ErrorKind::kCancelled)
          ++cancelled;
        else
          ++failed;
        if (ok + failed >= stop_after) stop.request_stop();
      },
      stop.get_token());
  if (!status.is_ok()) {
    std::fprintf(stderr, "run failed: %s\n", status.message().c_str());
    return 2;
  }
  std::printf("ok %llu failed %llu cancelled %llu\n",
              static_cast<unsigned long long>(ok),
              static_cast<unsigned long long>(failed),
              static_cast<unsigned long long>(cancelled));
  return 0;
}
