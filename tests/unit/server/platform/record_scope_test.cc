#include "server/platform/record_scope.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::FakePeopleRepository;
using ::escala::testing::IsOkAndHolds;
using ::escala::testing::MakePerson;
using ::escala::testing::StatusIs;

CallContext CallBy(const std::string& employee_id, const std::string& team_id, Scope scope) {
  CallContext call;
  call.caller.principal = employee_id.empty() ? "serviceAccounts/feed" : "people/" + employee_id;
  call.caller.employee_id = employee_id;
  call.caller.team_id = team_id;
  call.scope = scope;
  return call;
}

class OwnerInScopeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    people_.Add(MakePerson("E1", v1::ROLE_TEAM_LEAD, "blue"));
    people_.Add(MakePerson("E2", v1::ROLE_AGENT, "blue"));
    people_.Add(MakePerson("E3", v1::ROLE_AGENT, "green"));
    people_.Add(MakePerson("E4", v1::ROLE_AGENT, ""));
  }

  FakePeopleRepository people_;
};

TEST_F(OwnerInScopeTest, AllScopeReachesEveryOwnerWithoutLookingThemUp) {
  const CallContext call = CallBy("E1", "blue", Scope::kAll);
  EXPECT_THAT(OwnerInScope(call, "E3", people_), IsOkAndHolds(true));
  EXPECT_THAT(OwnerInScope(call, "E999", people_), IsOkAndHolds(true));
  EXPECT_EQ(people_.get_calls, 0);
}

TEST_F(OwnerInScopeTest, OwnScopeReachesOnlyTheCaller) {
  const CallContext call = CallBy("E2", "blue", Scope::kOwn);
  EXPECT_THAT(OwnerInScope(call, "E2", people_), IsOkAndHolds(true));
  EXPECT_THAT(OwnerInScope(call, "E1", people_), IsOkAndHolds(false));
  EXPECT_THAT(OwnerInScope(call, "", people_), IsOkAndHolds(false));
}

TEST_F(OwnerInScopeTest, OwnScopeOfACallerWithoutEmployeeIdReachesNobody) {
  const CallContext call = CallBy("", "", Scope::kOwn);
  EXPECT_THAT(OwnerInScope(call, "", people_), IsOkAndHolds(false));
  EXPECT_THAT(OwnerInScope(call, "E2", people_), IsOkAndHolds(false));
}

TEST_F(OwnerInScopeTest, TeamScopeReachesTheCallerAndTeammates) {
  const CallContext call = CallBy("E1", "blue", Scope::kTeam);
  EXPECT_THAT(OwnerInScope(call, "E1", people_), IsOkAndHolds(true));
  EXPECT_THAT(OwnerInScope(call, "E2", people_), IsOkAndHolds(true));
}

TEST_F(OwnerInScopeTest, TeamScopeDoesNotReachAnotherTeamOrTheTeamless) {
  const CallContext call = CallBy("E1", "blue", Scope::kTeam);
  EXPECT_THAT(OwnerInScope(call, "E3", people_), IsOkAndHolds(false));
  EXPECT_THAT(OwnerInScope(call, "E4", people_), IsOkAndHolds(false));
}

TEST_F(OwnerInScopeTest, TeamScopeOfACallerWithoutTeamReachesOnlyThemself) {
  const CallContext call = CallBy("E4", "", Scope::kTeam);
  EXPECT_THAT(OwnerInScope(call, "E4", people_), IsOkAndHolds(true));
  // E3 is in no team the caller shares, and neither is a teamless colleague.
  EXPECT_THAT(OwnerInScope(call, "E3", people_), IsOkAndHolds(false));
  people_.Add(MakePerson("E5", v1::ROLE_AGENT, ""));
  EXPECT_THAT(OwnerInScope(call, "E5", people_), IsOkAndHolds(false));
}

TEST_F(OwnerInScopeTest, TeamScopeDoesNotReachAnUnknownOwner) {
  const CallContext call = CallBy("E1", "blue", Scope::kTeam);
  EXPECT_THAT(OwnerInScope(call, "E999", people_), IsOkAndHolds(false));
  EXPECT_THAT(OwnerInScope(call, "", people_), IsOkAndHolds(false));
}

TEST_F(OwnerInScopeTest, TeamScopeOfAServiceAccountReachesNobody) {
  const CallContext call = CallBy("", "blue", Scope::kTeam);
  EXPECT_THAT(OwnerInScope(call, "E2", people_), IsOkAndHolds(false));
}

TEST_F(OwnerInScopeTest, TeamScopePassesOnARepositoryFailure) {
  const CallContext call = CallBy("E1", "blue", Scope::kTeam);
  people_.failure = absl::UnavailableError("database down");
  EXPECT_THAT(OwnerInScope(call, "E2", people_), StatusIs(absl::StatusCode::kUnavailable));
}

TEST(TeamInScope, AllScopeReachesEveryTeam) {
  EXPECT_TRUE(TeamInScope(CallBy("E1", "blue", Scope::kAll), "green"));
  EXPECT_TRUE(TeamInScope(CallBy("", "", Scope::kAll), "green"));
}

TEST(TeamInScope, OwnAndTeamScopeReachOnlyTheCallersTeam) {
  for (Scope scope : {Scope::kOwn, Scope::kTeam}) {
    const CallContext call = CallBy("E1", "blue", scope);
    EXPECT_TRUE(TeamInScope(call, "blue"));
    EXPECT_FALSE(TeamInScope(call, "green"));
    EXPECT_FALSE(TeamInScope(call, ""));
  }
}

TEST(TeamInScope, ACallerWithoutTeamReachesNoTeam) {
  const CallContext call = CallBy("E4", "", Scope::kTeam);
  EXPECT_FALSE(TeamInScope(call, ""));
  EXPECT_FALSE(TeamInScope(call, "blue"));
}

TEST(NarrowFilter, FillsAnEmptyFilterWithTheScopeValue) {
  std::string filter;
  EXPECT_TRUE(NarrowFilter("E1", &filter));
  EXPECT_EQ(filter, "E1");
}

TEST(NarrowFilter, KeepsAFilterThatAsksForTheScopeValue) {
  std::string filter = "E1";
  EXPECT_TRUE(NarrowFilter("E1", &filter));
  EXPECT_EQ(filter, "E1");
}

TEST(NarrowFilter, RefusesAFilterForSomethingElse) {
  std::string filter = "E2";
  EXPECT_FALSE(NarrowFilter("E1", &filter));
  EXPECT_EQ(filter, "E2");
}

TEST(NarrowFilter, RefusesWhenTheCallerHasNoScopeValue) {
  std::string empty_filter;
  EXPECT_FALSE(NarrowFilter("", &empty_filter));
  std::string filter = "E2";
  EXPECT_FALSE(NarrowFilter("", &filter));
}

}  // namespace
}  // namespace escala::server
