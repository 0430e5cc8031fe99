// The example HR consumer (tools/examples/hr-consumer, Node with @grpc/grpc-js) against the real
// server: it records every approved promotion exactly once while the server restarts and while
// it is itself killed and started again, resuming from the token it stored. On SQLite and
// MariaDB. Skipped, saying so, when the example's npm packages were not installed.

#include <signal.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/process.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_paths.h"

namespace escala::testing {
namespace {

const std::string kConsumerDir = SourcePath("tools/examples/hr-consumer");
// Debian's nodejs package (tools/lib.sh installs it); the harness starts children by path.
const std::string kNode = "/usr/bin/node";

class HrConsumerTest : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_EQ(
        Cli({"teams", "create", "--team-id", "billing", "--display-name", "Billing"}).exit_code, 0);
    for (const char* id : {"E1", "E2", "E3"}) {
      ASSERT_EQ(Cli({"people", "create", "--employee-id", id, "--display-name", id, "--role",
                     "agent", "--level", "1", "--team-id", "billing"})
                    .exit_code,
                0);
    }
    WriteFile(dir_.File("policy.json"),
              R"({"promotionPolicyId": "l1-l2", "title": "L1 to L2", "fromLevel": 1,
                  "toLevel": 2, "criteria": [{"key": "tenure", "tenure": {"minMonths": 6}}]})");
    ASSERT_EQ(Cli({"promotion", "policy", "create", "--file", dir_.File("policy.json")}).exit_code,
              0);
    ASSERT_EQ(Cli({"promotion", "policy", "publish", "l1-l2"}).exit_code, 0);
    ASSERT_EQ(Cli({"service-accounts", "create", "--account-id", "hr-sync", "--display-name", "HR",
                   "--role", "hr-system"})
                  .exit_code,
              0);
    ProcessResult token =
        Cli({"--output", "json", "tokens", "create", "--principal", "serviceAccounts/hr-sync"});
    ASSERT_EQ(token.exit_code, 0) << token.err;
    std::smatch secret;
    const std::regex pattern("\"secret\": *\"([^\"]+)\"");
    ASSERT_TRUE(std::regex_search(token.out, secret, pattern)) << token.out;
    WriteFile(dir_.File("hr.token"), secret[1].str());
  }

  // The consumer in the background, until it has recorded `decisions` decisions.
  std::unique_ptr<BackgroundProcess> StartConsumer(int decisions) {
    return std::make_unique<BackgroundProcess>(std::vector<std::string>{
        kNode, kConsumerDir + "/consumer.js", "--server", server().address(), "--token-file",
        dir_.File("hr.token"), "--state", dir_.File("state.json"), "--stop-after",
        absl::StrCat(decisions)});
  }

  // Nominates and approves `employee_id` (effective today: the level changes at once).
  void Promote(const std::string& employee_id) {
    ProcessResult nominated = Cli({"--output", "json", "promotion", "nominate", employee_id,
                                   "--policy", "l1-l2", "--reason", "ready"});
    ASSERT_EQ(nominated.exit_code, 0) << nominated.err;
    std::smatch id;
    ASSERT_TRUE(std::regex_search(nominated.out, id, std::regex("\"id\": *\"?([0-9]+)")))
        << nominated.out;
    ProcessResult approved = Cli({"promotion", "approve", id[1].str(), "--effective",
                                  absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone())});
    ASSERT_EQ(approved.exit_code, 0) << approved.err;
  }

  // How many decisions the consumer's state file records for `employee_id`; waits up to 30 s
  // for at least `at_least` decisions in all.
  int Recorded(const std::string& employee_id, int at_least = 0) {
    const absl::Time deadline = absl::Now() + absl::Seconds(30);
    std::string state;
    do {
      state =
          std::filesystem::exists(dir_.File("state.json")) ? ReadFile(dir_.File("state.json")) : "";
      int total = 0;
      for (std::size_t at = state.find("\"case_id\""); at != std::string::npos;
           at = state.find("\"case_id\"", at + 1)) {
        ++total;
      }
      if (total >= at_least) break;
      absl::SleepFor(absl::Milliseconds(100));
    } while (absl::Now() < deadline);
    int count = 0;
    const std::string needle = absl::StrCat("\"employee_id\": \"", employee_id, "\"");
    for (std::size_t at = state.find(needle); at != std::string::npos;
         at = state.find(needle, at + 1)) {
      ++count;
    }
    return count;
  }

  TempDir dir_;
};

TEST_P(HrConsumerTest, RecordsEveryDecisionOnceAcrossServerAndConsumerRestarts) {
  if (!std::filesystem::exists(kNode) ||
      !std::filesystem::exists(kConsumerDir + "/node_modules/@grpc/grpc-js")) {
    GTEST_SKIP() << "node or the HR consumer's npm packages are not installed (tools/test.sh "
                    "runs npm ci in tools/examples/hr-consumer; it failed or had no registry)";
  }
  std::unique_ptr<BackgroundProcess> consumer = StartConsumer(3);
  // Its first Progress is stored before anything happens.
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (!std::filesystem::exists(dir_.File("state.json")) && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_TRUE(std::filesystem::exists(dir_.File("state.json"))) << consumer->ReadErr();
  Promote("E1");
  EXPECT_EQ(Recorded("E1", 1), 1) << consumer->ReadErr();

  // The server restarts on the same address; the consumer reconnects with its token.
  const std::string address = server().address();
  server_->Stop();
  server_.reset();
  absl::StatusOr<std::unique_ptr<ServerUnderTest>> restarted =
      ServerUnderTest::Start(database(), ServerFlags(), {"--listen=" + address});
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  server_ = std::move(*restarted);
  Promote("E2");
  EXPECT_EQ(Recorded("E2", 2), 1) << consumer->ReadErr();

  // The consumer dies; a decision is made while it is down; started again, it catches up.
  consumer->Signal(SIGKILL);
  consumer->Wait(absl::Seconds(10));
  Promote("E3");
  consumer = StartConsumer(3);
  ProcessResult finished = consumer->Wait(absl::Seconds(60));
  EXPECT_EQ(finished.exit_code, 0) << finished.err;
  EXPECT_EQ(Recorded("E1"), 1);
  EXPECT_EQ(Recorded("E2"), 1);
  EXPECT_EQ(Recorded("E3"), 1) << ReadFile(dir_.File("state.json"));
}

INSTANTIATE_TEST_SUITE_P(Backends, HrConsumerTest, ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
