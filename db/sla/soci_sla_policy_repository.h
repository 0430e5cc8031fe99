#pragma once

#include "db/core/session_pool.h"
#include "db/sla/sla_policy_repository.h"

namespace escala::db {

// SlaPolicyRepository on SOCI (MySQL/MariaDB or SQLite). The etag of a version is its
// row_version; a new draft version continues the row_version of the version it replaces, so an
// etag read from an older newest version never matches the current one.
class SociSlaPolicyRepository : public SlaPolicyRepository {
 public:
  explicit SociSlaPolicyRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::SlaPolicy> Create(const v1::SlaPolicy& policy, const AuditStamp& stamp,
                                       absl::Time now) override;
  absl::StatusOr<v1::SlaPolicy> Get(const std::string& sla_policy_id, int32_t version) override;
  absl::StatusOr<std::vector<v1::SlaPolicy>> ListPublished(
      const std::string& sla_policy_id) override;
  absl::StatusOr<std::vector<v1::SlaPolicy>> List(const std::string& after_id,
                                                  v1::SlaPolicyState state, int limit) override;
  absl::StatusOr<v1::SlaPolicy> Update(const v1::SlaPolicy& policy, int64_t expected_version,
                                       const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::SlaPolicy> Publish(const std::string& sla_policy_id, int64_t expected_version,
                                        const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::map<int64_t, std::vector<PriorityChangeRow>>> ListPriorityChanges(
      const std::vector<int64_t>& interaction_ids) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
