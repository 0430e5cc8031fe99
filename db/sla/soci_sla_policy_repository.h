#pragma once

#include "db/core/session_pool.h"
#include "db/core/versioned_documents.h"
#include "db/sla/sla_policy_repository.h"

namespace escala::db {

// SlaPolicyRepository on SOCI (MySQL/MariaDB or SQLite): the versions are versioned documents
// (db/core/versioned_documents.h) in sla_policy_versions.
class SociSlaPolicyRepository : public SlaPolicyRepository {
 public:
  explicit SociSlaPolicyRepository(SessionPool& pool) : pool_(pool), versions_(pool, Kind()) {}

  absl::StatusOr<v1::SlaPolicy> Create(const v1::SlaPolicy& policy, const AuditStamp& stamp,
                                       absl::Time now) override {
    return versions_.Create(policy, stamp, now);
  }
  absl::StatusOr<v1::SlaPolicy> Get(const std::string& sla_policy_id, int32_t version) override {
    return versions_.Get(sla_policy_id, version);
  }
  absl::StatusOr<std::vector<v1::SlaPolicy>> ListPublished(
      const std::string& sla_policy_id) override {
    return versions_.ListPublished(sla_policy_id);
  }
  absl::StatusOr<std::vector<v1::SlaPolicy>> List(const std::string& after_id,
                                                  v1::SlaPolicyState state, int limit) override {
    return versions_.List(after_id, state, limit);
  }
  absl::StatusOr<v1::SlaPolicy> Update(const v1::SlaPolicy& policy, int64_t expected_version,
                                       const AuditStamp& stamp, absl::Time now) override {
    return versions_.Update(policy, expected_version, stamp, now);
  }
  absl::StatusOr<v1::SlaPolicy> Publish(const std::string& sla_policy_id, int64_t expected_version,
                                        const AuditStamp& stamp, absl::Time now) override {
    return versions_.Publish(sla_policy_id, expected_version, stamp, now);
  }
  absl::StatusOr<std::map<int64_t, std::vector<PriorityChangeRow>>> ListPriorityChanges(
      const std::vector<int64_t>& interaction_ids) override;

 private:
  static const VersionedDocumentKind& Kind();

  SessionPool& pool_;
  VersionedDocumentStore<v1::SlaPolicy> versions_;
};

}  // namespace escala::db
