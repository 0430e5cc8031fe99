#include "db/qa/soci_scorecard_repository.h"

#include <google/protobuf/struct.pb.h>
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

constexpr char kSelectVersion[] =
    "SELECT scorecard_id, version, state, content_json, created_by, create_ms, update_ms,"
    " publish_ms, retire_ms, row_version FROM scorecard_versions";

// A version as read, with the row_version kept apart from the etag text.
struct StoredVersion {
  v1::Scorecard scorecard;
  long long row_version = 0;
};

// The form only: what the caller controls. Output-only fields live in their own columns.
std::string ContentJson(const v1::Scorecard& scorecard) {
  v1::Scorecard content = scorecard;
  content.clear_version();
  content.clear_state();
  content.clear_created_by();
  content.clear_create_time();
  content.clear_update_time();
  content.clear_publish_time();
  content.clear_retire_time();
  content.clear_etag();
  return StoredJson(content, "scorecard content");
}

std::vector<StoredVersion> FetchVersions(soci::session& session, BoundQuery& query) {
  std::string scorecard_id, content_json, created_by;
  long long version = 0, state = 0, create_ms = 0, update_ms = 0, publish_ms = 0, retire_ms = 0,
            row_version = 0;
  soci::indicator publish_indicator = soci::i_null, retire_indicator = soci::i_null;
  soci::statement statement(session);
  statement.exchange(soci::into(scorecard_id));
  statement.exchange(soci::into(version));
  statement.exchange(soci::into(state));
  statement.exchange(soci::into(content_json));
  statement.exchange(soci::into(created_by));
  statement.exchange(soci::into(create_ms));
  statement.exchange(soci::into(update_ms));
  statement.exchange(soci::into(publish_ms, publish_indicator));
  statement.exchange(soci::into(retire_ms, retire_indicator));
  statement.exchange(soci::into(row_version));
  PrepareAndExecute(session, statement, query);
  std::vector<StoredVersion> versions;
  while (statement.fetch()) {
    StoredVersion& stored = versions.emplace_back();
    v1::Scorecard& scorecard = stored.scorecard;
    google::protobuf::util::JsonParseOptions options;
    // Content written by a newer server may carry fields this one does not know.
    options.ignore_unknown_fields = true;
    if (!google::protobuf::util::JsonStringToMessage(content_json, &scorecard, options).ok()) {
      throw soci::soci_error(absl::StrCat("scorecard '", scorecard_id, "' version ", version,
                                          ": stored content is not valid JSON"));
    }
    scorecard.set_scorecard_id(scorecard_id);
    scorecard.set_version(static_cast<int32_t>(version));
    scorecard.set_state(static_cast<v1::ScorecardState>(state));
    scorecard.set_created_by(created_by);
    *scorecard.mutable_create_time() = MillisToTimestamp(create_ms);
    *scorecard.mutable_update_time() = MillisToTimestamp(update_ms);
    if (publish_indicator == soci::i_ok) {
      *scorecard.mutable_publish_time() = MillisToTimestamp(publish_ms);
    }
    if (retire_indicator == soci::i_ok) {
      *scorecard.mutable_retire_time() = MillisToTimestamp(retire_ms);
    }
    scorecard.set_etag(absl::StrCat(row_version));
    stored.row_version = row_version;
  }
  return versions;
}

absl::Status ScorecardNotFound(const std::string& scorecard_id) {
  return absl::NotFoundError(absl::StrCat("scorecard '", scorecard_id, "' not found"));
}

// The newest version. With `lock` on MariaDB the row stays locked until the transaction ends, so
// that concurrent writers of one scorecard take turns (on SQLite the transaction holds the write
// lock). Every writer locks the newest version first, which also serialises inserting the next.
absl::StatusOr<StoredVersion> NewestVersion(SessionPool::Lease& lease,
                                            const std::string& scorecard_id, bool lock) {
  BoundQuery query;
  query.Sql(kSelectVersion)
      .Sql(" WHERE scorecard_id = ")
      .Value(scorecard_id)
      .Sql(" ORDER BY version DESC LIMIT 1");
  if (lock && lease.dialect() == Dialect::kMysql) query.Sql(" FOR UPDATE");
  std::vector<StoredVersion> versions = FetchVersions(lease.session(), query);
  if (versions.empty()) return ScorecardNotFound(scorecard_id);
  return std::move(versions.front());
}

absl::StatusOr<StoredVersion> OneVersion(soci::session& session, const std::string& scorecard_id,
                                         long long version) {
  BoundQuery query;
  query.Sql(kSelectVersion)
      .Sql(" WHERE scorecard_id = ")
      .Value(scorecard_id)
      .Sql(" AND version = ")
      .Value(version);
  std::vector<StoredVersion> versions = FetchVersions(session, query);
  if (versions.empty()) {
    return absl::NotFoundError(
        absl::StrCat("scorecard '", scorecard_id, "' has no version ", version));
  }
  return std::move(versions.front());
}

std::string ResourceName(const v1::Scorecard& scorecard) {
  return absl::StrCat("scorecards/", scorecard.scorecard_id(), "/versions/", scorecard.version());
}

// `json` (an object) with one more string member at its end.
std::string WithStringMember(const std::string& json, const std::string& name,
                             const std::string& value) {
  google::protobuf::Value text;
  text.set_string_value(value);
  std::string quoted;
  if (!google::protobuf::util::MessageToJsonString(text, &quoted).ok()) quoted = "\"\"";
  if (json.size() < 2 || json.back() != '}') return absl::StrCat("{\"", name, "\":", quoted, "}");
  std::string out = json.substr(0, json.size() - 1);
  if (out != "{") out += ",";
  absl::StrAppend(&out, "\"", name, "\":", quoted, "}");
  return out;
}

// Records one version's change in the open transaction; `before` is nullptr for a new version.
void AuditVersion(soci::session& session, const AuditStamp& stamp, const v1::Scorecard* before,
                  const v1::Scorecard& after, absl::Time now, const std::string& reason = "") {
  ChangedFields changed = DiffForAudit(before, after);
  if (!reason.empty()) changed.after_json = WithStringMember(changed.after_json, "reason", reason);
  AppendAuditEvent(session, stamp,
                   AuditChange{"scorecard", ResourceName(after), std::move(changed.before_json),
                               std::move(changed.after_json)},
                   now);
}

std::map<std::string, std::string> ScorecardMetadata(const std::string& scorecard_id) {
  return {{"resource", absl::StrCat("scorecards/", scorecard_id)}};
}

absl::Status Stale(const std::string& scorecard_id) {
  return WithErrorInfo(
      absl::AbortedError(absl::StrCat("scorecard '", scorecard_id,
                                      "' was changed concurrently (etag mismatch); re-read and "
                                      "retry")),
      kReasonEtagMismatch, ScorecardMetadata(scorecard_id));
}

absl::Status Retired(const std::string& scorecard_id, absl::string_view consequence) {
  return WithErrorInfo(absl::FailedPreconditionError(
                           absl::StrCat("scorecard '", scorecard_id, "' is retired ", consequence)),
                       kReasonScorecardRetired, ScorecardMetadata(scorecard_id));
}

void InsertVersion(soci::session& session, const v1::Scorecard& scorecard, long long version,
                   long long row_version, const AuditStamp& stamp, long long now_ms) {
  BoundQuery query;
  query
      .Sql(
          "INSERT INTO scorecard_versions (scorecard_id, version, title, state, content_json,"
          " created_by, create_ms, update_ms, publish_ms, retire_ms, row_version) VALUES (")
      .Value(scorecard.scorecard_id())
      .Sql(", ")
      .Value(version)
      .Sql(", ")
      .Value(scorecard.title())
      .Sql(", ")
      .Value(static_cast<long long>(v1::SCORECARD_STATE_DRAFT))
      .Sql(", ")
      .Value(ContentJson(scorecard))
      .Sql(", ")
      .Value(stamp.principal)
      .Sql(", ")
      .Value(now_ms)
      .Sql(", ")
      .Value(now_ms)
      .Sql(", NULL, NULL, ")
      .Value(row_version)
      .Sql(")");
  query.Execute(session);
}

}  // namespace

absl::StatusOr<v1::Scorecard> SociScorecardRepository::Create(const v1::Scorecard& scorecard,
                                                              const AuditStamp& stamp,
                                                              absl::Time now) {
  absl::StatusOr<v1::Scorecard> created = WithSession(
      pool_, "CreateScorecard", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Scorecard> {
        Transaction transaction(lease.session(), lease.dialect());
        InsertVersion(lease.session(), scorecard, 1, 1, stamp, absl::ToUnixMillis(now));
        absl::StatusOr<StoredVersion> stored =
            OneVersion(lease.session(), scorecard.scorecard_id(), 1);
        if (!stored.ok()) return stored.status();
        AuditVersion(lease.session(), stamp, nullptr, stored->scorecard, now);
        transaction.Commit();
        return std::move(stored->scorecard);
      });
  if (absl::IsAlreadyExists(created.status())) {
    return WithErrorInfo(absl::AlreadyExistsError(absl::StrCat(
                             "scorecard '", scorecard.scorecard_id(), "' already exists")),
                         kReasonDuplicateId, ScorecardMetadata(scorecard.scorecard_id()));
  }
  return created;
}

absl::StatusOr<v1::Scorecard> SociScorecardRepository::Get(const std::string& scorecard_id,
                                                           int32_t version) {
  return WithSession(pool_, "GetScorecard",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Scorecard> {
                       absl::StatusOr<StoredVersion> stored =
                           version == 0 ? NewestVersion(lease, scorecard_id, /*lock=*/false)
                                        : OneVersion(lease.session(), scorecard_id, version);
                       if (!stored.ok()) return stored.status();
                       return std::move(stored->scorecard);
                     });
}

absl::StatusOr<v1::Scorecard> SociScorecardRepository::GetPublished(
    const std::string& scorecard_id) {
  return WithSession(
      pool_, "GetPublishedScorecard",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Scorecard> {
        absl::StatusOr<StoredVersion> newest = NewestVersion(lease, scorecard_id, /*lock=*/false);
        if (!newest.ok()) return newest.status();
        if (newest->scorecard.state() == v1::SCORECARD_STATE_RETIRED) {
          return Retired(scorecard_id, "and cannot be used for new evaluations");
        }
        BoundQuery query;
        query.Sql(kSelectVersion)
            .Sql(" WHERE scorecard_id = ")
            .Value(scorecard_id)
            .Sql(" AND state = ")
            .Value(static_cast<long long>(v1::SCORECARD_STATE_PUBLISHED))
            .Sql(" ORDER BY version DESC LIMIT 1");
        std::vector<StoredVersion> published = FetchVersions(lease.session(), query);
        if (published.empty()) {
          return WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                                   "scorecard '", scorecard_id, "' has no published version")),
                               kReasonScorecardNotPublished, ScorecardMetadata(scorecard_id));
        }
        return std::move(published.front().scorecard);
      });
}

absl::StatusOr<std::vector<v1::Scorecard>> SociScorecardRepository::List(
    const std::string& after_scorecard_id, v1::ScorecardState state, int limit) {
  return WithSession(
      pool_, "ListScorecards",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Scorecard>> {
        BoundQuery query;
        query.Sql(kSelectVersion)
            .Sql(" AS v WHERE scorecard_id > ")
            .Value(after_scorecard_id)
            .Sql(
                " AND version = (SELECT MAX(n.version) FROM scorecard_versions AS n"
                " WHERE n.scorecard_id = v.scorecard_id)");
        if (state != v1::SCORECARD_STATE_UNSPECIFIED) {
          query.Sql(" AND state = ").Value(static_cast<long long>(state));
        }
        query.Sql(" ORDER BY scorecard_id LIMIT ").Value(static_cast<long long>(limit));
        std::vector<v1::Scorecard> scorecards;
        for (StoredVersion& stored : FetchVersions(lease.session(), query)) {
          scorecards.push_back(std::move(stored.scorecard));
        }
        return scorecards;
      });
}

absl::StatusOr<std::vector<v1::Scorecard>> SociScorecardRepository::ListVersions(
    const std::string& scorecard_id, int32_t before_version, int limit) {
  return WithSession(
      pool_, "ListScorecardVersions",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Scorecard>> {
        BoundQuery query;
        query.Sql(kSelectVersion).Sql(" WHERE scorecard_id = ").Value(scorecard_id);
        if (before_version > 0) {
          query.Sql(" AND version < ").Value(static_cast<long long>(before_version));
        }
        query.Sql(" ORDER BY version DESC LIMIT ").Value(static_cast<long long>(limit));
        std::vector<v1::Scorecard> scorecards;
        for (StoredVersion& stored : FetchVersions(lease.session(), query)) {
          scorecards.push_back(std::move(stored.scorecard));
        }
        return scorecards;
      });
}

absl::StatusOr<v1::Scorecard> SociScorecardRepository::Update(const v1::Scorecard& scorecard,
                                                              int64_t expected_version,
                                                              const AuditStamp& stamp,
                                                              absl::Time now) {
  const std::string& id = scorecard.scorecard_id();
  return WithSession(
      pool_, "UpdateScorecard", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Scorecard> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<StoredVersion> before = NewestVersion(lease, id, /*lock=*/true);
        if (!before.ok()) return before.status();
        if (before->scorecard.state() == v1::SCORECARD_STATE_RETIRED) {
          return Retired(id, "and can no longer be changed");
        }
        if (before->row_version != expected_version) return Stale(id);
        const long long now_ms = absl::ToUnixMillis(now);
        const long long version = before->scorecard.version();
        if (before->scorecard.state() == v1::SCORECARD_STATE_DRAFT) {
          BoundQuery query;
          query.Sql("UPDATE scorecard_versions SET title = ")
              .Value(scorecard.title())
              .Sql(", content_json = ")
              .Value(ContentJson(scorecard))
              .Sql(", update_ms = ")
              .Value(now_ms)
              .Sql(", row_version = row_version + 1 WHERE scorecard_id = ")
              .Value(id)
              .Sql(" AND version = ")
              .Value(version)
              .Sql(" AND row_version = ")
              .Value(static_cast<long long>(expected_version));
          // The row-version check stays in the UPDATE too, so a row that was not locked after all
          // is never overwritten blindly.
          if (query.Execute(lease.session()) == 0) return Stale(id);
          absl::StatusOr<StoredVersion> updated = OneVersion(lease.session(), id, version);
          if (!updated.ok()) return updated.status();
          AuditVersion(lease.session(), stamp, &before->scorecard, updated->scorecard, now);
          transaction.Commit();
          return std::move(updated->scorecard);
        }
        // A published version never changes: the edit becomes the next version, as a draft.
        InsertVersion(lease.session(), scorecard, version + 1, before->row_version + 1, stamp,
                      now_ms);
        absl::StatusOr<StoredVersion> created = OneVersion(lease.session(), id, version + 1);
        if (!created.ok()) return created.status();
        AuditVersion(lease.session(), stamp, nullptr, created->scorecard, now);
        transaction.Commit();
        return std::move(created->scorecard);
      });
}

absl::StatusOr<v1::Scorecard> SociScorecardRepository::Publish(const std::string& scorecard_id,
                                                               int64_t expected_version,
                                                               const AuditStamp& stamp,
                                                               absl::Time now) {
  return WithSession(
      pool_, "PublishScorecard", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Scorecard> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<StoredVersion> draft = NewestVersion(lease, scorecard_id, /*lock=*/true);
        if (!draft.ok()) return draft.status();
        if (draft->scorecard.state() == v1::SCORECARD_STATE_RETIRED) {
          return Retired(scorecard_id, "and can no longer be changed");
        }
        if (draft->scorecard.state() != v1::SCORECARD_STATE_DRAFT) {
          return absl::FailedPreconditionError(
              absl::StrCat("scorecard '", scorecard_id, "' has no draft to publish: version ",
                           draft->scorecard.version(), " is ",
                           v1::ScorecardState_Name(draft->scorecard.state())));
        }
        if (draft->row_version != expected_version) return Stale(scorecard_id);
        const long long now_ms = absl::ToUnixMillis(now);

        BoundQuery previous_query;
        previous_query.Sql(kSelectVersion)
            .Sql(" WHERE scorecard_id = ")
            .Value(scorecard_id)
            .Sql(" AND state = ")
            .Value(static_cast<long long>(v1::SCORECARD_STATE_PUBLISHED));
        if (lease.dialect() == Dialect::kMysql) previous_query.Sql(" FOR UPDATE");
        std::vector<StoredVersion> previous = FetchVersions(lease.session(), previous_query);
        for (const StoredVersion& old : previous) {
          BoundQuery supersede;
          supersede.Sql("UPDATE scorecard_versions SET state = ")
              .Value(static_cast<long long>(v1::SCORECARD_STATE_SUPERSEDED))
              .Sql(", update_ms = ")
              .Value(now_ms)
              .Sql(", row_version = row_version + 1 WHERE scorecard_id = ")
              .Value(scorecard_id)
              .Sql(" AND version = ")
              .Value(static_cast<long long>(old.scorecard.version()));
          supersede.Execute(lease.session());
        }

        const long long version = draft->scorecard.version();
        BoundQuery query;
        query.Sql("UPDATE scorecard_versions SET state = ")
            .Value(static_cast<long long>(v1::SCORECARD_STATE_PUBLISHED))
            .Sql(", publish_ms = ")
            .Value(now_ms)
            .Sql(", update_ms = ")
            .Value(now_ms)
            .Sql(", row_version = row_version + 1 WHERE scorecard_id = ")
            .Value(scorecard_id)
            .Sql(" AND version = ")
            .Value(version)
            .Sql(" AND row_version = ")
            .Value(static_cast<long long>(expected_version));
        if (query.Execute(lease.session()) == 0) return Stale(scorecard_id);
        absl::StatusOr<StoredVersion> published =
            OneVersion(lease.session(), scorecard_id, version);
        if (!published.ok()) return published.status();
        AuditVersion(lease.session(), stamp, &draft->scorecard, published->scorecard, now);
        for (const StoredVersion& old : previous) {
          absl::StatusOr<StoredVersion> superseded =
              OneVersion(lease.session(), scorecard_id, old.scorecard.version());
          if (!superseded.ok()) return superseded.status();
          AuditVersion(lease.session(), stamp, &old.scorecard, superseded->scorecard, now);
        }
        transaction.Commit();
        return std::move(published->scorecard);
      });
}

absl::StatusOr<v1::Scorecard> SociScorecardRepository::Retire(const std::string& scorecard_id,
                                                              const std::string& reason,
                                                              const AuditStamp& stamp,
                                                              absl::Time now) {
  return WithSession(
      pool_, "RetireScorecard", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Scorecard> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<StoredVersion> newest = NewestVersion(lease, scorecard_id, /*lock=*/true);
        if (!newest.ok()) return newest.status();
        if (newest->scorecard.state() == v1::SCORECARD_STATE_RETIRED) {
          return Retired(scorecard_id, "already");
        }
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery query;
        query.Sql("UPDATE scorecard_versions SET state = ")
            .Value(static_cast<long long>(v1::SCORECARD_STATE_RETIRED))
            .Sql(", retire_ms = ")
            .Value(now_ms)
            .Sql(", update_ms = ")
            .Value(now_ms)
            .Sql(", row_version = row_version + 1 WHERE scorecard_id = ")
            .Value(scorecard_id);
        query.Execute(lease.session());
        absl::StatusOr<StoredVersion> retired =
            OneVersion(lease.session(), scorecard_id, newest->scorecard.version());
        if (!retired.ok()) return retired.status();
        // One event, on the newest version: retiring is one decision about the whole scorecard.
        AuditVersion(lease.session(), stamp, &newest->scorecard, retired->scorecard, now, reason);
        transaction.Commit();
        return std::move(retired->scorecard);
      });
}

}  // namespace escala::db
