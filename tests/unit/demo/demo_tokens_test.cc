#include "tools/demo/demo_tokens.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "tools/demo/demo_tokens_file.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

DemoData SmallData() {
  DemoOptions options;
  options.days = 1;
  options.interactions_per_day = 50;
  options.end = absl::FromCivil(absl::CivilDay(2026, 11, 4), absl::UTCTimeZone());
  return GenerateDemoData(options);
}

const v1::Person& PersonOf(const DemoData& data, const std::string& employee_id) {
  for (const v1::Person& person : data.people) {
    if (person.employee_id() == employee_id) return person;
  }
  static const v1::Person* const none = new v1::Person();
  return *none;
}

std::vector<std::string> Roles(const std::vector<DemoTokenHolder>& holders) {
  std::vector<std::string> roles;
  for (const DemoTokenHolder& holder : holders) roles.push_back(holder.role);
  return roles;
}

TEST(PickDemoTokenHoldersTest, AnAgentTheirLeadAQaAnalystAManagerAndATrainer) {
  const DemoData data = SmallData();
  const std::vector<DemoTokenHolder> holders = PickDemoTokenHolders(data);
  ASSERT_THAT(Roles(holders),
              ElementsAre("agent", "team_lead", "qa_analyst", "manager", "trainer"));

  const v1::Person& agent = PersonOf(data, holders[0].employee_id);
  EXPECT_EQ(agent.role(), v1::ROLE_AGENT);
  EXPECT_EQ(agent.level(), 1);
  EXPECT_TRUE(agent.active());
  EXPECT_EQ(holders[0].display_name, agent.display_name());

  const v1::Person& lead = PersonOf(data, holders[1].employee_id);
  EXPECT_EQ(lead.role(), v1::ROLE_TEAM_LEAD);
  EXPECT_EQ(lead.team_id(), agent.team_id());
  EXPECT_EQ(PersonOf(data, holders[2].employee_id).role(), v1::ROLE_QA_ANALYST);
  EXPECT_EQ(PersonOf(data, holders[3].employee_id).role(), v1::ROLE_MANAGER);
  EXPECT_EQ(PersonOf(data, holders[4].employee_id).role(), v1::ROLE_TRAINER);
}

TEST(PickDemoTokenHoldersTest, TheSameDataGivesTheSamePeople) {
  const std::vector<DemoTokenHolder> first = PickDemoTokenHolders(SmallData());
  const std::vector<DemoTokenHolder> second = PickDemoTokenHolders(SmallData());
  ASSERT_EQ(first.size(), second.size());
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(first[i].employee_id, second[i].employee_id);
}

TEST(PickDemoTokenHoldersTest, SkipsAgentsWhoHaveLeft) {
  DemoData data = SmallData();
  const std::string first_agent = PickDemoTokenHolders(data)[0].employee_id;
  for (v1::Person& person : data.people) {
    if (person.employee_id() == first_agent) person.set_active(false);
  }
  EXPECT_NE(PickDemoTokenHolders(data)[0].employee_id, first_agent);
}

TEST(PickDemoTokenHoldersTest, LeavesOutWhoIsMissing) {
  EXPECT_TRUE(PickDemoTokenHolders(DemoData()).empty());
}

// Issues a numbered secret per call, or fails with `error`.
class FakeIdentityService final : public v1::IdentityService::Service {
 public:
  grpc::Status CreateToken(grpc::ServerContext*, const v1::CreateTokenRequest* request,
                           v1::CreateTokenResponse* response) override {
    std::lock_guard lock(mu_);
    if (!error.ok()) return error;
    principals.push_back(request->token().principal());
    *response->mutable_token() = request->token();
    response->set_secret(absl::StrCat("secret-", principals.size()));
    return grpc::Status::OK;
  }

  grpc::Status error = grpc::Status::OK;
  std::vector<std::string> principals;

 private:
  std::mutex mu_;
};

class CreateDemoTokensTest : public ::testing::Test {
 protected:
  CreateDemoTokensTest() {
    grpc::ServerBuilder builder;
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    identity_ = v1::IdentityService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }
  ~CreateDemoTokensTest() override { server_->Shutdown(); }

  FakeIdentityService service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::IdentityService::Stub> identity_;
};

TEST_F(CreateDemoTokensTest, OneTokenPerHolderForTheirPersonAndNewOnesEveryRun) {
  const std::vector<DemoTokenHolder> holders = {{"agent", "E1024", "Ana Ruiz"},
                                                {"manager", "E1002", "Luis Vega"}};
  const absl::StatusOr<std::vector<DemoToken>> first =
      CreateDemoTokens(holders, *identity_, absl::Seconds(5));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].holder.employee_id, "E1024");
  EXPECT_EQ((*first)[0].secret, "secret-1");
  EXPECT_EQ((*first)[1].secret, "secret-2");
  const absl::StatusOr<std::vector<DemoToken>> again =
      CreateDemoTokens(holders, *identity_, absl::Seconds(5));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ((*again)[0].secret, "secret-3");
  EXPECT_THAT(service_.principals,
              ElementsAre("people/E1024", "people/E1002", "people/E1024", "people/E1002"));
}

TEST_F(CreateDemoTokensTest, AFailedCallKeepsItsCodeAndNamesTheHolder) {
  service_.error = grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "administrators only");
  const absl::StatusOr<std::vector<DemoToken>> tokens =
      CreateDemoTokens({{"qa_analyst", "E1003", "Eva Sol"}}, *identity_, absl::Seconds(5));
  ASSERT_FALSE(tokens.ok());
  EXPECT_EQ(tokens.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(tokens.status().message()),
              HasSubstr("CreateToken for qa_analyst E1003: administrators only"));
}

TEST(DemoTokensFileTest, OneLinePerTokenWithTheSecretLast) {
  EXPECT_EQ(FormatDemoTokens({{{"agent", "E1024", "Ana Ruiz"}, "tok-a"},
                              {{"team_lead", "E1009", "Bo Li"}, "tok-b"}}),
            "# role employee_id display_name token\n"
            "agent E1024 Ana Ruiz tok-a\n"
            "team_lead E1009 Bo Li tok-b\n");
}

TEST(DemoTokensFileTest, IsWrittenForItsOwnerOnlyAndReplacedOnTheNextRun) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string path = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/demo-tokens-XXXXXX");
  const int fd = ::mkstemp(path.data());
  ASSERT_GE(fd, 0);
  ::close(fd);
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);

  ASSERT_TRUE(WriteDemoTokensFile(path, {{{"agent", "E1024", "Ana Ruiz"}, "old"}}).ok());
  ASSERT_TRUE(WriteDemoTokensFile(path, {{{"agent", "E1024", "Ana Ruiz"}, "new"}}).ok());
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "# role employee_id display_name token\nagent E1024 Ana Ruiz new\n");
  ::unlink(path.c_str());
}

TEST(DemoTokensFileTest, AnUnwritablePathIsAnError) {
  const absl::Status status = WriteDemoTokensFile("/nonexistent-dir/tokens.txt", {});
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), HasSubstr("/nonexistent-dir/tokens.txt"));
}

}  // namespace
}  // namespace escala::demo
