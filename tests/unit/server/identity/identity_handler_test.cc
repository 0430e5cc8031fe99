#include "server/identity/identity_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/platform/token_secret.h"
#include "tests/testing/identity/identity_fixture.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::FakeTokenRepository;
using ::escala::testing::IsOk;
using ::escala::testing::MakePerson;
using ::escala::testing::MakeServiceAccount;
using ::escala::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::UnorderedElementsAre;

absl::Time Utc(int year, int month, int day, int hour, int minute, int second) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, second),
                         absl::UTCTimeZone());
}

std::vector<std::string> TokenIds(const v1::ListTokensResponse& response) {
  std::vector<std::string> ids;
  for (const v1::ApiToken& token : response.tokens()) ids.push_back(token.token_id());
  return ids;
}

class IdentityHandlerTest : public ::escala::testing::IdentityFixture {
 protected:
  IdentityHandlerTest()
      : authenticator_(tokens_, people_, accounts_, clock_.AsClock()),
        handler_(tokens_, accounts_, people_, authenticator_, audit_, clock_.AsClock()) {
    people_.Add(MakePerson("E1001", v1::ROLE_AGENT, "blue"));
    people_.Add(MakePerson("E2002", v1::ROLE_AGENT, "blue"));
    people_.Add(MakePerson("E3003", v1::ROLE_AGENT, "green", /*active=*/false));
    people_.Add(MakePerson("E9000", v1::ROLE_ADMINISTRATOR, ""));
    accounts_.Add(MakeServiceAccount("hr-sync", v1::ROLE_HR_SYSTEM));
  }

  // An agent calling an own-scoped method (CreateToken, ListTokens, RevokeToken rows: O).
  static CallContext AgentCall() {
    CallContext call;
    call.caller.principal = "people/E1001";
    call.caller.role = v1::ROLE_AGENT;
    call.caller.display_name = "Person E1001";
    call.caller.employee_id = "E1001";
    call.caller.team_id = "blue";
    call.caller.token_id = "00000000000000a1";
    call.scope = Scope::kOwn;
    return call;
  }

  // An administrator: every identity method is A for them.
  static CallContext AdminCall() {
    CallContext call;
    call.caller.principal = "people/E9000";
    call.caller.role = v1::ROLE_ADMINISTRATOR;
    call.caller.employee_id = "E9000";
    call.scope = Scope::kAll;
    return call;
  }

  static CallContext HrSystemCall() {
    CallContext call;
    call.caller.principal = "serviceAccounts/hr-sync";
    call.caller.role = v1::ROLE_HR_SYSTEM;
    call.scope = Scope::kOwn;
    return call;
  }

  static v1::CreateTokenRequest TokenRequest(const std::string& principal = "") {
    v1::CreateTokenRequest request;
    request.mutable_token()->set_principal(principal);
    return request;
  }

  v1::CreateTokenRequest TokenRequestExpiringAt(absl::Time expires) {
    v1::CreateTokenRequest request;
    *request.mutable_token()->mutable_expire_time() = db::TimeToTimestamp(expires);
    return request;
  }

  Authenticator authenticator_;
  IdentityHandler handler_;
};

// ---- WhoAmI ----

TEST_F(IdentityHandlerTest, WhoAmIDescribesTheCaller) {
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::Principal principal, handler_.WhoAmI(AgentCall(), {}));
  EXPECT_EQ(principal.name(), "people/E1001");
  EXPECT_EQ(principal.role(), v1::ROLE_AGENT);
  EXPECT_EQ(principal.display_name(), "Person E1001");
  EXPECT_EQ(principal.team_id(), "blue");
}

// ---- CreateToken ----

TEST_F(IdentityHandlerTest, CreateTokenDefaultsToTheCallerAndNinetyDays) {
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::CreateTokenResponse response,
                              handler_.CreateToken(AgentCall(), v1::CreateTokenRequest()));
  EXPECT_EQ(response.token().principal(), "people/E1001");
  EXPECT_EQ(response.token().created_by(), "people/E1001");
  // 2024-03-01 09:00 UTC + 90 days: 30 more days of March, 30 of April, 30 of May.
  EXPECT_EQ(db::TimestampToMillis(response.token().expire_time()),
            absl::ToUnixMillis(Utc(2024, 5, 30, 9, 0, 0)));
  EXPECT_THAT(response.token().token_id(), MatchesRegex("[0-9a-f]{16}"));
}

TEST_F(IdentityHandlerTest, CreateTokenReturnsTheSecretAndStoresOnlyItsHash) {
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::CreateTokenResponse response,
                              handler_.CreateToken(AgentCall(), v1::CreateTokenRequest()));
  ASSERT_TRUE(absl::StartsWith(response.secret(), "esc_")) << response.secret();
  const FakeTokenRepository::StoredToken* stored = tokens_.Find(response.token().token_id());
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored->secret_hash, HashTokenSecret(response.secret()));
  EXPECT_NE(stored->secret_hash, response.secret());
  EXPECT_FALSE(absl::StrContains(stored->token.DebugString(), response.secret()));
  EXPECT_FALSE(absl::StrContains(response.token().DebugString(), response.secret()));
}

TEST_F(IdentityHandlerTest, ARequestIdReplaysTheTokenWithoutItsSecret) {
  v1::CreateTokenRequest request = TokenRequestExpiringAt(Utc(2024, 3, 8, 9, 0, 0));
  request.set_request_id("token-req-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::CreateTokenResponse first,
                              handler_.CreateToken(AgentCall(), request));
  ASSERT_FALSE(first.secret().empty());
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::CreateTokenResponse replay,
                              handler_.CreateToken(AgentCall(), request));
  EXPECT_EQ(replay.token().token_id(), first.token().token_id());
  // The secret is shown once: the server keeps only its hash.
  EXPECT_EQ(replay.secret(), "");
  EXPECT_EQ(tokens_.create_calls, 1);
  v1::CreateTokenRequest other = request;
  other.mutable_token()->set_description("another");
  EXPECT_THAT(handler_.CreateToken(AgentCall(), other),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id: 'token-req-1'")));
  EXPECT_THAT(handler_.CreateToken(AdminCall(), request),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  EXPECT_EQ(tokens_.create_calls, 1);
}

TEST_F(IdentityHandlerTest, CreatedTokenAuthenticatesAsItsPrincipal) {
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::CreateTokenResponse response,
                              handler_.CreateToken(AgentCall(), v1::CreateTokenRequest()));
  ESCALA_ASSERT_OK_AND_ASSIGN(const Caller caller,
                              authenticator_.Authenticate(response.secret(), ""));
  EXPECT_EQ(caller.principal, "people/E1001");
  EXPECT_EQ(caller.token_id, response.token().token_id());
}

TEST_F(IdentityHandlerTest, CreateTokenKeepsAGivenExpiryAndDescription) {
  v1::CreateTokenRequest request = TokenRequestExpiringAt(Utc(2024, 3, 8, 9, 0, 0));
  request.mutable_token()->set_description("nightly report");
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::CreateTokenResponse response,
                              handler_.CreateToken(AgentCall(), request));
  EXPECT_EQ(db::TimestampToMillis(response.token().expire_time()),
            absl::ToUnixMillis(Utc(2024, 3, 8, 9, 0, 0)));
  EXPECT_EQ(response.token().description(), "nightly report");
}

TEST_F(IdentityHandlerTest, CreateTokenRejectsAnExpiryNotInTheFuture) {
  EXPECT_THAT(handler_.CreateToken(AgentCall(), TokenRequestExpiringAt(Utc(2024, 2, 29, 9, 0, 0))),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("token.expire_time")));
  EXPECT_THAT(handler_.CreateToken(AgentCall(), TokenRequestExpiringAt(clock_.Now())),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("token.expire_time")));
  EXPECT_EQ(tokens_.create_calls, 0);
}

TEST_F(IdentityHandlerTest, CreateTokenAcceptsFourHundredDaysButNotMore) {
  // 2024-03-01 + 400 days: 365 days to 2025-03-01 (the leap day of 2024 is already past), then
  // 31 days of March and 4 of April.
  const absl::Time limit = Utc(2025, 4, 5, 9, 0, 0);
  EXPECT_THAT(handler_.CreateToken(AgentCall(), TokenRequestExpiringAt(limit + absl::Seconds(1))),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("token.expire_time")));
  EXPECT_EQ(tokens_.create_calls, 0);
  EXPECT_THAT(handler_.CreateToken(AgentCall(), TokenRequestExpiringAt(limit)), IsOk());
}

TEST_F(IdentityHandlerTest, OwnScopedCallerCannotCreateATokenForSomeoneElse) {
  EXPECT_THAT(handler_.CreateToken(AgentCall(), TokenRequest("people/E2002")),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("people/E2002")));
  EXPECT_THAT(handler_.CreateToken(AgentCall(), TokenRequest("serviceAccounts/hr-sync")),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(tokens_.create_calls, 0);
  // Naming themself explicitly is fine.
  EXPECT_THAT(handler_.CreateToken(AgentCall(), TokenRequest("people/E1001")), IsOk());
}

TEST_F(IdentityHandlerTest, AdministratorCreatesATokenForAServiceAccount) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      const v1::CreateTokenResponse response,
      handler_.CreateToken(AdminCall(), TokenRequest("serviceAccounts/hr-sync")));
  EXPECT_EQ(response.token().principal(), "serviceAccounts/hr-sync");
  EXPECT_EQ(response.token().created_by(), "people/E9000");
}

TEST_F(IdentityHandlerTest, CreateTokenForAnInactiveOrUnknownPrincipalFailsPrecondition) {
  EXPECT_THAT(handler_.CreateToken(AdminCall(), TokenRequest("people/E3003")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("token.principal")));
  EXPECT_THAT(handler_.CreateToken(AdminCall(), TokenRequest("people/E4004")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("token.principal")));
  accounts_.Add(MakeServiceAccount("old-feed", v1::ROLE_INTEGRATION, "", /*active=*/false));
  EXPECT_THAT(handler_.CreateToken(AdminCall(), TokenRequest("serviceAccounts/old-feed")),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("token.principal")));
  EXPECT_EQ(tokens_.create_calls, 0);
}

TEST_F(IdentityHandlerTest, CreateTokenRejectsAMalformedPrincipal) {
  EXPECT_THAT(handler_.CreateToken(AdminCall(), TokenRequest("E1001")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("token.principal")));
}

TEST_F(IdentityHandlerTest, CreateTokenPassesOnAPeopleRepositoryFailure) {
  people_.failure = absl::UnavailableError("connection lost");
  EXPECT_THAT(handler_.CreateToken(AdminCall(), TokenRequest("people/E2002")),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(tokens_.create_calls, 0);
}

// ---- ListTokens ----

class ListTokensTest : public IdentityHandlerTest {
 protected:
  ListTokensTest() {
    Token("0000000000000001", "people/E1001", absl::Hours(3));
    Token("0000000000000002", "people/E1001", absl::Hours(2));
    Token("0000000000000003", "people/E2002", absl::Hours(1));
    (void)tokens_.Revoke("0000000000000002", {}, clock_.Now());
  }
};

TEST_F(ListTokensTest, OwnScopeListsOnlyTheCallersTokens) {
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::ListTokensResponse response,
                              handler_.ListTokens(AgentCall(), v1::ListTokensRequest()));
  EXPECT_THAT(TokenIds(response), ElementsAre("0000000000000001"));
  ASSERT_TRUE(tokens_.last_list_filter.has_value());
  EXPECT_EQ(tokens_.last_list_filter->principal, "people/E1001");
}

TEST_F(ListTokensTest, OwnScopeWithInactiveTokensStillListsOnlyTheCallers) {
  v1::ListTokensRequest request;
  request.set_include_inactive(true);
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::ListTokensResponse response,
                              handler_.ListTokens(AgentCall(), request));
  EXPECT_THAT(TokenIds(response), ElementsAre("0000000000000002", "0000000000000001"));
}

TEST_F(ListTokensTest, OwnScopeAskingForAnotherPrincipalGetsNothing) {
  v1::ListTokensRequest request;
  request.set_principal("people/E2002");
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::ListTokensResponse response,
                              handler_.ListTokens(AgentCall(), request));
  EXPECT_THAT(response.tokens(), IsEmpty());
  EXPECT_EQ(response.next_page_token(), "");
  EXPECT_EQ(tokens_.list_calls, 0);
}

TEST_F(ListTokensTest, AdministratorListsEveryonesTokensNewestFirst) {
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::ListTokensResponse active,
                              handler_.ListTokens(AdminCall(), v1::ListTokensRequest()));
  EXPECT_THAT(TokenIds(active), ElementsAre("0000000000000003", "0000000000000001"));
  v1::ListTokensRequest request;
  request.set_principal("people/E2002");
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::ListTokensResponse of_one,
                              handler_.ListTokens(AdminCall(), request));
  EXPECT_THAT(TokenIds(of_one), ElementsAre("0000000000000003"));
}

TEST_F(ListTokensTest, PagesFollowOneAnother) {
  v1::ListTokensRequest request;
  request.set_include_inactive(true);
  request.set_page_size(2);
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::ListTokensResponse first,
                              handler_.ListTokens(AdminCall(), request));
  EXPECT_THAT(TokenIds(first), ElementsAre("0000000000000003", "0000000000000002"));
  ASSERT_NE(first.next_page_token(), "");
  request.set_page_token(first.next_page_token());
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::ListTokensResponse second,
                              handler_.ListTokens(AdminCall(), request));
  EXPECT_THAT(TokenIds(second), ElementsAre("0000000000000001"));
  EXPECT_EQ(second.next_page_token(), "");
}

// ---- RevokeToken ----

TEST_F(IdentityHandlerTest, OwnScopedCallerCannotRevokeSomeoneElsesToken) {
  Token("0000000000000003", "people/E2002");
  v1::RevokeTokenRequest request;
  request.set_token_id("0000000000000003");
  EXPECT_THAT(handler_.RevokeToken(AgentCall(), request),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("0000000000000003")));
  EXPECT_EQ(tokens_.revoke_calls, 0);
  EXPECT_FALSE(tokens_.Find("0000000000000003")->token.has_revoke_time());
}

TEST_F(IdentityHandlerTest, RevokingAnUnknownTokenIsNotFound) {
  v1::RevokeTokenRequest request;
  request.set_token_id("00000000000000ee");
  EXPECT_THAT(handler_.RevokeToken(AgentCall(), request), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(handler_.RevokeToken(AdminCall(), request), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(IdentityHandlerTest, RevokeTokenRequiresATokenId) {
  EXPECT_THAT(handler_.RevokeToken(AdminCall(), v1::RevokeTokenRequest()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("token_id")));
}

TEST_F(IdentityHandlerTest, ARevokeReplayAnswersTheRevokedTokenWithoutASecondRevocation) {
  Token("00000000000000a1", "people/E1001");
  CallContext agent = AgentCall();
  agent.method = "escala.v1.IdentityService/RevokeToken";
  v1::RevokeTokenRequest request;
  request.set_token_id("00000000000000a1");
  request.set_request_id("revoke-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::ApiToken revoked, handler_.RevokeToken(agent, request));
  clock_.Advance(absl::Minutes(1));
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::ApiToken replay, handler_.RevokeToken(agent, request));
  EXPECT_EQ(replay.SerializeAsString(), revoked.SerializeAsString());
  EXPECT_EQ(tokens_.revoke_calls, 1);
  EXPECT_EQ(audit_.CountEvents(agent.method, "revoke-1"), 1);
  // Another caller's request_id is theirs: the administrator's revocation is refused as a
  // second one.
  CallContext admin = AdminCall();
  admin.method = agent.method;
  EXPECT_THAT(handler_.RevokeToken(admin, request),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("revoked already")));
  request.set_token_id("00000000000000a2");
  EXPECT_THAT(handler_.RevokeToken(agent, request), StatusIs(absl::StatusCode::kAlreadyExists));
  request.clear_request_id();
  request.set_token_id("00000000000000a1");
  EXPECT_THAT(handler_.RevokeToken(agent, request),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(IdentityHandlerTest, RevokedTokenIsRefusedAtOnce) {
  const std::string secret = Token("00000000000000a1", "people/E1001");
  // The authenticator now remembers the token for a few seconds.
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  v1::RevokeTokenRequest request;
  request.set_token_id("00000000000000a1");
  ESCALA_ASSERT_OK_AND_ASSIGN(const v1::ApiToken revoked,
                              handler_.RevokeToken(AgentCall(), request));
  EXPECT_EQ(db::TimestampToMillis(revoked.revoke_time()), absl::ToUnixMillis(clock_.Now()));
  // Same instant: no remembered answer may outlive the revocation.
  EXPECT_THAT(authenticator_.Authenticate(secret, ""),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(IdentityHandlerTest, AdministratorRevokesAnyTokenButOnlyOnce) {
  Token("0000000000000003", "people/E2002");
  v1::RevokeTokenRequest request;
  request.set_token_id("0000000000000003");
  EXPECT_THAT(handler_.RevokeToken(AdminCall(), request), IsOk());
  EXPECT_THAT(handler_.RevokeToken(AdminCall(), request),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

// ---- service accounts ----

v1::CreateServiceAccountRequest AccountRequest(const std::string& account_id, v1::Role role) {
  v1::CreateServiceAccountRequest request;
  *request.mutable_service_account() = MakeServiceAccount(account_id, role, "", /*active=*/false);
  return request;
}

TEST_F(IdentityHandlerTest, ServiceAccountRoleMustBeAMachineRole) {
  for (v1::Role role : {v1::ROLE_UNSPECIFIED, v1::ROLE_AGENT, v1::ROLE_TEAM_LEAD, v1::ROLE_MANAGER,
                        v1::ROLE_HEAD_OF_SUPPORT}) {
    EXPECT_THAT(handler_.CreateServiceAccount(AdminCall(), AccountRequest("feed", role)),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("service_account.role")))
        << v1::Role_Name(role);
  }
  EXPECT_EQ(accounts_.create_calls, 0);
}

TEST_F(IdentityHandlerTest, ServiceAccountWithAMachineRoleIsCreatedActive) {
  for (v1::Role role : {v1::ROLE_HR_SYSTEM, v1::ROLE_INTEGRATION, v1::ROLE_ADMINISTRATOR}) {
    const std::string account_id = absl::StrCat("feed-", static_cast<int>(role));
    ESCALA_ASSERT_OK_AND_ASSIGN(
        const v1::ServiceAccount account,
        handler_.CreateServiceAccount(AdminCall(), AccountRequest(account_id, role)));
    EXPECT_EQ(account.account_id(), account_id);
    EXPECT_EQ(account.role(), role);
    EXPECT_TRUE(account.active());
  }
}

TEST_F(IdentityHandlerTest, ServiceAccountIdMustBeAnIdentifier) {
  EXPECT_THAT(
      handler_.CreateServiceAccount(AdminCall(), AccountRequest("hr sync", v1::ROLE_HR_SYSTEM)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("service_account.account_id")));
}

TEST_F(IdentityHandlerTest, OwnScopedAccountSeesOnlyItself) {
  v1::GetServiceAccountRequest request;
  request.set_account_id("hr-sync");
  EXPECT_THAT(handler_.GetServiceAccount(HrSystemCall(), request), IsOk());
  accounts_.Add(MakeServiceAccount("other-feed", v1::ROLE_INTEGRATION));
  request.set_account_id("other-feed");
  EXPECT_THAT(handler_.GetServiceAccount(HrSystemCall(), request),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(handler_.GetServiceAccount(AdminCall(), request), IsOk());
}

v1::UpdateServiceAccountRequest Deactivation(const std::string& account_id,
                                             const std::string& etag) {
  v1::UpdateServiceAccountRequest request;
  request.mutable_service_account()->set_account_id(account_id);
  request.mutable_service_account()->set_etag(etag);
  request.mutable_service_account()->set_active(false);
  request.mutable_update_mask()->add_paths("active");
  return request;
}

TEST_F(IdentityHandlerTest, UpdateServiceAccountWithAStaleEtagIsAborted) {
  EXPECT_THAT(handler_.UpdateServiceAccount(AdminCall(), Deactivation("hr-sync", "7")),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("service_account.etag")));
  EXPECT_EQ(accounts_.update_calls, 0);
}

TEST_F(IdentityHandlerTest, DeactivatedAccountIsRefusedAtOnce) {
  const std::string secret = Token("00000000000000b1", "serviceAccounts/hr-sync");
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(
      const v1::ServiceAccount updated,
      handler_.UpdateServiceAccount(AdminCall(), Deactivation("hr-sync", "1")));
  EXPECT_FALSE(updated.active());
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_THAT(authenticator_.Authenticate(secret, ""),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(IdentityHandlerTest, UpdateServiceAccountCannotGiveAPersonRole) {
  v1::UpdateServiceAccountRequest request;
  request.mutable_service_account()->set_account_id("hr-sync");
  request.mutable_service_account()->set_role(v1::ROLE_MANAGER);
  request.mutable_update_mask()->add_paths("role");
  EXPECT_THAT(handler_.UpdateServiceAccount(AdminCall(), request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("service_account.role")));
  EXPECT_EQ(accounts_.update_calls, 0);
}

}  // namespace
}  // namespace escala::server
