#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "escala/v1/promotion_policies.pb.h"

namespace escala::db {

// FAILED_PRECONDITION: eligibility asked of a promotion policy with no published version at the
// as-of time, or of a version never published.
inline constexpr char kReasonPromotionPolicyNotPublished[] = "PROMOTION_POLICY_NOT_PUBLISHED";

// Storage of promotion policy versions (table promotion_policy_versions), like SLA policies: a
// PromotionPolicy message is one version; version, state, created_by, the times and the etag are
// set here. Every change writes its audit event ("promotion_policy",
// "promotionPolicies/<id>/versions/<n>") in the same transaction.
class PromotionPolicyRepository {
 public:
  virtual ~PromotionPolicyRepository() = default;

  // Stores version 1 of a new policy as a draft. ALREADY_EXISTS (DUPLICATE_ID) for a taken id.
  virtual absl::StatusOr<v1::PromotionPolicy> Create(const v1::PromotionPolicy& policy,
                                                     const AuditStamp& stamp, absl::Time now) = 0;
  // One version; version 0 = the newest. NOT_FOUND when there is none.
  virtual absl::StatusOr<v1::PromotionPolicy> Get(const std::string& promotion_policy_id,
                                                  int32_t version) = 0;
  // Every version that was ever published (PUBLISHED or SUPERSEDED), oldest first; empty when
  // none was. NOT_FOUND when the policy does not exist.
  virtual absl::StatusOr<std::vector<v1::PromotionPolicy>> ListPublished(
      const std::string& promotion_policy_id) = 0;
  // The newest version of each policy ordered by promotion_policy_id, after `after_id`
  // (exclusive), at most `limit`; `state` (0 = any) filters on the newest version's state.
  virtual absl::StatusOr<std::vector<v1::PromotionPolicy>> List(const std::string& after_id,
                                                                v1::PromotionPolicyState state,
                                                                int limit) = 0;
  // Replaces the content of the newest version if its row version is still `expected_version`
  // (ABORTED with ETAG_MISMATCH otherwise): a draft in place; a published one gets a new draft
  // version.
  virtual absl::StatusOr<v1::PromotionPolicy> Update(const v1::PromotionPolicy& policy,
                                                     int64_t expected_version,
                                                     const AuditStamp& stamp, absl::Time now) = 0;
  // Publishes the newest version, which must be a draft (FAILED_PRECONDITION otherwise) at
  // `expected_version` (ABORTED otherwise); the previously published version becomes SUPERSEDED.
  virtual absl::StatusOr<v1::PromotionPolicy> Publish(const std::string& promotion_policy_id,
                                                      int64_t expected_version,
                                                      const AuditStamp& stamp, absl::Time now) = 0;
};

}  // namespace escala::db
