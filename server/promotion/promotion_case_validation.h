#pragma once

#include "absl/status/status.h"
#include "escala/v1/promotion_cases.pb.h"

namespace escala::server {

// The request rules of PromotionCaseService (protos/escala/v1/promotion_cases.proto): each
// returns OK, or INVALID_ARGUMENT naming every field that breaks its rule. None reads storage.

inline constexpr std::size_t kMaxNominationReason = 2000;
inline constexpr std::size_t kMaxDecisionReason = 500;
inline constexpr int kMaxRejectReasons = 10;
inline constexpr std::size_t kMaxHrReference = 200;

absl::Status ValidateNominate(const v1::NominateRequest& request);
absl::Status ValidateNominateEligible(const v1::NominateEligibleRequest& request);
absl::Status ValidateListPromotionCases(const v1::ListPromotionCasesRequest& request);
absl::Status ValidateStartReview(const v1::StartReviewRequest& request);
absl::Status ValidateApprove(const v1::ApproveRequest& request);
absl::Status ValidateReject(const v1::RejectRequest& request);
absl::Status ValidateWithdraw(const v1::WithdrawRequest& request);
absl::Status ValidateAcknowledgePromotion(const v1::AcknowledgePromotionRequest& request);

}  // namespace escala::server
