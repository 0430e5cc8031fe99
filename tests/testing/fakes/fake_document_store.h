#pragma once

// The in-memory store the certification and learning path fakes share, with the contract of
// db/training/soci_document_table.h: rows keyed by the caller's code, the etag the row version,
// times in whole milliseconds, one audit event per change (when an audit repository is given).
// Thread-safe.

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "tests/testing/fakes/fake_audit_repository.h"

namespace escala::testing {

template <typename Message>
class FakeDocumentStore {
 public:
  FakeDocumentStore(FakeAuditRepository* audit, std::string resource_type, std::string collection,
                    std::string noun, std::function<std::string(const Message&)> key_of)
      : audit_(audit),
        resource_type_(std::move(resource_type)),
        collection_(std::move(collection)),
        noun_(std::move(noun)),
        key_of_(std::move(key_of)) {}

  absl::StatusOr<Message> Create(const Message& message, const db::AuditStamp& stamp,
                                 absl::Time now) {
    absl::MutexLock lock(&mutex_);
    const std::string key = key_of_(message);
    if (rows_.contains(key)) {
      return db::WithErrorInfo(
          absl::AlreadyExistsError(absl::StrCat(noun_, " '", key, "' already exists")),
          db::kReasonDuplicateId, {{"resource", Name(key)}});
    }
    Message stored = message;
    stored.set_created_by(stamp.principal);
    *stored.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
    *stored.mutable_update_time() = stored.create_time();
    stored.set_etag("1");
    rows_[key] = stored;
    Audit(stamp, nullptr, stored, now);
    return stored;
  }

  absl::StatusOr<Message> Get(const std::string& key) {
    absl::MutexLock lock(&mutex_);
    auto found = rows_.find(key);
    if (found == rows_.end()) {
      return absl::NotFoundError(absl::StrCat(noun_, " '", key, "' not found"));
    }
    return found->second;
  }

  std::vector<Message> List(bool active_only, const std::string& after, int limit,
                            const std::function<bool(const Message&)>& keep) {
    absl::MutexLock lock(&mutex_);
    std::vector<Message> out;
    for (auto it = rows_.upper_bound(after); it != rows_.end(); ++it) {
      if (static_cast<int>(out.size()) >= limit) break;
      if (active_only && !it->second.active()) continue;
      if (keep(it->second)) out.push_back(it->second);
    }
    return out;
  }

  absl::StatusOr<Message> Update(const Message& message, int64_t expected_version,
                                 const db::AuditStamp& stamp, absl::Time now) {
    absl::MutexLock lock(&mutex_);
    const std::string key = key_of_(message);
    auto found = rows_.find(key);
    if (found == rows_.end()) {
      return absl::NotFoundError(absl::StrCat(noun_, " '", key, "' not found"));
    }
    const Message before = found->second;
    if (before.etag() != absl::StrCat(expected_version)) {
      return db::WithErrorInfo(
          absl::AbortedError(absl::StrCat(noun_, " '", key,
                                          "' was changed since it was read (etag mismatch); "
                                          "re-read and retry")),
          db::kReasonEtagMismatch, {{"resource", Name(key)}});
    }
    Message after = message;
    after.set_created_by(before.created_by());
    *after.mutable_create_time() = before.create_time();
    *after.mutable_update_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
    after.set_etag(absl::StrCat(expected_version + 1));
    found->second = after;
    Audit(stamp, &before, after, now);
    return after;
  }

 private:
  std::string Name(const std::string& key) const { return absl::StrCat(collection_, "/", key); }

  void Audit(const db::AuditStamp& stamp, const Message* before, const Message& after,
             absl::Time now) {
    if (audit_ == nullptr) return;
    db::ChangedFields changed = db::DiffForAudit(before, after);
    audit_->Append(stamp,
                   {resource_type_, Name(key_of_(after)), changed.before_json, changed.after_json},
                   now);
  }

  FakeAuditRepository* audit_;
  const std::string resource_type_;
  const std::string collection_;
  const std::string noun_;
  const std::function<std::string(const Message&)> key_of_;
  absl::Mutex mutex_;
  std::map<std::string, Message> rows_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace escala::testing
