#include "db/promotion/soci_regression_flag_repository.h"

#include <soci/soci.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/event_bell.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/last_insert_id.h"
#include "db/core/stored_json.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"
#include "db/events/outbox.h"
#include "db/promotion/content_rows.h"
#include "db/promotion/regression_flag_events.h"

namespace escala::db {
namespace {

constexpr char kSelectFlag[] =
    "SELECT id, content_json, create_ms, update_ms, row_version FROM regression_flags";

std::string FlagResource(int64_t id) { return absl::StrCat("regressionFlags/", id); }

// The flag without what its own columns hold (id, times, etag): the stored content_json.
std::string FlagContentJson(const v1::RegressionFlag& flag) {
  v1::RegressionFlag content = flag;
  content.clear_id();
  content.clear_raise_time();
  content.clear_update_time();
  content.clear_etag();
  return StoredJson(content, "regression flag content");
}

// The case an open flag holds (NULL, which a unique index never compares, once it is closed).
std::optional<long long> OpenCaseOf(const v1::RegressionFlag& flag) {
  if (!IsOpenFlagState(flag.state())) return std::nullopt;
  return static_cast<long long>(flag.promotion_case_id());
}

using StoredFlag = ContentRow<v1::RegressionFlag>;

std::vector<StoredFlag> FetchFlags(soci::session& session, BoundQuery& query) {
  return FetchContentRows<v1::RegressionFlag>(
      session, query, "regression flag",
      [](v1::RegressionFlag& flag, long long create_ms, long long update_ms) {
        *flag.mutable_raise_time() = MillisToTimestamp(create_ms);
        *flag.mutable_update_time() = MillisToTimestamp(update_ms);
      });
}

// The flag as stored, or nullopt; with `lock` on MariaDB the row stays locked until the
// transaction ends (on SQLite the transaction holds the write lock).
std::optional<StoredFlag> OneFlag(SessionPool::Lease& lease, long long id, bool lock) {
  BoundQuery query;
  query.Sql(kSelectFlag).Sql(" WHERE id = ").Value(id);
  if (lock && lease.dialect() == Dialect::kMysql) query.Sql(" FOR UPDATE");
  std::vector<StoredFlag> rows = FetchFlags(lease.session(), query);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

// The open flag of a case, or nullopt.
std::optional<StoredFlag> OpenFlagOf(SessionPool::Lease& lease, int64_t promotion_case_id) {
  BoundQuery query;
  query.Sql(kSelectFlag)
      .Sql(" WHERE open_case_id = ")
      .Value(static_cast<long long>(promotion_case_id));
  std::vector<StoredFlag> rows = FetchFlags(lease.session(), query);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

absl::Status FlagNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("regression flag ", id, " not found"));
}

absl::Status StaleFlag(int64_t id) {
  return WithErrorInfo(
      absl::AbortedError(absl::StrCat(
          "regression flag ", id, " was changed concurrently (etag mismatch); re-read and retry")),
      kReasonEtagMismatch, {{"resource", FlagResource(id)}});
}

// The audit event and the feed events of one change, on the change's transaction.
void RecordChange(SessionPool::Lease& lease, const AuditStamp& stamp,
                  const v1::RegressionFlag* before, const v1::RegressionFlag& after,
                  absl::Time now) {
  ChangedFields changed = DiffForAudit(before, after);
  AppendAuditEvent(lease.session(), stamp,
                   AuditChange{"regression_flag", FlagResource(after.id()),
                               std::move(changed.before_json), std::move(changed.after_json)},
                   now);
  AppendEvents(lease.session(), lease.dialect(), RegressionFlagEvents(before, after, now), now);
}

}  // namespace

absl::StatusOr<RaisedFlag> SociRegressionFlagRepository::Raise(const v1::RegressionFlag& flag,
                                                               const AuditStamp& stamp,
                                                               absl::Time now) {
  absl::StatusOr<RaisedFlag> raised = WithSession(
      pool_, "RaiseRegressionFlag", [&](SessionPool::Lease& lease) -> absl::StatusOr<RaisedFlag> {
        Transaction transaction(lease.session(), lease.dialect());
        if (std::optional<StoredFlag> open = OpenFlagOf(lease, flag.promotion_case_id())) {
          return RaisedFlag{std::move(open->message), false};
        }
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery query;
        query
            .Sql(
                "INSERT INTO regression_flags (employee_id, team_id, promotion_case_id,"
                " promotion_policy_id, promotion_policy_version, state, open_case_id,"
                " content_json, create_ms, update_ms, row_version) VALUES (")
            .Value(flag.employee_id())
            .Sql(", ")
            .Value(NullIfEmpty(flag.team_id()))
            .Sql(", ")
            .Value(static_cast<long long>(flag.promotion_case_id()))
            .Sql(", ")
            .Value(flag.promotion_policy_id())
            .Sql(", ")
            .Value(static_cast<long long>(flag.promotion_policy_version()))
            .Sql(", ")
            .Value(static_cast<long long>(flag.state()))
            .Sql(", ")
            .Value(OpenCaseOf(flag))
            .Sql(", ")
            .Value(FlagContentJson(flag))
            .Sql(", ")
            .Value(now_ms)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", 1)");
        query.Execute(lease.session());
        const long long id = LastInsertId(lease, "regression_flags");
        std::optional<StoredFlag> stored = OneFlag(lease, id, false);
        if (!stored.has_value()) return absl::InternalError("regression flag vanished on insert");
        RecordChange(lease, stamp, nullptr, stored->message, now);
        transaction.Commit();
        RingEventBell();
        return RaisedFlag{std::move(stored->message), true};
      });
  if (absl::IsAlreadyExists(raised.status())) {
    // A concurrent check raised the case's flag between the lookup and the insert.
    return WithSession(pool_, "FindOpenRegressionFlag",
                       [&](SessionPool::Lease& lease) -> absl::StatusOr<RaisedFlag> {
                         std::optional<StoredFlag> open =
                             OpenFlagOf(lease, flag.promotion_case_id());
                         if (!open.has_value()) {
                           return absl::AbortedError(
                               absl::StrCat("regression flag: the open flag of case ",
                                            flag.promotion_case_id(), " closed meanwhile; retry"));
                         }
                         return RaisedFlag{std::move(open->message), false};
                       });
  }
  if (absl::IsFailedPrecondition(raised.status())) {
    return absl::FailedPreconditionError(absl::StrCat("regression flag: person '",
                                                      flag.employee_id(), "' or promotion case ",
                                                      flag.promotion_case_id(), " does not exist"));
  }
  return raised;
}

absl::StatusOr<v1::RegressionFlag> SociRegressionFlagRepository::Get(int64_t id) {
  return WithSession(pool_, "GetRegressionFlag",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::RegressionFlag> {
                       std::optional<StoredFlag> stored =
                           OneFlag(lease, static_cast<long long>(id), false);
                       if (!stored.has_value()) return FlagNotFound(id);
                       return std::move(stored->message);
                     });
}

absl::StatusOr<std::vector<v1::RegressionFlag>> SociRegressionFlagRepository::ListOfCase(
    int64_t promotion_case_id) {
  return WithSession(
      pool_, "ListRegressionFlagsOfCase",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::RegressionFlag>> {
        BoundQuery query;
        query.Sql(kSelectFlag)
            .Sql(" WHERE promotion_case_id = ")
            .Value(static_cast<long long>(promotion_case_id))
            .Sql(" ORDER BY id");
        std::vector<v1::RegressionFlag> flags;
        for (StoredFlag& stored : FetchFlags(lease.session(), query)) {
          flags.push_back(std::move(stored.message));
        }
        return flags;
      });
}

absl::StatusOr<std::vector<v1::RegressionFlag>> SociRegressionFlagRepository::List(
    const RegressionFlagFilter& filter, int64_t before_id, int limit) {
  return WithSession(
      pool_, "ListRegressionFlags",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::RegressionFlag>> {
        BoundQuery query;
        query.Sql(kSelectFlag).Sql(" WHERE 1 = 1");
        if (before_id > 0) query.Sql(" AND id < ").Value(static_cast<long long>(before_id));
        if (filter.state != v1::REGRESSION_FLAG_STATE_UNSPECIFIED) {
          query.Sql(" AND state = ").Value(static_cast<long long>(filter.state));
        }
        if (!filter.team_id.empty()) query.Sql(" AND team_id = ").Value(filter.team_id);
        if (!filter.employee_id.empty()) query.Sql(" AND employee_id = ").Value(filter.employee_id);
        query.Sql(" ORDER BY id DESC LIMIT ").Value(static_cast<long long>(limit));
        std::vector<v1::RegressionFlag> flags;
        for (StoredFlag& stored : FetchFlags(lease.session(), query)) {
          flags.push_back(std::move(stored.message));
        }
        return flags;
      });
}

absl::StatusOr<v1::RegressionFlag> SociRegressionFlagRepository::Update(
    const v1::RegressionFlag& after, int64_t expected_version, const AuditStamp& stamp,
    absl::Time now) {
  absl::StatusOr<v1::RegressionFlag> updated = WithSession(
      pool_, "UpdateRegressionFlag",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::RegressionFlag> {
        Transaction transaction(lease.session(), lease.dialect());
        const long long id = static_cast<long long>(after.id());
        std::optional<StoredFlag> before = OneFlag(lease, id, true);
        if (!before.has_value()) return FlagNotFound(after.id());
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery query;
        query.Sql("UPDATE regression_flags SET state = ")
            .Value(static_cast<long long>(after.state()))
            .Sql(", open_case_id = ")
            .Value(OpenCaseOf(after))
            .Sql(", content_json = ")
            .Value(FlagContentJson(after))
            .Sql(", update_ms = ")
            .Value(now_ms)
            .Sql(", row_version = row_version + 1 WHERE id = ")
            .Value(id)
            .Sql(" AND row_version = ")
            .Value(static_cast<long long>(expected_version));
        // The version check stays in the UPDATE as well, so a row that was not locked after all
        // is never overwritten blindly.
        if (before->row_version != expected_version || query.Execute(lease.session()) == 0) {
          return StaleFlag(after.id());
        }
        std::optional<StoredFlag> stored = OneFlag(lease, id, false);
        if (!stored.has_value()) return absl::InternalError("regression flag vanished on update");
        RecordChange(lease, stamp, &before->message, stored->message, now);
        transaction.Commit();
        RingEventBell();
        return std::move(stored->message);
      });
  if (absl::IsAlreadyExists(updated.status())) {
    // Only a reopened flag can collide, and no transition reopens a closed flag.
    return absl::AbortedError(absl::StrCat("regression flag ", after.id(),
                                           ": another flag holds the case; re-read and retry"));
  }
  return updated;
}

}  // namespace escala::db
