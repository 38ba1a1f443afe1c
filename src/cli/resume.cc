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

bool parse_record(std::string_view line, Result& out) try {
  auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("index") ||
      !j["index"].is_number_unsigned() || !j.contains("url") ||
      !j["url"].is_string())
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
} catch (const nlohmann::json::exception&) {
  // Valid JSON with a field of the wrong type: not one of our records.
  return false;
}

std::uint64_t ResumeState::url_hash(std::string_view redacted_url) {
  return std::hash<std::string_view>{}(redacted_url);
}

Status ResumeState::load(const std::string& path,
                         const std::function<void(const Result&)>& on_record) {
  // Pass 1 finds, for each target, its first final record; pass 2 writes
  // exactly those lines. Two reads of the file keep memory at 24 bytes per
  // record instead of a set of seen records or the file itself.
  struct Seen {
    std::uint64_t index, hash, line;
  };
  std::vector<Seen> seen;
  std::uint64_t lines = 0;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      if (errno == ENOENT) return Status::ok();
      return Status::invalid_argument(fmt::format(
          "--resume: cannot read \"{}\": {}", path, std::strerror(errno)));
    }
    std::string line;
    Result r;
    for (std::uint64_t n = 0; std::getline(in, line); ++n) {
      ++lines;
      // getline drops the '\n'; at end of file without one, the line is torn.
      if (in.eof()) break;
      if (parse_record(line, r) && is_final_kind(r.error))
        seen.push_back({r.index, url_hash(r.url), n});
    }
  }
  std::sort(seen.begin(), seen.end(), [](const Seen& a, const Seen& b) {
    return a.index != b.index ? a.index < b.index
           : a.hash != b.hash ? a.hash < b.hash
                              : a.line < b.line;
  });
  std::vector<std::uint64_t> keep_lines;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (i > 0 && seen[i].index == seen[i - 1].index &&
        seen[i].hash == seen[i - 1].hash)
      continue;  // a later duplicate of the same target
    done_.emplace_back(seen[i].index, seen[i].hash);
    keep_lines.push_back(seen[i].line);
  }
  seen.clear();
  seen.shrink_to_fit();
  std::sort(keep_lines.begin(), keep_lines.end());
  dropped_ = lines - keep_lines.size();

  const std::string tmp = path + ".fanout-resume.tmp";
  UniqueFd out(
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!out.valid())
    return Status::invalid_argument(fmt::format(
        "--resume: cannot write \"{}\": {}", tmp, std::strerror(errno)));
  std::string kept;
  auto write_kept = [&]() {
    for (std::size_t off = 0; off < kept.size();) {
      ssize_t n = ::write(out.get(), kept.data() + off, kept.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      off += static_cast<std::size_t>(n);
    }
    kept.clear();
    return true;
  };
  std::ifstream in(path, std::ios::binary);
  std::string line;
  Result r;
  std::size_t next_keep = 0;
  std::uint64_t n = 0;
  for (; next_keep < keep_lines.size() && std::getline(in, line); ++n) {
    if (n != keep_lines[next_keep]) continue;
    ++next_keep;
    if (parse_record(line, r)) on_record(r);
    kept += line;
    kept += '\n';
    if (kept.size() >= (1u << 20) && !write_kept())
      return Status::invalid_argument(
          "--resume: writing the compacted file failed");
  }
  if (!write_kept() || ::fsync(out.get()) != 0)
    return Status::invalid_argument(
        "--resume: writing the compacted file failed");
  out.reset();
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    return Status::invalid_argument(fmt::format(
        "--resume: cannot replace \"{}\": {}", path, std::strerror(errno)));
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
