#pragma once

// SLA policy versions in memory with the SlaPolicyRepository contract (tests/integration/
// sla_policy_repository_contract_test.cc runs against it): the versions are
// FakeVersionedDocuments; priority histories are seeded with AddPriorityChange. No audit events.
// Thread-safe.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "db/sla/sla_policy_repository.h"
#include "tests/testing/fakes/fake_versioned_documents.h"

namespace escala::testing {

class FakeSlaPolicyRepository : public db::SlaPolicyRepository {
 public:
  // Records a priority change as UpdateInteraction would have.
  void AddPriorityChange(const db::PriorityChangeRow& change);

  absl::StatusOr<v1::SlaPolicy> Create(const v1::SlaPolicy& policy, const db::AuditStamp& stamp,
                                       absl::Time now) override;
  absl::StatusOr<v1::SlaPolicy> Get(const std::string& sla_policy_id, int32_t version) override;
  absl::StatusOr<std::vector<v1::SlaPolicy>> ListPublished(
      const std::string& sla_policy_id) override;
  absl::StatusOr<std::vector<v1::SlaPolicy>> List(const std::string& after_id,
                                                  v1::SlaPolicyState state, int limit) override;
  absl::StatusOr<v1::SlaPolicy> Update(const v1::SlaPolicy& policy, int64_t expected_version,
                                       const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::SlaPolicy> Publish(const std::string& sla_policy_id, int64_t expected_version,
                                        const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::map<int64_t, std::vector<db::PriorityChangeRow>>> ListPriorityChanges(
      const std::vector<int64_t>& interaction_ids) override;

 private:
  absl::Mutex mutex_;
  FakeVersionedDocuments<v1::SlaPolicy, &v1::SlaPolicy::sla_policy_id> policies_
      ABSL_GUARDED_BY(mutex_){"SLA policy", "slaPolicies"};
  std::map<int64_t, std::vector<db::PriorityChangeRow>> changes_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace escala::testing
