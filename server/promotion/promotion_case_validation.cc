#include "server/promotion/promotion_case_validation.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/promotion/promotion_policy_validation.h"

namespace escala::server {
namespace {

// The rules every state change of a case shares: a case id and an optional request_id.
void CheckCaseStep(Violations& violations, int64_t id, const std::string& request_id) {
  violations.Add(RequirePositiveId("id", id));
  violations.Add(CheckRequestId("request_id", request_id));
}

}  // namespace

absl::Status ValidateNominate(const v1::NominateRequest& request) {
  Violations violations;
  violations.Add(RequireIdentifier("employee_id", request.employee_id(), kMaxPromotionId));
  violations.Add(
      RequireIdentifier("promotion_policy_id", request.promotion_policy_id(), kMaxPromotionId));
  violations.Add(LimitText("nomination_reason", request.nomination_reason(), kMaxNominationReason));
  violations.Add(CheckRequestId("request_id", request.request_id()));
  return violations.ToStatus();
}

absl::Status ValidateNominateEligible(const v1::NominateEligibleRequest& request) {
  Violations violations;
  violations.Add(
      RequireIdentifier("promotion_policy_id", request.promotion_policy_id(), kMaxPromotionId));
  if (!request.team_id().empty()) {
    violations.Add(RequireIdentifier("team_id", request.team_id(), kMaxPromotionId));
  }
  violations.Add(LimitText("nomination_reason", request.nomination_reason(), kMaxNominationReason));
  return violations.ToStatus();
}

absl::Status ValidateListPromotionCases(const v1::ListPromotionCasesRequest& request) {
  Violations violations;
  if (!v1::PromotionCaseState_IsValid(request.state())) {
    violations.Add("state", absl::StrCat("unknown value ", request.state()));
  }
  if (!request.team_id().empty()) {
    violations.Add(RequireIdentifier("team_id", request.team_id(), kMaxPromotionId));
  }
  if (!request.employee_id().empty()) {
    violations.Add(RequireIdentifier("employee_id", request.employee_id(), kMaxPromotionId));
  }
  if (!request.promotion_policy_id().empty()) {
    violations.Add(
        RequireIdentifier("promotion_policy_id", request.promotion_policy_id(), kMaxPromotionId));
  }
  return violations.ToStatus();
}

absl::Status ValidateStartReview(const v1::StartReviewRequest& request) {
  Violations violations;
  CheckCaseStep(violations, request.id(), request.request_id());
  return violations.ToStatus();
}

absl::Status ValidateApprove(const v1::ApproveRequest& request) {
  Violations violations;
  CheckCaseStep(violations, request.id(), request.request_id());
  if (request.effective_date().empty()) {
    violations.Add("effective_date", "is required (YYYY-MM-DD)");
  } else {
    violations.Add(CheckDate("effective_date", request.effective_date()));
  }
  violations.Add(LimitText("reason", request.reason(), kMaxDecisionReason));
  return violations.ToStatus();
}

absl::Status ValidateReject(const v1::RejectRequest& request) {
  Violations violations;
  CheckCaseStep(violations, request.id(), request.request_id());
  if (request.reasons().empty()) {
    violations.Add("reasons", "at least one reason is required");
  } else if (request.reasons_size() > kMaxRejectReasons) {
    violations.Add("reasons", absl::StrCat("at most ", kMaxRejectReasons, " reasons"));
  } else {
    for (int i = 0; i < request.reasons_size(); ++i) {
      violations.Add(
          RequireText(absl::StrCat("reasons[", i, "]"), request.reasons(i), kMaxDecisionReason));
    }
  }
  return violations.ToStatus();
}

absl::Status ValidateWithdraw(const v1::WithdrawRequest& request) {
  Violations violations;
  CheckCaseStep(violations, request.id(), request.request_id());
  violations.Add(RequireText("reason", request.reason(), kMaxDecisionReason));
  return violations.ToStatus();
}

absl::Status ValidateAcknowledgePromotion(const v1::AcknowledgePromotionRequest& request) {
  Violations violations;
  CheckCaseStep(violations, request.id(), request.request_id());
  violations.Add(RequireIdentifier("hr_system", request.hr_system(), kMaxPromotionId));
  violations.Add(LimitText("hr_reference", request.hr_reference(), kMaxHrReference));
  switch (request.state()) {
    case v1::HR_ACKNOWLEDGEMENT_STATE_PENDING_APPROVAL:
      if (!request.effective_date().empty()) {
        violations.Add("effective_date", "must be empty unless state is APPLIED");
      }
      violations.Add(LimitText("reason", request.reason(), kMaxDecisionReason));
      break;
    case v1::HR_ACKNOWLEDGEMENT_STATE_APPLIED:
      if (request.effective_date().empty()) {
        violations.Add("effective_date", "is required when state is APPLIED (YYYY-MM-DD)");
      } else {
        violations.Add(CheckDate("effective_date", request.effective_date()));
      }
      violations.Add(LimitText("reason", request.reason(), kMaxDecisionReason));
      break;
    case v1::HR_ACKNOWLEDGEMENT_STATE_REJECTED:
      if (!request.effective_date().empty()) {
        violations.Add("effective_date", "must be empty unless state is APPLIED");
      }
      violations.Add(RequireText("reason", request.reason(), kMaxDecisionReason));
      break;
    default:
      violations.Add("state", "is required: PENDING_APPROVAL, APPLIED or REJECTED");
      break;
  }
  return violations.ToStatus();
}

}  // namespace escala::server
