#include "db/training/soci_enrolment_repository.h"

#include <soci/soci.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/event_bell.h"
#include "db/common/proto_time.h"
#include "db/core/bound_query.h"
#include "db/core/last_insert_id.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"
#include "db/training/enrolment_rules.h"
#include "db/training/soci_enrolment_steps.h"

namespace escala::db {
namespace {

std::string ResourceName(int64_t id) { return absl::StrCat("enrolments/", id); }

absl::Status NotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("enrolment ", id, " not found"));
}

absl::StatusOr<v1::Enrolment> ReadEnrolment(soci::session& session, int64_t id) {
  BoundQuery query;
  query.Sql(kSelectEnrolments).Sql(" WHERE e.id = ").Value(static_cast<long long>(id));
  std::vector<v1::Enrolment> found = FetchEnrolments(session, query);
  if (found.empty()) return NotFound(id);
  return std::move(found.front());
}

// The open enrolment of a person in a session, if any.
std::vector<v1::Enrolment> OpenEnrolmentsOf(soci::session& session, int64_t session_id,
                                            const std::string& person) {
  BoundQuery query;
  query.Sql(kSelectEnrolments)
      .Sql(" WHERE e.session_id = ")
      .Value(static_cast<long long>(session_id))
      .Sql(" AND e.person_employee_id = ")
      .Value(person)
      .Sql(" AND e.open_key = 1");
  return FetchEnrolments(session, query);
}

// Sets person_display_name of `enrolments` from the people directory, in one query for the
// page rather than one per row (a roster of hundreds names everyone).
void AddDisplayNames(soci::session& session, std::vector<v1::Enrolment>& enrolments) {
  std::set<std::string> people;
  for (const v1::Enrolment& enrolment : enrolments) people.insert(enrolment.person_employee_id());
  if (people.empty()) return;
  BoundQuery query;
  query.Sql("SELECT employee_id, display_name FROM people WHERE employee_id IN (");
  bool first = true;
  for (const std::string& person : people) {
    query.Sql(first ? "" : ", ").Value(person);
    first = false;
  }
  query.Sql(")");
  std::string employee_id, display_name;
  soci::statement statement(session);
  statement.exchange(soci::into(employee_id));
  statement.exchange(soci::into(display_name));
  PrepareAndExecute(session, statement, query);
  std::map<std::string, std::string> names;
  while (statement.fetch()) names[employee_id] = display_name;
  for (v1::Enrolment& enrolment : enrolments) {
    auto found = names.find(enrolment.person_employee_id());
    if (found != names.end()) enrolment.set_person_display_name(found->second);
  }
}

// A step on an existing enrolment: `step` runs with the session locked and the enrolment read
// after the lock, and returns the enrolment as it leaves it.
using Step = std::function<absl::StatusOr<v1::Enrolment>(soci::session&, const v1::TrainingSession&,
                                                         const v1::Enrolment&)>;

absl::StatusOr<v1::Enrolment> RunStep(SessionPool& pool, const char* context, int64_t id,
                                      absl::Time now, const Step& step) {
  return WithSession(
      pool, context, [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Enrolment> {
        // The session of an enrolment never changes: read it before the transaction, so that the
        // transaction's first statement is the lock (on MariaDB, later plain reads then see every
        // change committed before it).
        absl::StatusOr<v1::Enrolment> unlocked = ReadEnrolment(lease.session(), id);
        if (!unlocked.ok()) return unlocked.status();
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<v1::TrainingSession> session =
            LockTrainingSession(lease, unlocked->training_session_id(), now);
        if (!session.ok()) return session.status();
        absl::StatusOr<v1::Enrolment> current = ReadEnrolment(lease.session(), id);
        if (!current.ok()) return current.status();
        absl::StatusOr<v1::Enrolment> after = step(lease.session(), *session, *current);
        if (!after.ok()) return after.status();
        transaction.Commit();
        RingEventBell();
        return after;
      });
}

}  // namespace

absl::StatusOr<v1::Enrolment> SociEnrolmentRepository::Enrol(const NewEnrolment& enrolment,
                                                             const AuditStamp& stamp,
                                                             absl::Time now) {
  return WithSession(
      pool_, "Enrol", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Enrolment> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<v1::TrainingSession> session =
            LockTrainingSession(lease, enrolment.session_id, now);
        if (!session.ok()) return session.status();
        const int64_t booked = CountBooked(lease.session(), enrolment.session_id);
        StepDecision decision = DecideEnrol(*session, booked, now);
        for (const v1::Enrolment& open : OpenEnrolmentsOf(lease.session(), enrolment.session_id,
                                                          enrolment.person_employee_id)) {
          decision.failures.push_back(
              absl::StrCat(enrolment.person_employee_id, " is enrolled already (enrolment ",
                           open.id(), ", ", v1::EnrolmentState_Name(open.state()), ")"));
        }
        if (!decision.ok()) {
          return Refused("cannot enrol", decision.failures,
                         absl::StrCat("trainingSessions/", enrolment.session_id));
        }
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery insert;
        insert
            .Sql(
                "INSERT INTO training_enrolments (session_id, person_employee_id, team_id, state,"
                " open_key, waitlist_ms, conflicts_overridden, overbooked, created_by, create_ms,"
                " update_ms) VALUES (")
            .Value(static_cast<long long>(enrolment.session_id))
            .Sql(", ")
            .Value(enrolment.person_employee_id)
            .Sql(", ")
            .Value(NullIfEmpty(enrolment.team_id))
            .Sql(", ")
            .Value(static_cast<long long>(decision.to))
            .Sql(", 1, ")
            .Value(decision.to == v1::ENROLMENT_STATE_WAITLISTED ? std::optional<long long>(now_ms)
                                                                 : std::nullopt)
            .Sql(", ")
            .Value(static_cast<long long>(enrolment.conflicts_overridden ? 1 : 0))
            .Sql(", 0, ")
            .Value(stamp.principal)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", ")
            .Value(now_ms)
            .Sql(")");
        insert.Execute(lease.session());
        const long long id = LastInsertId(lease, "training_enrolments");
        MoveFlags flags;
        flags.conflicts_overridden = enrolment.conflicts_overridden;
        v1::Enrolment created = RecordChange(lease.session(), nullptr, id, decision.to,
                                             enrolment.reason, flags, stamp, now);
        transaction.Commit();
        RingEventBell();
        return created;
      });
}

absl::StatusOr<v1::Enrolment> SociEnrolmentRepository::Approve(int64_t id,
                                                               const std::string& reason,
                                                               const AuditStamp& stamp,
                                                               absl::Time now) {
  return RunStep(pool_, "ApproveEnrolment", id, now,
                 [&](soci::session& sql, const v1::TrainingSession& session,
                     const v1::Enrolment& current) -> absl::StatusOr<v1::Enrolment> {
                   if (current.state() != v1::ENROLMENT_STATE_REQUESTED) {
                     return WrongEnrolmentState(id, current.state(),
                                                "only a requested enrolment can be approved");
                   }
                   const StepDecision decision =
                       DecideApprove(session, CountBooked(sql, session.id()));
                   if (!decision.ok()) {
                     return Refused("cannot approve", decision.failures, ResourceName(id));
                   }
                   return MoveEnrolment(sql, current, decision.to, reason, {}, stamp, now);
                 });
}

absl::StatusOr<v1::Enrolment> SociEnrolmentRepository::Decline(int64_t id,
                                                               const std::string& reason,
                                                               const AuditStamp& stamp,
                                                               absl::Time now) {
  return RunStep(pool_, "DeclineEnrolment", id, now,
                 [&](soci::session& sql, const v1::TrainingSession&,
                     const v1::Enrolment& current) -> absl::StatusOr<v1::Enrolment> {
                   if (current.state() != v1::ENROLMENT_STATE_REQUESTED) {
                     return WrongEnrolmentState(id, current.state(),
                                                "only a requested enrolment can be declined");
                   }
                   return MoveEnrolment(sql, current, v1::ENROLMENT_STATE_DECLINED, reason, {},
                                        stamp, now);
                 });
}

absl::StatusOr<v1::Enrolment> SociEnrolmentRepository::Withdraw(int64_t id,
                                                                const std::string& reason,
                                                                bool learner_side,
                                                                const AuditStamp& stamp,
                                                                absl::Time now) {
  return RunStep(pool_, "WithdrawEnrolment", id, now,
                 [&](soci::session& sql, const v1::TrainingSession& session,
                     const v1::Enrolment& current) -> absl::StatusOr<v1::Enrolment> {
                   if (!IsOpenEnrolment(current.state())) {
                     return WrongEnrolmentState(id, current.state(),
                                                "only an open enrolment can be withdrawn");
                   }
                   const StepDecision decision = DecideWithdraw(session, learner_side, now);
                   if (!decision.ok()) {
                     return Refused("cannot withdraw", decision.failures, ResourceName(id));
                   }
                   // The withdrawal first, then the promotion: booked never exceeds capacity.
                   v1::Enrolment after = MoveEnrolment(sql, current, v1::ENROLMENT_STATE_WITHDRAWN,
                                                       reason, {}, stamp, now);
                   if (current.state() == v1::ENROLMENT_STATE_BOOKED) {
                     PromoteFromWaitlist(sql, session, kPromotedSeatFreed, stamp, now);
                   }
                   return after;
                 });
}

absl::StatusOr<v1::Enrolment> SociEnrolmentRepository::Promote(int64_t id,
                                                               const std::string& reason,
                                                               bool allow_overbook,
                                                               const AuditStamp& stamp,
                                                               absl::Time now) {
  return RunStep(
      pool_, "PromoteEnrolment", id, now,
      [&](soci::session& sql, const v1::TrainingSession& session,
          const v1::Enrolment& current) -> absl::StatusOr<v1::Enrolment> {
        if (current.state() != v1::ENROLMENT_STATE_WAITLISTED &&
            current.state() != v1::ENROLMENT_STATE_REQUESTED) {
          return WrongEnrolmentState(id, current.state(),
                                     "only a waitlisted or requested enrolment can be promoted");
        }
        const int64_t booked = CountBooked(sql, session.id());
        const StepDecision decision = DecidePromote(session, booked, allow_overbook);
        if (!decision.ok()) return Refused("cannot promote", decision.failures, ResourceName(id));
        MoveFlags flags;
        flags.overbooked = SessionFull(session, booked);
        return MoveEnrolment(sql, current, v1::ENROLMENT_STATE_BOOKED, reason, flags, stamp, now);
      });
}

absl::StatusOr<v1::Enrolment> SociEnrolmentRepository::Get(int64_t id) {
  return WithSession(pool_, "GetEnrolment",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Enrolment> {
                       return ReadEnrolment(lease.session(), id);
                     });
}

absl::StatusOr<std::vector<v1::Enrolment>> SociEnrolmentRepository::List(
    const EnrolmentFilter& filter, int64_t after_session, int64_t after_id, int limit) {
  return WithSession(
      pool_, "ListEnrolments",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Enrolment>> {
        BoundQuery query;
        query.Sql(kSelectEnrolments).Sql(" WHERE 1 = 1");
        if (after_id > 0) {
          query.Sql(" AND (e.session_id > ")
              .Value(static_cast<long long>(after_session))
              .Sql(" OR (e.session_id = ")
              .Value(static_cast<long long>(after_session))
              .Sql(" AND e.id > ")
              .Value(static_cast<long long>(after_id))
              .Sql("))");
        }
        if (filter.session_id > 0) {
          query.Sql(" AND e.session_id = ").Value(static_cast<long long>(filter.session_id));
        }
        if (!filter.person_employee_id.empty()) {
          query.Sql(" AND e.person_employee_id = ").Value(filter.person_employee_id);
        }
        if (filter.state != v1::ENROLMENT_STATE_UNSPECIFIED) {
          query.Sql(" AND e.state = ").Value(static_cast<long long>(filter.state));
        }
        if (!filter.reach_employee_id.empty()) {
          query.Sql(" AND (e.person_employee_id = ")
              .Value(filter.reach_employee_id)
              .Sql(
                  " OR e.session_id IN (SELECT session_id FROM training_session_trainers"
                  " WHERE employee_id = ")
              .Value(filter.reach_employee_id)
              .Sql("))");
        }
        if (!filter.reach_team_id.empty()) {
          query.Sql(" AND e.team_id = ").Value(filter.reach_team_id);
        }
        query.Sql(" ORDER BY e.session_id, e.id LIMIT ").Value(static_cast<long long>(limit));
        std::vector<v1::Enrolment> enrolments = FetchEnrolments(lease.session(), query);
        AddDisplayNames(lease.session(), enrolments);
        return enrolments;
      });
}

absl::StatusOr<std::vector<v1::EnrolmentHistoryEntry>> SociEnrolmentRepository::History(
    int64_t enrolment_id, int64_t after_id, int limit) {
  return WithSession(
      pool_, "ListEnrolmentHistory",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::EnrolmentHistoryEntry>> {
        BoundQuery query;
        query
            .Sql(
                "SELECT id, enrolment_id, from_state, to_state, actor, reason, change_ms,"
                " conflicts_overridden, overbooked, block_number, from_attendance,"
                " to_attendance, from_score, to_score FROM training_enrolment_history"
                " WHERE enrolment_id = ")
            .Value(static_cast<long long>(enrolment_id))
            .Sql(" AND id > ")
            .Value(static_cast<long long>(after_id))
            .Sql(" ORDER BY id LIMIT ")
            .Value(static_cast<long long>(limit));
        long long id = 0, owner = 0, from = 0, to = 0, change_ms = 0, overridden = 0,
                  overbooked = 0, block = 0, from_mark = 0, to_mark = 0, from_score = 0,
                  to_score = 0;
        soci::indicator block_indicator = soci::i_null, from_indicator = soci::i_null,
                        to_indicator = soci::i_null, from_score_indicator = soci::i_null,
                        to_score_indicator = soci::i_null;
        std::string actor, reason;
        soci::statement statement(lease.session());
        statement.exchange(soci::into(id));
        statement.exchange(soci::into(owner));
        statement.exchange(soci::into(from));
        statement.exchange(soci::into(to));
        statement.exchange(soci::into(actor));
        statement.exchange(soci::into(reason));
        statement.exchange(soci::into(change_ms));
        statement.exchange(soci::into(overridden));
        statement.exchange(soci::into(overbooked));
        statement.exchange(soci::into(block, block_indicator));
        statement.exchange(soci::into(from_mark, from_indicator));
        statement.exchange(soci::into(to_mark, to_indicator));
        statement.exchange(soci::into(from_score, from_score_indicator));
        statement.exchange(soci::into(to_score, to_score_indicator));
        PrepareAndExecute(lease.session(), statement, query);
        std::vector<v1::EnrolmentHistoryEntry> entries;
        while (statement.fetch()) {
          v1::EnrolmentHistoryEntry& entry = entries.emplace_back();
          entry.set_id(id);
          entry.set_enrolment_id(owner);
          entry.set_from_state(static_cast<v1::EnrolmentState>(from));
          entry.set_to_state(static_cast<v1::EnrolmentState>(to));
          entry.set_actor(actor);
          entry.set_reason(reason);
          *entry.mutable_change_time() = MillisToTimestamp(change_ms);
          entry.set_conflicts_overridden(overridden != 0);
          entry.set_overbooked(overbooked != 0);
          if (block_indicator == soci::i_ok) entry.set_block_number(static_cast<int32_t>(block));
          if (from_indicator == soci::i_ok) {
            entry.set_from_attendance(static_cast<v1::AttendanceStatus>(from_mark));
          }
          if (to_indicator == soci::i_ok) {
            entry.set_to_attendance(static_cast<v1::AttendanceStatus>(to_mark));
          }
          if (from_score_indicator == soci::i_ok) {
            entry.set_from_score_percent(static_cast<int32_t>(from_score));
          }
          if (to_score_indicator == soci::i_ok) {
            entry.set_to_score_percent(static_cast<int32_t>(to_score));
          }
        }
        return entries;
      });
}

}  // namespace escala::db
