#pragma once

#include <google/protobuf/message.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/core/session_pool.h"

namespace escala::db {

// Where one kind of versioned policy lives and how it is named. Each table has the columns
// <id_column>, version, title, state, content_json, created_by, create_ms, update_ms,
// publish_ms and row_version (e.g. migration 0022's sla_policy_versions).
struct VersionedDocumentKind {
  const char* table;       // "sla_policy_versions"
  const char* id_column;   // "sla_policy_id"; also the message's id field
  const char* label;       // "SLA policy", in messages
  const char* audit_type;  // "sla_policy", the audit events' resource type
  const char* collection;  // "slaPolicies", the resource names' collection
  const char* operation;   // "SlaPolicy", in the session pool's operation names
  const char* operations;  // "SlaPolicies", the same for the reads of several
};

// The state numbers every versioned policy enum shares (SlaPolicyState, PromotionPolicyState).
inline constexpr int kDocumentDraft = 1;
inline constexpr int kDocumentPublished = 2;
inline constexpr int kDocumentSuperseded = 3;

// Storage of versioned policies (drafts edited in place, published versions that never change,
// the previously published one superseded on publish), shared by the policy kinds. A version is
// one message; its content (everything the caller controls) is stored as protobuf JSON, and the
// message's version, state, created_by, create_time, update_time, publish_time and etag fields
// are set from their columns. The etag of a version is its row_version; a new draft version
// continues the row_version of the version it replaces, so an etag read from an older newest
// version never matches the current one. Every change writes its audit event
// (<audit_type>, "<collection>/<id>/versions/<n>") in the same transaction.
//
// Typed use goes through VersionedDocumentStore<Message> below.
class VersionedDocuments {
 public:
  VersionedDocuments(SessionPool& pool, VersionedDocumentKind kind,
                     const google::protobuf::Message& prototype)
      : pool_(pool), kind_(kind), prototype_(prototype) {}

  using Document = std::unique_ptr<google::protobuf::Message>;

  absl::StatusOr<Document> Create(const google::protobuf::Message& document,
                                  const AuditStamp& stamp, absl::Time now);
  absl::StatusOr<Document> Get(const std::string& id, int32_t version);
  absl::StatusOr<std::vector<Document>> ListPublished(const std::string& id);
  absl::StatusOr<std::vector<Document>> List(const std::string& after_id, int state, int limit);
  absl::StatusOr<Document> Update(const google::protobuf::Message& document,
                                  int64_t expected_version, const AuditStamp& stamp,
                                  absl::Time now);
  absl::StatusOr<Document> Publish(const std::string& id, int64_t expected_version,
                                   const AuditStamp& stamp, absl::Time now);

  const VersionedDocumentKind& kind() const { return kind_; }

 private:
  SessionPool& pool_;
  const VersionedDocumentKind kind_;
  const google::protobuf::Message& prototype_;
};

// The typed face of VersionedDocuments for one message type (SlaPolicy, PromotionPolicy).
template <typename Message>
class VersionedDocumentStore {
 public:
  VersionedDocumentStore(SessionPool& pool, VersionedDocumentKind kind)
      : documents_(pool, kind, Message::default_instance()) {}

  // Stores version 1 of a new policy as a draft. ALREADY_EXISTS (DUPLICATE_ID) for a taken id.
  absl::StatusOr<Message> Create(const Message& document, const AuditStamp& stamp, absl::Time now) {
    return One(documents_.Create(document, stamp, now));
  }
  // One version; version 0 = the newest. NOT_FOUND when there is none.
  absl::StatusOr<Message> Get(const std::string& id, int32_t version) {
    return One(documents_.Get(id, version));
  }
  // Every version that was ever published (PUBLISHED or SUPERSEDED), oldest first; empty when
  // none was. NOT_FOUND when the policy does not exist.
  absl::StatusOr<std::vector<Message>> ListPublished(const std::string& id) {
    return Many(documents_.ListPublished(id));
  }
  // The newest version of each policy ordered by id, after `after_id` (exclusive), at most
  // `limit`; `state` (0 = any) filters on the newest version's state.
  absl::StatusOr<std::vector<Message>> List(const std::string& after_id, int state, int limit) {
    return Many(documents_.List(after_id, state, limit));
  }
  // Replaces the content of the newest version if its row version is still `expected_version`
  // (ABORTED with ETAG_MISMATCH otherwise): a draft in place; a published one gets a new draft
  // version.
  absl::StatusOr<Message> Update(const Message& document, int64_t expected_version,
                                 const AuditStamp& stamp, absl::Time now) {
    return One(documents_.Update(document, expected_version, stamp, now));
  }
  // Publishes the newest version, which must be a draft (FAILED_PRECONDITION otherwise) at
  // `expected_version` (ABORTED otherwise); the previously published version becomes SUPERSEDED.
  absl::StatusOr<Message> Publish(const std::string& id, int64_t expected_version,
                                  const AuditStamp& stamp, absl::Time now) {
    return One(documents_.Publish(id, expected_version, stamp, now));
  }

 private:
  static absl::StatusOr<Message> One(absl::StatusOr<VersionedDocuments::Document> document) {
    if (!document.ok()) return document.status();
    return std::move(static_cast<Message&>(**document));
  }
  static absl::StatusOr<std::vector<Message>> Many(
      absl::StatusOr<std::vector<VersionedDocuments::Document>> documents) {
    if (!documents.ok()) return documents.status();
    std::vector<Message> messages;
    messages.reserve(documents->size());
    for (VersionedDocuments::Document& document : *documents) {
      messages.push_back(std::move(static_cast<Message&>(*document)));
    }
    return messages;
  }

  VersionedDocuments documents_;
};

}  // namespace escala::db
