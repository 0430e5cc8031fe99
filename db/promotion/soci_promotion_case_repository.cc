#include "db/promotion/soci_promotion_case_repository.h"

#include <soci/soci.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/event_bell.h"
#include "db/common/event_types.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/last_insert_id.h"
#include "db/core/request_id_row.h"
#include "db/core/stored_json.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"
#include "db/events/outbox.h"
#include "db/events/soci_event_feed_repository.h"
#include "db/promotion/content_rows.h"
#include "db/promotion/promotion_case_events.h"
#include "db/promotion/promotion_case_rules.h"
#include "escala/v1/events.pb.h"
#include "escala/v1/people.pb.h"

namespace escala::db {
namespace {

constexpr char kSelectCase[] =
    "SELECT id, content_json, create_ms, update_ms, row_version FROM promotion_cases";

std::string CaseResource(int64_t id) { return absl::StrCat("promotionCases/", id); }

// The case without what its own columns hold (id, times, etag): the stored content_json.
std::string CaseContentJson(const v1::PromotionCase& promotion_case) {
  v1::PromotionCase content = promotion_case;
  content.clear_id();
  content.clear_create_time();
  content.clear_update_time();
  content.clear_etag();
  return StoredJson(content, "promotion case content");
}

// The due time of an approved case's level change (the effective date's 00:00 UTC); NULL in
// any other state, so that only approved cases are ever found due.
std::optional<long long> DueMillisOf(const v1::PromotionCase& promotion_case) {
  if (promotion_case.state() != v1::PROMOTION_CASE_STATE_APPROVED) return std::nullopt;
  std::optional<absl::Time> start = StartOfUtcDay(promotion_case.effective_date());
  if (!start.has_value()) return std::nullopt;
  return absl::ToUnixMillis(*start);
}

using StoredCase = ContentRow<v1::PromotionCase>;

std::vector<StoredCase> FetchCases(soci::session& session, BoundQuery& query) {
  return FetchContentRows<v1::PromotionCase>(
      session, query, "promotion case",
      [](v1::PromotionCase& promotion_case, long long create_ms, long long update_ms) {
        *promotion_case.mutable_create_time() = MillisToTimestamp(create_ms);
        *promotion_case.mutable_update_time() = MillisToTimestamp(update_ms);
      });
}

// The case as stored, or nullopt; with `lock` on MariaDB the row stays locked until the
// transaction ends (on SQLite the transaction holds the write lock).
std::optional<StoredCase> OneCase(SessionPool::Lease& lease, int64_t id, bool lock) {
  BoundQuery query;
  query.Sql(kSelectCase).Sql(" WHERE id = ").Value(static_cast<long long>(id));
  if (lock && lease.dialect() == Dialect::kMysql) query.Sql(" FOR UPDATE");
  std::vector<StoredCase> rows = FetchCases(lease.session(), query);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

absl::Status CaseNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("promotion case ", id, " not found"));
}

void AuditCase(soci::session& session, const AuditStamp& stamp, const v1::PromotionCase* before,
               const v1::PromotionCase& after, absl::Time now) {
  ChangedFields changed = DiffForAudit(before, after);
  AppendAuditEvent(session, stamp,
                   AuditChange{"promotion_case", CaseResource(after.id()),
                               std::move(changed.before_json), std::move(changed.after_json)},
                   now);
}

// The UPDATE of every column a case's content decides, guarded by the row version; returns the
// affected row count (0 = the version moved on).
long long WriteCaseRow(soci::session& session, const v1::PromotionCase& after,
                       long long expected_version, long long now_ms) {
  BoundQuery query;
  query.Sql("UPDATE promotion_cases SET state = ")
      .Value(static_cast<long long>(after.state()))
      .Sql(", open_step = ")
      .Value(OpenStepOf(after))
      .Sql(", effective_ms = ")
      .Value(DueMillisOf(after))
      .Sql(", content_json = ")
      .Value(CaseContentJson(after))
      .Sql(", update_ms = ")
      .Value(now_ms)
      .Sql(", row_version = row_version + 1 WHERE id = ")
      .Value(static_cast<long long>(after.id()))
      .Sql(" AND row_version = ")
      .Value(expected_version);
  return query.Execute(session);
}

absl::Status StaleCase(int64_t id) {
  return WithErrorInfo(
      absl::AbortedError(absl::StrCat(
          "promotion case ", id, " was changed concurrently (etag mismatch); re-read and retry")),
      kReasonEtagMismatch, {{"resource", CaseResource(id)}});
}

absl::Status NotApplicable(const v1::PromotionCase& promotion_case, const std::string& why) {
  return WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                           "promotion case ", promotion_case.id(), " cannot take effect: ", why)),
                       kReasonInvalidStateTransition,
                       {{"state", v1::PromotionCaseState_Name(promotion_case.state())}});
}

// A page of List: at most `limit` cases below `before_id`, newest first.
std::vector<v1::PromotionCase> SelectCasesPage(soci::session& session,
                                               const PromotionCaseFilter& filter, int64_t before_id,
                                               int limit) {
  BoundQuery query;
  query.Sql(kSelectCase).Sql(" WHERE 1 = 1");
  if (before_id > 0) query.Sql(" AND id < ").Value(static_cast<long long>(before_id));
  if (filter.state != v1::PROMOTION_CASE_STATE_UNSPECIFIED) {
    query.Sql(" AND state = ").Value(static_cast<long long>(filter.state));
  }
  if (!filter.team_id.empty()) query.Sql(" AND team_id = ").Value(filter.team_id);
  if (!filter.employee_id.empty()) query.Sql(" AND employee_id = ").Value(filter.employee_id);
  if (!filter.promotion_policy_id.empty()) {
    query.Sql(" AND promotion_policy_id = ").Value(filter.promotion_policy_id);
  }
  query.Sql(" ORDER BY id DESC LIMIT ").Value(static_cast<long long>(limit));
  std::vector<v1::PromotionCase> cases;
  for (StoredCase& stored : FetchCases(session, query)) {
    cases.push_back(std::move(stored.message));
  }
  return cases;
}

}  // namespace

absl::StatusOr<v1::PromotionCase> SociPromotionCaseRepository::Create(
    const v1::PromotionCase& promotion_case, const CreateRequest& key, const AuditStamp& stamp,
    absl::Time now) {
  absl::StatusOr<v1::PromotionCase> created = WithSession(
      pool_, "CreatePromotionCase",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::PromotionCase> {
        Transaction transaction(lease.session(), lease.dialect());
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery query;
        query
            .Sql(
                "INSERT INTO promotion_cases (employee_id, team_id, promotion_policy_id, state,"
                " open_step, effective_ms, content_json, created_by, create_ms, update_ms,"
                " row_version, request_id, request_hash) VALUES (")
            .Value(promotion_case.employee_id())
            .Sql(", ")
            .Value(NullIfEmpty(promotion_case.team_id()))
            .Sql(", ")
            .Value(promotion_case.promotion_policy_id())
            .Sql(", ")
            .Value(static_cast<long long>(promotion_case.state()))
            .Sql(", ")
            .Value(OpenStepOf(promotion_case))
            .Sql(", ")
            .Value(DueMillisOf(promotion_case))
            .Sql(", ")
            .Value(CaseContentJson(promotion_case))
            .Sql(", ")
            .Value(stamp.principal)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", 1, ")
            .Value(NullIfEmpty(key.request_id))
            .Sql(", ")
            .Value(NullIfEmpty(key.request_hash))
            .Sql(")");
        query.Execute(lease.session());
        const long long id = LastInsertId(lease, "promotion_cases");
        std::optional<StoredCase> stored = OneCase(lease, id, false);
        if (!stored.has_value()) return absl::InternalError("promotion case vanished after insert");
        AuditCase(lease.session(), stamp, nullptr, stored->message, now);
        AppendEvents(lease.session(), lease.dialect(),
                     PromotionCaseEvents(nullptr, stored->message, now), now);
        transaction.Commit();
        RingEventBell();
        return std::move(stored->message);
      });
  if (absl::IsAlreadyExists(created.status())) {
    // Two unique keys: the request_id, or the open step.
    if (!key.request_id.empty()) {
      absl::StatusOr<std::optional<CreatedByRequest<v1::PromotionCase>>> original =
          FindByRequestId(key.request_id);
      if (original.ok() && original->has_value()) {
        return WithErrorInfo(absl::AlreadyExistsError(absl::StrCat("request_id: '", key.request_id,
                                                                   "' was already used")),
                             kReasonRequestIdReused);
      }
    }
    absl::StatusOr<std::optional<v1::PromotionCase>> open = FindOpen(
        promotion_case.employee_id(), promotion_case.from_level(), promotion_case.to_level());
    std::map<std::string, std::string> metadata;
    if (open.ok() && open->has_value()) metadata["resource"] = CaseResource((*open)->id());
    return WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat(
            "person '", promotion_case.employee_id(), "' has an open promotion case for level ",
            promotion_case.from_level(), " -> ", promotion_case.to_level(),
            open.ok() && open->has_value() ? absl::StrCat(" (case ", (*open)->id(), ")") : "")),
        kReasonPromotionCaseOpen, metadata);
  }
  if (absl::IsFailedPrecondition(created.status())) {
    return WithFieldViolation(
        absl::FailedPreconditionError(absl::StrCat(
            "employee_id: person '", promotion_case.employee_id(), "' does not exist")),
        "employee_id", "person does not exist");
  }
  return created;
}

absl::StatusOr<std::optional<CreatedByRequest<v1::PromotionCase>>>
SociPromotionCaseRepository::FindByRequestId(const std::string& request_id) {
  using Found = std::optional<CreatedByRequest<v1::PromotionCase>>;
  return WithSession(pool_, "FindPromotionCaseByRequestId",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<Found> {
                       const std::optional<RequestIdRow> row =
                           FindRowByRequestId(lease, "promotion_cases", request_id);
                       if (!row.has_value()) return Found();
                       std::optional<StoredCase> stored = OneCase(lease, row->id, false);
                       if (!stored.has_value()) return Found();
                       return Found(CreatedByRequest<v1::PromotionCase>{std::move(stored->message),
                                                                        row->request_hash});
                     });
}

absl::StatusOr<v1::PromotionCase> SociPromotionCaseRepository::Get(int64_t id) {
  return WithSession(pool_, "GetPromotionCase",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::PromotionCase> {
                       std::optional<StoredCase> stored = OneCase(lease, id, false);
                       if (!stored.has_value()) return CaseNotFound(id);
                       return std::move(stored->message);
                     });
}

absl::StatusOr<std::optional<v1::PromotionCase>> SociPromotionCaseRepository::FindOpen(
    const std::string& employee_id, int32_t from_level, int32_t to_level) {
  using Found = std::optional<v1::PromotionCase>;
  return WithSession(pool_, "FindOpenPromotionCase",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<Found> {
                       BoundQuery query;
                       query.Sql(kSelectCase)
                           .Sql(" WHERE open_step = ")
                           .Value(absl::StrCat(employee_id, "/", from_level, "/", to_level));
                       std::vector<StoredCase> rows = FetchCases(lease.session(), query);
                       if (rows.empty()) return Found();
                       return Found(std::move(rows.front().message));
                     });
}

absl::StatusOr<std::vector<v1::PromotionCase>> SociPromotionCaseRepository::List(
    const PromotionCaseFilter& filter, int64_t before_id, int limit) {
  return WithSession(
      pool_, "ListPromotionCases",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::PromotionCase>> {
        return SelectCasesPage(lease.session(), filter, before_id, limit);
      });
}

absl::StatusOr<std::vector<v1::PromotionCase>> SociPromotionCaseRepository::ListWithWatermark(
    const PromotionCaseFilter& filter, int64_t before_id, int limit, FeedPosition& watermark) {
  return WithSession(
      pool_, "ListPromotionCases",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::PromotionCase>> {
        // The feed's head first: on MariaDB its read opens the snapshot the page is read in.
        ReadSnapshot snapshot(lease.session(), lease.dialect());
        watermark = ReadFeedPosition(lease.session());
        std::vector<v1::PromotionCase> page =
            SelectCasesPage(lease.session(), filter, before_id, limit);
        snapshot.End();
        return page;
      });
}

absl::StatusOr<v1::PromotionCase> SociPromotionCaseRepository::Update(
    const v1::PromotionCase& after, int64_t expected_version, const AuditStamp& stamp,
    absl::Time now) {
  absl::StatusOr<v1::PromotionCase> updated = WithSession(
      pool_, "UpdatePromotionCase",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::PromotionCase> {
        Transaction transaction(lease.session(), lease.dialect());
        std::optional<StoredCase> before = OneCase(lease, after.id(), true);
        if (!before.has_value()) return CaseNotFound(after.id());
        // The version check stays in the UPDATE as well, so a row that was not locked after all
        // is never overwritten blindly.
        if (before->row_version != expected_version ||
            WriteCaseRow(lease.session(), after, expected_version, absl::ToUnixMillis(now)) == 0) {
          return StaleCase(after.id());
        }
        std::optional<StoredCase> stored = OneCase(lease, after.id(), false);
        if (!stored.has_value()) return absl::InternalError("promotion case vanished on update");
        AuditCase(lease.session(), stamp, &before->message, stored->message, now);
        const std::vector<OutboxEvent> events =
            PromotionCaseEvents(&before->message, stored->message, now);
        AppendEvents(lease.session(), lease.dialect(), events, now);
        transaction.Commit();
        if (!events.empty()) RingEventBell();
        return std::move(stored->message);
      });
  if (absl::IsAlreadyExists(updated.status())) {
    // Only a reopened step can collide, and no transition reopens a closed case.
    return absl::AbortedError(absl::StrCat("promotion case ", after.id(),
                                           ": another case holds the step; re-read and retry"));
  }
  return updated;
}

absl::StatusOr<std::vector<v1::PromotionCase>> SociPromotionCaseRepository::ListDue(absl::Time due,
                                                                                    int limit) {
  return WithSession(
      pool_, "ListDuePromotionCases",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::PromotionCase>> {
        BoundQuery query;
        query.Sql(kSelectCase)
            .Sql(" WHERE state = ")
            .Value(static_cast<long long>(v1::PROMOTION_CASE_STATE_APPROVED))
            .Sql(" AND effective_ms <= ")
            .Value(static_cast<long long>(absl::ToUnixMillis(due)))
            .Sql(" ORDER BY effective_ms, id LIMIT ")
            .Value(static_cast<long long>(limit));
        std::vector<v1::PromotionCase> cases;
        for (StoredCase& stored : FetchCases(lease.session(), query)) {
          cases.push_back(std::move(stored.message));
        }
        return cases;
      });
}

absl::StatusOr<v1::PromotionCase> SociPromotionCaseRepository::ApplyLevelChange(
    int64_t id, const AuditStamp& stamp, absl::Time now) {
  return WithSession(
      pool_, "ApplyPromotionLevelChange",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::PromotionCase> {
        soci::session& session = lease.session();
        Transaction transaction(session, lease.dialect());
        std::optional<StoredCase> before = OneCase(lease, id, true);
        if (!before.has_value()) return CaseNotFound(id);
        const v1::PromotionCase& stored = before->message;
        if (stored.state() != v1::PROMOTION_CASE_STATE_APPROVED) {
          return NotApplicable(stored, "it is not approved");
        }
        const std::optional<long long> due_ms = DueMillisOf(stored);
        if (!due_ms.has_value() || *due_ms > absl::ToUnixMillis(now)) {
          return NotApplicable(stored, absl::StrCat("its effective date ", stored.effective_date(),
                                                    " has not come"));
        }
        // The person's row, locked like UpdatePerson locks it, so that the level read is the
        // level replaced.
        long long level = 0, version = 0;
        std::string display_name;
        BoundQuery read;
        read.Sql("SELECT level, version, display_name FROM people WHERE employee_id = ")
            .Value(stored.employee_id());
        if (lease.dialect() == Dialect::kMysql) read.Sql(" FOR UPDATE");
        soci::statement statement(session);
        statement.exchange(soci::into(level));
        statement.exchange(soci::into(version));
        statement.exchange(soci::into(display_name));
        PrepareAndExecute(session, statement, read);
        if (!statement.fetch()) {
          return absl::FailedPreconditionError(
              absl::StrCat("person '", stored.employee_id(), "' no longer exists"));
        }
        if (level != stored.from_level()) {
          return WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                                   "promotion case ", id, ": person '", stored.employee_id(),
                                   "' is at level ", level, ", not ", stored.from_level(),
                                   "; withdraw the case or correct the level")),
                               kReasonLevelChanged, {{"resource", CaseResource(id)}});
        }
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery update_person;
        update_person.Sql("UPDATE people SET level = ")
            .Value(static_cast<long long>(stored.to_level()))
            .Sql(", update_ms = ")
            .Value(now_ms)
            .Sql(", version = version + 1 WHERE employee_id = ")
            .Value(stored.employee_id())
            .Sql(" AND version = ")
            .Value(version);
        if (update_person.Execute(session) == 0) return StaleCase(id);
        // Dated by the effective date, not by now: a change applied late (the server was down on
        // the day) still counts from the day it took effect.
        BoundQuery record;
        record
            .Sql(
                "INSERT INTO person_level_changes (employee_id, from_level, to_level, change_ms,"
                " promotion_case_id) VALUES (")
            .Value(stored.employee_id())
            .Sql(", ")
            .Value(static_cast<long long>(stored.from_level()))
            .Sql(", ")
            .Value(static_cast<long long>(stored.to_level()))
            .Sql(", ")
            .Value(*due_ms)
            .Sql(", ")
            .Value(static_cast<long long>(id))
            .Sql(")");
        record.Execute(session);
        v1::Person person_before, person_after;
        person_before.set_employee_id(stored.employee_id());
        person_before.set_level(static_cast<int32_t>(level));
        person_after.set_employee_id(stored.employee_id());
        person_after.set_level(stored.to_level());
        ChangedFields person_change = DiffForAudit(&person_before, person_after);
        AppendAuditEvent(
            session, stamp,
            AuditChange{"person", absl::StrCat("people/", stored.employee_id()),
                        std::move(person_change.before_json), std::move(person_change.after_json)},
            now);

        v1::PromotionCase after = stored;
        after.set_state(v1::PROMOTION_CASE_STATE_EFFECTIVE);
        *after.mutable_apply_time() = MillisToTimestamp(now_ms);
        if (WriteCaseRow(session, after, before->row_version, now_ms) == 0) return StaleCase(id);
        std::optional<StoredCase> written = OneCase(lease, id, false);
        if (!written.has_value()) return absl::InternalError("promotion case vanished on apply");
        AuditCase(session, stamp, &stored, written->message, now);
        // The feed reports the level change (as UpdatePerson's would) and the case's new state.
        v1::PersonLevelChanged changed;
        changed.set_person(absl::StrCat("people/", stored.employee_id()));
        changed.set_employee_id(stored.employee_id());
        changed.set_display_name(display_name);
        changed.set_from_level(static_cast<int32_t>(level));
        changed.set_to_level(stored.to_level());
        changed.set_team_id(stored.team_id());
        std::vector<OutboxEvent> events = {MakeOutboxEvent(kLevelChangedEvent, changed.person(),
                                                           stored.employee_id(), stored.team_id(),
                                                           now, changed)};
        for (OutboxEvent& event : PromotionCaseEvents(&stored, written->message, now)) {
          events.push_back(std::move(event));
        }
        AppendEvents(session, lease.dialect(), events, now);
        transaction.Commit();
        RingEventBell();
        return std::move(written->message);
      });
}

}  // namespace escala::db
