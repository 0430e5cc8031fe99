#include "db/directory/soci_team_repository.h"

#include <soci/soci.h>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"

namespace escala::db {
namespace {

constexpr char kSelectTeam[] =
    "SELECT team_id, display_name, lead_employee_id, create_ms, update_ms, version FROM teams";

std::vector<v1::Team> FetchTeams(soci::session& session, BoundQuery& query) {
  std::string team_id, display_name, lead;
  soci::indicator lead_indicator = soci::i_null;
  long long create_ms = 0, update_ms = 0, version = 0;
  soci::statement statement(session);
  statement.exchange(soci::into(team_id));
  statement.exchange(soci::into(display_name));
  statement.exchange(soci::into(lead, lead_indicator));
  statement.exchange(soci::into(create_ms));
  statement.exchange(soci::into(update_ms));
  statement.exchange(soci::into(version));
  PrepareAndExecute(session, statement, query);
  std::vector<v1::Team> teams;
  while (statement.fetch()) {
    v1::Team& team = teams.emplace_back();
    team.set_team_id(team_id);
    team.set_display_name(display_name);
    if (lead_indicator == soci::i_ok) team.set_lead_employee_id(lead);
    *team.mutable_create_time() = MillisToTimestamp(create_ms);
    *team.mutable_update_time() = MillisToTimestamp(update_ms);
    team.set_etag(absl::StrCat(version));
  }
  return teams;
}

absl::StatusOr<v1::Team> GetTeam(soci::session& session, const std::string& team_id) {
  BoundQuery query;
  query.Sql(kSelectTeam).Sql(" WHERE team_id = ").Value(team_id);
  std::vector<v1::Team> teams = FetchTeams(session, query);
  if (teams.empty()) return absl::NotFoundError(absl::StrCat("team '", team_id, "' not found"));
  return teams.front();
}

// GetTeam for a row about to be updated. On MariaDB the row stays locked until the transaction
// ends, so that the state read is the one the following UPDATE replaces (a plain read would see
// the transaction's snapshot, which may be older). On SQLite the transaction holds the write lock.
absl::StatusOr<v1::Team> LockTeam(SessionPool::Lease& lease, const std::string& team_id) {
  BoundQuery query;
  query.Sql(kSelectTeam).Sql(" WHERE team_id = ").Value(team_id);
  if (lease.dialect() == Dialect::kMysql) query.Sql(" FOR UPDATE");
  std::vector<v1::Team> teams = FetchTeams(lease.session(), query);
  if (teams.empty()) return absl::NotFoundError(absl::StrCat("team '", team_id, "' not found"));
  return teams.front();
}

// Records one team's change in the open transaction; `before` is nullptr for a create.
void AuditTeam(soci::session& session, const AuditStamp& stamp, const v1::Team* before,
               const v1::Team& after, absl::Time now) {
  ChangedFields changed = DiffForAudit(before, after);
  AppendAuditEvent(session, stamp,
                   AuditChange{"team", absl::StrCat("teams/", after.team_id()),
                               std::move(changed.before_json), std::move(changed.after_json)},
                   now);
}

}  // namespace

absl::StatusOr<v1::Team> SociTeamRepository::Create(const v1::Team& team, const AuditStamp& stamp,
                                                    absl::Time now) {
  absl::StatusOr<v1::Team> created =
      WithSession(pool_, "CreateTeam", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Team> {
        Transaction transaction(lease.session(), lease.dialect());
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery query;
        query
            .Sql(
                "INSERT INTO teams (team_id, display_name, lead_employee_id, create_ms, update_ms,"
                " version) VALUES (")
            .Value(team.team_id())
            .Sql(", ")
            .Value(team.display_name())
            .Sql(", ")
            .Value(NullIfEmpty(team.lead_employee_id()))
            .Sql(", ")
            .Value(now_ms)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", 1)");
        query.Execute(lease.session());
        absl::StatusOr<v1::Team> stored = GetTeam(lease.session(), team.team_id());
        if (!stored.ok()) return stored.status();
        AuditTeam(lease.session(), stamp, nullptr, *stored, now);
        transaction.Commit();
        return stored;
      });
  if (absl::IsAlreadyExists(created.status())) {
    return WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat("team '", team.team_id(), "' already exists")),
        kReasonDuplicateId, {{"resource", absl::StrCat("teams/", team.team_id())}});
  }
  return created;
}

absl::StatusOr<v1::Team> SociTeamRepository::Get(const std::string& team_id) {
  return WithSession(pool_, "GetTeam",
                     [&](SessionPool::Lease& lease) { return GetTeam(lease.session(), team_id); });
}

absl::StatusOr<std::vector<v1::Team>> SociTeamRepository::List(const std::string& after_team_id,
                                                               int limit) {
  return WithSession(pool_, "ListTeams",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Team>> {
                       BoundQuery query;
                       query.Sql(kSelectTeam)
                           .Sql(" WHERE team_id > ")
                           .Value(after_team_id)
                           .Sql(" ORDER BY team_id LIMIT ")
                           .Value(static_cast<long long>(limit));
                       return FetchTeams(lease.session(), query);
                     });
}

absl::StatusOr<v1::Team> SociTeamRepository::Update(const v1::Team& team, int64_t expected_version,
                                                    const AuditStamp& stamp, absl::Time now) {
  return WithSession(
      pool_, "UpdateTeam", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Team> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<v1::Team> before = LockTeam(lease, team.team_id());
        if (!before.ok()) return before.status();
        const absl::Status stale = WithErrorInfo(
            absl::AbortedError(
                absl::StrCat("team '", team.team_id(),
                             "' was changed concurrently (etag mismatch); re-read and "
                             "retry")),
            kReasonEtagMismatch, {{"resource", absl::StrCat("teams/", team.team_id())}});
        long long stored_version = 0;
        (void)absl::SimpleAtoi(before->etag(), &stored_version);
        if (stored_version != expected_version) return stale;
        BoundQuery query;
        query.Sql("UPDATE teams SET display_name = ")
            .Value(team.display_name())
            .Sql(", lead_employee_id = ")
            .Value(NullIfEmpty(team.lead_employee_id()))
            .Sql(", update_ms = ")
            .Value(static_cast<long long>(absl::ToUnixMillis(now)))
            .Sql(", version = version + 1 WHERE team_id = ")
            .Value(team.team_id())
            .Sql(" AND version = ")
            .Value(static_cast<long long>(expected_version));
        // The version check stays in the UPDATE as well, so a row that was not locked after all can
        // never be overwritten blindly.
        if (query.Execute(lease.session()) == 0) return stale;
        absl::StatusOr<v1::Team> updated = GetTeam(lease.session(), team.team_id());
        if (!updated.ok()) return updated.status();
        // Written even when no field changed: the version moved, and the event says who moved it.
        AuditTeam(lease.session(), stamp, &*before, *updated, now);
        transaction.Commit();
        return updated;
      });
}

}  // namespace escala::db
