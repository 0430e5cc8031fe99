#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "escala/v1/promotion_cases.pb.h"
#include "escala/v1/promotion_eligibility.pb.h"

namespace escala::server {

// The state machine of a promotion case, free of storage and gRPC: each function checks that
// the step is allowed from the case's state and returns the case as it is after the step.
// A step from the wrong state is FAILED_PRECONDITION with the ErrorInfo
// INVALID_STATE_TRANSITION (metadata "state": the state found).
//
//   NOMINATED ──StartReview──▶ UNDER_REVIEW
//   NOMINATED | UNDER_REVIEW ──Approve──▶ APPROVED ──(effective date)──▶ EFFECTIVE
//   NOMINATED | UNDER_REVIEW ──Reject──▶ REJECTED
//   NOMINATED | UNDER_REVIEW | APPROVED ──Withdraw──▶ WITHDRAWN

// Who decided or acted, and when.
struct CaseActor {
  std::string principal;
  absl::Time time;
};

absl::StatusOr<v1::PromotionCase> StartReviewStep(const v1::PromotionCase& current);

// `reason` may be empty; `snapshot` is the eligibility recomputed for the decision.
absl::StatusOr<v1::PromotionCase> ApproveStep(const v1::PromotionCase& current,
                                              const std::string& effective_date,
                                              const std::string& reason,
                                              const v1::PersonEligibility& snapshot,
                                              const CaseActor& actor);

absl::StatusOr<v1::PromotionCase> RejectStep(const v1::PromotionCase& current,
                                             const std::vector<std::string>& reasons,
                                             const v1::PersonEligibility& snapshot,
                                             const CaseActor& actor);

absl::StatusOr<v1::PromotionCase> WithdrawStep(const v1::PromotionCase& current,
                                               const std::string& reason, const CaseActor& actor);

// Records an HR system's report on an APPROVED or EFFECTIVE case (`report`'s output-only fields
// are set from `actor`). nullopt when the system's stored report is the same: nothing to write.
// A stored PENDING_APPROVAL report is replaced; a final one (APPLIED, REJECTED) that differs is
// INVALID_STATE_TRANSITION with its state.
absl::StatusOr<std::optional<v1::PromotionCase>> AcknowledgeStep(
    const v1::PromotionCase& current, const v1::HrAcknowledgement& report, const CaseActor& actor);

}  // namespace escala::server
