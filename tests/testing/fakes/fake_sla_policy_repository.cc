#include "tests/testing/fakes/fake_sla_policy_repository.h"

namespace escala::testing {

void FakeSlaPolicyRepository::AddPriorityChange(const db::PriorityChangeRow& change) {
  absl::MutexLock lock(&mutex_);
  changes_[change.interaction_id].push_back(change);
}

absl::StatusOr<v1::SlaPolicy> FakeSlaPolicyRepository::Create(const v1::SlaPolicy& policy,
                                                              const db::AuditStamp& stamp,
                                                              absl::Time now) {
  absl::MutexLock lock(&mutex_);
  return policies_.Create(policy, stamp, now);
}

absl::StatusOr<v1::SlaPolicy> FakeSlaPolicyRepository::Get(const std::string& sla_policy_id,
                                                           int32_t version) {
  absl::MutexLock lock(&mutex_);
  return policies_.Get(sla_policy_id, version);
}

absl::StatusOr<std::vector<v1::SlaPolicy>> FakeSlaPolicyRepository::ListPublished(
    const std::string& sla_policy_id) {
  absl::MutexLock lock(&mutex_);
  return policies_.ListPublished(sla_policy_id);
}

absl::StatusOr<std::vector<v1::SlaPolicy>> FakeSlaPolicyRepository::List(
    const std::string& after_id, v1::SlaPolicyState state, int limit) {
  absl::MutexLock lock(&mutex_);
  return policies_.List(after_id, state, limit);
}

absl::StatusOr<v1::SlaPolicy> FakeSlaPolicyRepository::Update(const v1::SlaPolicy& policy,
                                                              int64_t expected_version,
                                                              const db::AuditStamp& stamp,
                                                              absl::Time now) {
  absl::MutexLock lock(&mutex_);
  return policies_.Update(policy, expected_version, stamp, now);
}

absl::StatusOr<v1::SlaPolicy> FakeSlaPolicyRepository::Publish(const std::string& sla_policy_id,
                                                               int64_t expected_version,
                                                               const db::AuditStamp& stamp,
                                                               absl::Time now) {
  absl::MutexLock lock(&mutex_);
  return policies_.Publish(sla_policy_id, expected_version, stamp, now);
}

absl::StatusOr<std::map<int64_t, std::vector<db::PriorityChangeRow>>>
FakeSlaPolicyRepository::ListPriorityChanges(const std::vector<int64_t>& interaction_ids) {
  absl::MutexLock lock(&mutex_);
  std::map<int64_t, std::vector<db::PriorityChangeRow>> out;
  for (int64_t id : interaction_ids) {
    auto found = changes_.find(id);
    if (found != changes_.end()) out[id] = found->second;
  }
  return out;
}

}  // namespace escala::testing
