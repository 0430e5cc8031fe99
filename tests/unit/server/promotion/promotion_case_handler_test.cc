// PromotionCaseHandler over in-memory repositories: nomination pins the policy version and the
// snapshot, the caller's reach, approval for a day that has come takes effect at once, and the
// HR acknowledgement is idempotent. (The request_id replays need the audit events the SQL store
// writes: the end-to-end registry covers them.)
#include "server/promotion/promotion_case_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "db/common/error_details.h"
#include "server/promotion/auto_nominator.h"
#include "tests/testing/fakes/empty_report_repository.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_certification_repository.h"
#include "tests/testing/fakes/fake_completion_repository.h"
#include "tests/testing/fakes/fake_evaluation_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_promotion_case_repository.h"
#include "tests/testing/fakes/fake_promotion_policy_repository.h"
#include "tests/testing/status_matchers.h"

namespace escala::testing {
namespace {

const absl::Time kCaseNow = absl::FromUnixSeconds(1'800'000'000);  // 2027-01-15T08:00:00Z

v1::Person CaseAgent(const std::string& id, const std::string& team, const std::string& hired) {
  v1::Person person;
  person.set_employee_id(id);
  person.set_display_name(id);
  person.set_role(v1::ROLE_AGENT);
  person.set_team_id(team);
  person.set_level(1);
  person.set_hire_date(hired);
  person.set_active(true);
  return person;
}

class PromotionCaseHandlerTest : public ::testing::Test {
 protected:
  PromotionCaseHandlerTest() {
    people_.Add(CaseAgent("A1", "t-a", "2020-01-01"));
    people_.Add(CaseAgent("A2", "t-a", "2026-12-01"));
    people_.Add(CaseAgent("B1", "t-b", "2020-01-01"));
    v1::PromotionPolicy policy;
    policy.set_promotion_policy_id("l1-l2");
    policy.set_title("L1 to L2");
    policy.set_from_level(1);
    policy.set_to_level(2);
    v1::PromotionCriterion* tenure = policy.add_criteria();
    tenure->set_key("tenure");
    tenure->mutable_tenure()->set_min_months(6);
    const db::AuditStamp stamp{.principal = "people/M1"};
    EXPECT_TRUE(policies_.Create(policy, stamp, kCaseNow).ok());
    EXPECT_TRUE(policies_.Publish("l1-l2", 1, stamp, kCaseNow).ok());
    manager_.caller.principal = "people/M1";
    manager_.caller.role = v1::ROLE_MANAGER;
    manager_.scope = server::Scope::kAll;
    lead_.caller.principal = "people/L1";
    lead_.caller.role = v1::ROLE_TEAM_LEAD;
    lead_.caller.employee_id = "L1";
    lead_.caller.team_id = "t-a";
    lead_.scope = server::Scope::kTeam;
  }

  absl::StatusOr<v1::PromotionCase> Nominate(const server::CallContext& call,
                                             const std::string& employee_id) {
    v1::NominateRequest request;
    request.set_employee_id(employee_id);
    request.set_promotion_policy_id("l1-l2");
    return handler_.Nominate(call, request);
  }

  FakePeopleRepository people_;
  FakePromotionPolicyRepository policies_;
  FakePromotionCaseRepository cases_;
  FakeAuditRepository audit_;
  FakeEvaluationRepository evaluations_;
  FakeCompletionRepository completions_;
  FakeCertificationRepository certifications_;
  EmptyReportRepository reports_;
  server::PromotionCaseHandler handler_{
      cases_,
      policies_,
      people_,
      audit_,
      server::EligibilityFactsReader(people_, evaluations_, completions_, certifications_,
                                     reports_),
      [] { return kCaseNow; }};
  server::CallContext manager_;
  server::CallContext lead_;
};

TEST_F(PromotionCaseHandlerTest, NominationPinsThePolicyVersionAndTheSnapshot) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase opened, Nominate(lead_, "A1"));
  EXPECT_EQ(opened.state(), v1::PROMOTION_CASE_STATE_NOMINATED);
  EXPECT_EQ(opened.promotion_policy_version(), 1);
  EXPECT_EQ(opened.team_id(), "t-a");
  EXPECT_EQ(opened.nominated_by(), "people/L1");
  EXPECT_EQ(opened.nomination_eligibility().outcome(), v1::ELIGIBILITY_OUTCOME_ELIGIBLE);
  // A2 is not eligible yet (two months at the level) and may still be nominated.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase early, Nominate(lead_, "A2"));
  EXPECT_EQ(early.nomination_eligibility().outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ELIGIBLE);
  // One open case per person and step.
  EXPECT_EQ(db::ErrorReason(Nominate(manager_, "A1").status()), db::kReasonPromotionCaseOpen);
}

TEST_F(PromotionCaseHandlerTest, ATeamLeadReachesOnlyTheirTeam) {
  EXPECT_THAT(Nominate(lead_, "B1"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Nominate(lead_, "nobody"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Nominate(manager_, "nobody"), StatusIs(absl::StatusCode::kFailedPrecondition));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase other, Nominate(manager_, "B1"));
  v1::GetPromotionCaseRequest get;
  get.set_id(other.id());
  EXPECT_THAT(handler_.GetPromotionCase(lead_, get), StatusIs(absl::StatusCode::kNotFound));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListPromotionCasesResponse listed,
                              handler_.ListPromotionCases(lead_, v1::ListPromotionCasesRequest()));
  EXPECT_TRUE(listed.promotion_cases().empty());
}

TEST_F(PromotionCaseHandlerTest, AnApprovalWhoseDayHasComeTakesEffectAtOnce) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase later, Nominate(manager_, "A1"));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase now, Nominate(manager_, "B1"));
  v1::ApproveRequest approve;
  approve.set_id(later.id());
  approve.set_effective_date("2027-03-01");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase scheduled, handler_.Approve(manager_, approve));
  EXPECT_EQ(scheduled.state(), v1::PROMOTION_CASE_STATE_APPROVED);
  EXPECT_EQ(scheduled.decision_eligibility().outcome(), v1::ELIGIBILITY_OUTCOME_ELIGIBLE);
  approve.set_id(now.id());
  approve.set_effective_date("2027-01-15");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase effective, handler_.Approve(manager_, approve));
  EXPECT_EQ(effective.state(), v1::PROMOTION_CASE_STATE_EFFECTIVE);
  EXPECT_THAT(cases_.applied(), ::testing::ElementsAre(now.id()));
  // A stale etag is refused.
  v1::WithdrawRequest withdraw;
  withdraw.set_id(later.id());
  withdraw.set_reason("late");
  withdraw.set_etag(later.etag());
  EXPECT_THAT(handler_.Withdraw(manager_, withdraw), StatusIs(absl::StatusCode::kAborted));
}

TEST_F(PromotionCaseHandlerTest, RequestsBreakingTheirRulesNameEveryField) {
  v1::RejectRequest reject;
  reject.add_reasons("");
  const absl::Status status = handler_.Reject(manager_, reject).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(db::ViolatedFields(status), ::testing::UnorderedElementsAre("id", "reasons[0]"));
  v1::AcknowledgePromotionRequest acknowledge;
  acknowledge.set_id(1);
  acknowledge.set_hr_system("workday");
  acknowledge.set_state(v1::HR_ACKNOWLEDGEMENT_STATE_APPLIED);
  EXPECT_THAT(db::ViolatedFields(handler_.AcknowledgePromotion(manager_, acknowledge).status()),
              ::testing::ElementsAre("effective_date"));
  v1::ApproveRequest approve;
  approve.set_id(1);
  approve.set_effective_date("2027-02-30");
  EXPECT_THAT(db::ViolatedFields(handler_.Approve(manager_, approve).status()),
              ::testing::ElementsAre("effective_date"));
}

TEST_F(PromotionCaseHandlerTest, TheSameHrReportTwiceWritesOnce) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase opened, Nominate(manager_, "A1"));
  v1::ApproveRequest approve;
  approve.set_id(opened.id());
  approve.set_effective_date("2027-03-01");
  ASSERT_THAT(handler_.Approve(manager_, approve), IsOk());
  server::CallContext hr;
  hr.caller.principal = "serviceAccounts/hr";
  hr.caller.role = v1::ROLE_HR_SYSTEM;
  v1::AcknowledgePromotionRequest report;
  report.set_id(opened.id());
  report.set_hr_system("workday");
  report.set_state(v1::HR_ACKNOWLEDGEMENT_STATE_PENDING_APPROVAL);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase first, handler_.AcknowledgePromotion(hr, report));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase again, handler_.AcknowledgePromotion(hr, report));
  EXPECT_EQ(again.etag(), first.etag());
  ASSERT_EQ(again.hr_acknowledgements_size(), 1);
  EXPECT_EQ(again.hr_acknowledgements(0).acknowledged_by(), "serviceAccounts/hr");
}

// Only a policy whose published version asks for it nominates automatically, as "system", the
// eligible people without an open case, once.
TEST_F(PromotionCaseHandlerTest, TheAutoNominatorOpensCasesUnderThePoliciesThatAskForIt) {
  server::AutoNominator nominator(policies_, handler_);
  EXPECT_EQ(nominator.NominateEligible(), 0) << "l1-l2 does not ask for it";

  v1::PromotionPolicy automatic;
  automatic.set_promotion_policy_id("l1-l2-auto");
  automatic.set_title("L1 to L2, automatically");
  automatic.set_from_level(1);
  automatic.set_to_level(3);
  automatic.set_auto_nominate(true);
  v1::PromotionCriterion* tenure = automatic.add_criteria();
  tenure->set_key("tenure");
  tenure->mutable_tenure()->set_min_months(6);
  const db::AuditStamp stamp{.principal = "people/M1"};
  ASSERT_TRUE(policies_.Create(automatic, stamp, kCaseNow).ok());
  EXPECT_EQ(nominator.NominateEligible(), 0) << "a draft asks for nothing";
  ASSERT_TRUE(policies_.Publish("l1-l2-auto", 1, stamp, kCaseNow).ok());

  EXPECT_EQ(nominator.NominateEligible(), 2) << "A1 and B1; A2 is not eligible yet";
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::ListPromotionCasesResponse listed,
      handler_.ListPromotionCases(manager_, v1::ListPromotionCasesRequest()));
  ASSERT_EQ(listed.promotion_cases_size(), 2);
  for (const v1::PromotionCase& opened : listed.promotion_cases()) {
    EXPECT_EQ(opened.nominated_by(), "system");
    EXPECT_EQ(opened.promotion_policy_id(), "l1-l2-auto");
    EXPECT_NE(opened.employee_id(), "A2");
  }
  EXPECT_EQ(nominator.NominateEligible(), 0) << "their cases are open";
}

}  // namespace
}  // namespace escala::testing
