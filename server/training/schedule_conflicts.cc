#include "server/training/schedule_conflicts.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/training/enrolment_rules.h"

namespace escala::server {
namespace {

// Enough for anyone's calendar; a person in more sessions than this is checked on the first.
constexpr int kMaxSessionsChecked = 1000;

bool Counts(const v1::TrainingSession& other, const v1::TrainingSession& session) {
  return other.id() != session.id() && other.state() != v1::TRAINING_SESSION_STATE_CANCELLED &&
         other.state() != v1::TRAINING_SESSION_STATE_CLOSED;
}

void AddOverlaps(const v1::TrainingSession& other, const v1::TrainingSession& session,
                 const std::string& employee_id, bool as_trainer,
                 std::vector<v1::ScheduleConflict>* conflicts) {
  for (const v1::SessionBlock& theirs : other.blocks()) {
    for (const v1::SessionBlock& ours : session.blocks()) {
      if (!BlocksOverlap(theirs, ours)) continue;
      v1::ScheduleConflict& conflict = conflicts->emplace_back();
      conflict.set_employee_id(employee_id);
      conflict.set_other_training_session_id(other.id());
      *conflict.mutable_other_block() = theirs;
      conflict.set_as_trainer(as_trainer);
      break;
    }
  }
}

}  // namespace

bool BlocksOverlap(const v1::SessionBlock& a, const v1::SessionBlock& b) {
  return db::TimestampToMillis(a.start_time()) < db::TimestampToMillis(b.end_time()) &&
         db::TimestampToMillis(b.start_time()) < db::TimestampToMillis(a.end_time());
}

absl::StatusOr<std::vector<v1::ScheduleConflict>> FindScheduleConflicts(
    db::TrainingSessionRepository& sessions, db::EnrolmentRepository& enrolments,
    const std::string& employee_id, const v1::TrainingSession& session, absl::Time now) {
  std::vector<v1::ScheduleConflict> conflicts;
  db::EnrolmentFilter filter;
  filter.person_employee_id = employee_id;
  absl::StatusOr<std::vector<v1::Enrolment>> enrolled =
      enrolments.List(filter, 0, 0, kMaxSessionsChecked);
  if (!enrolled.ok()) return enrolled.status();
  std::set<int64_t> open;
  for (const v1::Enrolment& enrolment : *enrolled) {
    if (db::IsOpenEnrolment(enrolment.state())) open.insert(enrolment.training_session_id());
  }
  // Only sessions within the span of `session`'s blocks can overlap them: one list of those
  // instead of one read per open enrolment (the enrolment path's most repeated query).
  const int64_t first_start = db::FirstStartMs(session);
  int64_t last_end = first_start;
  for (const v1::SessionBlock& block : session.blocks()) {
    last_end = std::max(last_end, db::TimestampToMillis(block.end_time()));
  }
  db::TrainingSessionFilter span;
  span.from_ms = first_start;
  span.to_ms = last_end;
  if (!open.empty()) {
    absl::StatusOr<std::vector<v1::TrainingSession>> near =
        sessions.List(span, 0, 0, kMaxSessionsChecked, now);
    if (!near.ok()) return near.status();
    std::set<int64_t> unseen = open;
    for (const v1::TrainingSession& other : *near) {
      if (unseen.erase(other.id()) == 0) continue;
      if (Counts(other, session)) AddOverlaps(other, session, employee_id, false, &conflicts);
    }
    // A full page may have left some out: read those one by one (sessions the list did not
    // reach; those outside the span simply are not in it and are read here too, harmlessly).
    if (static_cast<int>(near->size()) == kMaxSessionsChecked) {
      for (int64_t id : unseen) {
        absl::StatusOr<v1::TrainingSession> other = sessions.Get(id, now);
        if (!other.ok()) return other.status();
        if (Counts(*other, session)) AddOverlaps(*other, session, employee_id, false, &conflicts);
      }
    }
  }
  db::TrainingSessionFilter trained = span;
  trained.trainer_employee_id = employee_id;
  absl::StatusOr<std::vector<v1::TrainingSession>> training =
      sessions.List(trained, 0, 0, kMaxSessionsChecked, now);
  if (!training.ok()) return training.status();
  for (const v1::TrainingSession& other : *training) {
    if (Counts(other, session)) AddOverlaps(other, session, employee_id, true, &conflicts);
  }
  return conflicts;
}

std::string DescribeConflict(const v1::ScheduleConflict& conflict) {
  return absl::StrCat(conflict.employee_id(), conflict.as_trainer() ? " trains" : " is enrolled in",
                      " training session ", conflict.other_training_session_id(), ", whose block ",
                      db::TimeText(db::TimestampToMillis(conflict.other_block().start_time())), "–",
                      db::TimeText(db::TimestampToMillis(conflict.other_block().end_time())),
                      " overlaps");
}

absl::Status ConflictRefusal(const std::vector<v1::ScheduleConflict>& conflicts,
                             const std::string& override_hint) {
  std::vector<std::string> texts;
  for (const v1::ScheduleConflict& c : conflicts) texts.push_back(DescribeConflict(c));
  return db::WithErrorInfo(
      absl::FailedPreconditionError(
          absl::StrCat("schedule conflict: ", absl::StrJoin(texts, "; "), "; ", override_hint)),
      db::kReasonScheduleConflict,
      {{"resource",
        absl::StrCat("trainingSessions/",
                     conflicts.empty() ? 0 : conflicts.front().other_training_session_id())}});
}

}  // namespace escala::server
