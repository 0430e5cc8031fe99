#include "db/sla/soci_sla_policy_repository.h"

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
#include "db/core/transaction.h"
#include "db/core/with_session.h"
#include "db/interactions/priority_change_log.h"

namespace escala::db {
namespace {

constexpr char kSelectVersion[] =
    "SELECT sla_policy_id, version, state, content_json, created_by, create_ms, update_ms,"
    " publish_ms, row_version FROM sla_policy_versions";

// A version as read, with the row_version kept apart from the etag text.
struct StoredVersion {
  v1::SlaPolicy policy;
  long long row_version = 0;
};

// The content only: what the caller controls. Output-only fields live in their own columns.
std::string ContentJson(const v1::SlaPolicy& policy) {
  v1::SlaPolicy content = policy;
  content.clear_sla_policy_id();
  content.clear_version();
  content.clear_state();
  content.clear_created_by();
  content.clear_create_time();
  content.clear_update_time();
  content.clear_publish_time();
  content.clear_etag();
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(content, &json, options).ok()) {
    throw soci::soci_error("SLA policy content could not be written as JSON");
  }
  return json;
}

std::vector<StoredVersion> FetchVersions(soci::session& session, BoundQuery& query) {
  std::string sla_policy_id, content_json, created_by;
  long long version = 0, state = 0, create_ms = 0, update_ms = 0, publish_ms = 0, row_version = 0;
  soci::indicator publish_indicator = soci::i_null;
  soci::statement statement(session);
  statement.exchange(soci::into(sla_policy_id));
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
    v1::SlaPolicy& policy = stored.policy;
    google::protobuf::util::JsonParseOptions options;
    // Content written by a newer server may carry fields this one does not know.
    options.ignore_unknown_fields = true;
    if (!google::protobuf::util::JsonStringToMessage(content_json, &policy, options).ok()) {
      throw soci::soci_error(absl::StrCat("SLA policy '", sla_policy_id, "' version ", version,
                                          ": stored content is not valid JSON"));
    }
    policy.set_sla_policy_id(sla_policy_id);
    policy.set_version(static_cast<int32_t>(version));
    policy.set_state(static_cast<v1::SlaPolicyState>(state));
    policy.set_created_by(created_by);
    *policy.mutable_create_time() = MillisToTimestamp(create_ms);
    *policy.mutable_update_time() = MillisToTimestamp(update_ms);
    if (publish_indicator == soci::i_ok) {
      *policy.mutable_publish_time() = MillisToTimestamp(publish_ms);
    }
    policy.set_etag(absl::StrCat(row_version));
    stored.row_version = row_version;
  }
  return versions;
}

absl::Status PolicyNotFound(const std::string& sla_policy_id) {
  return absl::NotFoundError(absl::StrCat("SLA policy '", sla_policy_id, "' not found"));
}

// The newest version; with `lock` on MariaDB the row stays locked until the transaction ends, so
// that writers of one policy take turns (on SQLite the transaction holds the write lock).
absl::StatusOr<StoredVersion> NewestVersion(SessionPool::Lease& lease,
                                            const std::string& sla_policy_id, bool lock) {
  BoundQuery query;
  query.Sql(kSelectVersion)
      .Sql(" WHERE sla_policy_id = ")
      .Value(sla_policy_id)
      .Sql(" ORDER BY version DESC LIMIT 1");
  if (lock && lease.dialect() == Dialect::kMysql) query.Sql(" FOR UPDATE");
  std::vector<StoredVersion> versions = FetchVersions(lease.session(), query);
  if (versions.empty()) return PolicyNotFound(sla_policy_id);
  return std::move(versions.front());
}

absl::StatusOr<StoredVersion> OneVersion(soci::session& session, const std::string& sla_policy_id,
                                         long long version) {
  BoundQuery query;
  query.Sql(kSelectVersion)
      .Sql(" WHERE sla_policy_id = ")
      .Value(sla_policy_id)
      .Sql(" AND version = ")
      .Value(version);
  std::vector<StoredVersion> versions = FetchVersions(session, query);
  if (versions.empty()) {
    return absl::NotFoundError(
        absl::StrCat("SLA policy '", sla_policy_id, "' has no version ", version));
  }
  return std::move(versions.front());
}

std::string ResourceName(const v1::SlaPolicy& policy) {
  return absl::StrCat("slaPolicies/", policy.sla_policy_id(), "/versions/", policy.version());
}

void AuditVersion(soci::session& session, const AuditStamp& stamp, const v1::SlaPolicy* before,
                  const v1::SlaPolicy& after, absl::Time now) {
  ChangedFields changed = DiffForAudit(before, after);
  AppendAuditEvent(session, stamp,
                   AuditChange{"sla_policy", ResourceName(after), std::move(changed.before_json),
                               std::move(changed.after_json)},
                   now);
}

std::map<std::string, std::string> PolicyMetadata(const std::string& sla_policy_id) {
  return {{"resource", absl::StrCat("slaPolicies/", sla_policy_id)}};
}

absl::Status Stale(const std::string& sla_policy_id) {
  return WithErrorInfo(
      absl::AbortedError(absl::StrCat("SLA policy '", sla_policy_id,
                                      "' was changed concurrently (etag mismatch); re-read and "
                                      "retry")),
      kReasonEtagMismatch, PolicyMetadata(sla_policy_id));
}

void InsertVersion(soci::session& session, const v1::SlaPolicy& policy, long long version,
                   long long row_version, const AuditStamp& stamp, long long now_ms) {
  BoundQuery query;
  query
      .Sql(
          "INSERT INTO sla_policy_versions (sla_policy_id, version, title, state, content_json,"
          " created_by, create_ms, update_ms, publish_ms, row_version) VALUES (")
      .Value(policy.sla_policy_id())
      .Sql(", ")
      .Value(version)
      .Sql(", ")
      .Value(policy.title())
      .Sql(", ")
      .Value(static_cast<long long>(v1::SLA_POLICY_STATE_DRAFT))
      .Sql(", ")
      .Value(ContentJson(policy))
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

}  // namespace

absl::StatusOr<v1::SlaPolicy> SociSlaPolicyRepository::Create(const v1::SlaPolicy& policy,
                                                              const AuditStamp& stamp,
                                                              absl::Time now) {
  absl::StatusOr<v1::SlaPolicy> created = WithSession(
      pool_, "CreateSlaPolicy", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::SlaPolicy> {
        Transaction transaction(lease.session(), lease.dialect());
        InsertVersion(lease.session(), policy, 1, 1, stamp, absl::ToUnixMillis(now));
        absl::StatusOr<StoredVersion> stored =
            OneVersion(lease.session(), policy.sla_policy_id(), 1);
        if (!stored.ok()) return stored.status();
        AuditVersion(lease.session(), stamp, nullptr, stored->policy, now);
        transaction.Commit();
        return std::move(stored->policy);
      });
  if (absl::IsAlreadyExists(created.status())) {
    return WithErrorInfo(absl::AlreadyExistsError(absl::StrCat(
                             "SLA policy '", policy.sla_policy_id(), "' already exists")),
                         kReasonDuplicateId, PolicyMetadata(policy.sla_policy_id()));
  }
  return created;
}

absl::StatusOr<v1::SlaPolicy> SociSlaPolicyRepository::Get(const std::string& sla_policy_id,
                                                           int32_t version) {
  return WithSession(pool_, "GetSlaPolicy",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::SlaPolicy> {
                       absl::StatusOr<StoredVersion> stored =
                           version == 0 ? NewestVersion(lease, sla_policy_id, /*lock=*/false)
                                        : OneVersion(lease.session(), sla_policy_id, version);
                       if (!stored.ok()) return stored.status();
                       return std::move(stored->policy);
                     });
}

absl::StatusOr<std::vector<v1::SlaPolicy>> SociSlaPolicyRepository::ListPublished(
    const std::string& sla_policy_id) {
  return WithSession(pool_, "ListPublishedSlaPolicies",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::SlaPolicy>> {
                       absl::StatusOr<StoredVersion> newest =
                           NewestVersion(lease, sla_policy_id, false);
                       if (!newest.ok()) return newest.status();
                       BoundQuery query;
                       query.Sql(kSelectVersion)
                           .Sql(" WHERE sla_policy_id = ")
                           .Value(sla_policy_id)
                           .Sql(" AND publish_ms IS NOT NULL ORDER BY version");
                       std::vector<v1::SlaPolicy> policies;
                       for (StoredVersion& stored : FetchVersions(lease.session(), query)) {
                         policies.push_back(std::move(stored.policy));
                       }
                       return policies;
                     });
}

absl::StatusOr<std::vector<v1::SlaPolicy>> SociSlaPolicyRepository::List(
    const std::string& after_id, v1::SlaPolicyState state, int limit) {
  return WithSession(
      pool_, "ListSlaPolicies",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::SlaPolicy>> {
        BoundQuery query;
        query.Sql(kSelectVersion)
            .Sql(" AS v WHERE sla_policy_id > ")
            .Value(after_id)
            .Sql(
                " AND version = (SELECT MAX(n.version) FROM sla_policy_versions AS n"
                " WHERE n.sla_policy_id = v.sla_policy_id)");
        if (state != v1::SLA_POLICY_STATE_UNSPECIFIED) {
          query.Sql(" AND state = ").Value(static_cast<long long>(state));
        }
        query.Sql(" ORDER BY sla_policy_id LIMIT ").Value(static_cast<long long>(limit));
        std::vector<v1::SlaPolicy> policies;
        for (StoredVersion& stored : FetchVersions(lease.session(), query)) {
          policies.push_back(std::move(stored.policy));
        }
        return policies;
      });
}

absl::StatusOr<v1::SlaPolicy> SociSlaPolicyRepository::Update(const v1::SlaPolicy& policy,
                                                              int64_t expected_version,
                                                              const AuditStamp& stamp,
                                                              absl::Time now) {
  const std::string& id = policy.sla_policy_id();
  return WithSession(
      pool_, "UpdateSlaPolicy", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::SlaPolicy> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<StoredVersion> before = NewestVersion(lease, id, /*lock=*/true);
        if (!before.ok()) return before.status();
        if (before->row_version != expected_version) return Stale(id);
        const long long now_ms = absl::ToUnixMillis(now);
        const long long version = before->policy.version();
        if (before->policy.state() == v1::SLA_POLICY_STATE_DRAFT) {
          BoundQuery query;
          query.Sql("UPDATE sla_policy_versions SET title = ")
              .Value(policy.title())
              .Sql(", content_json = ")
              .Value(ContentJson(policy))
              .Sql(", update_ms = ")
              .Value(now_ms)
              .Sql(", row_version = row_version + 1 WHERE sla_policy_id = ")
              .Value(id)
              .Sql(" AND version = ")
              .Value(version)
              .Sql(" AND row_version = ")
              .Value(static_cast<long long>(expected_version));
          if (query.Execute(lease.session()) == 0) return Stale(id);
          absl::StatusOr<StoredVersion> updated = OneVersion(lease.session(), id, version);
          if (!updated.ok()) return updated.status();
          AuditVersion(lease.session(), stamp, &before->policy, updated->policy, now);
          transaction.Commit();
          return std::move(updated->policy);
        }
        // A published version never changes: the edit becomes the next version, as a draft.
        InsertVersion(lease.session(), policy, version + 1, before->row_version + 1, stamp, now_ms);
        absl::StatusOr<StoredVersion> created = OneVersion(lease.session(), id, version + 1);
        if (!created.ok()) return created.status();
        AuditVersion(lease.session(), stamp, nullptr, created->policy, now);
        transaction.Commit();
        return std::move(created->policy);
      });
}

absl::StatusOr<v1::SlaPolicy> SociSlaPolicyRepository::Publish(const std::string& sla_policy_id,
                                                               int64_t expected_version,
                                                               const AuditStamp& stamp,
                                                               absl::Time now) {
  return WithSession(
      pool_, "PublishSlaPolicy", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::SlaPolicy> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<StoredVersion> draft = NewestVersion(lease, sla_policy_id, /*lock=*/true);
        if (!draft.ok()) return draft.status();
        if (draft->policy.state() != v1::SLA_POLICY_STATE_DRAFT) {
          return WithErrorInfo(
              absl::FailedPreconditionError(absl::StrCat(
                  "SLA policy '", sla_policy_id, "' has no draft to publish: version ",
                  draft->policy.version(), " is ", v1::SlaPolicyState_Name(draft->policy.state()))),
              kReasonInvalidStateTransition,
              {{"state", v1::SlaPolicyState_Name(draft->policy.state())}});
        }
        if (draft->row_version != expected_version) return Stale(sla_policy_id);
        const long long now_ms = absl::ToUnixMillis(now);

        BoundQuery previous_query;
        previous_query.Sql(kSelectVersion)
            .Sql(" WHERE sla_policy_id = ")
            .Value(sla_policy_id)
            .Sql(" AND state = ")
            .Value(static_cast<long long>(v1::SLA_POLICY_STATE_PUBLISHED));
        if (lease.dialect() == Dialect::kMysql) previous_query.Sql(" FOR UPDATE");
        std::vector<StoredVersion> previous = FetchVersions(lease.session(), previous_query);
        for (const StoredVersion& old : previous) {
          BoundQuery supersede;
          supersede.Sql("UPDATE sla_policy_versions SET state = ")
              .Value(static_cast<long long>(v1::SLA_POLICY_STATE_SUPERSEDED))
              .Sql(", update_ms = ")
              .Value(now_ms)
              .Sql(", row_version = row_version + 1 WHERE sla_policy_id = ")
              .Value(sla_policy_id)
              .Sql(" AND version = ")
              .Value(static_cast<long long>(old.policy.version()));
          supersede.Execute(lease.session());
        }

        const long long version = draft->policy.version();
        BoundQuery query;
        query.Sql("UPDATE sla_policy_versions SET state = ")
            .Value(static_cast<long long>(v1::SLA_POLICY_STATE_PUBLISHED))
            .Sql(", publish_ms = ")
            .Value(now_ms)
            .Sql(", update_ms = ")
            .Value(now_ms)
            .Sql(", row_version = row_version + 1 WHERE sla_policy_id = ")
            .Value(sla_policy_id)
            .Sql(" AND version = ")
            .Value(version)
            .Sql(" AND row_version = ")
            .Value(static_cast<long long>(expected_version));
        if (query.Execute(lease.session()) == 0) return Stale(sla_policy_id);
        absl::StatusOr<StoredVersion> published =
            OneVersion(lease.session(), sla_policy_id, version);
        if (!published.ok()) return published.status();
        AuditVersion(lease.session(), stamp, &draft->policy, published->policy, now);
        for (const StoredVersion& old : previous) {
          absl::StatusOr<StoredVersion> superseded =
              OneVersion(lease.session(), sla_policy_id, old.policy.version());
          if (!superseded.ok()) return superseded.status();
          AuditVersion(lease.session(), stamp, &old.policy, superseded->policy, now);
        }
        transaction.Commit();
        return std::move(published->policy);
      });
}

absl::StatusOr<std::map<int64_t, std::vector<PriorityChangeRow>>>
SociSlaPolicyRepository::ListPriorityChanges(const std::vector<int64_t>& interaction_ids) {
  if (interaction_ids.size() > 1000) {
    return absl::InvalidArgumentError("at most 1000 interactions per priority-history read");
  }
  return WithSession(pool_, "ListPriorityChanges",
                     [&](SessionPool::Lease& lease)
                         -> absl::StatusOr<std::map<int64_t, std::vector<PriorityChangeRow>>> {
                       return ReadPriorityChanges(lease.session(), interaction_ids);
                     });
}

}  // namespace escala::db
