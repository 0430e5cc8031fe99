#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/interactions/priority_change.h"
#include "escala/v1/sla_policies.pb.h"

namespace escala::db {

// FAILED_PRECONDITION: the SLA policy has no published version to measure with.
inline constexpr char kReasonSlaPolicyNotPublished[] = "SLA_POLICY_NOT_PUBLISHED";

// Storage of SLA policy versions (table sla_policy_versions), like scorecards: an SlaPolicy
// message is one version; version, state, created_by, the times and the etag are set here. Every
// change writes its audit event ("sla_policy", "slaPolicies/<id>/versions/<n>") in the same
// transaction. Also the read of the interactions' priority history the SLA report needs.
class SlaPolicyRepository {
 public:
  virtual ~SlaPolicyRepository() = default;

  // Stores version 1 of a new policy as a draft. ALREADY_EXISTS (DUPLICATE_ID) for a taken id.
  virtual absl::StatusOr<v1::SlaPolicy> Create(const v1::SlaPolicy& policy, const AuditStamp& stamp,
                                               absl::Time now) = 0;
  // One version; version 0 = the newest. NOT_FOUND when there is none.
  virtual absl::StatusOr<v1::SlaPolicy> Get(const std::string& sla_policy_id, int32_t version) = 0;
  // Every version that was ever published (PUBLISHED or SUPERSEDED), oldest first; empty when
  // none was. NOT_FOUND when the policy does not exist.
  virtual absl::StatusOr<std::vector<v1::SlaPolicy>> ListPublished(
      const std::string& sla_policy_id) = 0;
  // The newest version of each policy ordered by sla_policy_id, after `after_id` (exclusive), at
  // most `limit`; `state` (0 = any) filters on the newest version's state.
  virtual absl::StatusOr<std::vector<v1::SlaPolicy>> List(const std::string& after_id,
                                                          v1::SlaPolicyState state, int limit) = 0;
  // Replaces the content of the newest version if its row version is still `expected_version`
  // (ABORTED with ETAG_MISMATCH otherwise): a draft in place; a published one gets a new draft
  // version.
  virtual absl::StatusOr<v1::SlaPolicy> Update(const v1::SlaPolicy& policy,
                                               int64_t expected_version, const AuditStamp& stamp,
                                               absl::Time now) = 0;
  // Publishes the newest version, which must be a draft (FAILED_PRECONDITION otherwise) at
  // `expected_version` (ABORTED otherwise); the previously published version becomes SUPERSEDED.
  virtual absl::StatusOr<v1::SlaPolicy> Publish(const std::string& sla_policy_id,
                                                int64_t expected_version, const AuditStamp& stamp,
                                                absl::Time now) = 0;
  // The priority changes of `interaction_ids` (at most 1000), by interaction, oldest first.
  virtual absl::StatusOr<std::map<int64_t, std::vector<PriorityChangeRow>>> ListPriorityChanges(
      const std::vector<int64_t>& interaction_ids) = 0;
};

}  // namespace escala::db
