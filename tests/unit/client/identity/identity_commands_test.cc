// `escala tokens …` and `escala service-accounts …` against an in-process IdentityService that
// records what it was sent: the flags' mapping onto the requests, usage errors that send
// nothing, and what is printed where (the secret only on stdout).

#include <gmock/gmock.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/cli.h"
#include "client/core/enum_names.h"
#include "client/core/table_printer.h"
#include "escala/v1/identity.grpc.pb.h"

namespace escala::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kSecret[] = "esc_s3cr3t-value";

class RecordingIdentityService final : public v1::IdentityService::Service {
 public:
  grpc::Status CreateToken(grpc::ServerContext*, const v1::CreateTokenRequest* request,
                           v1::CreateTokenResponse* response) override {
    Record(*request);
    v1::ApiToken* token = response->mutable_token();
    *token = request->token();
    token->set_token_id("0123456789abcdef");
    if (token->principal().empty()) token->set_principal("people/E1001");
    if (!token->has_expire_time()) token->mutable_expire_time()->set_seconds(1800000000);
    token->set_created_by("people/E1001");
    response->set_secret(kSecret);
    return grpc::Status::OK;
  }
  grpc::Status ListTokens(grpc::ServerContext*, const v1::ListTokensRequest* request,
                          v1::ListTokensResponse* response) override {
    Record(*request);
    if (request->page_token().empty()) {
      *response->add_tokens() = Token("aaaa000000000001", "nightly export");
      response->set_next_page_token("page-2");
    } else {
      v1::ApiToken revoked = Token("aaaa000000000002", "old");
      revoked.mutable_revoke_time()->set_seconds(1790003600);
      *response->add_tokens() = revoked;
    }
    return grpc::Status::OK;
  }
  grpc::Status RevokeToken(grpc::ServerContext*, const v1::RevokeTokenRequest* request,
                           v1::ApiToken* response) override {
    Record(*request);
    *response = Token(request->token_id(), "");
    response->mutable_revoke_time()->set_seconds(1790003600);
    return grpc::Status::OK;
  }
  grpc::Status CreateServiceAccount(grpc::ServerContext*,
                                    const v1::CreateServiceAccountRequest* request,
                                    v1::ServiceAccount* response) override {
    Record(*request);
    *response = request->service_account();
    response->set_active(true);
    response->set_etag("1");
    return grpc::Status::OK;
  }
  grpc::Status GetServiceAccount(grpc::ServerContext*, const v1::GetServiceAccountRequest* request,
                                 v1::ServiceAccount* response) override {
    Record(*request);
    *response = Account(request->account_id());
    return grpc::Status::OK;
  }
  grpc::Status ListServiceAccounts(grpc::ServerContext*,
                                   const v1::ListServiceAccountsRequest* request,
                                   v1::ListServiceAccountsResponse* response) override {
    Record(*request);
    *response->add_service_accounts() = Account("hr-sync");
    return grpc::Status::OK;
  }
  grpc::Status UpdateServiceAccount(grpc::ServerContext*,
                                    const v1::UpdateServiceAccountRequest* request,
                                    v1::ServiceAccount* response) override {
    Record(*request);
    *response = Account(request->service_account().account_id());
    return grpc::Status::OK;
  }

  // The requests received, each as the message it was.
  template <typename Request>
  std::vector<Request> Sent() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Request> sent;
    for (const auto& request : requests_) {
      if (const auto* typed = dynamic_cast<const Request*>(request.get())) sent.push_back(*typed);
    }
    return sent;
  }
  size_t count() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_.size();
  }

 private:
  void Record(const google::protobuf::Message& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.emplace_back(request.New());
    requests_.back()->CopyFrom(request);
  }
  static v1::ApiToken Token(const std::string& id, const std::string& description) {
    v1::ApiToken token;
    token.set_token_id(id);
    token.set_principal("serviceAccounts/hr-sync");
    token.set_description(description);
    token.mutable_create_time()->set_seconds(1790000000);
    token.mutable_expire_time()->set_seconds(1797776000);
    token.mutable_last_use_time()->set_seconds(1790001200);
    token.set_created_by("people/E1001");
    return token;
  }
  static v1::ServiceAccount Account(const std::string& id) {
    v1::ServiceAccount account;
    account.set_account_id(id);
    account.set_display_name("HR sync");
    account.set_role(v1::ROLE_HR_SYSTEM);
    account.set_active(true);
    account.set_etag("3");
    return account;
  }

  std::mutex mutex_;
  std::vector<std::unique_ptr<google::protobuf::Message>> requests_;
};

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

class IdentityCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Tables are fitted to the terminal; the test's output is not one, so COLUMNS decides.
    setenv("COLUMNS", "160", 1);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
  }
  void TearDown() override { server_->Shutdown(); }

  Outcome Run(std::vector<std::string> args, const std::string& output = "table") {
    args.insert(args.begin(), {absl::StrCat("--server=127.0.0.1:", port_), "--output", output});
    std::ostringstream out;
    std::ostringstream err;
    const int code = RunCli(args, out, err);
    return {code, out.str(), err.str()};
  }

  RecordingIdentityService service_;

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(IdentityCommandsTest, TokenCreateFlagsSetTheToken) {
  Outcome outcome =
      Run({"tokens", "create", "--principal", "serviceAccounts/hr-sync", "--description",
           "nightly export", "--expire-time", "2026-12-01T00:00:00Z"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.Sent<v1::CreateTokenRequest>().size(), 1u);
  const v1::ApiToken sent = service_.Sent<v1::CreateTokenRequest>()[0].token();
  EXPECT_EQ(sent.principal(), "serviceAccounts/hr-sync");
  EXPECT_EQ(sent.description(), "nightly export");
  EXPECT_EQ(sent.expire_time().seconds(), 1796083200);
}

TEST_F(IdentityCommandsTest, TokenCreateWithoutFlagsLeavesDefaultsToTheServer) {
  Outcome outcome = Run({"tokens", "create"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.Sent<v1::CreateTokenRequest>().size(), 1u);
  EXPECT_EQ(service_.Sent<v1::CreateTokenRequest>()[0].token().ByteSizeLong(), 0u);
}

TEST_F(IdentityCommandsTest, ExpiresInCountsDaysFromNow) {
  const int64_t before = absl::ToUnixSeconds(absl::Now());
  Outcome outcome = Run({"tokens", "create", "--expires-in", "30"});
  const int64_t after = absl::ToUnixSeconds(absl::Now());
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.Sent<v1::CreateTokenRequest>().size(), 1u);
  const int64_t expires =
      service_.Sent<v1::CreateTokenRequest>()[0].token().expire_time().seconds();
  EXPECT_GE(expires, before + 30 * 86400);
  EXPECT_LE(expires, after + 30 * 86400);
}

TEST_F(IdentityCommandsTest, TableShowsTheSecretOnStdoutWithTheShownOnceNotice) {
  Outcome outcome = Run({"tokens", "create", "--principal", "people/E1"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("0123456789abcdef"));
  EXPECT_THAT(outcome.out, HasSubstr("people/E1"));
  EXPECT_THAT(outcome.out, HasSubstr("expire_time"));
  EXPECT_THAT(outcome.out, HasSubstr(kSecret));
  EXPECT_THAT(outcome.out, HasSubstr("shown only once"));
  EXPECT_THAT(outcome.err, Not(HasSubstr(kSecret)));
}

TEST_F(IdentityCommandsTest, JsonAndCsvKeepStdoutForProgramsAndTheSecretOffStderr) {
  Outcome json = Run({"tokens", "create"}, "json");
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr(absl::StrCat("\"secret\": \"", kSecret, "\"")));
  EXPECT_THAT(json.out, HasSubstr("\"tokenId\": \"0123456789abcdef\""));
  EXPECT_THAT(json.out, Not(HasSubstr("shown only once")));
  EXPECT_THAT(json.err, HasSubstr("shown only once"));
  EXPECT_THAT(json.err, Not(HasSubstr(kSecret)));

  Outcome csv = Run({"tokens", "create"}, "csv");
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("token_id,principal,description,create_time,expire_time,"
                                 "created_by,secret\n"));
  EXPECT_THAT(csv.out, HasSubstr(absl::StrCat(",", kSecret, "\n")));
  EXPECT_THAT(csv.err, Not(HasSubstr(kSecret)));
}

TEST_F(IdentityCommandsTest, ExpiresInAndExpireTimeTogetherIsAUsageError) {
  Outcome outcome =
      Run({"tokens", "create", "--expires-in", "30", "--expire-time", "2026-12-01T00:00:00Z"});
  EXPECT_EQ(outcome.code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("--expires-in and --expire-time"));
  EXPECT_THAT(outcome.out, IsEmpty());
  EXPECT_EQ(service_.count(), 0u);
}

TEST_F(IdentityCommandsTest, BadExpiryIsAUsageErrorNamingTheFlagAndRule) {
  for (const char* days : {"0", "-3", "401", "a week", "1.5"}) {
    Outcome outcome = Run({"tokens", "create", "--expires-in", days});
    EXPECT_EQ(outcome.code, 2) << days;
    EXPECT_THAT(outcome.err,
                HasSubstr("--expires-in: must be a whole number of days from 1 to 400"))
        << outcome.err;
  }
  Outcome time = Run({"tokens", "create", "--expire-time", "next month"});
  EXPECT_EQ(time.code, 2);
  EXPECT_THAT(time.err, HasSubstr("--expire-time: "));
  EXPECT_EQ(service_.count(), 0u);
}

TEST_F(IdentityCommandsTest, TokenListFlagsSetTheRequest) {
  Outcome outcome = Run({"tokens", "list", "--principal", "people/E1", "--include-inactive",
                         "--page-size", "5", "--page-token", "abc"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.Sent<v1::ListTokensRequest>().size(), 1u);
  const v1::ListTokensRequest request = service_.Sent<v1::ListTokensRequest>()[0];
  EXPECT_EQ(request.principal(), "people/E1");
  EXPECT_TRUE(request.include_inactive());
  EXPECT_EQ(request.page_size(), 5);
  EXPECT_EQ(request.page_token(), "abc");
}

TEST_F(IdentityCommandsTest, TokenListWithoutFlagsIsOnePageOfActiveTokens) {
  Outcome outcome = Run({"tokens", "list"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.Sent<v1::ListTokensRequest>().size(), 1u);
  EXPECT_EQ(service_.Sent<v1::ListTokensRequest>()[0].ByteSizeLong(), 0u);
  EXPECT_THAT(outcome.err, HasSubstr("next_page_token: page-2"));
}

TEST_F(IdentityCommandsTest, TokenListAllFollowsThePagesIntoOneTable) {
  Outcome outcome = Run({"tokens", "list", "--all", "--principal", "serviceAccounts/hr-sync"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  const std::vector<v1::ListTokensRequest> requests = service_.Sent<v1::ListTokensRequest>();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].page_token(), "page-2");
  EXPECT_EQ(requests[1].principal(), "serviceAccounts/hr-sync");
  for (const char* title : {"TOKEN ID", "PRINCIPAL", "DESCRIPTION", "CREATED", "EXPIRES",
                            "LAST USED", "REVOKED", "CREATED BY"}) {
    EXPECT_THAT(outcome.out, HasSubstr(title));
  }
  EXPECT_THAT(outcome.out, HasSubstr("aaaa000000000001"));
  EXPECT_THAT(outcome.out, HasSubstr("aaaa000000000002"));
  EXPECT_THAT(outcome.out, HasSubstr("nightly export"));
  // Times to the minute, in UTC.
  EXPECT_THAT(outcome.out, HasSubstr("2026-09-21 14:13"));
  EXPECT_THAT(outcome.out, HasSubstr("2026-09-21 15:13"));
}

TEST_F(IdentityCommandsTest, NarrowTableCutsNamesButKeepsTokenIdsAndTimesWhole) {
  // A revoked token's row has four times; 120 columns is the width of a pipe.
  setenv("COLUMNS", "120", 1);
  Outcome outcome = Run({"tokens", "list", "--all"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("aaaa000000000001 "));
  EXPECT_THAT(outcome.out, HasSubstr("2026-09-21 14:13 "));
  EXPECT_THAT(outcome.out, HasSubstr("…"));
  std::istringstream lines(outcome.out);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_LE(DisplayWidth(line), 120u) << line;
  }
}

TEST_F(IdentityCommandsTest, TokenListCsvHasEveryField) {
  Outcome outcome = Run({"tokens", "list"}, "csv");
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("token_id,principal,description,create_time,expire_time,"
                                     "last_use_time,revoke_time,created_by\n"));
}

TEST_F(IdentityCommandsTest, RevokeSendsTheTokenId) {
  Outcome outcome = Run({"tokens", "revoke", "aaaa000000000001"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.Sent<v1::RevokeTokenRequest>().size(), 1u);
  EXPECT_EQ(service_.Sent<v1::RevokeTokenRequest>()[0].token_id(), "aaaa000000000001");
  EXPECT_THAT(outcome.out, HasSubstr("revoke_time"));
  EXPECT_EQ(Run({"tokens", "revoke"}).code, 2);
}

TEST_F(IdentityCommandsTest, ServiceAccountCreateMapsRoleNames) {
  Outcome outcome =
      Run({"service-accounts", "create", "--account-id", "hr-sync", "--display-name", "HR sync",
           "--role", "hr_system", "--client-certificate-cn", "hr.example"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.Sent<v1::CreateServiceAccountRequest>().size(), 1u);
  const v1::ServiceAccount sent =
      service_.Sent<v1::CreateServiceAccountRequest>()[0].service_account();
  EXPECT_EQ(sent.account_id(), "hr-sync");
  EXPECT_EQ(sent.display_name(), "HR sync");
  EXPECT_EQ(sent.role(), v1::ROLE_HR_SYSTEM);
  EXPECT_EQ(sent.client_certificate_cn(), "hr.example");
  EXPECT_THAT(outcome.out, HasSubstr("hr-system"));
}

TEST_F(IdentityCommandsTest, ServiceAccountCreateNeedsIdNameAndRole) {
  Outcome no_role = Run({"service-accounts", "create", "--account-id", "x", "--display-name", "X"});
  EXPECT_EQ(no_role.code, 2);
  EXPECT_THAT(no_role.err, HasSubstr("missing required flag --role"));
  EXPECT_EQ(Run({"service-accounts", "create", "--role", "integration"}).code, 2);
  // A new account is active; there is nothing to choose.
  EXPECT_EQ(Run({"service-accounts", "create", "--account-id", "x", "--display-name", "X", "--role",
                 "integration", "--active", "false"})
                .code,
            2);
  EXPECT_EQ(service_.count(), 0u);
}

TEST_F(IdentityCommandsTest, UnknownRoleIsAUsageErrorNamingTheFlag) {
  Outcome outcome = Run({"service-accounts", "create", "--account-id", "x", "--display-name", "X",
                         "--role", "robot"});
  EXPECT_EQ(outcome.code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("--role: 'robot' is not a valid Role"));
  EXPECT_THAT(outcome.err, HasSubstr("hr-system"));
  EXPECT_THAT(Run({"service-accounts", "update", "x", "--role", "robot"}).err,
              HasSubstr("--role: 'robot'"));
  EXPECT_EQ(service_.count(), 0u);
}

TEST_F(IdentityCommandsTest, ServiceAccountUpdateMasksExactlyTheFlagsGiven) {
  Outcome outcome = Run({"service-accounts", "update", "hr-sync", "--active", "false", "--role",
                         "administrator", "--etag", "3"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.Sent<v1::UpdateServiceAccountRequest>().size(), 1u);
  const v1::UpdateServiceAccountRequest request =
      service_.Sent<v1::UpdateServiceAccountRequest>()[0];
  EXPECT_EQ(request.service_account().account_id(), "hr-sync");
  EXPECT_FALSE(request.service_account().active());
  EXPECT_EQ(request.service_account().role(), v1::ROLE_ADMINISTRATOR);
  EXPECT_EQ(request.service_account().etag(), "3");
  EXPECT_THAT(request.update_mask().paths(), ElementsAre("active", "role"));
}

TEST_F(IdentityCommandsTest, ServiceAccountUpdateCanClearTheCertificateBinding) {
  Outcome outcome = Run({"service-accounts", "update", "hr-sync",
                         "--client-certificate-cn=", "--display-name", "HR"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  const v1::UpdateServiceAccountRequest request =
      service_.Sent<v1::UpdateServiceAccountRequest>()[0];
  EXPECT_THAT(request.update_mask().paths(), ElementsAre("client_certificate_cn", "display_name"));
  EXPECT_EQ(request.service_account().display_name(), "HR");
}

TEST_F(IdentityCommandsTest, ServiceAccountUpdateWithNothingToChangeIsAUsageError) {
  EXPECT_EQ(Run({"service-accounts", "update", "hr-sync"}).code, 2);
  Outcome etag_only = Run({"service-accounts", "update", "hr-sync", "--etag", "3"});
  EXPECT_EQ(etag_only.code, 2);
  EXPECT_THAT(etag_only.err, HasSubstr("nothing to change"));
  Outcome bad_active = Run({"service-accounts", "update", "hr-sync", "--active", "maybe"});
  EXPECT_EQ(bad_active.code, 2);
  EXPECT_THAT(bad_active.err, HasSubstr("--active: "));
  EXPECT_EQ(service_.count(), 0u);
}

TEST_F(IdentityCommandsTest, ServiceAccountGetAndListPrintTheAccounts) {
  Outcome get = Run({"service-accounts", "get", "hr-sync"});
  ASSERT_EQ(get.code, 0) << get.err;
  EXPECT_EQ(service_.Sent<v1::GetServiceAccountRequest>()[0].account_id(), "hr-sync");
  EXPECT_THAT(get.out, HasSubstr("etag"));
  EXPECT_THAT(get.out, HasSubstr("hr-system"));

  Outcome list = Run({"service-accounts", "list", "--page-size", "10"});
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_EQ(service_.Sent<v1::ListServiceAccountsRequest>()[0].page_size(), 10);
  EXPECT_THAT(list.out, HasSubstr("ACCOUNT ID"));
  EXPECT_THAT(list.out, HasSubstr("hr-sync"));
  EXPECT_THAT(list.out, HasSubstr("yes"));

  Outcome csv = Run({"service-accounts", "list"}, "csv");
  EXPECT_THAT(csv.out, HasSubstr("account_id,display_name,role,client_certificate_cn,active\n"
                                 "hr-sync,HR sync,hr-system,,true\n"));
}

TEST(IdentityRoleNamesTest, MachineRolesParseInEveryUsualSpelling) {
  for (const char* name : {"hr_system", "hr-system", "HR_SYSTEM", "ROLE_HR_SYSTEM"}) {
    EXPECT_EQ(*ParseEnum<v1::Role>(name), v1::ROLE_HR_SYSTEM) << name;
  }
  EXPECT_EQ(*ParseEnum<v1::Role>("administrator"), v1::ROLE_ADMINISTRATOR);
  EXPECT_EQ(*ParseEnum<v1::Role>("integration"), v1::ROLE_INTEGRATION);
  EXPECT_EQ(ShortEnumName(v1::ROLE_HR_SYSTEM), "hr-system");
}

TEST(IdentityHelpTest, HelpDocumentsTheGroupsAndFlags) {
  std::ostringstream top, top_err;
  EXPECT_EQ(RunCli({"--help"}, top, top_err), 0);
  EXPECT_THAT(top.str(), HasSubstr("tokens"));
  EXPECT_THAT(top.str(), HasSubstr("service-accounts"));
  std::ostringstream create, create_err;
  EXPECT_EQ(RunCli({"tokens", "create", "--help"}, create, create_err), 0);
  for (const char* flag :
       {"--principal NAME", "--description TEXT", "--expires-in DAYS", "--expire-time TIME"}) {
    EXPECT_THAT(create.str(), HasSubstr(flag));
  }
  std::ostringstream update, update_err;
  EXPECT_EQ(RunCli({"service-accounts", "update", "--help"}, update, update_err), 0);
  for (const char* flag : {"--display-name", "--role NAME", "--client-certificate-cn",
                           "--active true|false", "--etag ETAG"}) {
    EXPECT_THAT(update.str(), HasSubstr(flag));
  }
}

}  // namespace
}  // namespace escala::client
