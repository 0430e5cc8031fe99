// SociEnrolmentRepository's attendance: the roster, the marks and their writes (table
// training_attendance; changes appended to training_enrolment_history).

#include <soci/soci.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"
#include "db/training/attendance_rules.h"
#include "db/training/enrolment_rules.h"
#include "db/training/session_closing.h"
#include "db/training/soci_completion_repository.h"
#include "db/training/soci_enrolment_repository.h"
#include "db/training/soci_enrolment_steps.h"

namespace escala::db {
namespace {

// The marks of `session_id`, by enrolment and block; with `enrolment_id` > 0 only that one's.
std::vector<v1::AttendanceMark> ReadMarks(soci::session& session, int64_t session_id,
                                          int64_t enrolment_id) {
  BoundQuery query;
  query
      .Sql(
          "SELECT a.enrolment_id, e.person_employee_id, a.block_number, a.status, a.note,"
          " a.marked_by, a.mark_ms FROM training_attendance a"
          " JOIN training_enrolments e ON e.id = a.enrolment_id WHERE a.session_id = ")
      .Value(static_cast<long long>(session_id));
  if (enrolment_id > 0) {
    query.Sql(" AND a.enrolment_id = ").Value(static_cast<long long>(enrolment_id));
  }
  query.Sql(" ORDER BY a.enrolment_id, a.block_number");
  long long id = 0, block = 0, status = 0, mark_ms = 0;
  std::string person, note, marked_by;
  soci::statement statement(session);
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(person));
  statement.exchange(soci::into(block));
  statement.exchange(soci::into(status));
  statement.exchange(soci::into(note));
  statement.exchange(soci::into(marked_by));
  statement.exchange(soci::into(mark_ms));
  PrepareAndExecute(session, statement, query);
  std::vector<v1::AttendanceMark> marks;
  while (statement.fetch()) {
    v1::AttendanceMark& mark = marks.emplace_back();
    mark.set_enrolment_id(id);
    mark.set_person_employee_id(person);
    mark.set_block_number(static_cast<int32_t>(block));
    mark.set_status(static_cast<v1::AttendanceStatus>(status));
    mark.set_note(note);
    mark.set_marked_by(marked_by);
    *mark.mutable_mark_time() = MillisToTimestamp(mark_ms);
  }
  return marks;
}

// The booked enrolments of the session and those with an attendance outcome; `booked_only`
// leaves the latter out.
std::vector<RosterEntry> ReadRoster(soci::session& session, int64_t session_id,
                                    bool booked_only = false) {
  BoundQuery query;
  query.Sql(kSelectEnrolments)
      .Sql(" WHERE e.session_id = ")
      .Value(static_cast<long long>(session_id))
      .Sql(" AND e.state IN (")
      .Value(static_cast<long long>(v1::ENROLMENT_STATE_BOOKED));
  if (!booked_only) {
    for (v1::EnrolmentState outcome :
         {v1::ENROLMENT_STATE_ATTENDED, v1::ENROLMENT_STATE_PARTIALLY_ATTENDED,
          v1::ENROLMENT_STATE_NO_SHOW, v1::ENROLMENT_STATE_EXCUSED}) {
      query.Sql(", ").Value(static_cast<long long>(outcome));
    }
  }
  query.Sql(") ORDER BY e.id");
  std::vector<RosterEntry> roster;
  for (v1::Enrolment& enrolment : FetchEnrolments(session, query)) {
    roster.push_back(RosterEntry{std::move(enrolment), 0});
  }
  if (roster.empty()) return roster;
  // When each seat was booked: the first history entry into BOOKED (not an attendance or
  // assessment entry), for the whole session in one query rather than one per learner.
  BoundQuery booked;
  booked
      .Sql(
          "SELECT h.enrolment_id, MIN(h.change_ms) FROM training_enrolment_history h"
          " JOIN training_enrolments e ON e.id = h.enrolment_id WHERE e.session_id = ")
      .Value(static_cast<long long>(session_id))
      .Sql(" AND h.to_state = ")
      .Value(static_cast<long long>(v1::ENROLMENT_STATE_BOOKED))
      .Sql(" AND h.block_number IS NULL AND h.to_score IS NULL GROUP BY h.enrolment_id");
  long long enrolment_id = 0, ms = 0;
  soci::statement statement(session);
  statement.exchange(soci::into(enrolment_id));
  statement.exchange(soci::into(ms));
  PrepareAndExecute(session, statement, booked);
  std::map<long long, long long> booked_ms;
  while (statement.fetch()) booked_ms[enrolment_id] = ms;
  for (RosterEntry& entry : roster) {
    auto found = booked_ms.find(entry.enrolment.id());
    entry.booked_ms =
        found != booked_ms.end() ? found->second : TimestampToMillis(entry.enrolment.create_time());
  }
  return roster;
}

// The assessments of `session_id`, by enrolment; with `enrolment_id` > 0 only that one's.
std::vector<v1::Assessment> ReadAssessments(soci::session& session, int64_t session_id,
                                            int64_t enrolment_id) {
  BoundQuery query;
  query
      .Sql(
          "SELECT a.enrolment_id, e.person_employee_id, a.score_percent, a.note, a.assessed_by,"
          " a.assess_ms FROM training_assessments a"
          " JOIN training_enrolments e ON e.id = a.enrolment_id WHERE a.session_id = ")
      .Value(static_cast<long long>(session_id));
  if (enrolment_id > 0) {
    query.Sql(" AND a.enrolment_id = ").Value(static_cast<long long>(enrolment_id));
  }
  query.Sql(" ORDER BY a.enrolment_id");
  long long id = 0, score = 0, assess_ms = 0;
  std::string person, note, assessed_by;
  soci::statement statement(session);
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(person));
  statement.exchange(soci::into(score));
  statement.exchange(soci::into(note));
  statement.exchange(soci::into(assessed_by));
  statement.exchange(soci::into(assess_ms));
  PrepareAndExecute(session, statement, query);
  std::vector<v1::Assessment> assessments;
  while (statement.fetch()) {
    v1::Assessment& assessment = assessments.emplace_back();
    assessment.set_enrolment_id(id);
    assessment.set_person_employee_id(person);
    assessment.set_training_session_id(session_id);
    assessment.set_score_percent(static_cast<int32_t>(score));
    assessment.set_note(note);
    assessment.set_assessed_by(assessed_by);
    *assessment.mutable_assess_time() = MillisToTimestamp(assess_ms);
  }
  return assessments;
}

}  // namespace

absl::Status CloseEnrolments(SessionPool::Lease& lease, const v1::TrainingSession& session,
                             const CloseOptions& options, const AuditStamp& stamp, absl::Time now) {
  soci::session& sql = lease.session();
  std::map<int64_t, ClosingInput> inputs;
  for (RosterEntry& entry : ReadRoster(sql, session.id(), true)) {
    const int64_t id = entry.enrolment.id();
    inputs[id].entry = std::move(entry);
  }
  for (const v1::AttendanceMark& mark : ReadMarks(sql, session.id(), 0)) {
    auto found = inputs.find(mark.enrolment_id());
    if (found != inputs.end()) found->second.marks[mark.block_number()] = mark.status();
  }
  for (const v1::Assessment& assessment : ReadAssessments(sql, session.id(), 0)) {
    auto found = inputs.find(assessment.enrolment_id());
    if (found != inputs.end()) found->second.score_percent = assessment.score_percent();
  }
  std::vector<ClosingInput> ordered;
  for (auto& [id, input] : inputs) ordered.push_back(std::move(input));
  if (absl::Status s = CheckAssessments(session, ordered, options); !s.ok()) return s;
  const std::vector<ClosingOutcome> outcomes = DecideClosing(session, ordered, options, now);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const ClosingOutcome& outcome = outcomes[i];
    MoveEnrolment(sql, ordered[i].entry.enrolment, outcome.state, outcome.reason, {}, stamp, now);
    if (outcome.completed)
      InsertCompletion(lease, CompletionOf(session, outcome, stamp, now), stamp, now);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RosterEntry>> SociEnrolmentRepository::Roster(int64_t session_id) {
  return WithSession(pool_, "AttendanceRoster",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<RosterEntry>> {
                       return ReadRoster(lease.session(), session_id);
                     });
}

absl::StatusOr<std::vector<v1::AttendanceMark>> SociEnrolmentRepository::Marks(int64_t session_id) {
  return WithSession(
      pool_, "ListAttendance",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::AttendanceMark>> {
        return ReadMarks(lease.session(), session_id, 0);
      });
}

absl::StatusOr<std::vector<MarkOutcome>> SociEnrolmentRepository::MarkAttendance(
    int64_t session_id, const std::vector<MarkChange>& changes, const std::string& reason,
    const AuditStamp& stamp, absl::Time now) {
  return WithSession(
      pool_, "MarkAttendance",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<MarkOutcome>> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<v1::TrainingSession> session = LockTrainingSession(lease, session_id, now);
        if (!session.ok()) return session.status();
        if (absl::Status s = AttendanceOpen(*session); !s.ok()) return s;
        soci::session& sql = lease.session();
        std::map<int64_t, v1::Enrolment> roster;
        for (RosterEntry& entry : ReadRoster(sql, session_id)) {
          const int64_t id = entry.enrolment.id();
          roster.emplace(id, std::move(entry.enrolment));
        }
        std::map<std::pair<int64_t, int>, v1::AttendanceMark> stored;
        for (v1::AttendanceMark& mark : ReadMarks(sql, session_id, 0)) {
          const std::pair<int64_t, int> key(mark.enrolment_id(), mark.block_number());
          stored.emplace(key, std::move(mark));
        }
        const long long now_ms = absl::ToUnixMillis(now);
        std::vector<MarkOutcome> outcomes;
        for (const MarkChange& change : changes) {
          auto enrolment = roster.find(change.enrolment_id);
          if (enrolment == roster.end() || !TakesAttendance(enrolment->second.state())) {
            return Refused("cannot mark attendance",
                           {absl::StrCat("enrolment ", change.enrolment_id,
                                         " is not a booked enrolment of the session")},
                           absl::StrCat("enrolments/", change.enrolment_id));
          }
          const std::pair<int64_t, int> key(change.enrolment_id, change.block_number);
          auto before = stored.find(key);
          if (before != stored.end() && before->second.status() == change.status &&
              before->second.note() == change.note) {
            outcomes.push_back(MarkOutcome{before->second, false});
            continue;
          }
          BoundQuery write;
          if (before == stored.end()) {
            write
                .Sql(
                    "INSERT INTO training_attendance (enrolment_id, block_number, session_id,"
                    " status, note, marked_by, mark_ms) VALUES (")
                .Value(static_cast<long long>(change.enrolment_id))
                .Sql(", ")
                .Value(static_cast<long long>(change.block_number))
                .Sql(", ")
                .Value(static_cast<long long>(session_id))
                .Sql(", ")
                .Value(static_cast<long long>(change.status))
                .Sql(", ")
                .Value(change.note)
                .Sql(", ")
                .Value(stamp.principal)
                .Sql(", ")
                .Value(now_ms)
                .Sql(")");
          } else {
            write.Sql("UPDATE training_attendance SET status = ")
                .Value(static_cast<long long>(change.status))
                .Sql(", note = ")
                .Value(change.note)
                .Sql(", marked_by = ")
                .Value(stamp.principal)
                .Sql(", mark_ms = ")
                .Value(now_ms)
                .Sql(" WHERE enrolment_id = ")
                .Value(static_cast<long long>(change.enrolment_id))
                .Sql(" AND block_number = ")
                .Value(static_cast<long long>(change.block_number));
          }
          write.Execute(sql);
          const v1::AttendanceStatus from =
              before == stored.end() ? v1::ATTENDANCE_STATUS_UNSPECIFIED : before->second.status();
          const long long state = enrolment->second.state();
          BoundQuery history;
          history
              .Sql(
                  "INSERT INTO training_enrolment_history (enrolment_id, from_state, to_state,"
                  " actor, reason, change_ms, conflicts_overridden, overbooked, block_number,"
                  " from_attendance, to_attendance) VALUES (")
              .Value(static_cast<long long>(change.enrolment_id))
              .Sql(", ")
              .Value(state)
              .Sql(", ")
              .Value(state)
              .Sql(", ")
              .Value(stamp.principal)
              .Sql(", ")
              .Value(reason)
              .Sql(", ")
              .Value(now_ms)
              .Sql(", 0, 0, ")
              .Value(static_cast<long long>(change.block_number))
              .Sql(", ")
              .Value(static_cast<long long>(from))
              .Sql(", ")
              .Value(static_cast<long long>(change.status))
              .Sql(")");
          history.Execute(sql);
          std::vector<v1::AttendanceMark> after = ReadMarks(sql, session_id, change.enrolment_id);
          v1::AttendanceMark written;
          for (v1::AttendanceMark& mark : after) {
            if (mark.block_number() == change.block_number) written = std::move(mark);
          }
          ChangedFields diff =
              DiffForAudit(before == stored.end() ? nullptr : &before->second, written);
          AppendAuditEvent(
              sql, stamp,
              AuditChange{"enrolment", absl::StrCat("enrolments/", change.enrolment_id),
                          std::move(diff.before_json), std::move(diff.after_json)},
              now);
          stored[key] = written;
          outcomes.push_back(MarkOutcome{std::move(written), true});
        }
        transaction.Commit();
        return outcomes;
      });
}

absl::StatusOr<std::vector<v1::Assessment>> SociEnrolmentRepository::Assessments(
    int64_t session_id) {
  return WithSession(pool_, "ListAssessments",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Assessment>> {
                       return ReadAssessments(lease.session(), session_id, 0);
                     });
}

absl::StatusOr<AssessmentOutcome> SociEnrolmentRepository::RecordAssessment(
    int64_t session_id, const AssessmentChange& change, const AuditStamp& stamp, absl::Time now) {
  return WithSession(
      pool_, "RecordAssessment",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<AssessmentOutcome> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<v1::TrainingSession> session = LockTrainingSession(lease, session_id, now);
        if (!session.ok()) return session.status();
        if (absl::Status s = AttendanceOpen(*session); !s.ok()) return s;
        soci::session& sql = lease.session();
        BoundQuery find;
        find.Sql(kSelectEnrolments)
            .Sql(" WHERE e.id = ")
            .Value(static_cast<long long>(change.enrolment_id));
        std::vector<v1::Enrolment> found = FetchEnrolments(sql, find);
        if (found.empty() || found.front().training_session_id() != session_id ||
            !TakesAttendance(found.front().state())) {
          return Refused("cannot record the assessment",
                         {absl::StrCat("enrolment ", change.enrolment_id,
                                       " is not a booked enrolment of the session")},
                         absl::StrCat("enrolments/", change.enrolment_id));
        }
        std::vector<v1::Assessment> before = ReadAssessments(sql, session_id, change.enrolment_id);
        if (!before.empty() && before.front().score_percent() == change.score_percent &&
            before.front().note() == change.note) {
          return AssessmentOutcome{before.front(), false};
        }
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery write;
        if (before.empty()) {
          write
              .Sql(
                  "INSERT INTO training_assessments (enrolment_id, session_id, score_percent,"
                  " note, assessed_by, assess_ms) VALUES (")
              .Value(static_cast<long long>(change.enrolment_id))
              .Sql(", ")
              .Value(static_cast<long long>(session_id))
              .Sql(", ")
              .Value(static_cast<long long>(change.score_percent))
              .Sql(", ")
              .Value(change.note)
              .Sql(", ")
              .Value(stamp.principal)
              .Sql(", ")
              .Value(now_ms)
              .Sql(")");
        } else {
          write.Sql("UPDATE training_assessments SET score_percent = ")
              .Value(static_cast<long long>(change.score_percent))
              .Sql(", note = ")
              .Value(change.note)
              .Sql(", assessed_by = ")
              .Value(stamp.principal)
              .Sql(", assess_ms = ")
              .Value(now_ms)
              .Sql(" WHERE enrolment_id = ")
              .Value(static_cast<long long>(change.enrolment_id));
        }
        write.Execute(sql);
        const long long state = found.front().state();
        BoundQuery history;
        history
            .Sql(
                "INSERT INTO training_enrolment_history (enrolment_id, from_state, to_state,"
                " actor, reason, change_ms, conflicts_overridden, overbooked, from_score,"
                " to_score) VALUES (")
            .Value(static_cast<long long>(change.enrolment_id))
            .Sql(", ")
            .Value(state)
            .Sql(", ")
            .Value(state)
            .Sql(", ")
            .Value(stamp.principal)
            .Sql(", ")
            .Value(change.note)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", 0, 0, ")
            .Value(before.empty() ? std::nullopt
                                  : std::optional<long long>(before.front().score_percent()))
            .Sql(", ")
            .Value(static_cast<long long>(change.score_percent))
            .Sql(")");
        history.Execute(sql);
        std::vector<v1::Assessment> after = ReadAssessments(sql, session_id, change.enrolment_id);
        if (after.empty()) {
          throw soci::soci_error(
              absl::StrCat("assessment of enrolment ", change.enrolment_id, " vanished"));
        }
        ChangedFields diff =
            DiffForAudit(before.empty() ? nullptr : &before.front(), after.front());
        AppendAuditEvent(sql, stamp,
                         AuditChange{"enrolment", absl::StrCat("enrolments/", change.enrolment_id),
                                     std::move(diff.before_json), std::move(diff.after_json)},
                         now);
        transaction.Commit();
        return AssessmentOutcome{std::move(after.front()), true};
      });
}

}  // namespace escala::db
