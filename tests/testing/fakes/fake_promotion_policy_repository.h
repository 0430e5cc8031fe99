#pragma once

// Promotion policy versions in memory with the PromotionPolicyRepository contract
// (tests/integration/promotion_policy_repository_contract_test.cc runs against it): the versions
// are FakeVersionedDocuments. No audit events. Thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "db/promotion/promotion_policy_repository.h"
#include "tests/testing/fakes/fake_versioned_documents.h"

namespace escala::testing {

class FakePromotionPolicyRepository : public db::PromotionPolicyRepository {
 public:
  absl::StatusOr<v1::PromotionPolicy> Create(const v1::PromotionPolicy& policy,
                                             const db::AuditStamp& stamp, absl::Time now) override {
    absl::MutexLock lock(&mutex_);
    return policies_.Create(policy, stamp, now);
  }
  absl::StatusOr<v1::PromotionPolicy> Get(const std::string& promotion_policy_id,
                                          int32_t version) override {
    absl::MutexLock lock(&mutex_);
    return policies_.Get(promotion_policy_id, version);
  }
  absl::StatusOr<std::vector<v1::PromotionPolicy>> ListPublished(
      const std::string& promotion_policy_id) override {
    absl::MutexLock lock(&mutex_);
    return policies_.ListPublished(promotion_policy_id);
  }
  absl::StatusOr<std::vector<v1::PromotionPolicy>> List(const std::string& after_id,
                                                        v1::PromotionPolicyState state,
                                                        int limit) override {
    absl::MutexLock lock(&mutex_);
    return policies_.List(after_id, state, limit);
  }
  absl::StatusOr<v1::PromotionPolicy> Update(const v1::PromotionPolicy& policy,
                                             int64_t expected_version, const db::AuditStamp& stamp,
                                             absl::Time now) override {
    absl::MutexLock lock(&mutex_);
    return policies_.Update(policy, expected_version, stamp, now);
  }
  absl::StatusOr<v1::PromotionPolicy> Publish(const std::string& promotion_policy_id,
                                              int64_t expected_version, const db::AuditStamp& stamp,
                                              absl::Time now) override {
    absl::MutexLock lock(&mutex_);
    return policies_.Publish(promotion_policy_id, expected_version, stamp, now);
  }

 private:
  absl::Mutex mutex_;
  FakeVersionedDocuments<v1::PromotionPolicy, &v1::PromotionPolicy::promotion_policy_id> policies_
      ABSL_GUARDED_BY(mutex_){"Promotion policy", "promotionPolicies"};
};

}  // namespace escala::testing
