#pragma once

#include "db/core/session_pool.h"
#include "db/core/versioned_documents.h"
#include "db/promotion/promotion_policy_repository.h"

namespace escala::db {

// PromotionPolicyRepository on SOCI (MySQL/MariaDB or SQLite): the versions are versioned
// documents (db/core/versioned_documents.h) in promotion_policy_versions.
class SociPromotionPolicyRepository : public PromotionPolicyRepository {
 public:
  explicit SociPromotionPolicyRepository(SessionPool& pool) : versions_(pool, Kind()) {}

  absl::StatusOr<v1::PromotionPolicy> Create(const v1::PromotionPolicy& policy,
                                             const AuditStamp& stamp, absl::Time now) override {
    return versions_.Create(policy, stamp, now);
  }
  absl::StatusOr<v1::PromotionPolicy> Get(const std::string& promotion_policy_id,
                                          int32_t version) override {
    return versions_.Get(promotion_policy_id, version);
  }
  absl::StatusOr<std::vector<v1::PromotionPolicy>> ListPublished(
      const std::string& promotion_policy_id) override {
    return versions_.ListPublished(promotion_policy_id);
  }
  absl::StatusOr<std::vector<v1::PromotionPolicy>> List(const std::string& after_id,
                                                        v1::PromotionPolicyState state,
                                                        int limit) override {
    return versions_.List(after_id, state, limit);
  }
  absl::StatusOr<v1::PromotionPolicy> Update(const v1::PromotionPolicy& policy,
                                             int64_t expected_version, const AuditStamp& stamp,
                                             absl::Time now) override {
    return versions_.Update(policy, expected_version, stamp, now);
  }
  absl::StatusOr<v1::PromotionPolicy> Publish(const std::string& promotion_policy_id,
                                              int64_t expected_version, const AuditStamp& stamp,
                                              absl::Time now) override {
    return versions_.Publish(promotion_policy_id, expected_version, stamp, now);
  }

 private:
  static const VersionedDocumentKind& Kind();

  VersionedDocumentStore<v1::PromotionPolicy> versions_;
};

}  // namespace escala::db
