#include "cli/resume.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "input/validate.h"
#include "loop/unique_fd.h"

namespace fanout::internal {

bool is_final_kind(ErrorKind kind) {
  return kind != ErrorKind::kCancelled && kind != ErrorKind::kDeadline;
}

bool parse_record(std::string_view line, Result& out) {
  auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("index") || !j["index"].is_number_unsigned() ||
      !j.contains("url") || !j["url"].is_string())
    return false;
  out = Result{};
  out.index = j["index"].get<std::uint64_t>();
  out.url = j["url"].get<std::string>();
  out.ok = j.value("ok", false);
  out.status = j.value("status", 0);
  out.attempts = j.value("attempts", 0);
  out.bytes = j.value("bytes", std::uint64_t{0});
  if (j.contains("time_ms") && j["time_ms"].is_object())
    out.time.total_ms = j["time_ms"].value("total", 0.0);
  if (j.contains("error") && j["error"].is_object()) {
    auto kind = error_kind_from_string(j["error"].value("kind", "other"));
    out.error = kind.value_or(ErrorKind::kOther);
    out.error_message = j["error"].value("message", "");
  }
  return true;
}

std::uint64_t ResumeState::url_hash(std::string_view redacted_url) {
  return std::hash<std::string_view>{}(redacted_url);
}

Status ResumeState::load(const std::string& path,
                         const std::function<void(const Result&)>& on_record) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return Status::ok();
    return Status::invalid_argument(
        fmt::format("--resume: cannot read \"{}\": {}", path, std::strerror(errno)));
  }
  const std::string tmp = path + ".fanout-resume.tmp";
  UniqueFd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!out.valid())
    return Status::invalid_argument(fmt::format(
        "--resume: cannot write \"{}\": {}", tmp, std::strerror(errno)));
  std::string kept, line;
  Result r;
  auto write_kept = [&](bool force) {
    if (kept.empty() || (!force && kept.size() < (1u << 20))) return true;
    for (std::size_t off = 0; off < kept.size();) {
      ssize_t n = ::write(out.get(), kept.data() + off, kept.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      off += static_cast<std::size_t>(n);
    }
    kept.clear();
    return true;
  };
  while (std::getline(in, line)) {
    // getline drops the '\n'; at end of file without one, the line is torn.
    if (in.eof()) {
      ++dropped_;
      break;
    }
    if (!parse_record(line, r) || !is_final_kind(r.error)) {
      ++dropped_;
      continue;
    }
    done_.emplace_back(r.index, url_hash(r.url));
    on_record(r);
    kept += line;
    kept += '\n';
    if (!write_kept(false))
      return Status::invalid_argument("--resume: writing the compacted file failed");
  }
  if (!write_kept(true) || ::fsync(out.get()) != 0)
    return Status::invalid_argument("--resume: writing the compacted file failed");
  out.reset();
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    return Status::invalid_argument(fmt::format(
        "--resume: cannot replace \"{}\": {}", path, std::strerror(errno)));
  // Keep the first final record of a target; later duplicates are ignored.
  std::stable_sort(done_.begin(), done_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return Status::ok();
}

bool ResumeState::done(std::uint64_t index, std::string_view url) const {
  auto it = std::lower_bound(
      done_.begin(), done_.end(), index,
      [](const auto& e, std::uint64_t i) { return e.first < i; });
  if (it == done_.end() || it->first != index) return false;
  const std::uint64_t h = url_hash(redact_url(url));
  for (; it != done_.end() && it->first == index; ++it)
    if (it->second == h) return true;
  return false;
}

}  // namespace fanout::internal
