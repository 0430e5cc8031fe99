#include "server/promotion/regression_flag_validation.h"

#include "absl/strings/str_cat.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/promotion/promotion_policy_validation.h"

namespace escala::server {

absl::Status ValidateCheckRegressions(const v1::CheckRegressionsRequest& request) {
  Violations violations;
  if (!request.promotion_policy_id().empty()) {
    violations.Add(
        RequireIdentifier("promotion_policy_id", request.promotion_policy_id(), kMaxPromotionId));
  }
  return violations.ToStatus();
}

absl::Status ValidateListRegressionFlags(const v1::ListRegressionFlagsRequest& request) {
  Violations violations;
  if (!v1::RegressionFlagState_IsValid(request.state())) {
    violations.Add("state", absl::StrCat("unknown value ", request.state()));
  }
  if (!request.team_id().empty()) {
    violations.Add(RequireIdentifier("team_id", request.team_id(), kMaxPromotionId));
  }
  if (!request.employee_id().empty()) {
    violations.Add(RequireIdentifier("employee_id", request.employee_id(), kMaxPromotionId));
  }
  return violations.ToStatus();
}

absl::Status ValidateAcknowledgeRegressionFlag(
    const v1::AcknowledgeRegressionFlagRequest& request) {
  Violations violations;
  violations.Add(RequirePositiveId("id", request.id()));
  violations.Add(RequireText("note", request.note(), kMaxRegressionNote));
  violations.Add(CheckRequestId("request_id", request.request_id()));
  return violations.ToStatus();
}

absl::Status ValidateCloseRegressionFlag(const v1::CloseRegressionFlagRequest& request) {
  Violations violations;
  violations.Add(RequirePositiveId("id", request.id()));
  if (request.reason() == v1::REGRESSION_CLOSE_REASON_UNSPECIFIED ||
      !v1::RegressionCloseReason_IsValid(request.reason())) {
    violations.Add("reason", "is required: RECOVERED, HANDLED or DISMISSED");
  }
  if (request.reason() == v1::REGRESSION_CLOSE_REASON_HANDLED ||
      request.reason() == v1::REGRESSION_CLOSE_REASON_DISMISSED) {
    violations.Add(RequireText("note", request.note(), kMaxRegressionNote));
  } else {
    violations.Add(LimitText("note", request.note(), kMaxRegressionNote));
  }
  violations.Add(CheckRequestId("request_id", request.request_id()));
  return violations.ToStatus();
}

}  // namespace escala::server
