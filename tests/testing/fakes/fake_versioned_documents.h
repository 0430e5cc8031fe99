#pragma once

// Versioned policies in memory with the contract of db::VersionedDocuments (the SQL store the
// SLA and promotion policy repositories share): a draft is edited in place, an edit of a
// published version adds the next draft, publishing supersedes the previous published version;
// the etag is the row version of the newest version, and a new version continues from it. No
// audit events. Not thread-safe: the fakes that use it hold their own lock.
//
// Message is a policy message with the shared bookkeeping fields (version, state, created_by,
// create_time, update_time, publish_time, etag) and state numbers 1 draft, 2 published,
// 3 superseded; `Id` is its id accessor (&v1::SlaPolicy::sla_policy_id).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"

namespace escala::testing {

template <typename Message, const std::string& (Message::*Id)() const>
class FakeVersionedDocuments {
 public:
  // `label` names the kind in messages ("SLA policy"), `collection` in resource names
  // ("slaPolicies").
  FakeVersionedDocuments(std::string label, std::string collection)
      : label_(std::move(label)), collection_(std::move(collection)) {}

  absl::StatusOr<Message> Create(const Message& document, const db::AuditStamp& stamp,
                                 absl::Time now) {
    const std::string& id = (document.*Id)();
    if (documents_.contains(id)) {
      return db::WithErrorInfo(
          absl::AlreadyExistsError(absl::StrCat(label_, " '", id, "' already exists")),
          db::kReasonDuplicateId, {{"resource", absl::StrCat(collection_, "/", id)}});
    }
    Message stored = NewVersion(document, 1, 1, stamp, now);
    documents_[id].push_back(stored);
    return stored;
  }

  absl::StatusOr<Message> Get(const std::string& id, int32_t version) {
    auto found = documents_.find(id);
    if (found == documents_.end()) return NotFound(id);
    if (version == 0) return found->second.back();
    if (version < 0 || version > static_cast<int32_t>(found->second.size())) {
      return absl::NotFoundError(absl::StrCat(label_, " '", id, "' has no version ", version));
    }
    return found->second[version - 1];
  }

  absl::StatusOr<std::vector<Message>> ListPublished(const std::string& id) {
    auto found = documents_.find(id);
    if (found == documents_.end()) return NotFound(id);
    std::vector<Message> published;
    for (const Message& document : found->second) {
      if (document.has_publish_time()) published.push_back(document);
    }
    return published;
  }

  absl::StatusOr<std::vector<Message>> List(const std::string& after_id, int state, int limit) {
    std::vector<Message> rows;
    for (auto it = documents_.upper_bound(after_id);
         it != documents_.end() && static_cast<int>(rows.size()) < limit; ++it) {
      const Message& newest = it->second.back();
      if (state == 0 || newest.state() == state) rows.push_back(newest);
    }
    return rows;
  }

  absl::StatusOr<Message> Update(const Message& document, int64_t expected_version,
                                 const db::AuditStamp& stamp, absl::Time now) {
    const std::string& id = (document.*Id)();
    auto found = documents_.find(id);
    if (found == documents_.end()) return NotFound(id);
    Message& newest = found->second.back();
    const int64_t row_version = RowVersion(newest);
    if (row_version != expected_version) return Stale(id);
    if (newest.state() == kDraft) {
      Message updated = NewVersion(document, newest.version(), row_version + 1, stamp, now);
      *updated.mutable_create_time() = newest.create_time();
      updated.set_created_by(newest.created_by());
      newest = updated;
      return newest;
    }
    Message next = NewVersion(document, newest.version() + 1, row_version + 1, stamp, now);
    found->second.push_back(next);
    return next;
  }

  absl::StatusOr<Message> Publish(const std::string& id, int64_t expected_version,
                                  const db::AuditStamp&, absl::Time now) {
    auto found = documents_.find(id);
    if (found == documents_.end()) return NotFound(id);
    Message& draft = found->second.back();
    if (draft.state() != kDraft) {
      const std::string state = StateName(draft);
      return db::WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                                   label_, " '", id, "' has no draft to publish: version ",
                                   draft.version(), " is ", state)),
                               db::kReasonInvalidStateTransition, {{"state", state}});
    }
    if (RowVersion(draft) != expected_version) return Stale(id);
    const google::protobuf::Timestamp at = db::MillisToTimestamp(absl::ToUnixMillis(now));
    for (Message& old : found->second) {
      if (old.state() != kPublished) continue;
      old.set_state(static_cast<State>(kSuperseded));
      *old.mutable_update_time() = at;
      old.set_etag(absl::StrCat(RowVersion(old) + 1));
    }
    draft.set_state(static_cast<State>(kPublished));
    *draft.mutable_publish_time() = at;
    *draft.mutable_update_time() = at;
    draft.set_etag(absl::StrCat(RowVersion(draft) + 1));
    return draft;
  }

 private:
  using State = decltype(Message().state());
  static constexpr int kDraft = 1;
  static constexpr int kPublished = 2;
  static constexpr int kSuperseded = 3;

  static int64_t RowVersion(const Message& document) {
    int64_t version = 0;
    (void)absl::SimpleAtoi(document.etag(), &version);
    return version;
  }

  static std::string StateName(const Message& document) {
    const auto* field = Message::descriptor()->FindFieldByName("state");
    const auto* value = field->enum_type()->FindValueByNumber(document.state());
    return value == nullptr ? absl::StrCat(document.state()) : value->name();
  }

  // The stored form of a new version: the content of `document` with the bookkeeping set.
  static Message NewVersion(const Message& document, int32_t version, int64_t row_version,
                            const db::AuditStamp& stamp, absl::Time now) {
    Message stored = document;
    stored.set_version(version);
    stored.set_state(static_cast<State>(kDraft));
    stored.set_created_by(stamp.principal);
    *stored.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
    *stored.mutable_update_time() = stored.create_time();
    stored.clear_publish_time();
    stored.set_etag(absl::StrCat(row_version));
    return stored;
  }

  absl::Status NotFound(const std::string& id) const {
    return absl::NotFoundError(absl::StrCat(label_, " '", id, "' not found"));
  }

  absl::Status Stale(const std::string& id) const {
    return db::WithErrorInfo(
        absl::AbortedError(absl::StrCat(
            label_, " '", id, "' was changed concurrently (etag mismatch); re-read and retry")),
        db::kReasonEtagMismatch, {{"resource", absl::StrCat(collection_, "/", id)}});
  }

  const std::string label_;
  const std::string collection_;
  // Versions by id, oldest first.
  std::map<std::string, std::vector<Message>> documents_;
};

}  // namespace escala::testing
