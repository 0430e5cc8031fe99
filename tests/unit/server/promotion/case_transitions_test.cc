// The promotion case state machine: which step each state allows, what each step records, and
// the HR acknowledgement's idempotency on (case, hr_system).
#include "server/promotion/case_transitions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "tests/testing/status_matchers.h"

namespace escala::testing {
namespace {

const absl::Time kTransitionTime = absl::FromUnixSeconds(1'800'000'000);

v1::PromotionCase CaseIn(v1::PromotionCaseState state) {
  v1::PromotionCase promotion_case;
  promotion_case.set_id(7);
  promotion_case.set_employee_id("A1");
  promotion_case.set_from_level(1);
  promotion_case.set_to_level(2);
  promotion_case.set_state(state);
  return promotion_case;
}

v1::PersonEligibility EligibleSnapshot() {
  v1::PersonEligibility snapshot;
  snapshot.set_employee_id("A1");
  snapshot.set_outcome(v1::ELIGIBILITY_OUTCOME_ELIGIBLE);
  return snapshot;
}

const server::CaseActor kManager{"people/M1", kTransitionTime};

v1::HrAcknowledgement Report(v1::HrAcknowledgementState state, const std::string& date = "") {
  v1::HrAcknowledgement report;
  report.set_hr_system("workday");
  report.set_hr_reference("JC-1");
  report.set_state(state);
  report.set_effective_date(date);
  return report;
}

// The state the refusal names, or "" when it is not an INVALID_STATE_TRANSITION.
std::string RefusedState(const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = db::ErrorInfoOf(status);
  if (!info.has_value() || info->reason() != db::kReasonInvalidStateTransition) return "";
  return info->metadata().at("state");
}

TEST(CaseTransitionsTest, OnlyANominatedCaseGoesUnderReview) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase reviewed,
                              server::StartReviewStep(CaseIn(v1::PROMOTION_CASE_STATE_NOMINATED)));
  EXPECT_EQ(reviewed.state(), v1::PROMOTION_CASE_STATE_UNDER_REVIEW);
  const absl::Status twice =
      server::StartReviewStep(CaseIn(v1::PROMOTION_CASE_STATE_UNDER_REVIEW)).status();
  EXPECT_THAT(twice, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(RefusedState(twice), "PROMOTION_CASE_STATE_UNDER_REVIEW");
}

TEST(CaseTransitionsTest, ApprovalRecordsTheDecisionTheDateAndTheSnapshot) {
  for (v1::PromotionCaseState from :
       {v1::PROMOTION_CASE_STATE_NOMINATED, v1::PROMOTION_CASE_STATE_UNDER_REVIEW}) {
    ESCALA_ASSERT_OK_AND_ASSIGN(
        v1::PromotionCase approved,
        server::ApproveStep(CaseIn(from), "2027-03-01", "strong", EligibleSnapshot(), kManager));
    EXPECT_EQ(approved.state(), v1::PROMOTION_CASE_STATE_APPROVED);
    EXPECT_EQ(approved.effective_date(), "2027-03-01");
    EXPECT_THAT(approved.decision_reasons(), ::testing::ElementsAre("strong"));
    EXPECT_EQ(approved.decided_by(), "people/M1");
    EXPECT_EQ(db::TimestampToMillis(approved.decide_time()), absl::ToUnixMillis(kTransitionTime));
    EXPECT_EQ(approved.decision_eligibility().outcome(), v1::ELIGIBILITY_OUTCOME_ELIGIBLE);
  }
  for (v1::PromotionCaseState closed :
       {v1::PROMOTION_CASE_STATE_APPROVED, v1::PROMOTION_CASE_STATE_REJECTED,
        v1::PROMOTION_CASE_STATE_WITHDRAWN, v1::PROMOTION_CASE_STATE_EFFECTIVE}) {
    const absl::Status refused =
        server::ApproveStep(CaseIn(closed), "2027-03-01", "", EligibleSnapshot(), kManager)
            .status();
    EXPECT_EQ(RefusedState(refused), v1::PromotionCaseState_Name(closed));
  }
}

TEST(CaseTransitionsTest, RejectionKeepsEveryReasonAndClosesTheCase) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionCase rejected,
      server::RejectStep(CaseIn(v1::PROMOTION_CASE_STATE_UNDER_REVIEW), {"too early", "scores"},
                         EligibleSnapshot(), kManager));
  EXPECT_EQ(rejected.state(), v1::PROMOTION_CASE_STATE_REJECTED);
  EXPECT_THAT(rejected.decision_reasons(), ::testing::ElementsAre("too early", "scores"));
  EXPECT_EQ(RefusedState(server::RejectStep(CaseIn(v1::PROMOTION_CASE_STATE_APPROVED), {"late"},
                                            EligibleSnapshot(), kManager)
                             .status()),
            "PROMOTION_CASE_STATE_APPROVED");
}

TEST(CaseTransitionsTest, AnOpenCaseIsWithdrawnButAClosedOneIsNot) {
  for (v1::PromotionCaseState open :
       {v1::PROMOTION_CASE_STATE_NOMINATED, v1::PROMOTION_CASE_STATE_UNDER_REVIEW,
        v1::PROMOTION_CASE_STATE_APPROVED}) {
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase withdrawn,
                                server::WithdrawStep(CaseIn(open), "moved team", kManager));
    EXPECT_EQ(withdrawn.state(), v1::PROMOTION_CASE_STATE_WITHDRAWN);
    EXPECT_EQ(withdrawn.withdraw_reason(), "moved team");
    EXPECT_EQ(withdrawn.withdrawn_by(), "people/M1");
  }
  for (v1::PromotionCaseState closed :
       {v1::PROMOTION_CASE_STATE_REJECTED, v1::PROMOTION_CASE_STATE_WITHDRAWN,
        v1::PROMOTION_CASE_STATE_EFFECTIVE}) {
    EXPECT_EQ(RefusedState(server::WithdrawStep(CaseIn(closed), "x", kManager).status()),
              v1::PromotionCaseState_Name(closed));
  }
}

TEST(CaseTransitionsTest, HrReportsAreIdempotentPerSystemAndFinalOnesNeverChange) {
  const server::CaseActor hr{"serviceAccounts/hr", kTransitionTime};
  const v1::PromotionCase approved = CaseIn(v1::PROMOTION_CASE_STATE_APPROVED);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto pending,
      server::AcknowledgeStep(approved, Report(v1::HR_ACKNOWLEDGEMENT_STATE_PENDING_APPROVAL), hr));
  ASSERT_TRUE(pending.has_value());
  ASSERT_EQ(pending->hr_acknowledgements_size(), 1);
  EXPECT_EQ(pending->hr_acknowledgements(0).acknowledged_by(), "serviceAccounts/hr");
  // The same report again: nothing to write.
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto same,
      server::AcknowledgeStep(*pending, Report(v1::HR_ACKNOWLEDGEMENT_STATE_PENDING_APPROVAL), hr));
  EXPECT_FALSE(same.has_value());
  // Pending is replaced by applied, in place.
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto applied, server::AcknowledgeStep(
                        *pending, Report(v1::HR_ACKNOWLEDGEMENT_STATE_APPLIED, "2027-03-01"), hr));
  ASSERT_TRUE(applied.has_value());
  ASSERT_EQ(applied->hr_acknowledgements_size(), 1);
  EXPECT_EQ(applied->hr_acknowledgements(0).state(), v1::HR_ACKNOWLEDGEMENT_STATE_APPLIED);
  // Another system gets its own entry.
  v1::HrAcknowledgement other = Report(v1::HR_ACKNOWLEDGEMENT_STATE_REJECTED);
  other.set_hr_system("sap");
  other.set_reason("unknown grade");
  ESCALA_ASSERT_OK_AND_ASSIGN(auto two, server::AcknowledgeStep(*applied, other, hr));
  ASSERT_TRUE(two.has_value());
  EXPECT_EQ(two->hr_acknowledgements_size(), 2);
  // A final report does not change.
  EXPECT_EQ(RefusedState(
                server::AcknowledgeStep(*applied, Report(v1::HR_ACKNOWLEDGEMENT_STATE_REJECTED), hr)
                    .status()),
            "HR_ACKNOWLEDGEMENT_STATE_APPLIED");
  // Only decided approvals are acknowledged.
  EXPECT_EQ(RefusedState(server::AcknowledgeStep(CaseIn(v1::PROMOTION_CASE_STATE_NOMINATED),
                                                 Report(v1::HR_ACKNOWLEDGEMENT_STATE_APPLIED), hr)
                             .status()),
            "PROMOTION_CASE_STATE_NOMINATED");
}

}  // namespace
}  // namespace escala::testing
