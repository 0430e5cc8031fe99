#include "db/training/soci_enrolment_steps.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/event_types.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/events/outbox.h"
#include "db/training/enrolment_rules.h"
#include "escala/v1/events.pb.h"

namespace escala::db {

// The position counts the waitlisted of the same session at or before this one in queue order
// (waitlist_ms, id); it is 0 for a row that is not waitlisted (its waitlist_ms is NULL).
const char kSelectEnrolments[] =
    "SELECT e.id, e.session_id, e.person_employee_id, e.team_id, e.state, e.waitlist_ms,"
    " e.conflicts_overridden, e.overbooked, e.created_by, e.create_ms, e.update_ms,"
    " (SELECT COUNT(*) FROM training_enrolments q WHERE q.session_id = e.session_id"
    " AND q.state = 3 AND e.state = 3 AND (q.waitlist_ms < e.waitlist_ms"
    " OR (q.waitlist_ms = e.waitlist_ms AND q.id <= e.id)))"
    " FROM training_enrolments e";

std::vector<v1::Enrolment> FetchEnrolments(soci::session& session, BoundQuery& query) {
  long long id = 0, session_id = 0, state = 0, waitlist_ms = 0, overridden = 0, overbooked = 0,
            create_ms = 0, update_ms = 0, position = 0;
  std::string person, team, created_by;
  soci::indicator team_indicator = soci::i_null, waitlist_indicator = soci::i_null;
  soci::statement statement(session);
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(session_id));
  statement.exchange(soci::into(person));
  statement.exchange(soci::into(team, team_indicator));
  statement.exchange(soci::into(state));
  statement.exchange(soci::into(waitlist_ms, waitlist_indicator));
  statement.exchange(soci::into(overridden));
  statement.exchange(soci::into(overbooked));
  statement.exchange(soci::into(created_by));
  statement.exchange(soci::into(create_ms));
  statement.exchange(soci::into(update_ms));
  statement.exchange(soci::into(position));
  PrepareAndExecute(session, statement, query);
  std::vector<v1::Enrolment> enrolments;
  while (statement.fetch()) {
    v1::Enrolment& e = enrolments.emplace_back();
    e.set_id(id);
    e.set_training_session_id(session_id);
    e.set_person_employee_id(person);
    if (team_indicator == soci::i_ok) e.set_team_id(team);
    e.set_state(static_cast<v1::EnrolmentState>(state));
    if (waitlist_indicator == soci::i_ok) {
      *e.mutable_waitlist_entered_time() = MillisToTimestamp(waitlist_ms);
      e.set_waitlist_position(static_cast<int32_t>(position));
    }
    e.set_conflicts_overridden(overridden != 0);
    e.set_overbooked(overbooked != 0);
    e.set_created_by(created_by);
    *e.mutable_create_time() = MillisToTimestamp(create_ms);
    *e.mutable_update_time() = MillisToTimestamp(update_ms);
  }
  return enrolments;
}

int64_t CountBooked(soci::session& session, int64_t session_id) {
  BoundQuery query;
  query.Sql("SELECT COUNT(*) FROM training_enrolments WHERE session_id = ")
      .Value(static_cast<long long>(session_id))
      .Sql(" AND state = ")
      .Value(static_cast<long long>(v1::ENROLMENT_STATE_BOOKED));
  long long count = 0;
  soci::statement statement(session);
  statement.exchange(soci::into(count));
  PrepareAndExecute(session, statement, query);
  statement.fetch();
  return count;
}

int64_t CountOpen(soci::session& session, int64_t session_id) {
  BoundQuery query;
  query.Sql("SELECT COUNT(*) FROM training_enrolments WHERE session_id = ")
      .Value(static_cast<long long>(session_id))
      .Sql(" AND open_key = 1");
  long long count = 0;
  soci::statement statement(session);
  statement.exchange(soci::into(count));
  PrepareAndExecute(session, statement, query);
  statement.fetch();
  return count;
}

namespace {

v1::Enrolment ReadOne(soci::session& session, int64_t id) {
  BoundQuery query;
  query.Sql(kSelectEnrolments).Sql(" WHERE e.id = ").Value(static_cast<long long>(id));
  std::vector<v1::Enrolment> found = FetchEnrolments(session, query);
  if (found.empty()) throw soci::soci_error(absl::StrCat("enrolment ", id, " vanished"));
  return std::move(found.front());
}

}  // namespace

v1::Enrolment MoveEnrolment(soci::session& session, const v1::Enrolment& before,
                            v1::EnrolmentState to, const std::string& reason, MoveFlags flags,
                            const AuditStamp& stamp, absl::Time now) {
  const long long now_ms = absl::ToUnixMillis(now);
  BoundQuery update;
  update.Sql("UPDATE training_enrolments SET state = ")
      .Value(static_cast<long long>(to))
      .Sql(", open_key = ")
      .Value(IsOpenEnrolment(to) ? std::optional<long long>(1) : std::nullopt)
      .Sql(", waitlist_ms = ");
  if (to == v1::ENROLMENT_STATE_WAITLISTED) {
    update.Value(now_ms);
  } else {
    update.Sql("NULL");
  }
  if (flags.overbooked) update.Sql(", overbooked = 1");
  update.Sql(", update_ms = ")
      .Value(now_ms)
      .Sql(" WHERE id = ")
      .Value(static_cast<long long>(before.id()));
  update.Execute(session);
  return RecordChange(session, &before, before.id(), to, reason, flags, stamp, now);
}

v1::Enrolment RecordChange(soci::session& session, const v1::Enrolment* before, int64_t id,
                           v1::EnrolmentState to, const std::string& reason, MoveFlags flags,
                           const AuditStamp& stamp, absl::Time now) {
  const long long now_ms = absl::ToUnixMillis(now);
  BoundQuery history;
  history
      .Sql(
          "INSERT INTO training_enrolment_history (enrolment_id, from_state, to_state, actor,"
          " reason, change_ms, conflicts_overridden, overbooked) VALUES (")
      .Value(static_cast<long long>(id))
      .Sql(", ")
      .Value(static_cast<long long>(before == nullptr ? v1::ENROLMENT_STATE_UNSPECIFIED
                                                      : before->state()))
      .Sql(", ")
      .Value(static_cast<long long>(to))
      .Sql(", ")
      .Value(stamp.principal)
      .Sql(", ")
      .Value(reason)
      .Sql(", ")
      .Value(now_ms)
      .Sql(", ")
      .Value(static_cast<long long>(flags.conflicts_overridden ? 1 : 0))
      .Sql(", ")
      .Value(static_cast<long long>(flags.overbooked ? 1 : 0))
      .Sql(")");
  history.Execute(session);
  v1::Enrolment after = ReadOne(session, id);
  ChangedFields changed = DiffForAudit(before, after);
  AppendAuditEvent(session, stamp,
                   AuditChange{"enrolment", absl::StrCat("enrolments/", after.id()),
                               std::move(changed.before_json), std::move(changed.after_json)},
                   now);
  // Appended here rather than at the end of the caller's transaction: an enrolment step is one
  // of several kinds of change that transaction makes (a session's cancel or close moves many),
  // and each later append continues the block this one starts, under the sequence lock it took.
  const v1::EnrolmentState from =
      before == nullptr ? v1::ENROLMENT_STATE_UNSPECIFIED : before->state();
  v1::EnrolmentChanged data;
  data.set_enrolment(absl::StrCat("enrolments/", after.id()));
  data.set_session_id(absl::StrCat(after.training_session_id()));
  data.set_employee_id(after.person_employee_id());
  data.set_team_id(after.team_id());
  data.set_previous_state(from);
  data.set_state(after.state());
  const bool cancelled = after.state() == v1::ENROLMENT_STATE_WITHDRAWN ||
                         after.state() == v1::ENROLMENT_STATE_DECLINED ||
                         after.state() == v1::ENROLMENT_STATE_SESSION_CANCELLED;
  const char* type = before == nullptr ? kEnrolmentCreatedEvent
                     : cancelled       ? kEnrolmentCancelledEvent
                                       : kEnrolmentChangedEvent;
  AppendEvents(session, DialectOf(session),
               {MakeOutboxEvent(type, data.enrolment(), after.person_employee_id(), after.team_id(),
                                now, data)},
               now);
  return after;
}

int PromoteFromWaitlist(soci::session& session, const v1::TrainingSession& training_session,
                        const std::string& reason, const AuditStamp& stamp, absl::Time now) {
  if (!AutoPromotes(training_session)) return 0;
  const std::optional<int64_t> free =
      FreeSeats(training_session, CountBooked(session, training_session.id()));
  BoundQuery query;
  query.Sql(kSelectEnrolments)
      .Sql(" WHERE e.session_id = ")
      .Value(static_cast<long long>(training_session.id()))
      .Sql(" AND e.state = ")
      .Value(static_cast<long long>(v1::ENROLMENT_STATE_WAITLISTED))
      .Sql(" ORDER BY e.waitlist_ms, e.id");
  if (free.has_value()) query.Sql(" LIMIT ").Value(static_cast<long long>(*free));
  if (free.has_value() && *free == 0) return 0;
  int promoted = 0;
  for (const v1::Enrolment& head : FetchEnrolments(session, query)) {
    MoveEnrolment(session, head, v1::ENROLMENT_STATE_BOOKED, reason, {}, stamp, now);
    ++promoted;
  }
  return promoted;
}

void CancelOpenEnrolments(soci::session& session, int64_t session_id, const std::string& reason,
                          const AuditStamp& stamp, absl::Time now) {
  BoundQuery query;
  query.Sql(kSelectEnrolments)
      .Sql(" WHERE e.session_id = ")
      .Value(static_cast<long long>(session_id))
      .Sql(" AND e.state IN (")
      .Value(static_cast<long long>(v1::ENROLMENT_STATE_REQUESTED))
      .Sql(", ")
      .Value(static_cast<long long>(v1::ENROLMENT_STATE_BOOKED))
      .Sql(", ")
      .Value(static_cast<long long>(v1::ENROLMENT_STATE_WAITLISTED))
      .Sql(") ORDER BY e.id");
  for (const v1::Enrolment& open : FetchEnrolments(session, query)) {
    MoveEnrolment(session, open, v1::ENROLMENT_STATE_SESSION_CANCELLED,
                  absl::StrCat("session cancelled: ", reason), {}, stamp, now);
  }
}

}  // namespace escala::db
