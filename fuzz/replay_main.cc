// Stand-in for libFuzzer when the compiler has none (GCC): runs every file
// named on the command line (or found in a named directory) through
// LLVMFuzzerTestOneInput, then a fixed number of deterministic mutations of
// each, so CI still exercises the target and its invariants.
//
// Usage: target_parser_fuzz_replay [-mutations=N] PATH...
// Exit status 0 when every input ran; the target aborts on a broken
// invariant. Exit status 1 when no input was found, so a missing corpus never
// passes silently.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);

namespace {

constexpr std::size_t kMaxLen = 4096;

// xorshift64*: fixed seed, so every run replays the same inputs.
class Rng {
 public:
  std::uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1DULL;
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : next() % n; }

 private:
  std::uint64_t state_ = 0x9E3779B97F4A7C15ULL;
};

constexpr char kBytes[] = {'\0', '\r', '\n',   '\t',   ' ',    '@',   ':', '/',
                           '#',  '?',  '{',    '}',    '"',    '\\',  '[', ']',
                           '%',  ',',  '\x7f', '\x80', '\xc3', '\xff'};
constexpr std::string_view kTokens[] = {"://",
                                        "http://",
                                        "https://",
                                        "ftp://",
                                        "u:p@",
                                        "@",
                                        "[::1]",
                                        ":99999",
                                        "\\u0000",
                                        "\\r\\n",
                                        "\\\"",
                                        "\r\n",
                                        "\n",
                                        "#",
                                        "{\"url\":",
                                        "\"method\":",
                                        "\"headers\":{",
                                        "\"timeout_ms\":",
                                        "\"id\":",
                                        "\"body\":",
                                        "-1",
                                        "0",
                                        "1e9",
                                        "86400001",
                                        "18446744073709551616",
                                        "null",
                                        "[]",
                                        "{}",
                                        "\"Authorization\":\"Bearer x\"",
                                        "\xf0\x9f\x98\x80"};

void mutate(std::string& s, const std::vector<std::string>& seeds, Rng& rng) {
  switch (rng.below(6)) {
    case 0:
      if (!s.empty())
        s[rng.below(s.size())] ^= static_cast<char>(1 << rng.below(8));
      break;
    case 1:
      if (!s.empty()) s[rng.below(s.size())] = kBytes[rng.below(sizeof kBytes)];
      break;
    case 2: {
      std::string_view t = kTokens[rng.below(std::size(kTokens))];
      s.insert(rng.below(s.size() + 1), t);
      break;
    }
    case 3:
      if (!s.empty()) {
        std::size_t at = rng.below(s.size());
        s.erase(at, 1 + rng.below(std::min<std::size_t>(16, s.size() - at)));
      }
      break;
    case 4:
      if (!s.empty()) {
        std::size_t at = rng.below(s.size());
        std::string piece = s.substr(at, 1 + rng.below(32));
        s.insert(rng.below(s.size() + 1), piece);
      }
      break;
    default: {
      const std::string& other = seeds[rng.below(seeds.size())];
      s = s.substr(0, rng.below(s.size() + 1)) +
          other.substr(rng.below(other.size() + 1));
      break;
    }
  }
  if (s.size() > kMaxLen) s.resize(kMaxLen);
}

void run(const std::string& s) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(s.data()),
                         s.size());
}

}  // namespace

int main(int argc, char** argv) {
  long mutations = 300;
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.rfind("-mutations=", 0) == 0) {
      mutations = std::strtol(argv[i] + 11, nullptr, 10);
      continue;
    }
    std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
    } else {
      files.push_back(p);
    }
  }
  // Directory order varies between file systems; sorting keeps runs equal.
  std::sort(files.begin(), files.end());

  std::vector<std::string> seeds;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", f.c_str());
      return 1;
    }
    seeds.emplace_back(std::istreambuf_iterator<char>(in),
                       std::istreambuf_iterator<char>());
    run(seeds.back());
  }
  if (seeds.empty()) {
    std::fprintf(stderr, "no inputs found\n");
    return 1;
  }

  Rng rng;
  long total = 0;
  for (const std::string& seed : seeds) {
    for (long m = 0; m < mutations; ++m) {
      std::string s = seed;
      for (std::size_t k = 1 + rng.below(4); k > 0; --k) mutate(s, seeds, rng);
      run(s);
      ++total;
    }
  }
  std::printf("replayed %zu seeds and %ld mutations\n", seeds.size(), total);
  return 0;
}
