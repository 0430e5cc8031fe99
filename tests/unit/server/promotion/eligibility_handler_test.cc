// EligibilityHandler over in-memory repositories: the policy version in force at the as-of
// time, the population (the step's level, a team, named people), the caller's reach, and paging.
#include "server/promotion/eligibility_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "tests/testing/fakes/empty_report_repository.h"
#include "tests/testing/fakes/fake_certification_repository.h"
#include "tests/testing/fakes/fake_completion_repository.h"
#include "tests/testing/fakes/fake_evaluation_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_promotion_policy_repository.h"
#include "tests/testing/status_matchers.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kEligibilityNowSeconds = 1'800'000'000;  // 2027-01-15T08:00:00Z
const absl::Time kEligibilityNow = absl::FromUnixSeconds(kEligibilityNowSeconds);

v1::Person EligibilityAgent(const std::string& id, const std::string& team, int level,
                            const std::string& hired) {
  v1::Person person;
  person.set_employee_id(id);
  person.set_display_name(id);
  person.set_role(v1::ROLE_AGENT);
  person.set_team_id(team);
  person.set_level(level);
  person.set_hire_date(hired);
  person.set_active(true);
  return person;
}

class EligibilityHandlerTest : public ::testing::Test {
 protected:
  EligibilityHandlerTest() {
    people_.Add(EligibilityAgent("A1", "t-a", 1, "2026-01-01"));
    people_.Add(EligibilityAgent("A2", "t-a", 1, "2026-10-01"));
    people_.Add(EligibilityAgent("B1", "t-b", 1, "2025-01-01"));
    people_.Add(EligibilityAgent("S1", "t-a", 2, "2020-01-01"));
    v1::PromotionPolicy policy;
    policy.set_promotion_policy_id("l1-l2");
    policy.set_title("L1 to L2");
    policy.set_from_level(1);
    policy.set_to_level(2);
    v1::PromotionCriterion* tenure = policy.add_criteria();
    tenure->set_key("tenure");
    tenure->mutable_tenure()->set_min_months(6);
    const db::AuditStamp stamp{.principal = "people/M1"};
    // Version 1 published on 2026-06-01, version 2 (nine months) on 2027-01-01.
    absl::StatusOr<v1::PromotionPolicy> draft = policies_.Create(policy, stamp, kEligibilityNow);
    EXPECT_TRUE(draft.ok());
    EXPECT_TRUE(policies_.Publish("l1-l2", 1, stamp, Day(2026, 6, 1)).ok());
    tenure->mutable_tenure()->set_min_months(9);
    EXPECT_TRUE(policies_.Update(policy, 2, stamp, kEligibilityNow).ok());
    EXPECT_TRUE(policies_.Publish("l1-l2", 3, stamp, Day(2027, 1, 1)).ok());
    call_.caller.principal = "people/M1";
    call_.caller.role = v1::ROLE_MANAGER;
    call_.scope = server::Scope::kAll;
  }

  static absl::Time Day(int y, int m, int d) {
    return absl::FromCivil(absl::CivilDay(y, m, d), absl::UTCTimeZone());
  }

  v1::ComputeEligibilityRequest Request() {
    v1::ComputeEligibilityRequest request;
    request.set_promotion_policy_id("l1-l2");
    return request;
  }

  std::vector<std::string> Ids(const v1::ComputeEligibilityResponse& response) {
    std::vector<std::string> ids;
    for (const v1::PersonEligibility& person : response.people()) {
      ids.push_back(person.employee_id());
    }
    return ids;
  }

  FakePeopleRepository people_;
  FakePromotionPolicyRepository policies_;
  FakeEvaluationRepository evaluations_;
  FakeCompletionRepository completions_;
  FakeCertificationRepository certifications_;
  EmptyReportRepository reports_;
  absl::Time now_ = kEligibilityNow;
  server::EligibilityHandler handler_{
      policies_, people_,
      server::EligibilityFactsReader(people_, evaluations_, completions_, certifications_,
                                     reports_),
      [this] { return now_; }};
  server::CallContext call_;
};

TEST_F(EligibilityHandlerTest, ThePopulationIsTheStepsActiveLevelPagedById) {
  v1::ComputeEligibilityRequest request = Request();
  request.set_page_size(2);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ComputeEligibilityResponse first,
                              handler_.ComputeEligibility(call_, request));
  EXPECT_THAT(Ids(first), ::testing::ElementsAre("A1", "A2"));
  ASSERT_FALSE(first.next_page_token().empty());
  request.set_page_token(first.next_page_token());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ComputeEligibilityResponse second,
                              handler_.ComputeEligibility(call_, request));
  EXPECT_THAT(Ids(second), ::testing::ElementsAre("B1"));
  EXPECT_TRUE(second.next_page_token().empty());
}

TEST_F(EligibilityHandlerTest, TheVersionInForceAtTheAsOfTimeDecides) {
  // Now: version 2, nine months. A1 (hired 2026-01-01) has twelve.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ComputeEligibilityResponse now,
                              handler_.ComputeEligibility(call_, Request()));
  EXPECT_EQ(now.promotion_policy_version(), 2);
  EXPECT_EQ(now.people(0).outcome(), v1::ELIGIBILITY_OUTCOME_ELIGIBLE);
  // On 2026-08-15: version 1 (six months); A1 had seven, A2 was not hired yet.
  v1::ComputeEligibilityRequest request = Request();
  *request.mutable_as_of_time() = db::MillisToTimestamp(absl::ToUnixMillis(Day(2026, 8, 15)));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ComputeEligibilityResponse then,
                              handler_.ComputeEligibility(call_, request));
  EXPECT_EQ(then.promotion_policy_version(), 1);
  EXPECT_EQ(then.people(0).criteria(0).value(), 7);
  EXPECT_EQ(then.people(0).outcome(), v1::ELIGIBILITY_OUTCOME_ELIGIBLE);
  EXPECT_EQ(then.people(1).outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ELIGIBLE);
  EXPECT_EQ(then.people(1).eligible_on_date(), "2027-04-01");
  // Before any version was published: nothing to judge by.
  *request.mutable_as_of_time() = db::MillisToTimestamp(absl::ToUnixMillis(Day(2026, 5, 1)));
  const absl::Status before = handler_.ComputeEligibility(call_, request).status();
  EXPECT_THAT(before, StatusIs(absl::StatusCode::kFailedPrecondition,
                               HasSubstr("had no published version")));
  EXPECT_EQ(db::ErrorReason(before), db::kReasonPromotionPolicyNotPublished);
}

TEST_F(EligibilityHandlerTest, EveryPageIsComputedAsOfTheFirstPagesTime) {
  v1::ComputeEligibilityRequest request = Request();
  request.set_page_size(2);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ComputeEligibilityResponse first,
                              handler_.ComputeEligibility(call_, request));
  // A day passes before the next page is asked for.
  now_ += absl::Hours(24);
  request.set_page_token(first.next_page_token());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ComputeEligibilityResponse second,
                              handler_.ComputeEligibility(call_, request));
  EXPECT_EQ(db::TimestampToMillis(second.as_of_time()), db::TimestampToMillis(first.as_of_time()));
  EXPECT_EQ(db::TimestampToMillis(first.as_of_time()), absl::ToUnixMillis(kEligibilityNow));
  // A new request starts from the new time.
  request.clear_page_token();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ComputeEligibilityResponse again,
                              handler_.ComputeEligibility(call_, request));
  EXPECT_EQ(db::TimestampToMillis(again.as_of_time()), absl::ToUnixMillis(now_));
}

TEST_F(EligibilityHandlerTest, AnAgentReachesOnlyThemselvesAndALeadOnlyTheirTeam) {
  call_.caller.employee_id = "A2";
  call_.caller.team_id = "t-a";
  call_.scope = server::Scope::kOwn;
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ComputeEligibilityResponse own,
                              handler_.ComputeEligibility(call_, Request()));
  EXPECT_THAT(Ids(own), ::testing::ElementsAre("A2"));
  v1::ComputeEligibilityRequest other = Request();
  other.add_employee_ids("A1");
  EXPECT_THAT(handler_.ComputeEligibility(call_, other), StatusIs(absl::StatusCode::kNotFound));

  call_.caller.employee_id = "L1";
  call_.scope = server::Scope::kTeam;
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ComputeEligibilityResponse team,
                              handler_.ComputeEligibility(call_, Request()));
  EXPECT_THAT(Ids(team), ::testing::ElementsAre("A1", "A2"));
  v1::ComputeEligibilityRequest b1 = Request();
  b1.add_employee_ids("B1");
  EXPECT_THAT(handler_.ComputeEligibility(call_, b1), StatusIs(absl::StatusCode::kNotFound));
  v1::ComputeEligibilityRequest team_b = Request();
  team_b.set_team_id("t-b");
  EXPECT_THAT(handler_.ComputeEligibility(call_, team_b), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(EligibilityHandlerTest, TheLevelAndTimeAtItComeFromTheLevelChanges) {
  // S1 (hired 2020) was promoted to level 2 on 2026-09-01; A1 (hired 2026-01-01) came back to
  // level 1 on 2026-12-01 after a spell at level 2.
  v1::Person s1 = EligibilityAgent("S1", "t-a", 1, "2020-01-01");
  people_.Add(s1);
  s1.set_level(2);
  ASSERT_THAT(people_.Update(s1, 1, {}, Day(2026, 9, 1)), IsOk());
  v1::Person a1 = EligibilityAgent("A1", "t-a", 2, "2026-01-01");
  people_.Add(a1);
  a1.set_level(1);
  ASSERT_THAT(people_.Update(a1, 1, {}, Day(2026, 12, 1)), IsOk());

  v1::ComputeEligibilityRequest request = Request();
  request.add_employee_ids("A1");
  request.add_employee_ids("S1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ComputeEligibilityResponse now,
                              handler_.ComputeEligibility(call_, request));
  // A1: one month at level 1 of the nine version 2 asks.
  EXPECT_EQ(now.people(0).outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ELIGIBLE);
  EXPECT_EQ(now.people(0).criteria(0).value(), 1);
  EXPECT_EQ(now.people(0).eligible_on_date(), "2027-09-01");
  EXPECT_EQ(now.people(1).outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ON_STEP);

  // On 2026-08-15, S1 was still at level 1 (since the hire date) and A1 at level 2.
  *request.mutable_as_of_time() = db::MillisToTimestamp(absl::ToUnixMillis(Day(2026, 8, 15)));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ComputeEligibilityResponse then,
                              handler_.ComputeEligibility(call_, request));
  EXPECT_EQ(then.people(0).outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ON_STEP);
  EXPECT_EQ(then.people(0).level(), 2);
  EXPECT_EQ(then.people(1).level(), 1);
  EXPECT_EQ(then.people(1).outcome(), v1::ELIGIBILITY_OUTCOME_ELIGIBLE);
}

TEST_F(EligibilityHandlerTest, NamedPeopleAreJudgedAtAnyLevelAndBadInputIsNamed) {
  v1::ComputeEligibilityRequest request = Request();
  request.add_employee_ids("S1");
  request.add_employee_ids("A1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ComputeEligibilityResponse named,
                              handler_.ComputeEligibility(call_, request));
  EXPECT_THAT(Ids(named), ::testing::ElementsAre("A1", "S1"));
  EXPECT_EQ(named.people(1).outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ON_STEP);

  request.add_employee_ids("A1");
  request.set_team_id("t-a");
  *request.mutable_as_of_time() = db::MillisToTimestamp((kEligibilityNowSeconds + 3600) * 1000);
  const absl::Status bad = handler_.ComputeEligibility(call_, request).status();
  EXPECT_THAT(db::ViolatedFields(bad),
              ::testing::UnorderedElementsAre("employee_ids[2]", "team_id", "as_of_time"));
}

}  // namespace
}  // namespace escala::testing
