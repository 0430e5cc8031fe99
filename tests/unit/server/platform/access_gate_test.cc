#include "server/platform/access_gate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "tests/testing/identity/identity_fixture.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::IsOk;
using ::escala::testing::MakePerson;
using ::escala::testing::MakeServiceAccount;
using ::escala::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kGetInteraction[] = "escala.v1.InteractionService/GetInteraction";
constexpr char kListAuditEvents[] = "escala.v1.AuditService/ListAuditEvents";

class AccessGateTest : public ::escala::testing::IdentityFixture {
 protected:
  AccessGateTest()
      : authenticator_(tokens_, people_, accounts_, clock_.AsClock()), gate_(authenticator_) {
    people_.Add(MakePerson("E1001", v1::ROLE_AGENT, "blue"));
    people_.Add(MakePerson("E1002", v1::ROLE_TEAM_LEAD, "blue"));
    people_.Add(MakePerson("E1003", v1::ROLE_MANAGER, ""));
    people_.Add(MakePerson("E1004", v1::ROLE_UNSPECIFIED, "blue"));
    accounts_.Add(MakeServiceAccount("hr-sync", v1::ROLE_HR_SYSTEM));
    agent_secret_ = Token("00000000000000a1", "people/E1001");
    lead_secret_ = Token("00000000000000a2", "people/E1002");
    manager_secret_ = Token("00000000000000a3", "people/E1003");
    unspecified_secret_ = Token("00000000000000a4", "people/E1004");
    hr_secret_ = Token("00000000000000b1", "serviceAccounts/hr-sync");
  }

  absl::StatusOr<CallContext> Admit(absl::string_view authorization, absl::string_view method,
                                    absl::string_view request_id = "") {
    return gate_.Admit(authorization, "", request_id, method);
  }

  Authenticator authenticator_;
  AccessGate gate_;
  std::string agent_secret_;
  std::string lead_secret_;
  std::string manager_secret_;
  std::string unspecified_secret_;
  std::string hr_secret_;
};

TEST_F(AccessGateTest, AdmitsABearerTokenWithTheCallerAndMethod) {
  ESCALA_ASSERT_OK_AND_ASSIGN(const CallContext call,
                              Admit(absl::StrCat("Bearer ", agent_secret_), kGetInteraction));
  EXPECT_EQ(call.caller.principal, "people/E1001");
  EXPECT_EQ(call.caller.role, v1::ROLE_AGENT);
  EXPECT_EQ(call.caller.token_id, "00000000000000a1");
  EXPECT_EQ(call.method, kGetInteraction);
}

TEST_F(AccessGateTest, SchemeIsCaseInsensitive) {
  EXPECT_THAT(Admit(absl::StrCat("bearer ", agent_secret_), kGetInteraction), IsOk());
  EXPECT_THAT(Admit(absl::StrCat("BEARER ", agent_secret_), kGetInteraction), IsOk());
}

TEST_F(AccessGateTest, SpacesAroundTheSecretAreIgnored) {
  EXPECT_THAT(Admit(absl::StrCat("Bearer   ", agent_secret_, "  "), kGetInteraction), IsOk());
}

TEST_F(AccessGateTest, AnythingButABearerTokenIsUnauthenticated) {
  for (const std::string& authorization :
       {std::string("Basic x"), std::string("Basic ") + agent_secret_, std::string("Bearer"),
        std::string("Bearer "), std::string("Bearer    "), std::string(""), agent_secret_,
        std::string("Bearer") + agent_secret_, std::string("Bearer esc_unknown")}) {
    EXPECT_THAT(Admit(authorization, kGetInteraction), StatusIs(absl::StatusCode::kUnauthenticated))
        << "authorization: '" << authorization << "'";
  }
}

TEST_F(AccessGateTest, RoleDeniedByTheTableIsPermissionDeniedNamingRoleAndMethod) {
  EXPECT_THAT(Admit(absl::StrCat("Bearer ", agent_secret_), kListAuditEvents),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AllOf(HasSubstr("ROLE_AGENT"), HasSubstr(kListAuditEvents))));
  EXPECT_THAT(Admit(absl::StrCat("Bearer ", hr_secret_), kGetInteraction),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AllOf(HasSubstr("ROLE_HR_SYSTEM"), HasSubstr(kGetInteraction))));
}

TEST_F(AccessGateTest, PersonWithoutRoleIsDeniedEverything) {
  EXPECT_THAT(
      Admit(absl::StrCat("Bearer ", unspecified_secret_), "escala.v1.IdentityService/WhoAmI"),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("ROLE_UNSPECIFIED")));
}

TEST_F(AccessGateTest, OwnRowGivesOwnScope) {
  ESCALA_ASSERT_OK_AND_ASSIGN(const CallContext call,
                              Admit(absl::StrCat("Bearer ", agent_secret_), kGetInteraction));
  EXPECT_EQ(call.scope, Scope::kOwn);
}

TEST_F(AccessGateTest, TeamRowGivesTeamScope) {
  ESCALA_ASSERT_OK_AND_ASSIGN(const CallContext call,
                              Admit(absl::StrCat("Bearer ", lead_secret_), kGetInteraction));
  EXPECT_EQ(call.scope, Scope::kTeam);
}

TEST_F(AccessGateTest, AllowRowGivesAllScope) {
  ESCALA_ASSERT_OK_AND_ASSIGN(const CallContext call,
                              Admit(absl::StrCat("Bearer ", manager_secret_), kGetInteraction));
  EXPECT_EQ(call.scope, Scope::kAll);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      const CallContext upsert,
      Admit(absl::StrCat("Bearer ", hr_secret_), "escala.v1.PeopleService/UpsertPeople"));
  EXPECT_EQ(upsert.scope, Scope::kAll);
}

TEST_F(AccessGateTest, UnknownMethodIsPermissionDenied) {
  EXPECT_THAT(
      Admit(absl::StrCat("Bearer ", manager_secret_), "escala.v1.PeopleService/DeletePerson"),
      StatusIs(absl::StatusCode::kPermissionDenied,
               HasSubstr("escala.v1.PeopleService/DeletePerson")));
}

TEST_F(AccessGateTest, KeepsAPrintableRequestIdOfAtMost64Characters) {
  const std::string secret = absl::StrCat("Bearer ", agent_secret_);
  ESCALA_ASSERT_OK_AND_ASSIGN(const CallContext plain,
                              Admit(secret, kGetInteraction, "req-42/retry.1"));
  EXPECT_EQ(plain.request_id, "req-42/retry.1");
  const std::string longest(64, 'r');
  ESCALA_ASSERT_OK_AND_ASSIGN(const CallContext at_limit, Admit(secret, kGetInteraction, longest));
  EXPECT_EQ(at_limit.request_id, longest);
  ESCALA_ASSERT_OK_AND_ASSIGN(const CallContext none, Admit(secret, kGetInteraction, ""));
  EXPECT_EQ(none.request_id, "");
}

TEST_F(AccessGateTest, DropsALongOrUnprintableRequestIdButAdmitsTheCall) {
  const std::string secret = absl::StrCat("Bearer ", agent_secret_);
  for (const std::string& request_id :
       {std::string(65, 'r'), std::string("req 42"), std::string("req\t42"), std::string("req\n42"),
        std::string("r\xC3\xA9q"), std::string("req\x7F")}) {
    ESCALA_ASSERT_OK_AND_ASSIGN(const CallContext call, Admit(secret, kGetInteraction, request_id));
    EXPECT_EQ(call.request_id, "") << "request id '" << request_id << "'";
  }
}

TEST_F(AccessGateTest, UnauthenticatedTakesPrecedenceOverPermissionDenied) {
  // Neither a denied nor an unknown method tells a caller without credentials anything.
  EXPECT_THAT(Admit("Bearer esc_unknown", kListAuditEvents),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(Admit("", "escala.v1.PeopleService/DeletePerson"),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(AccessGateTest, CertificateBoundAccountIsAdmittedOnlyWithItsCertificate) {
  accounts_.Add(MakeServiceAccount("hr-bound", v1::ROLE_HR_SYSTEM, "hr.example"));
  const std::string authorization =
      absl::StrCat("Bearer ", Token("00000000000000b2", "serviceAccounts/hr-bound"));
  constexpr char kUpsertPeople[] = "escala.v1.PeopleService/UpsertPeople";
  EXPECT_THAT(gate_.Admit(authorization, "", "", kUpsertPeople),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(gate_.Admit(authorization, "hr.example", "", kUpsertPeople), IsOk());
}

}  // namespace
}  // namespace escala::server
