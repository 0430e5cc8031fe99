#pragma once

#include <cstddef>

#include "absl/status/status.h"
#include "escala/v1/promotion_policies.pb.h"

namespace escala::server {

// The longest id the promotion domain accepts (policies, people, courses, certifications).
inline constexpr std::size_t kMaxPromotionId = 64;

// OK, or INVALID_ARGUMENT naming every field of `policy` that breaks its rule (paths relative to
// the policy: "criteria[2].quality.min_score"). The promotion_policy_id is the caller's to check
// (it is immutable and named differently per method).
absl::Status ValidatePromotionPolicy(const v1::PromotionPolicy& policy);

}  // namespace escala::server
