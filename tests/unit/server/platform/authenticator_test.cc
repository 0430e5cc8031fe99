#include "server/platform/authenticator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/testing/identity/identity_fixture.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::IsOk;
using ::escala::testing::MakePerson;
using ::escala::testing::MakeServiceAccount;
using ::escala::testing::StatusIs;

// The one message of every refusal, as the server documents it to clients.
constexpr char kRejectedMessage[] =
    "missing or invalid credentials: send 'authorization: Bearer <token>' with a valid token";

class AuthenticatorTest : public ::escala::testing::IdentityFixture {
 protected:
  AuthenticatorTest()
      : authenticator_(tokens_, people_, accounts_, clock_.AsClock(), absl::Seconds(5)) {
    people_.Add(MakePerson("E1001", v1::ROLE_AGENT, "blue"));
    accounts_.Add(MakeServiceAccount("hr-sync", v1::ROLE_HR_SYSTEM));
  }

  // A token of `principal` created now and living `lifetime`.
  std::string TokenOf(const std::string& token_id, const std::string& principal,
                      absl::Duration lifetime = absl::Hours(24)) {
    return Token(token_id, principal, absl::ZeroDuration(), lifetime);
  }

  void ExpectRejected(const std::string& secret, absl::string_view certificate_cn = "") {
    EXPECT_THAT(authenticator_.Authenticate(secret, certificate_cn),
                StatusIs(absl::StatusCode::kUnauthenticated, kRejectedMessage));
  }

  Authenticator authenticator_;
};

TEST_F(AuthenticatorTest, PersonTokenYieldsThePersonAsCaller) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001");
  ESCALA_ASSERT_OK_AND_ASSIGN(const Caller caller, authenticator_.Authenticate(secret, ""));
  EXPECT_EQ(caller.principal, "people/E1001");
  EXPECT_EQ(caller.role, v1::ROLE_AGENT);
  EXPECT_EQ(caller.display_name, "Person E1001");
  EXPECT_EQ(caller.employee_id, "E1001");
  EXPECT_EQ(caller.team_id, "blue");
  EXPECT_EQ(caller.token_id, "00000000000000a1");
}

TEST_F(AuthenticatorTest, ServiceAccountTokenYieldsTheAccountAsCaller) {
  const std::string secret = TokenOf("00000000000000b1", "serviceAccounts/hr-sync");
  ESCALA_ASSERT_OK_AND_ASSIGN(const Caller caller, authenticator_.Authenticate(secret, ""));
  EXPECT_EQ(caller.principal, "serviceAccounts/hr-sync");
  EXPECT_EQ(caller.role, v1::ROLE_HR_SYSTEM);
  EXPECT_EQ(caller.display_name, "Account hr-sync");
  EXPECT_EQ(caller.employee_id, "");
  EXPECT_EQ(caller.team_id, "");
  EXPECT_EQ(caller.token_id, "00000000000000b1");
}

TEST_F(AuthenticatorTest, RejectedIsTheDocumentedMessage) {
  EXPECT_THAT(Authenticator::Rejected(),
              StatusIs(absl::StatusCode::kUnauthenticated, kRejectedMessage));
}

TEST_F(AuthenticatorTest, EmptySecretIsRejectedWithoutALookup) {
  ExpectRejected("");
  EXPECT_EQ(tokens_.find_by_hash_calls, 0);
}

TEST_F(AuthenticatorTest, UnknownTokenIsRejected) {
  TokenOf("00000000000000a1", "people/E1001");
  ExpectRejected("esc_not-a-token-anyone-was-given");
}

TEST_F(AuthenticatorTest, ExpiredTokenIsRejected) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001", absl::Hours(1));
  clock_.Advance(absl::Hours(2));
  ExpectRejected(secret);
}

TEST_F(AuthenticatorTest, TokenIsRejectedAtTheInstantItExpires) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001", absl::Hours(1));
  clock_.Advance(absl::Hours(1) - absl::Milliseconds(1));
  EXPECT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  clock_.Advance(absl::Milliseconds(1));
  ExpectRejected(secret);
}

TEST_F(AuthenticatorTest, TokenFirstSeenAtTheInstantItExpiresIsRejected) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001", absl::Hours(1));
  clock_.Advance(absl::Hours(1));
  ExpectRejected(secret);
  EXPECT_EQ(tokens_.find_by_hash_calls, 1);
}

TEST_F(AuthenticatorTest, RememberedTokenIsRejectedOnceItExpires) {
  // Remembered for 5 s, but the token itself ends after 3 s.
  const std::string secret = TokenOf("00000000000000a1", "people/E1001", absl::Seconds(3));
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  clock_.Advance(absl::Seconds(3));
  ExpectRejected(secret);
  EXPECT_EQ(tokens_.find_by_hash_calls, 1);
}

TEST_F(AuthenticatorTest, RevokedTokenIsRejected) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001");
  ASSERT_THAT(tokens_.Revoke("00000000000000a1", {}, clock_.Now()), IsOk());
  ExpectRejected(secret);
}

TEST_F(AuthenticatorTest, InactivePersonIsRejected) {
  people_.Add(MakePerson("E2002", v1::ROLE_AGENT, "blue", /*active=*/false));
  ExpectRejected(TokenOf("00000000000000a2", "people/E2002"));
}

TEST_F(AuthenticatorTest, TokenOfAPersonNoLongerInTheDirectoryIsRejected) {
  ExpectRejected(TokenOf("00000000000000a3", "people/E9999"));
}

TEST_F(AuthenticatorTest, InactiveServiceAccountIsRejected) {
  accounts_.Add(MakeServiceAccount("old-feed", v1::ROLE_INTEGRATION, "", /*active=*/false));
  ExpectRejected(TokenOf("00000000000000b2", "serviceAccounts/old-feed"));
}

TEST_F(AuthenticatorTest, TokenOfAnUnknownKindOfPrincipalIsRejected) {
  ExpectRejected(TokenOf("00000000000000c1", "robots/R2"));
}

TEST_F(AuthenticatorTest, TokenLookupFailureIsUnavailableNotUnauthenticated) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001");
  tokens_.failure = absl::UnavailableError("connection lost");
  EXPECT_THAT(authenticator_.Authenticate(secret, ""), StatusIs(absl::StatusCode::kUnavailable));
  tokens_.failure = absl::InternalError("disk I/O error");
  EXPECT_THAT(authenticator_.Authenticate(secret, ""), StatusIs(absl::StatusCode::kUnavailable));
  // A failed lookup is not remembered: once the database answers, the token works.
  tokens_.failure = absl::OkStatus();
  EXPECT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
}

TEST_F(AuthenticatorTest, PersonLookupFailureIsUnavailable) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001");
  people_.failure = absl::InternalError("disk I/O error");
  EXPECT_THAT(authenticator_.Authenticate(secret, ""), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(AuthenticatorTest, ServiceAccountLookupFailureIsUnavailable) {
  const std::string secret = TokenOf("00000000000000b1", "serviceAccounts/hr-sync");
  accounts_.failure = absl::UnavailableError("connection lost");
  EXPECT_THAT(authenticator_.Authenticate(secret, ""), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(AuthenticatorTest, SecondCallWithinTheWindowIsAnsweredFromMemory) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001");
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  clock_.Advance(absl::Seconds(4));
  ESCALA_ASSERT_OK_AND_ASSIGN(const Caller caller, authenticator_.Authenticate(secret, ""));
  EXPECT_EQ(caller.principal, "people/E1001");
  EXPECT_EQ(tokens_.find_by_hash_calls, 1);
  EXPECT_EQ(people_.get_calls, 1);
}

TEST_F(AuthenticatorTest, ForgottenTokenIsLookedUpAgain) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001");
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  authenticator_.Forget("00000000000000a1");
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  EXPECT_EQ(tokens_.find_by_hash_calls, 2);
}

TEST_F(AuthenticatorTest, ForgettingAnotherTokenKeepsThisOneRemembered) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001");
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  authenticator_.Forget("00000000000000ff");
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  EXPECT_EQ(tokens_.find_by_hash_calls, 1);
}

TEST_F(AuthenticatorTest, LookupOverlappingARevocationIsNotRemembered) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001");
  // This lookup reads the token just before another call revokes it and forgets it.
  tokens_.while_finding = [this] {
    ASSERT_THAT(tokens_.Revoke("00000000000000a1", {}, clock_.Now()), IsOk());
    authenticator_.Forget("00000000000000a1");
  };
  EXPECT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  // The next call, still inside the 5 s window, must see the revocation.
  ExpectRejected(secret);
  EXPECT_EQ(tokens_.find_by_hash_calls, 2);
}

TEST_F(AuthenticatorTest, ForgottenPrincipalIsLookedUpAgain) {
  const std::string secret = TokenOf("00000000000000b1", "serviceAccounts/hr-sync");
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  accounts_.Add(MakeServiceAccount("hr-sync", v1::ROLE_HR_SYSTEM, "", /*active=*/false));
  authenticator_.ForgetPrincipal("serviceAccounts/hr-sync");
  ExpectRejected(secret);
  EXPECT_EQ(tokens_.find_by_hash_calls, 2);
}

TEST_F(AuthenticatorTest, TokenIsLookedUpAgainAfterTheWindow) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001");
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  clock_.Advance(absl::Seconds(5));
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  EXPECT_EQ(tokens_.find_by_hash_calls, 2);
}

TEST_F(AuthenticatorTest, TokenRevokedElsewhereIsRefusedAfterTheWindow) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001");
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  // Revoked in the database behind this server's back: the memory still answers for a while.
  ASSERT_THAT(tokens_.Revoke("00000000000000a1", {}, clock_.Now()), IsOk());
  clock_.Advance(absl::Seconds(2));
  EXPECT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  clock_.Advance(absl::Seconds(3));
  ExpectRejected(secret);
}

TEST_F(AuthenticatorTest, PersonDeactivatedElsewhereIsRefusedAfterTheWindow) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001");
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  people_.Add(MakePerson("E1001", v1::ROLE_AGENT, "blue", /*active=*/false));
  clock_.Advance(absl::Seconds(6));
  ExpectRejected(secret);
}

TEST_F(AuthenticatorTest, BoundAccountIsAcceptedOnlyWithItsCertificate) {
  accounts_.Add(MakeServiceAccount("hr-bound", v1::ROLE_HR_SYSTEM, "hr.example"));
  const std::string secret = TokenOf("00000000000000b3", "serviceAccounts/hr-bound");
  ExpectRejected(secret, "");
  ExpectRejected(secret, "other.example");
  ExpectRejected(secret, "HR.EXAMPLE");
  ESCALA_ASSERT_OK_AND_ASSIGN(const Caller caller,
                              authenticator_.Authenticate(secret, "hr.example"));
  EXPECT_EQ(caller.principal, "serviceAccounts/hr-bound");
  // The binding holds for a remembered token too.
  ExpectRejected(secret, "other.example");
}

TEST_F(AuthenticatorTest, UnboundAccountIsAcceptedWithOrWithoutACertificate) {
  const std::string secret = TokenOf("00000000000000b1", "serviceAccounts/hr-sync");
  EXPECT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  EXPECT_THAT(authenticator_.Authenticate(secret, "anything.example"), IsOk());
}

TEST_F(AuthenticatorTest, RecordsUseAtMostOnceAMinute) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001");
  const absl::Time start = clock_.Now();
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  clock_.Advance(absl::Seconds(30));
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  clock_.Advance(absl::Seconds(29));
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  ASSERT_EQ(tokens_.uses.size(), 1u);
  EXPECT_EQ(tokens_.uses[0].token_id, "00000000000000a1");
  EXPECT_EQ(tokens_.uses[0].time, start);
  // 60 s after the first write.
  clock_.Advance(absl::Seconds(1));
  ASSERT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  ASSERT_EQ(tokens_.uses.size(), 2u);
  EXPECT_EQ(tokens_.uses[1].time, start + absl::Minutes(1));
}

TEST_F(AuthenticatorTest, RecordsUseOfEachTokenSeparately) {
  const std::string first = TokenOf("00000000000000a1", "people/E1001");
  const std::string second = TokenOf("00000000000000a2", "people/E1001");
  ASSERT_THAT(authenticator_.Authenticate(first, ""), IsOk());
  ASSERT_THAT(authenticator_.Authenticate(second, ""), IsOk());
  ASSERT_EQ(tokens_.uses.size(), 2u);
  EXPECT_EQ(tokens_.uses[0].token_id, "00000000000000a1");
  EXPECT_EQ(tokens_.uses[1].token_id, "00000000000000a2");
}

TEST_F(AuthenticatorTest, RefusedTokenRecordsNoUse) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001", absl::Hours(1));
  clock_.Advance(absl::Hours(1));
  ExpectRejected(secret);
  EXPECT_TRUE(tokens_.uses.empty());
}

TEST_F(AuthenticatorTest, FailureToRecordUseDoesNotFailTheCall) {
  const std::string secret = TokenOf("00000000000000a1", "people/E1001");
  tokens_.record_use_failure = absl::UnavailableError("connection lost");
  EXPECT_THAT(authenticator_.Authenticate(secret, ""), IsOk());
  EXPECT_EQ(tokens_.uses.size(), 1u);
}

}  // namespace
}  // namespace escala::server
