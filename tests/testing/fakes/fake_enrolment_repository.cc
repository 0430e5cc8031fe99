#include "tests/testing/fakes/fake_enrolment_repository.h"

#include <algorithm>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"
#include "db/training/attendance_rules.h"
#include "db/training/enrolment_rules.h"
#include "db/training/session_closing.h"

namespace escala::testing {
namespace {

std::string ResourceName(int64_t id) { return absl::StrCat("enrolments/", id); }

absl::Status EnrolmentNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("enrolment ", id, " not found"));
}

}  // namespace

FakeEnrolmentRepository::FakeEnrolmentRepository(FakeTrainingSessionRepository& sessions,
                                                 FakeAuditRepository* audit,
                                                 FakeCompletionRepository* completions)
    : sessions_(sessions), audit_(audit), completions_(completions) {
  sessions_.set_listener(this);
}

FakeEnrolmentRepository::~FakeEnrolmentRepository() { sessions_.set_listener(nullptr); }

v1::Enrolment FakeEnrolmentRepository::Read(const Stored& stored) const {
  v1::Enrolment enrolment = stored.enrolment;
  if (enrolment.state() == v1::ENROLMENT_STATE_WAITLISTED) {
    int position = 0;
    for (const auto& [id, other] : enrolments_) {
      if (other.enrolment.training_session_id() == enrolment.training_session_id() &&
          other.enrolment.state() == v1::ENROLMENT_STATE_WAITLISTED &&
          std::make_tuple(other.waitlist_ms, id) <=
              std::make_tuple(stored.waitlist_ms, enrolment.id())) {
        ++position;
      }
    }
    enrolment.set_waitlist_position(position);
    *enrolment.mutable_waitlist_entered_time() = db::MillisToTimestamp(stored.waitlist_ms);
  }
  return enrolment;
}

int64_t FakeEnrolmentRepository::Booked(int64_t session_id) const {
  int64_t booked = 0;
  for (const auto& [id, stored] : enrolments_) {
    if (stored.enrolment.training_session_id() == session_id &&
        stored.enrolment.state() == v1::ENROLMENT_STATE_BOOKED) {
      ++booked;
    }
  }
  return booked;
}

v1::Enrolment FakeEnrolmentRepository::Move(Stored& stored, v1::EnrolmentState to,
                                            const std::string& reason, bool overridden,
                                            bool overbooked, const db::AuditStamp& stamp,
                                            absl::Time now, bool created) {
  const std::optional<v1::Enrolment> before =
      created ? std::nullopt : std::optional<v1::Enrolment>(Read(stored));
  const v1::EnrolmentState from =
      created ? v1::ENROLMENT_STATE_UNSPECIFIED : stored.enrolment.state();
  stored.enrolment.set_state(to);
  stored.waitlist_ms = to == v1::ENROLMENT_STATE_WAITLISTED ? absl::ToUnixMillis(now) : 0;
  if (overbooked) stored.enrolment.set_overbooked(true);
  *stored.enrolment.mutable_update_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
  v1::EnrolmentHistoryEntry& entry = history_.emplace_back();
  entry.set_id(static_cast<int64_t>(history_.size()));
  entry.set_enrolment_id(stored.enrolment.id());
  entry.set_from_state(from);
  entry.set_to_state(to);
  entry.set_actor(stamp.principal);
  entry.set_reason(reason);
  *entry.mutable_change_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
  entry.set_conflicts_overridden(overridden);
  entry.set_overbooked(overbooked);
  v1::Enrolment after = Read(stored);
  if (audit_ != nullptr) {
    db::ChangedFields changed = db::DiffForAudit(before ? &*before : nullptr, after);
    audit_->Append(stamp,
                   {"enrolment", ResourceName(after.id()), std::move(changed.before_json),
                    std::move(changed.after_json)},
                   now);
  }
  return after;
}

void FakeEnrolmentRepository::PromoteHeads(const v1::TrainingSession& session,
                                           const std::string& reason, const db::AuditStamp& stamp,
                                           absl::Time now) {
  if (!db::AutoPromotes(session)) return;
  std::vector<Stored*> queue;
  for (auto& [id, stored] : enrolments_) {
    if (stored.enrolment.training_session_id() == session.id() &&
        stored.enrolment.state() == v1::ENROLMENT_STATE_WAITLISTED) {
      queue.push_back(&stored);
    }
  }
  std::sort(queue.begin(), queue.end(), [](const Stored* a, const Stored* b) {
    return std::make_tuple(a->waitlist_ms, a->enrolment.id()) <
           std::make_tuple(b->waitlist_ms, b->enrolment.id());
  });
  std::optional<int64_t> free = db::FreeSeats(session, Booked(session.id()));
  for (Stored* head : queue) {
    if (free.has_value() && *free <= 0) break;
    Move(*head, v1::ENROLMENT_STATE_BOOKED, reason, false, false, stamp, now);
    if (free.has_value()) --*free;
  }
}

absl::StatusOr<v1::Enrolment> FakeEnrolmentRepository::Enrol(const db::NewEnrolment& enrolment,
                                                             const db::AuditStamp& stamp,
                                                             absl::Time now) {
  absl::StatusOr<v1::TrainingSession> session = sessions_.Get(enrolment.session_id, now);
  if (!session.ok()) return session.status();
  absl::MutexLock lock(&mutex_);
  db::StepDecision decision = db::DecideEnrol(*session, Booked(enrolment.session_id), now);
  for (const auto& [id, stored] : enrolments_) {
    if (stored.enrolment.training_session_id() == enrolment.session_id &&
        stored.enrolment.person_employee_id() == enrolment.person_employee_id &&
        db::IsOpenEnrolment(stored.enrolment.state())) {
      decision.failures.push_back(
          absl::StrCat(enrolment.person_employee_id, " is enrolled already (enrolment ", id, ", ",
                       v1::EnrolmentState_Name(stored.enrolment.state()), ")"));
    }
  }
  if (!decision.ok()) {
    return db::Refused("cannot enrol", decision.failures,
                       absl::StrCat("trainingSessions/", enrolment.session_id));
  }
  Stored stored;
  v1::Enrolment& e = stored.enrolment;
  e.set_id(next_id_++);
  e.set_training_session_id(enrolment.session_id);
  e.set_person_employee_id(enrolment.person_employee_id);
  e.set_team_id(enrolment.team_id);
  e.set_conflicts_overridden(enrolment.conflicts_overridden);
  e.set_created_by(stamp.principal);
  *e.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
  const int64_t id = e.id();
  enrolments_[id] = std::move(stored);
  return Move(enrolments_[id], decision.to, enrolment.reason, enrolment.conflicts_overridden, false,
              stamp, now, /*created=*/true);
}

template <typename Fn>
absl::StatusOr<v1::Enrolment> FakeEnrolmentRepository::Step(int64_t id, absl::Time now, Fn&& fn) {
  int64_t session_id = 0;
  {
    absl::MutexLock lock(&mutex_);
    auto found = enrolments_.find(id);
    if (found == enrolments_.end()) return EnrolmentNotFound(id);
    session_id = found->second.enrolment.training_session_id();
  }
  absl::StatusOr<v1::TrainingSession> session = sessions_.Get(session_id, now);
  if (!session.ok()) return session.status();
  absl::MutexLock lock(&mutex_);
  return fn(*session, enrolments_[id]);
}

absl::StatusOr<v1::Enrolment> FakeEnrolmentRepository::Approve(int64_t id,
                                                               const std::string& reason,
                                                               const db::AuditStamp& stamp,
                                                               absl::Time now) {
  return Step(id, now,
              [&](const v1::TrainingSession& session,
                  Stored& stored) ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::StatusOr<v1::Enrolment> {
                if (stored.enrolment.state() != v1::ENROLMENT_STATE_REQUESTED) {
                  return db::WrongEnrolmentState(id, stored.enrolment.state(),
                                                 "only a requested enrolment can be approved");
                }
                const db::StepDecision decision = db::DecideApprove(session, Booked(session.id()));
                if (!decision.ok()) {
                  return db::Refused("cannot approve", decision.failures, ResourceName(id));
                }
                return Move(stored, decision.to, reason, false, false, stamp, now);
              });
}

absl::StatusOr<v1::Enrolment> FakeEnrolmentRepository::Decline(int64_t id,
                                                               const std::string& reason,
                                                               const db::AuditStamp& stamp,
                                                               absl::Time now) {
  return Step(id, now,
              [&](const v1::TrainingSession&,
                  Stored& stored) ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::StatusOr<v1::Enrolment> {
                if (stored.enrolment.state() != v1::ENROLMENT_STATE_REQUESTED) {
                  return db::WrongEnrolmentState(id, stored.enrolment.state(),
                                                 "only a requested enrolment can be declined");
                }
                return Move(stored, v1::ENROLMENT_STATE_DECLINED, reason, false, false, stamp, now);
              });
}

absl::StatusOr<v1::Enrolment> FakeEnrolmentRepository::Withdraw(int64_t id,
                                                                const std::string& reason,
                                                                bool learner_side,
                                                                const db::AuditStamp& stamp,
                                                                absl::Time now) {
  return Step(
      id, now,
      [&](const v1::TrainingSession& session, Stored& stored)
          ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::StatusOr<v1::Enrolment> {
            const v1::EnrolmentState from = stored.enrolment.state();
            if (!db::IsOpenEnrolment(from)) {
              return db::WrongEnrolmentState(id, from, "only an open enrolment can be withdrawn");
            }
            const db::StepDecision decision = db::DecideWithdraw(session, learner_side, now);
            if (!decision.ok()) {
              return db::Refused("cannot withdraw", decision.failures, ResourceName(id));
            }
            v1::Enrolment after =
                Move(stored, v1::ENROLMENT_STATE_WITHDRAWN, reason, false, false, stamp, now);
            if (from == v1::ENROLMENT_STATE_BOOKED) {
              PromoteHeads(session, db::kPromotedSeatFreed, stamp, now);
            }
            return after;
          });
}

absl::StatusOr<v1::Enrolment> FakeEnrolmentRepository::Promote(int64_t id,
                                                               const std::string& reason,
                                                               bool allow_overbook,
                                                               const db::AuditStamp& stamp,
                                                               absl::Time now) {
  return Step(id, now,
              [&](const v1::TrainingSession& session, Stored& stored)
                  ABSL_NO_THREAD_SAFETY_ANALYSIS -> absl::StatusOr<v1::Enrolment> {
                    if (stored.enrolment.state() != v1::ENROLMENT_STATE_WAITLISTED &&
                        stored.enrolment.state() != v1::ENROLMENT_STATE_REQUESTED) {
                      return db::WrongEnrolmentState(
                          id, stored.enrolment.state(),
                          "only a waitlisted or requested enrolment can be promoted");
                    }
                    const int64_t booked = Booked(session.id());
                    const db::StepDecision decision =
                        db::DecidePromote(session, booked, allow_overbook);
                    if (!decision.ok()) {
                      return db::Refused("cannot promote", decision.failures, ResourceName(id));
                    }
                    return Move(stored, v1::ENROLMENT_STATE_BOOKED, reason, false,
                                db::SessionFull(session, booked), stamp, now);
                  });
}

absl::StatusOr<v1::Enrolment> FakeEnrolmentRepository::Get(int64_t id) {
  absl::MutexLock lock(&mutex_);
  auto found = enrolments_.find(id);
  if (found == enrolments_.end()) return EnrolmentNotFound(id);
  return Read(found->second);
}

absl::StatusOr<std::vector<v1::Enrolment>> FakeEnrolmentRepository::List(
    const db::EnrolmentFilter& filter, int64_t after_session, int64_t after_id, int limit) {
  // The reach by trained sessions needs the sessions: read them before taking the lock.
  std::vector<int64_t> trained;
  if (!filter.reach_employee_id.empty()) {
    db::TrainingSessionFilter by_trainer;
    by_trainer.trainer_employee_id = filter.reach_employee_id;
    absl::StatusOr<std::vector<v1::TrainingSession>> sessions =
        sessions_.List(by_trainer, 0, 0, 100000, absl::UnixEpoch());
    if (!sessions.ok()) return sessions.status();
    for (const v1::TrainingSession& s : *sessions) trained.push_back(s.id());
  }
  absl::MutexLock lock(&mutex_);
  std::vector<const Stored*> selected;
  for (const auto& [id, stored] : enrolments_) {
    const v1::Enrolment& e = stored.enrolment;
    if (after_id > 0 &&
        std::make_tuple(e.training_session_id(), id) <= std::make_tuple(after_session, after_id)) {
      continue;
    }
    if (filter.session_id > 0 && e.training_session_id() != filter.session_id) continue;
    if (!filter.person_employee_id.empty() && e.person_employee_id() != filter.person_employee_id) {
      continue;
    }
    if (filter.state != v1::ENROLMENT_STATE_UNSPECIFIED && e.state() != filter.state) continue;
    if (!filter.reach_employee_id.empty() && e.person_employee_id() != filter.reach_employee_id &&
        std::find(trained.begin(), trained.end(), e.training_session_id()) == trained.end()) {
      continue;
    }
    if (!filter.reach_team_id.empty() && e.team_id() != filter.reach_team_id) continue;
    selected.push_back(&stored);
  }
  std::sort(selected.begin(), selected.end(), [](const Stored* a, const Stored* b) {
    return std::make_tuple(a->enrolment.training_session_id(), a->enrolment.id()) <
           std::make_tuple(b->enrolment.training_session_id(), b->enrolment.id());
  });
  std::vector<v1::Enrolment> enrolments;
  for (const Stored* stored : selected) {
    if (static_cast<int>(enrolments.size()) == limit) break;
    enrolments.push_back(Read(*stored));
  }
  return enrolments;
}

absl::StatusOr<std::vector<v1::EnrolmentHistoryEntry>> FakeEnrolmentRepository::History(
    int64_t enrolment_id, int64_t after_id, int limit) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::EnrolmentHistoryEntry> entries;
  for (const v1::EnrolmentHistoryEntry& entry : history_) {
    if (entry.enrolment_id() != enrolment_id || entry.id() <= after_id) continue;
    if (static_cast<int>(entries.size()) == limit) break;
    entries.push_back(entry);
  }
  return entries;
}

absl::StatusOr<std::vector<db::RosterEntry>> FakeEnrolmentRepository::Roster(int64_t session_id) {
  absl::MutexLock lock(&mutex_);
  std::vector<db::RosterEntry> roster;
  for (const auto& [id, stored] : enrolments_) {
    if (stored.enrolment.training_session_id() != session_id ||
        !(db::TakesAttendance(stored.enrolment.state()) ||
          db::IsAttendanceOutcome(stored.enrolment.state()))) {
      continue;
    }
    db::RosterEntry entry{Read(stored), db::TimestampToMillis(stored.enrolment.create_time())};
    for (const v1::EnrolmentHistoryEntry& change : history_) {
      if (change.enrolment_id() == id && change.block_number() == 0 &&
          change.to_state() == v1::ENROLMENT_STATE_BOOKED) {
        entry.booked_ms = db::TimestampToMillis(change.change_time());
        break;
      }
    }
    roster.push_back(std::move(entry));
  }
  return roster;
}

absl::StatusOr<std::vector<v1::AttendanceMark>> FakeEnrolmentRepository::Marks(int64_t session_id) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::AttendanceMark> marks;
  for (const auto& [key, mark] : marks_) {
    if (enrolments_.at(key.first).enrolment.training_session_id() == session_id) {
      marks.push_back(mark);
    }
  }
  return marks;
}

absl::StatusOr<std::vector<db::MarkOutcome>> FakeEnrolmentRepository::MarkAttendance(
    int64_t session_id, const std::vector<db::MarkChange>& changes, const std::string& reason,
    const db::AuditStamp& stamp, absl::Time now) {
  absl::StatusOr<v1::TrainingSession> session = sessions_.Get(session_id, now);
  if (!session.ok()) return session.status();
  if (absl::Status s = db::AttendanceOpen(*session); !s.ok()) return s;
  absl::MutexLock lock(&mutex_);
  // Checked before anything is written: the SOCI repository rolls back instead.
  for (const db::MarkChange& change : changes) {
    auto found = enrolments_.find(change.enrolment_id);
    if (found == enrolments_.end() || found->second.enrolment.training_session_id() != session_id ||
        !db::TakesAttendance(found->second.enrolment.state())) {
      return db::Refused("cannot mark attendance",
                         {absl::StrCat("enrolment ", change.enrolment_id,
                                       " is not a booked enrolment of the session")},
                         ResourceName(change.enrolment_id));
    }
  }
  std::vector<db::MarkOutcome> outcomes;
  for (const db::MarkChange& change : changes) {
    const Stored& enrolment = enrolments_.at(change.enrolment_id);
    const std::pair<int64_t, int> key(change.enrolment_id, change.block_number);
    auto before = marks_.find(key);
    if (before != marks_.end() && before->second.status() == change.status &&
        before->second.note() == change.note) {
      outcomes.push_back(db::MarkOutcome{before->second, false});
      continue;
    }
    const std::optional<v1::AttendanceMark> previous =
        before == marks_.end() ? std::nullopt : std::optional<v1::AttendanceMark>(before->second);
    v1::AttendanceMark mark;
    mark.set_enrolment_id(change.enrolment_id);
    mark.set_person_employee_id(enrolment.enrolment.person_employee_id());
    mark.set_block_number(change.block_number);
    mark.set_status(change.status);
    mark.set_note(change.note);
    mark.set_marked_by(stamp.principal);
    *mark.mutable_mark_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
    marks_[key] = mark;
    v1::EnrolmentHistoryEntry& entry = history_.emplace_back();
    entry.set_id(static_cast<int64_t>(history_.size()));
    entry.set_enrolment_id(change.enrolment_id);
    entry.set_from_state(enrolment.enrolment.state());
    entry.set_to_state(enrolment.enrolment.state());
    entry.set_actor(stamp.principal);
    entry.set_reason(reason);
    *entry.mutable_change_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
    entry.set_block_number(change.block_number);
    entry.set_from_attendance(previous ? previous->status() : v1::ATTENDANCE_STATUS_UNSPECIFIED);
    entry.set_to_attendance(change.status);
    if (audit_ != nullptr) {
      db::ChangedFields changed = db::DiffForAudit(previous ? &*previous : nullptr, mark);
      audit_->Append(stamp,
                     {"enrolment", ResourceName(change.enrolment_id),
                      std::move(changed.before_json), std::move(changed.after_json)},
                     now);
    }
    outcomes.push_back(db::MarkOutcome{std::move(mark), true});
  }
  return outcomes;
}

int64_t FakeEnrolmentRepository::BookedIn(int64_t session_id) {
  absl::MutexLock lock(&mutex_);
  return Booked(session_id);
}

int64_t FakeEnrolmentRepository::OpenIn(int64_t session_id) {
  absl::MutexLock lock(&mutex_);
  int64_t open = 0;
  for (const auto& [id, stored] : enrolments_) {
    if (stored.enrolment.training_session_id() == session_id &&
        db::IsOpenEnrolment(stored.enrolment.state())) {
      ++open;
    }
  }
  return open;
}

void FakeEnrolmentRepository::SessionUpdated(const v1::TrainingSession& session,
                                             const db::AuditStamp& stamp, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  PromoteHeads(session, db::kPromotedCapacityRaised, stamp, now);
}

void FakeEnrolmentRepository::SessionCancelled(int64_t session_id, const std::string& reason,
                                               const db::AuditStamp& stamp, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  for (auto& [id, stored] : enrolments_) {
    if (stored.enrolment.training_session_id() == session_id &&
        db::IsOpenEnrolment(stored.enrolment.state())) {
      Move(stored, v1::ENROLMENT_STATE_SESSION_CANCELLED,
           absl::StrCat("session cancelled: ", reason), false, false, stamp, now);
    }
  }
}

absl::StatusOr<std::vector<v1::Assessment>> FakeEnrolmentRepository::Assessments(
    int64_t session_id) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::Assessment> assessments;
  for (const auto& [id, assessment] : assessments_) {
    if (assessment.training_session_id() == session_id) assessments.push_back(assessment);
  }
  return assessments;
}

absl::StatusOr<db::AssessmentOutcome> FakeEnrolmentRepository::RecordAssessment(
    int64_t session_id, const db::AssessmentChange& change, const db::AuditStamp& stamp,
    absl::Time now) {
  absl::StatusOr<v1::TrainingSession> session = sessions_.Get(session_id, now);
  if (!session.ok()) return session.status();
  if (absl::Status s = db::AttendanceOpen(*session); !s.ok()) return s;
  absl::MutexLock lock(&mutex_);
  auto found = enrolments_.find(change.enrolment_id);
  if (found == enrolments_.end() || found->second.enrolment.training_session_id() != session_id ||
      !db::TakesAttendance(found->second.enrolment.state())) {
    return db::Refused("cannot record the assessment",
                       {absl::StrCat("enrolment ", change.enrolment_id,
                                     " is not a booked enrolment of the session")},
                       ResourceName(change.enrolment_id));
  }
  auto before = assessments_.find(change.enrolment_id);
  if (before != assessments_.end() && before->second.score_percent() == change.score_percent &&
      before->second.note() == change.note) {
    return db::AssessmentOutcome{before->second, false};
  }
  const std::optional<v1::Assessment> previous =
      before == assessments_.end() ? std::nullopt : std::optional<v1::Assessment>(before->second);
  v1::Assessment assessment;
  assessment.set_enrolment_id(change.enrolment_id);
  assessment.set_person_employee_id(found->second.enrolment.person_employee_id());
  assessment.set_training_session_id(session_id);
  assessment.set_score_percent(change.score_percent);
  assessment.set_note(change.note);
  assessment.set_assessed_by(stamp.principal);
  *assessment.mutable_assess_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
  assessments_[change.enrolment_id] = assessment;
  v1::EnrolmentHistoryEntry& entry = history_.emplace_back();
  entry.set_id(static_cast<int64_t>(history_.size()));
  entry.set_enrolment_id(change.enrolment_id);
  entry.set_from_state(found->second.enrolment.state());
  entry.set_to_state(found->second.enrolment.state());
  entry.set_actor(stamp.principal);
  entry.set_reason(change.note);
  *entry.mutable_change_time() = db::MillisToTimestamp(absl::ToUnixMillis(now));
  if (previous) entry.set_from_score_percent(previous->score_percent());
  entry.set_to_score_percent(change.score_percent);
  if (audit_ != nullptr) {
    db::ChangedFields changed = db::DiffForAudit(previous ? &*previous : nullptr, assessment);
    audit_->Append(stamp,
                   {"enrolment", ResourceName(change.enrolment_id), std::move(changed.before_json),
                    std::move(changed.after_json)},
                   now);
  }
  return db::AssessmentOutcome{std::move(assessment), true};
}

absl::Status FakeEnrolmentRepository::SessionClosing(const v1::TrainingSession& session,
                                                     const db::CloseOptions& options,
                                                     const db::AuditStamp& stamp, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  std::vector<db::ClosingInput> inputs;
  for (const auto& [id, stored] : enrolments_) {
    if (stored.enrolment.training_session_id() != session.id() ||
        !db::TakesAttendance(stored.enrolment.state())) {
      continue;
    }
    db::ClosingInput& input = inputs.emplace_back();
    input.entry =
        db::RosterEntry{Read(stored), db::TimestampToMillis(stored.enrolment.create_time())};
    for (const v1::EnrolmentHistoryEntry& change : history_) {
      if (change.enrolment_id() == id && change.block_number() == 0 &&
          !change.has_to_score_percent() && change.to_state() == v1::ENROLMENT_STATE_BOOKED) {
        input.entry.booked_ms = db::TimestampToMillis(change.change_time());
        break;
      }
    }
    for (const auto& [key, mark] : marks_) {
      if (key.first == id) input.marks[key.second] = mark.status();
    }
    auto assessment = assessments_.find(id);
    if (assessment != assessments_.end()) input.score_percent = assessment->second.score_percent();
  }
  if (absl::Status s = db::CheckAssessments(session, inputs, options); !s.ok()) return s;
  const std::vector<db::ClosingOutcome> outcomes = db::DecideClosing(session, inputs, options, now);
  std::vector<v1::TrainingCompletion> completions;
  for (const db::ClosingOutcome& outcome : outcomes) {
    if (outcome.completed) completions.push_back(db::CompletionOf(session, outcome, stamp, now));
  }
  // The completions first: they are the step that may fail, and the enrolments move only after.
  if (completions_ != nullptr && !completions.empty()) {
    absl::StatusOr<std::vector<v1::TrainingCompletion>> added =
        completions_->AddAll(completions, stamp, now);
    if (!added.ok()) return added.status();
  }
  for (const db::ClosingOutcome& outcome : outcomes) {
    Move(enrolments_.at(outcome.enrolment_id), outcome.state, outcome.reason, false, false, stamp,
         now);
  }
  return absl::OkStatus();
}

}  // namespace escala::testing
