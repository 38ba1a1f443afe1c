// The fanout program end to end: formats, exit codes, bad input lines.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/child_process.h"
#include "support/fault_server_fixture.h"
#include "support/nginx_fixture.h"
#include "support/records.h"

namespace fanout {
namespace {

using testing::ChildResult;
using testing::records_of;
using testing::run_fanout;
using Json = nlohmann::json;

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    nginx_ = new testing::Nginx();
    faults_ = new testing::FaultServer();
  }
  static void TearDownTestSuite() {
    delete nginx_;
    delete faults_;
  }
  static testing::Nginx* nginx_;
  static testing::FaultServer* faults_;
};
testing::Nginx* CliTest::nginx_ = nullptr;
testing::FaultServer* CliTest::faults_ = nullptr;

TEST_F(CliTest, JsonlRecordsOnePerTargetAndExitZeroWhenAllOk) {
  std::string input;
  for (int i = 0; i < 300; ++i)
    input += nginx_->url("/item/" + std::to_string(i)) + "\n";
  ChildResult r = run_fanout({"-c", "16", "-f", "jsonl"}, input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto records = records_of(r.out);
  ASSERT_EQ(records.size(), 300u);
  std::set<int> indexes;
  for (const Json& j : records) {
    indexes.insert(j["index"].get<int>());
    EXPECT_EQ(j["line"].get<int>(), j["index"].get<int>() + 1);
    EXPECT_TRUE(j["ok"].get<bool>());
    EXPECT_EQ(j["status"], 200);
    EXPECT_TRUE(j["error"].is_null());
    EXPECT_TRUE(j["id"].is_null());
    EXPECT_EQ(j["attempts"], 1);
    EXPECT_EQ(j["bytes"], 11);
    EXPECT_EQ(j["http_version"], "1.1");
    EXPECT_EQ(j["method"], "GET");
    for (const char* k : {"dns", "connect", "tls", "ttfb", "total"})
      EXPECT_TRUE(j["time_ms"][k].is_number()) << k;
  }
  EXPECT_EQ(indexes.size(), 300u);
  EXPECT_NE(r.err.find("Requests:  300"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("200: 300"), std::string::npos) << r.err;
}

TEST_F(CliTest, ExitOneWhenSomeAreNotOk) {
  ChildResult r = run_fanout(
      {"-f", "jsonl", nginx_->url("/item/1"), nginx_->url("/status/503")});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(records_of(r.out).size(), 2u);
}

TEST_F(CliTest, HungTargetsTimeOutAndTheRestSucceed) {
  std::string input;
  for (int i = 0; i < 1000; ++i)
    input += (i % 10 == 3 ? faults_->url("/hang")
                          : nginx_->url("/item/" + std::to_string(i))) +
             "\n";
  ChildResult r = run_fanout({"-c", "200", "-t", "1s", "-f", "jsonl"}, input);
  EXPECT_EQ(r.exit_code, 1);
  auto records = records_of(r.out);
  ASSERT_EQ(records.size(), 1000u);
  int ok = 0, timeouts = 0;
  std::set<int> indexes;
  for (const Json& j : records) {
    indexes.insert(j["index"].get<int>());
    if (j["ok"].get<bool>()) ++ok;
    if (!j["error"].is_null() && j["error"]["kind"] == "timeout") ++timeouts;
  }
  EXPECT_EQ(indexes.size(), 1000u);
  EXPECT_EQ(ok, 900);
  EXPECT_EQ(timeouts, 100);
}

TEST_F(CliTest, BadLinesBecomeInvalidRecordsWithTheirLineNumbers) {
  const std::string good = nginx_->url("/item/1");
  std::string input;
  input += "# a comment\n";                         // 1 skipped
  input += good + "\n";                             // 2 ok
  input += "\n";                                    // 3 skipped
  input += "not a url\n";                           // 4
  input += "ftp://127.0.0.1/file\n";                // 5
  input += "{\"url\": \"" + good + "\", broken\n";  // 6
  input +=
      "{\"url\":\"" + good + "\",\"headers\":{\"X\":\"a\\r\\nB: c\"}}\n";  // 7
  input += std::string(70000, 'a') + "\n";                                 // 8
  input +=
      "{\"url\":\"" + good + "\",\"id\":\"x7\",\"method\":\"POST\"}\n";  // 9 ok
  input += "{\"method\":\"GET\"}\n";                                     // 10
  input += good + std::string("/nul\0byte", 9) + "\n";                   // 11
  input += "   " + good + "   \r\n";  // 12 ok (trimmed, CRLF)
  ChildResult r = run_fanout({"-f", "jsonl"}, input);
  EXPECT_EQ(r.exit_code, 1);
  auto records = records_of(r.out);
  std::map<int, Json> by_line;
  for (const Json& j : records) by_line[j["line"].get<int>()] = j;
  ASSERT_EQ(records.size(), 10u) << r.out;
  for (int line : {4, 5, 6, 7, 8, 10, 11}) {
    ASSERT_TRUE(by_line.count(line)) << line;
    EXPECT_EQ(by_line[line]["error"]["kind"], "invalid") << line;
    EXPECT_FALSE(by_line[line]["error"]["message"].get<std::string>().empty());
  }
  for (int line : {2, 9, 12}) {
    ASSERT_TRUE(by_line.count(line)) << line;
    EXPECT_TRUE(by_line[line]["error"].is_null()) << by_line[line].dump();
  }
  EXPECT_EQ(by_line[9]["id"], "x7");
  EXPECT_EQ(by_line[9]["method"], "POST");
  // Indexes count targets only: line 2 is the first target.
  EXPECT_EQ(by_line[2]["index"], 0);
  EXPECT_EQ(by_line[12]["index"], 9);
}

TEST_F(CliTest, CsvAndTextFormats) {
  ChildResult csv = run_fanout(
      {"-f", "csv", "-q", nginx_->url("/item/1"), nginx_->url("/status/404")});
  EXPECT_EQ(csv.exit_code, 1);
  std::istringstream lines(csv.out);
  std::string header, row;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("index,line,id,url,method,ok,status,error", 0), 0u)
      << header;
  int rows = 0;
  while (std::getline(lines, row)) ++rows;
  EXPECT_EQ(rows, 2);
  EXPECT_TRUE(csv.err.empty()) << "-q keeps stderr quiet: " << csv.err;

  ChildResult text = run_fanout(
      {"-f", "text", faults_->url("/escape"), "ftp://x/\x1b[31mred"});
  EXPECT_EQ(text.out.find('\x1b'), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("invalid"), std::string::npos) << text.out;
}

TEST_F(CliTest, OutputFileAndInputFile) {
  const std::string dir = testing::make_temp_dir("fanout-cli-");
  std::ofstream(dir + "/in.txt") << nginx_->url("/item/a") << "\n"
                                 << nginx_->url("/item/b") << "\n";
  ChildResult r = run_fanout({"-i", dir + "/in.txt", "-o", dir + "/out.jsonl"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(records_of(testing::read_file(dir + "/out.jsonl")).size(), 2u);
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"--no-such-option"},
           {"-c", "0", "http://x/"},
           {"-c", "many", "http://x/"},
           {"-t", "soon", "http://x/"},
           {"-t", "0", "http://x/"},
           {"-f", "xml", "http://x/"},
           {"-H", "X-A: a\r\nX-B: b", "http://x/"},
           {"-H", "no colon", "http://x/"},
           {"-X", "GE T", "http://x/"},
           {"--max-body", "lots", "http://x/"},
           {"-i", "/nonexistent/targets.txt"},
           {"-d", "@/nonexistent/body"},
       }) {
    ChildResult r = run_fanout(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << r.err;
    EXPECT_NE(r.err.find("fanout:"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
  }
  ChildResult help = run_fanout({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--concurrency"), std::string::npos);
}

TEST_F(CliTest, ConcurrencyBeyondTheFdLimitIsRefused) {
  ChildResult r =
      testing::Child({"/usr/bin/prlimit", "--nofile=256:256", FANOUT_CLI_PATH,
                      "-c", "1000", "-f", "jsonl", nginx_->url("/item/1")},
                     "")
          .wait();
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("file descriptors"), std::string::npos) << r.err;
  auto records = records_of(r.out);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["error"]["kind"], "other");
}

TEST_F(CliTest, MethodHeaderAndDataApplyToEveryTarget) {
  ChildResult r = run_fanout({"-f", "jsonl", "-H", "X-Token: abc", "-d",
                              "payload", faults_->url("/echo")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rec = records_of(r.out).at(0);
  EXPECT_EQ(rec["method"], "POST");
}

}  // namespace
}  // namespace fanout

namespace fanout {
namespace {

TEST_F(CliTest, AClosedOutputPipeEndsTheRun) {
  const std::string dir = testing::make_temp_dir("fanout-pipe-");
  {
    std::ofstream in(dir + "/in.txt");
    for (int i = 0; i < 20000; ++i)
      in << nginx_->url("/item/" + std::to_string(i)) << "\n";
  }
  // head exits after one byte; fanout must notice EPIPE and stop, not run on.
  ChildResult r =
      testing::Child(
          {"/bin/bash", "-c",
           std::string(FANOUT_CLI_PATH) + " -c 8 -f jsonl -i " + dir +
               "/in.txt | head -c 1 > /dev/null; echo ${PIPESTATUS[0]}"},
          "")
          .wait();
  EXPECT_EQ(r.out, "1\n");
  EXPECT_NE(r.err.find("writing records failed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cancelled"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace fanout

namespace fanout {
namespace {

TEST_F(CliTest, CacertTrustsAPrivateCa) {
  const std::string url = nginx_->tls_url("/item/1");
  ChildResult trusted =
      run_fanout({"-f", "jsonl", "--cacert", nginx_->ca_file(), url});
  EXPECT_EQ(trusted.exit_code, 0) << trusted.err;
  EXPECT_EQ(records_of(trusted.out).at(0)["http_version"], "2");
  ChildResult untrusted = run_fanout({"-f", "jsonl", url});
  EXPECT_EQ(untrusted.exit_code, 1);
  EXPECT_EQ(records_of(untrusted.out).at(0)["error"]["kind"], "tls");
  EXPECT_EQ(run_fanout({"--cacert", "/nonexistent.pem", url}).exit_code, 2);
}

}  // namespace
}  // namespace fanout
