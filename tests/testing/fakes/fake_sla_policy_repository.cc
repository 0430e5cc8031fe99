#include "tests/testing/fakes/fake_sla_policy_repository.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"

namespace escala::testing {
namespace {

int64_t RowVersion(const v1::SlaPolicy& policy) {
  int64_t version = 0;
  (void)absl::SimpleAtoi(policy.etag(), &version);
  return version;
}

absl::Status SlaPolicyStale(const std::string& id) {
  return db::WithErrorInfo(
      absl::AbortedError(absl::StrCat("SLA policy '", id,
                                      "' was changed concurrently (etag mismatch); re-read and "
                                      "retry")),
      db::kReasonEtagMismatch, {{"resource", absl::StrCat("slaPolicies/", id)}});
}

// The stored form of a new version: the content of `policy` with the bookkeeping set.
v1::SlaPolicy NewVersion(const v1::SlaPolicy& policy, int32_t version, int64_t row_version,
                         const db::AuditStamp& stamp, absl::Time now) {
  v1::SlaPolicy stored = policy;
  stored.set_version(version);
  stored.set_state(v1::SLA_POLICY_STATE_DRAFT);
  stored.set_created_by(stamp.principal);
  *stored.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
  *stored.mutable_update_time() = stored.create_time();
  stored.clear_publish_time();
  stored.set_etag(absl::StrCat(row_version));
  return stored;
}

}  // namespace

void FakeSlaPolicyRepository::AddPriorityChange(const db::PriorityChangeRow& change) {
  absl::MutexLock lock(&mutex_);
  changes_[change.interaction_id].push_back(change);
}

absl::StatusOr<v1::SlaPolicy> FakeSlaPolicyRepository::Create(const v1::SlaPolicy& policy,
                                                              const db::AuditStamp& stamp,
                                                              absl::Time now) {
  absl::MutexLock lock(&mutex_);
  if (policies_.contains(policy.sla_policy_id())) {
    return db::WithErrorInfo(absl::AlreadyExistsError(absl::StrCat(
                                 "SLA policy '", policy.sla_policy_id(), "' already exists")),
                             db::kReasonDuplicateId,
                             {{"resource", absl::StrCat("slaPolicies/", policy.sla_policy_id())}});
  }
  v1::SlaPolicy stored = NewVersion(policy, 1, 1, stamp, now);
  policies_[policy.sla_policy_id()].push_back(stored);
  return stored;
}

absl::StatusOr<v1::SlaPolicy> FakeSlaPolicyRepository::Get(const std::string& sla_policy_id,
                                                           int32_t version) {
  absl::MutexLock lock(&mutex_);
  auto found = policies_.find(sla_policy_id);
  if (found == policies_.end()) {
    return absl::NotFoundError(absl::StrCat("SLA policy '", sla_policy_id, "' not found"));
  }
  if (version == 0) return found->second.back();
  if (version < 0 || version > static_cast<int32_t>(found->second.size())) {
    return absl::NotFoundError(
        absl::StrCat("SLA policy '", sla_policy_id, "' has no version ", version));
  }
  return found->second[version - 1];
}

absl::StatusOr<std::vector<v1::SlaPolicy>> FakeSlaPolicyRepository::ListPublished(
    const std::string& sla_policy_id) {
  absl::MutexLock lock(&mutex_);
  auto found = policies_.find(sla_policy_id);
  if (found == policies_.end()) {
    return absl::NotFoundError(absl::StrCat("SLA policy '", sla_policy_id, "' not found"));
  }
  std::vector<v1::SlaPolicy> published;
  for (const v1::SlaPolicy& policy : found->second) {
    if (policy.has_publish_time()) published.push_back(policy);
  }
  return published;
}

absl::StatusOr<std::vector<v1::SlaPolicy>> FakeSlaPolicyRepository::List(
    const std::string& after_id, v1::SlaPolicyState state, int limit) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::SlaPolicy> rows;
  for (auto it = policies_.upper_bound(after_id);
       it != policies_.end() && static_cast<int>(rows.size()) < limit; ++it) {
    const v1::SlaPolicy& newest = it->second.back();
    if (state == v1::SLA_POLICY_STATE_UNSPECIFIED || newest.state() == state) {
      rows.push_back(newest);
    }
  }
  return rows;
}

absl::StatusOr<v1::SlaPolicy> FakeSlaPolicyRepository::Update(const v1::SlaPolicy& policy,
                                                              int64_t expected_version,
                                                              const db::AuditStamp& stamp,
                                                              absl::Time now) {
  absl::MutexLock lock(&mutex_);
  const std::string& id = policy.sla_policy_id();
  auto found = policies_.find(id);
  if (found == policies_.end()) {
    return absl::NotFoundError(absl::StrCat("SLA policy '", id, "' not found"));
  }
  v1::SlaPolicy& newest = found->second.back();
  const int64_t row_version = RowVersion(newest);
  if (row_version != expected_version) return SlaPolicyStale(id);
  if (newest.state() == v1::SLA_POLICY_STATE_DRAFT) {
    v1::SlaPolicy updated = NewVersion(policy, newest.version(), row_version + 1, stamp, now);
    *updated.mutable_create_time() = newest.create_time();
    updated.set_created_by(newest.created_by());
    newest = updated;
    return newest;
  }
  v1::SlaPolicy next = NewVersion(policy, newest.version() + 1, row_version + 1, stamp, now);
  found->second.push_back(next);
  return next;
}

absl::StatusOr<v1::SlaPolicy> FakeSlaPolicyRepository::Publish(const std::string& sla_policy_id,
                                                               int64_t expected_version,
                                                               const db::AuditStamp&,
                                                               absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto found = policies_.find(sla_policy_id);
  if (found == policies_.end()) {
    return absl::NotFoundError(absl::StrCat("SLA policy '", sla_policy_id, "' not found"));
  }
  v1::SlaPolicy& draft = found->second.back();
  if (draft.state() != v1::SLA_POLICY_STATE_DRAFT) {
    return db::WithErrorInfo(
        absl::FailedPreconditionError(
            absl::StrCat("SLA policy '", sla_policy_id, "' has no draft to publish: version ",
                         draft.version(), " is ", v1::SlaPolicyState_Name(draft.state()))),
        db::kReasonInvalidStateTransition, {{"state", v1::SlaPolicyState_Name(draft.state())}});
  }
  if (RowVersion(draft) != expected_version) return SlaPolicyStale(sla_policy_id);
  const google::protobuf::Timestamp at = db::MillisToTimestamp(absl::ToUnixMillis(now));
  for (v1::SlaPolicy& old : found->second) {
    if (old.state() != v1::SLA_POLICY_STATE_PUBLISHED) continue;
    old.set_state(v1::SLA_POLICY_STATE_SUPERSEDED);
    *old.mutable_update_time() = at;
    old.set_etag(absl::StrCat(RowVersion(old) + 1));
  }
  draft.set_state(v1::SLA_POLICY_STATE_PUBLISHED);
  *draft.mutable_publish_time() = at;
  *draft.mutable_update_time() = at;
  draft.set_etag(absl::StrCat(RowVersion(draft) + 1));
  return draft;
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
