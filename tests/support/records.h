// Reading the fanout CLI's JSON-lines output in tests.
#ifndef FANOUT_SUPPORT_RECORDS_H_
#define FANOUT_SUPPORT_RECORDS_H_

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace fanout::testing {

// One parsed object per line; throws on a partial or malformed line, so a
// torn record fails the test that reads it.
inline std::vector<nlohmann::json> records_of(const std::string& out) {
  std::vector<nlohmann::json> v;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) v.push_back(nlohmann::json::parse(line));
  return v;
}

// The record's error kind, or "" when it has none.
inline std::string kind_of(const nlohmann::json& r) {
  return r["error"].is_null() ? "" : r["error"]["kind"].get<std::string>();
}

}  // namespace fanout::testing

#endif  // FANOUT_SUPPORT_RECORDS_H_
