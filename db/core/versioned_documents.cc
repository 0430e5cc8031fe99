#include "db/core/versioned_documents.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <soci/soci.h>

#include <map>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/stored_json.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"

namespace escala::db {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using Document = VersionedDocuments::Document;

// The fields the store owns: output only, kept in their own columns, never in content_json.
constexpr const char* kBookkeepingFields[] = {
    "version", "state", "created_by", "create_time", "update_time", "publish_time", "etag"};

const FieldDescriptor& FieldOf(const Message& message, const char* name) {
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
  if (field == nullptr) {
    throw soci::soci_error(
        absl::StrCat(message.GetDescriptor()->full_name(), " has no field '", name, "'"));
  }
  return *field;
}

std::string StringField(const Message& message, const char* name) {
  return message.GetReflection()->GetString(message, &FieldOf(message, name));
}

int StateOf(const Message& message) {
  return message.GetReflection()->GetEnumValue(message, &FieldOf(message, "state"));
}

std::string StateName(const Message& message, int state) {
  const google::protobuf::EnumValueDescriptor* value =
      FieldOf(message, "state").enum_type()->FindValueByNumber(state);
  return value == nullptr ? absl::StrCat(state) : value->name();
}

void SetTime(Message& message, const char* name, long long millis) {
  message.GetReflection()
      ->MutableMessage(&message, &FieldOf(message, name))
      ->CopyFrom(MillisToTimestamp(millis));
}

// A version as read, with the row_version kept apart from the etag text.
struct StoredVersion {
  Document document;
  long long row_version = 0;

  int32_t version() const {
    return document->GetReflection()->GetInt32(*document, &FieldOf(*document, "version"));
  }
  int state() const { return StateOf(*document); }
};

class Store {
 public:
  Store(const VersionedDocumentKind& kind, const Message& prototype)
      : kind_(kind), prototype_(prototype) {}

  std::string SelectVersion() const {
    return absl::StrCat("SELECT ", kind_.id_column,
                        ", version, state, content_json, created_by, create_ms, update_ms,"
                        " publish_ms, row_version FROM ",
                        kind_.table);
  }

  // The content only: what the caller controls. Output-only fields live in their own columns.
  std::string ContentJson(const Message& document) const {
    Document content(document.New());
    content->CopyFrom(document);
    const google::protobuf::Reflection* reflection = content->GetReflection();
    reflection->ClearField(content.get(), &FieldOf(*content, kind_.id_column));
    for (const char* name : kBookkeepingFields) {
      reflection->ClearField(content.get(), &FieldOf(*content, name));
    }
    return StoredJson(*content, absl::StrCat(kind_.label, " content"));
  }

  std::vector<StoredVersion> Fetch(soci::session& session, BoundQuery& query) const {
    std::string id, content_json, created_by;
    long long version = 0, state = 0, create_ms = 0, update_ms = 0, publish_ms = 0, row_version = 0;
    soci::indicator publish_indicator = soci::i_null;
    soci::statement statement(session);
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(version));
    statement.exchange(soci::into(state));
    statement.exchange(soci::into(content_json));
    statement.exchange(soci::into(created_by));
    statement.exchange(soci::into(create_ms));
    statement.exchange(soci::into(update_ms));
    statement.exchange(soci::into(publish_ms, publish_indicator));
    statement.exchange(soci::into(row_version));
    PrepareAndExecute(session, statement, query);
    std::vector<StoredVersion> versions;
    while (statement.fetch()) {
      StoredVersion& stored = versions.emplace_back();
      stored.document.reset(prototype_.New());
      Message& document = *stored.document;
      google::protobuf::util::JsonParseOptions options;
      // Content written by a newer server may carry fields this one does not know.
      options.ignore_unknown_fields = true;
      if (!google::protobuf::util::JsonStringToMessage(content_json, &document, options).ok()) {
        throw soci::soci_error(absl::StrCat(kind_.label, " '", id, "' version ", version,
                                            ": stored content is not valid JSON"));
      }
      const google::protobuf::Reflection* reflection = document.GetReflection();
      reflection->SetString(&document, &FieldOf(document, kind_.id_column), id);
      reflection->SetInt32(&document, &FieldOf(document, "version"), static_cast<int32_t>(version));
      reflection->SetEnumValue(&document, &FieldOf(document, "state"), static_cast<int>(state));
      reflection->SetString(&document, &FieldOf(document, "created_by"), created_by);
      SetTime(document, "create_time", create_ms);
      SetTime(document, "update_time", update_ms);
      if (publish_indicator == soci::i_ok) SetTime(document, "publish_time", publish_ms);
      reflection->SetString(&document, &FieldOf(document, "etag"), absl::StrCat(row_version));
      stored.row_version = row_version;
    }
    return versions;
  }

  absl::Status NotFound(const std::string& id) const {
    return absl::NotFoundError(absl::StrCat(kind_.label, " '", id, "' not found"));
  }

  // The newest version; with `lock` on MariaDB the row stays locked until the transaction ends,
  // so that writers of one policy take turns (on SQLite the transaction holds the write lock).
  absl::StatusOr<StoredVersion> Newest(SessionPool::Lease& lease, const std::string& id,
                                       bool lock) const {
    BoundQuery query;
    query.Sql(SelectVersion())
        .Sql(absl::StrCat(" WHERE ", kind_.id_column, " = "))
        .Value(id)
        .Sql(" ORDER BY version DESC LIMIT 1");
    if (lock && lease.dialect() == Dialect::kMysql) query.Sql(" FOR UPDATE");
    std::vector<StoredVersion> versions = Fetch(lease.session(), query);
    if (versions.empty()) return NotFound(id);
    return std::move(versions.front());
  }

  absl::StatusOr<StoredVersion> One(soci::session& session, const std::string& id,
                                    long long version) const {
    BoundQuery query;
    query.Sql(SelectVersion())
        .Sql(absl::StrCat(" WHERE ", kind_.id_column, " = "))
        .Value(id)
        .Sql(" AND version = ")
        .Value(version);
    std::vector<StoredVersion> versions = Fetch(session, query);
    if (versions.empty()) {
      return absl::NotFoundError(absl::StrCat(kind_.label, " '", id, "' has no version ", version));
    }
    return std::move(versions.front());
  }

  void Audit(soci::session& session, const AuditStamp& stamp, const Message* before,
             const Message& after, absl::Time now) const {
    ChangedFields changed = DiffForAudit(before, after);
    const std::string resource =
        absl::StrCat(kind_.collection, "/", StringField(after, kind_.id_column), "/versions/",
                     after.GetReflection()->GetInt32(after, &FieldOf(after, "version")));
    AppendAuditEvent(session, stamp,
                     AuditChange{kind_.audit_type, resource, std::move(changed.before_json),
                                 std::move(changed.after_json)},
                     now);
  }

  std::map<std::string, std::string> Metadata(const std::string& id) const {
    return {{"resource", absl::StrCat(kind_.collection, "/", id)}};
  }

  absl::Status Stale(const std::string& id) const {
    return WithErrorInfo(absl::AbortedError(absl::StrCat(
                             kind_.label, " '", id,
                             "' was changed concurrently (etag mismatch); re-read and retry")),
                         kReasonEtagMismatch, Metadata(id));
  }

  void Insert(soci::session& session, const Message& document, long long version,
              long long row_version, const AuditStamp& stamp, long long now_ms) const {
    BoundQuery query;
    query
        .Sql(absl::StrCat("INSERT INTO ", kind_.table, " (", kind_.id_column,
                          ", version, title, state, content_json, created_by, create_ms,"
                          " update_ms, publish_ms, row_version) VALUES ("))
        .Value(StringField(document, kind_.id_column))
        .Sql(", ")
        .Value(version)
        .Sql(", ")
        .Value(StringField(document, "title"))
        .Sql(", ")
        .Value(static_cast<long long>(kDocumentDraft))
        .Sql(", ")
        .Value(ContentJson(document))
        .Sql(", ")
        .Value(stamp.principal)
        .Sql(", ")
        .Value(now_ms)
        .Sql(", ")
        .Value(now_ms)
        .Sql(", NULL, ")
        .Value(row_version)
        .Sql(")");
    query.Execute(session);
  }

  // `UPDATE <table> SET `, for the statements that change one version.
  std::string UpdateSet() const { return absl::StrCat("UPDATE ", kind_.table, " SET "); }
  std::string WhereId() const { return absl::StrCat(" WHERE ", kind_.id_column, " = "); }

 private:
  const VersionedDocumentKind& kind_;
  const Message& prototype_;
};

std::string Operation(const char* verb, const char* what) { return absl::StrCat(verb, what); }

}  // namespace

absl::StatusOr<Document> VersionedDocuments::Create(const Message& document,
                                                    const AuditStamp& stamp, absl::Time now) {
  const Store store(kind_, prototype_);
  const std::string id = StringField(document, kind_.id_column);
  absl::StatusOr<Document> created =
      WithSession(pool_, Operation("Create", kind_.operation),
                  [&](SessionPool::Lease& lease) -> absl::StatusOr<Document> {
                    Transaction transaction(lease.session(), lease.dialect());
                    store.Insert(lease.session(), document, 1, 1, stamp, absl::ToUnixMillis(now));
                    absl::StatusOr<StoredVersion> stored = store.One(lease.session(), id, 1);
                    if (!stored.ok()) return stored.status();
                    store.Audit(lease.session(), stamp, nullptr, *stored->document, now);
                    transaction.Commit();
                    return std::move(stored->document);
                  });
  if (absl::IsAlreadyExists(created.status())) {
    return WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat(kind_.label, " '", id, "' already exists")),
        kReasonDuplicateId, store.Metadata(id));
  }
  return created;
}

absl::StatusOr<Document> VersionedDocuments::Get(const std::string& id, int32_t version) {
  const Store store(kind_, prototype_);
  return WithSession(pool_, Operation("Get", kind_.operation),
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<Document> {
                       absl::StatusOr<StoredVersion> stored =
                           version == 0 ? store.Newest(lease, id, /*lock=*/false)
                                        : store.One(lease.session(), id, version);
                       if (!stored.ok()) return stored.status();
                       return std::move(stored->document);
                     });
}

absl::StatusOr<std::vector<Document>> VersionedDocuments::ListPublished(const std::string& id) {
  const Store store(kind_, prototype_);
  return WithSession(pool_, Operation("ListPublished", kind_.operations),
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<Document>> {
                       absl::StatusOr<StoredVersion> newest = store.Newest(lease, id, false);
                       if (!newest.ok()) return newest.status();
                       BoundQuery query;
                       query.Sql(store.SelectVersion())
                           .Sql(store.WhereId())
                           .Value(id)
                           .Sql(" AND publish_ms IS NOT NULL ORDER BY version");
                       std::vector<Document> documents;
                       for (StoredVersion& stored : store.Fetch(lease.session(), query)) {
                         documents.push_back(std::move(stored.document));
                       }
                       return documents;
                     });
}

absl::StatusOr<std::vector<Document>> VersionedDocuments::List(const std::string& after_id,
                                                               int state, int limit) {
  const Store store(kind_, prototype_);
  return WithSession(
      pool_, Operation("List", kind_.operations),
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<Document>> {
        BoundQuery query;
        query.Sql(store.SelectVersion())
            .Sql(absl::StrCat(" AS v WHERE ", kind_.id_column, " > "))
            .Value(after_id)
            .Sql(absl::StrCat(" AND version = (SELECT MAX(n.version) FROM ", kind_.table,
                              " AS n WHERE n.", kind_.id_column, " = v.", kind_.id_column, ")"));
        if (state != 0) query.Sql(" AND state = ").Value(static_cast<long long>(state));
        query.Sql(absl::StrCat(" ORDER BY ", kind_.id_column, " LIMIT "))
            .Value(static_cast<long long>(limit));
        std::vector<Document> documents;
        for (StoredVersion& stored : store.Fetch(lease.session(), query)) {
          documents.push_back(std::move(stored.document));
        }
        return documents;
      });
}

absl::StatusOr<Document> VersionedDocuments::Update(const Message& document,
                                                    int64_t expected_version,
                                                    const AuditStamp& stamp, absl::Time now) {
  const Store store(kind_, prototype_);
  const std::string id = StringField(document, kind_.id_column);
  return WithSession(
      pool_, Operation("Update", kind_.operation),
      [&](SessionPool::Lease& lease) -> absl::StatusOr<Document> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<StoredVersion> before = store.Newest(lease, id, /*lock=*/true);
        if (!before.ok()) return before.status();
        if (before->row_version != expected_version) return store.Stale(id);
        const long long now_ms = absl::ToUnixMillis(now);
        const long long version = before->version();
        if (before->state() == kDocumentDraft) {
          BoundQuery query;
          query.Sql(store.UpdateSet())
              .Sql("title = ")
              .Value(StringField(document, "title"))
              .Sql(", content_json = ")
              .Value(store.ContentJson(document))
              .Sql(", update_ms = ")
              .Value(now_ms)
              .Sql(", row_version = row_version + 1")
              .Sql(store.WhereId())
              .Value(id)
              .Sql(" AND version = ")
              .Value(version)
              .Sql(" AND row_version = ")
              .Value(static_cast<long long>(expected_version));
          if (query.Execute(lease.session()) == 0) return store.Stale(id);
          absl::StatusOr<StoredVersion> updated = store.One(lease.session(), id, version);
          if (!updated.ok()) return updated.status();
          store.Audit(lease.session(), stamp, before->document.get(), *updated->document, now);
          transaction.Commit();
          return std::move(updated->document);
        }
        // A published version never changes: the edit becomes the next version, as a draft.
        store.Insert(lease.session(), document, version + 1, before->row_version + 1, stamp,
                     now_ms);
        absl::StatusOr<StoredVersion> created = store.One(lease.session(), id, version + 1);
        if (!created.ok()) return created.status();
        store.Audit(lease.session(), stamp, nullptr, *created->document, now);
        transaction.Commit();
        return std::move(created->document);
      });
}

absl::StatusOr<Document> VersionedDocuments::Publish(const std::string& id,
                                                     int64_t expected_version,
                                                     const AuditStamp& stamp, absl::Time now) {
  const Store store(kind_, prototype_);
  return WithSession(
      pool_, Operation("Publish", kind_.operation),
      [&](SessionPool::Lease& lease) -> absl::StatusOr<Document> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<StoredVersion> draft = store.Newest(lease, id, /*lock=*/true);
        if (!draft.ok()) return draft.status();
        if (draft->state() != kDocumentDraft) {
          const std::string state = StateName(*draft->document, draft->state());
          return WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                                   kind_.label, " '", id, "' has no draft to publish: version ",
                                   draft->version(), " is ", state)),
                               kReasonInvalidStateTransition, {{"state", state}});
        }
        if (draft->row_version != expected_version) return store.Stale(id);
        const long long now_ms = absl::ToUnixMillis(now);

        BoundQuery previous_query;
        previous_query.Sql(store.SelectVersion())
            .Sql(store.WhereId())
            .Value(id)
            .Sql(" AND state = ")
            .Value(static_cast<long long>(kDocumentPublished));
        if (lease.dialect() == Dialect::kMysql) previous_query.Sql(" FOR UPDATE");
        std::vector<StoredVersion> previous = store.Fetch(lease.session(), previous_query);
        for (const StoredVersion& old : previous) {
          BoundQuery supersede;
          supersede.Sql(store.UpdateSet())
              .Sql("state = ")
              .Value(static_cast<long long>(kDocumentSuperseded))
              .Sql(", update_ms = ")
              .Value(now_ms)
              .Sql(", row_version = row_version + 1")
              .Sql(store.WhereId())
              .Value(id)
              .Sql(" AND version = ")
              .Value(static_cast<long long>(old.version()));
          supersede.Execute(lease.session());
        }

        const long long version = draft->version();
        BoundQuery query;
        query.Sql(store.UpdateSet())
            .Sql("state = ")
            .Value(static_cast<long long>(kDocumentPublished))
            .Sql(", publish_ms = ")
            .Value(now_ms)
            .Sql(", update_ms = ")
            .Value(now_ms)
            .Sql(", row_version = row_version + 1")
            .Sql(store.WhereId())
            .Value(id)
            .Sql(" AND version = ")
            .Value(version)
            .Sql(" AND row_version = ")
            .Value(static_cast<long long>(expected_version));
        if (query.Execute(lease.session()) == 0) return store.Stale(id);
        absl::StatusOr<StoredVersion> published = store.One(lease.session(), id, version);
        if (!published.ok()) return published.status();
        store.Audit(lease.session(), stamp, draft->document.get(), *published->document, now);
        for (const StoredVersion& old : previous) {
          absl::StatusOr<StoredVersion> superseded = store.One(lease.session(), id, old.version());
          if (!superseded.ok()) return superseded.status();
          store.Audit(lease.session(), stamp, old.document.get(), *superseded->document, now);
        }
        transaction.Commit();
        return std::move(published->document);
      });
}

}  // namespace escala::db
