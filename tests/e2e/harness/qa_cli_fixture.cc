#include "tests/e2e/harness/qa_cli_fixture.h"

#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing {

void QaCliTest::SeedDatabase() { ASSERT_TRUE(SeedCalibrationScorecard(database().pool()).ok()); }

void QaCliTest::StartQaServer(const std::map<std::string, v1::Role>& people) {
  channel_ = PlaintextChannel(server_->address());
  ASSERT_EQ(
      server_->Cli({"teams", "create", "--team-id", "t1", "--display-name", "Team"}).exit_code, 0);
  for (const auto& [id, role] : people) {
    absl::StatusOr<std::string> token =
        AddPersonWithToken(channel_, server_->admin_token(), id, role, "t1");
    ASSERT_TRUE(token.ok()) << token.status();
    tokens_[id] = *token;
  }
}

void QaCliTest::TearDown() {
  channel_.reset();
  ServerUnderTestFixture::TearDown();
}

ProcessResult QaCliTest::As(const std::string& who, const std::vector<std::string>& args) {
  return server_->CliAs(tokens_.at(who), args);
}

ProcessResult QaCliTest::JsonAs(const std::string& who, std::vector<std::string> args) {
  args.insert(args.begin(), {"--output", "json"});
  return server_->CliAs(tokens_.at(who), args);
}

}  // namespace escala::testing
