#include "db/training/soci_training_session_repository.h"

#include <google/protobuf/util/json_util.h>
#include <soci/soci.h>

#include <algorithm>
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
#include "db/core/request_id_row.h"
#include "db/core/stored_json.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"
#include "db/training/block_change_rules.h"
#include "db/training/enrolment_rules.h"
#include "db/training/session_state.h"
#include "db/training/soci_enrolment_steps.h"

namespace escala::db {
namespace {

constexpr char kSelectSession[] =
    "SELECT id, course_id, course_version, first_start_ms, last_end_ms, lifecycle, detail_json,"
    " cancel_reason, row_version, created_by, create_ms, update_ms, cancel_ms, close_ms,"
    " schedule_sequence FROM training_sessions";

// A session as read, with what writers check kept apart.
struct StoredSession {
  v1::TrainingSession session;
  long long row_version = 0;
};

// The details: what the caller controls besides the course, and issued_block_count, which only
// calendars read (kept here rather than in a column of its own). Everything else has columns.
std::string DetailJson(const v1::TrainingSession& session) {
  v1::TrainingSession detail = session;
  detail.clear_id();
  detail.clear_course_id();
  detail.clear_course_version();
  detail.clear_state();
  detail.clear_cancel_reason();
  detail.clear_created_by();
  detail.clear_create_time();
  detail.clear_update_time();
  detail.clear_cancel_time();
  detail.clear_close_time();
  detail.clear_etag();
  detail.clear_schedule_conflicts();
  detail.clear_schedule_sequence();
  return StoredJson(detail, "training session details");
}

// The blocks in start order, and the span they cover.
v1::TrainingSession Normalized(const v1::TrainingSession& session, long long* first_start_ms,
                               long long* last_end_ms) {
  v1::TrainingSession sorted = session;
  std::sort(sorted.mutable_blocks()->begin(), sorted.mutable_blocks()->end(),
            [](const v1::SessionBlock& a, const v1::SessionBlock& b) {
              return TimestampToMillis(a.start_time()) < TimestampToMillis(b.start_time());
            });
  *first_start_ms = 0;
  *last_end_ms = 0;
  for (int i = 0; i < sorted.blocks_size(); ++i) {
    const long long start = TimestampToMillis(sorted.blocks(i).start_time());
    const long long end = TimestampToMillis(sorted.blocks(i).end_time());
    if (i == 0 || start < *first_start_ms) *first_start_ms = start;
    if (i == 0 || end > *last_end_ms) *last_end_ms = end;
  }
  return sorted;
}

std::vector<StoredSession> FetchSessions(soci::session& session, BoundQuery& query,
                                         absl::Time now) {
  long long id = 0, course_version = 0, first_start_ms = 0, last_end_ms = 0, lifecycle = 0,
            row_version = 0, create_ms = 0, update_ms = 0, cancel_ms = 0, close_ms = 0,
            schedule_sequence = 0;
  std::string course_id, detail_json, cancel_reason, created_by;
  soci::indicator reason_indicator = soci::i_null, cancel_indicator = soci::i_null,
                  close_indicator = soci::i_null;
  soci::statement statement(session);
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(course_id));
  statement.exchange(soci::into(course_version));
  statement.exchange(soci::into(first_start_ms));
  statement.exchange(soci::into(last_end_ms));
  statement.exchange(soci::into(lifecycle));
  statement.exchange(soci::into(detail_json));
  statement.exchange(soci::into(cancel_reason, reason_indicator));
  statement.exchange(soci::into(row_version));
  statement.exchange(soci::into(created_by));
  statement.exchange(soci::into(create_ms));
  statement.exchange(soci::into(update_ms));
  statement.exchange(soci::into(cancel_ms, cancel_indicator));
  statement.exchange(soci::into(close_ms, close_indicator));
  statement.exchange(soci::into(schedule_sequence));
  PrepareAndExecute(session, statement, query);
  std::vector<StoredSession> sessions;
  const long long now_ms = absl::ToUnixMillis(now);
  while (statement.fetch()) {
    StoredSession& stored = sessions.emplace_back();
    v1::TrainingSession& s = stored.session;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    if (!google::protobuf::util::JsonStringToMessage(detail_json, &s, options).ok()) {
      throw soci::soci_error(
          absl::StrCat("training session ", id, ": stored details are not valid JSON"));
    }
    s.set_id(id);
    s.set_course_id(course_id);
    s.set_course_version(static_cast<int32_t>(course_version));
    s.set_state(
        DeriveSessionState(static_cast<int>(lifecycle), first_start_ms, last_end_ms, now_ms));
    if (reason_indicator == soci::i_ok) s.set_cancel_reason(cancel_reason);
    s.set_created_by(created_by);
    *s.mutable_create_time() = MillisToTimestamp(create_ms);
    *s.mutable_update_time() = MillisToTimestamp(update_ms);
    if (cancel_indicator == soci::i_ok) *s.mutable_cancel_time() = MillisToTimestamp(cancel_ms);
    if (close_indicator == soci::i_ok) *s.mutable_close_time() = MillisToTimestamp(close_ms);
    s.set_etag(absl::StrCat(row_version));
    s.set_schedule_sequence(static_cast<int32_t>(schedule_sequence));
    // Rows written before the count was kept hold none: their blocks are all they issued.
    s.set_issued_block_count(std::max(s.issued_block_count(), s.blocks_size()));
    stored.row_version = row_version;
  }
  return sessions;
}

absl::Status NotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("training session ", id, " not found"));
}

std::string ResourceName(int64_t id) { return absl::StrCat("trainingSessions/", id); }

absl::Status Stale(int64_t id) {
  return WithErrorInfo(absl::AbortedError(absl::StrCat(
                           "training session ", id,
                           " was changed since it was read (etag mismatch); re-read and retry")),
                       kReasonEtagMismatch, {{"resource", ResourceName(id)}});
}

absl::Status WrongState(int64_t id, v1::TrainingSessionState state, absl::string_view action) {
  return WithErrorInfo(
      absl::FailedPreconditionError(absl::StrCat(
          "training session ", id, " is ", v1::TrainingSessionState_Name(state), ": ", action)),
      kReasonInvalidStateTransition,
      {{"resource", ResourceName(id)}, {"state", v1::TrainingSessionState_Name(state)}});
}

absl::StatusOr<StoredSession> OneSession(SessionPool::Lease& lease, int64_t id, bool lock,
                                         absl::Time now) {
  BoundQuery query;
  query.Sql(kSelectSession).Sql(" WHERE id = ").Value(static_cast<long long>(id));
  if (lock && lease.dialect() == Dialect::kMysql) query.Sql(" FOR UPDATE");
  std::vector<StoredSession> sessions = FetchSessions(lease.session(), query, now);
  if (sessions.empty()) return NotFound(id);
  return std::move(sessions.front());
}

void Audit(soci::session& session, const AuditStamp& stamp, const v1::TrainingSession* before,
           const v1::TrainingSession& after, absl::Time now) {
  ChangedFields changed = DiffForAudit(before, after);
  AppendAuditEvent(session, stamp,
                   AuditChange{"training_session", ResourceName(after.id()),
                               std::move(changed.before_json), std::move(changed.after_json)},
                   now);
}

void InsertTrainers(soci::session& session, long long id, const v1::TrainingSession& s) {
  for (const std::string& trainer : s.trainer_employee_ids()) {
    BoundQuery insert;
    insert.Sql("INSERT INTO training_session_trainers (session_id, employee_id) VALUES (")
        .Value(id)
        .Sql(", ")
        .Value(trainer)
        .Sql(")");
    insert.Execute(session);
  }
}

}  // namespace

absl::StatusOr<v1::TrainingSession> LockTrainingSession(SessionPool::Lease& lease, int64_t id,
                                                        absl::Time now) {
  absl::StatusOr<StoredSession> stored = OneSession(lease, id, true, now);
  if (!stored.ok()) return stored.status();
  return std::move(stored->session);
}

absl::StatusOr<v1::TrainingSession> SociTrainingSessionRepository::Create(
    const v1::TrainingSession& session, const CreateRequest& request, const AuditStamp& stamp,
    absl::Time now) {
  absl::StatusOr<v1::TrainingSession> created = WithSession(
      pool_, "CreateTrainingSession",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::TrainingSession> {
        Transaction transaction(lease.session(), lease.dialect());
        long long first_start_ms = 0, last_end_ms = 0;
        const v1::TrainingSession sorted = Normalized(session, &first_start_ms, &last_end_ms);
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery query;
        query
            .Sql(
                "INSERT INTO training_sessions (course_id, course_version, first_start_ms,"
                " last_end_ms, lifecycle, detail_json, cancel_reason, row_version, created_by,"
                " create_ms, update_ms, cancel_ms, close_ms, request_id, request_hash) VALUES (")
            .Value(sorted.course_id())
            .Sql(", ")
            .Value(static_cast<long long>(sorted.course_version()))
            .Sql(", ")
            .Value(first_start_ms)
            .Sql(", ")
            .Value(last_end_ms)
            .Sql(", ")
            .Value(static_cast<long long>(kSessionActive))
            .Sql(", ")
            .Value(DetailJson(sorted))
            .Sql(", NULL, 1, ")
            .Value(stamp.principal)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", NULL, NULL, ")
            .Value(NullIfEmpty(request.request_id))
            .Sql(", ")
            .Value(NullIfEmpty(request.request_hash))
            .Sql(")");
        query.Execute(lease.session());
        const long long id = LastInsertId(lease, "training_sessions");
        InsertTrainers(lease.session(), id, sorted);
        absl::StatusOr<StoredSession> stored = OneSession(lease, id, false, now);
        if (!stored.ok()) return stored.status();
        // The conflicts the caller overrode, for the audit event and the answer.
        *stored->session.mutable_schedule_conflicts() = session.schedule_conflicts();
        Audit(lease.session(), stamp, nullptr, stored->session, now);
        transaction.Commit();
        return std::move(stored->session);
      });
  // request_id is the table's only unique key besides the id.
  if (absl::IsAlreadyExists(created.status())) {
    return WithErrorInfo(absl::AlreadyExistsError(absl::StrCat("request_id: '", request.request_id,
                                                               "' was already used")),
                         kReasonRequestIdReused);
  }
  return created;
}

absl::StatusOr<std::optional<CreatedByRequest<v1::TrainingSession>>>
SociTrainingSessionRepository::FindByRequestId(const std::string& request_id, absl::Time now) {
  using Found = std::optional<CreatedByRequest<v1::TrainingSession>>;
  return WithSession(pool_, "FindTrainingSessionByRequestId",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<Found> {
                       const std::optional<RequestIdRow> row =
                           FindRowByRequestId(lease, "training_sessions", request_id);
                       if (!row.has_value()) return Found();
                       const long long id = row->id;
                       absl::StatusOr<StoredSession> stored = OneSession(lease, id, false, now);
                       if (!stored.ok()) return stored.status();
                       return Found(CreatedByRequest<v1::TrainingSession>{
                           std::move(stored->session), row->request_hash});
                     });
}

absl::StatusOr<v1::TrainingSession> SociTrainingSessionRepository::Get(int64_t id, absl::Time now) {
  return WithSession(pool_, "GetTrainingSession",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::TrainingSession> {
                       absl::StatusOr<StoredSession> stored = OneSession(lease, id, false, now);
                       if (!stored.ok()) return stored.status();
                       return std::move(stored->session);
                     });
}

absl::StatusOr<std::vector<v1::TrainingSession>> SociTrainingSessionRepository::List(
    const TrainingSessionFilter& filter, int64_t after_start_ms, int64_t after_id, int limit,
    absl::Time now) {
  return WithSession(
      pool_, "ListTrainingSessions",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::TrainingSession>> {
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery query;
        query.Sql(kSelectSession).Sql(" WHERE 1 = 1");
        if (after_id > 0) {
          query.Sql(" AND (first_start_ms > ")
              .Value(static_cast<long long>(after_start_ms))
              .Sql(" OR (first_start_ms = ")
              .Value(static_cast<long long>(after_start_ms))
              .Sql(" AND id > ")
              .Value(static_cast<long long>(after_id))
              .Sql("))");
        }
        if (!filter.course_id.empty()) query.Sql(" AND course_id = ").Value(filter.course_id);
        if (!filter.trainer_employee_id.empty()) {
          query
              .Sql(
                  " AND id IN (SELECT session_id FROM training_session_trainers"
                  " WHERE employee_id = ")
              .Value(filter.trainer_employee_id)
              .Sql(")");
        }
        if (filter.from_ms)
          query.Sql(" AND last_end_ms > ").Value(static_cast<long long>(*filter.from_ms));
        if (filter.to_ms)
          query.Sql(" AND first_start_ms < ").Value(static_cast<long long>(*filter.to_ms));
        switch (filter.state) {
          case v1::TRAINING_SESSION_STATE_UNSPECIFIED:
            break;
          case v1::TRAINING_SESSION_STATE_CLOSED:
          case v1::TRAINING_SESSION_STATE_CANCELLED:
            query.Sql(" AND lifecycle = ").Value(static_cast<long long>(filter.state));
            break;
          case v1::TRAINING_SESSION_STATE_SCHEDULED:
            query.Sql(" AND lifecycle = ")
                .Value(static_cast<long long>(kSessionActive))
                .Sql(" AND first_start_ms > ")
                .Value(now_ms);
            break;
          case v1::TRAINING_SESSION_STATE_IN_PROGRESS:
            query.Sql(" AND lifecycle = ")
                .Value(static_cast<long long>(kSessionActive))
                .Sql(" AND first_start_ms <= ")
                .Value(now_ms)
                .Sql(" AND last_end_ms > ")
                .Value(now_ms);
            break;
          case v1::TRAINING_SESSION_STATE_DELIVERED:
            query.Sql(" AND lifecycle = ")
                .Value(static_cast<long long>(kSessionActive))
                .Sql(" AND last_end_ms <= ")
                .Value(now_ms);
            break;
          default:
            return absl::InvalidArgumentError(absl::StrCat("state: unknown value ", filter.state));
        }
        query.Sql(" ORDER BY first_start_ms, id LIMIT ").Value(static_cast<long long>(limit));
        std::vector<v1::TrainingSession> sessions;
        for (StoredSession& stored : FetchSessions(lease.session(), query, now)) {
          sessions.push_back(std::move(stored.session));
        }
        return sessions;
      });
}

absl::StatusOr<v1::TrainingSession> SociTrainingSessionRepository::Update(
    const v1::TrainingSession& session, int64_t expected_version, const AuditStamp& stamp,
    absl::Time now) {
  const int64_t id = session.id();
  return WithSession(
      pool_, "UpdateTrainingSession",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::TrainingSession> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<StoredSession> before = OneSession(lease, id, true, now);
        if (!before.ok()) return before.status();
        if (!Updatable(before->session.state())) {
          return WrongState(id, before->session.state(),
                            "only a session that has not ended can change");
        }
        if (before->row_version != expected_version) return Stale(id);
        // Lowering the capacity below the seats booked is refused: nobody
        // loses a seat to an edit of the session.
        if (session.has_capacity()) {
          const int64_t booked = CountBooked(lease.session(), id);
          if (booked > session.capacity()) {
            return CapacityBelowBooked(id, session.capacity(), booked);
          }
        }
        if (absl::Status s =
                CheckBlockChange(before->session, session, CountOpen(lease.session(), id) > 0, now);
            !s.ok()) {
          return s;
        }
        long long first_start_ms = 0, last_end_ms = 0;
        v1::TrainingSession sorted = Normalized(session, &first_start_ms, &last_end_ms);
        // A removed block's event number stays issued: calendars cancel it (training_calendar.h).
        sorted.set_issued_block_count(
            std::max(before->session.issued_block_count(), sorted.blocks_size()));
        BoundQuery update;
        update.Sql("UPDATE training_sessions SET first_start_ms = ")
            .Value(first_start_ms)
            .Sql(", last_end_ms = ")
            .Value(last_end_ms)
            .Sql(", detail_json = ")
            .Value(DetailJson(sorted))
            .Sql(", update_ms = ")
            .Value(static_cast<long long>(absl::ToUnixMillis(now)));
        // A calendar holds the blocks and the place: a change of either is a new version of
        // the invitation.
        if (ScheduleChanged(before->session, sorted)) {
          update.Sql(", schedule_sequence = schedule_sequence + 1");
        }
        update.Sql(", row_version = row_version + 1 WHERE id = ")
            .Value(static_cast<long long>(id))
            .Sql(" AND row_version = ")
            .Value(static_cast<long long>(expected_version));
        if (update.Execute(lease.session()) == 0) return Stale(id);
        BoundQuery remove;
        remove.Sql("DELETE FROM training_session_trainers WHERE session_id = ")
            .Value(static_cast<long long>(id));
        remove.Execute(lease.session());
        InsertTrainers(lease.session(), id, sorted);
        absl::StatusOr<StoredSession> after = OneSession(lease, id, false, now);
        if (!after.ok()) return after.status();
        // The conflicts the caller overrode, for the audit event and the answer.
        *after->session.mutable_schedule_conflicts() = session.schedule_conflicts();
        Audit(lease.session(), stamp, &before->session, after->session, now);
        // A raised (or removed) capacity books the head of the waitlist.
        PromoteFromWaitlist(lease.session(), after->session, kPromotedCapacityRaised, stamp, now);
        transaction.Commit();
        RingEventBell();
        return std::move(after->session);
      });
}

namespace {

// Moves a session to CLOSED or CANCELLED when its state is one of `from`.
absl::StatusOr<v1::TrainingSession> EndSession(SessionPool& pool, const char* context, int64_t id,
                                               int64_t expected_version,
                                               v1::TrainingSessionState to,
                                               std::vector<v1::TrainingSessionState> from,
                                               const std::string& reason, const CloseOptions* close,
                                               const AuditStamp& stamp, absl::Time now) {
  return WithSession(
      pool, context, [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::TrainingSession> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<StoredSession> before = OneSession(lease, id, true, now);
        if (!before.ok()) return before.status();
        if (std::find(from.begin(), from.end(), before->session.state()) == from.end()) {
          return WrongState(id, before->session.state(),
                            to == v1::TRAINING_SESSION_STATE_CLOSED
                                ? "only a delivered session can be closed"
                                : "only a session that has not been delivered can be cancelled");
        }
        if (expected_version != 0 && before->row_version != expected_version) return Stale(id);
        // Closing decides the booked enrolments' outcomes and writes the completions first: a
        // refusal leaves the session as it was.
        if (close != nullptr) {
          if (absl::Status s = CloseEnrolments(lease, before->session, *close, stamp, now);
              !s.ok()) {
            return s;
          }
        }
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery update;
        update.Sql("UPDATE training_sessions SET lifecycle = ")
            .Value(static_cast<long long>(to))
            .Sql(", update_ms = ")
            .Value(now_ms);
        if (to == v1::TRAINING_SESSION_STATE_CANCELLED) {
          update.Sql(", cancel_ms = ").Value(now_ms).Sql(", cancel_reason = ").Value(reason);
          // The cancellation outranks every invitation sent before it.
          update.Sql(", schedule_sequence = schedule_sequence + 1");
        } else {
          update.Sql(", close_ms = ").Value(now_ms);
        }
        update.Sql(", row_version = row_version + 1 WHERE id = ").Value(static_cast<long long>(id));
        update.Execute(lease.session());
        absl::StatusOr<StoredSession> after = OneSession(lease, id, false, now);
        if (!after.ok()) return after.status();
        Audit(lease.session(), stamp, &before->session, after->session, now);
        if (to == v1::TRAINING_SESSION_STATE_CANCELLED) {
          CancelOpenEnrolments(lease.session(), id, reason, stamp, now);
        }
        transaction.Commit();
        RingEventBell();
        return std::move(after->session);
      });
}

}  // namespace

absl::StatusOr<v1::TrainingSession> SociTrainingSessionRepository::Cancel(int64_t id,
                                                                          int64_t expected_version,
                                                                          const std::string& reason,
                                                                          const AuditStamp& stamp,
                                                                          absl::Time now) {
  return EndSession(pool_, "CancelTrainingSession", id, expected_version,
                    v1::TRAINING_SESSION_STATE_CANCELLED,
                    {v1::TRAINING_SESSION_STATE_SCHEDULED, v1::TRAINING_SESSION_STATE_IN_PROGRESS},
                    reason, nullptr, stamp, now);
}

absl::StatusOr<v1::TrainingSession> SociTrainingSessionRepository::Close(
    int64_t id, int64_t expected_version, const CloseOptions& options, const AuditStamp& stamp,
    absl::Time now) {
  return EndSession(pool_, "CloseTrainingSession", id, expected_version,
                    v1::TRAINING_SESSION_STATE_CLOSED, {v1::TRAINING_SESSION_STATE_DELIVERED}, "",
                    &options, stamp, now);
}

}  // namespace escala::db
