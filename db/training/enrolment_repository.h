#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/training/attendance_rules.h"
#include "escala/v1/enrolments.pb.h"

namespace escala::db {

// What ListEnrolments selects; empty or zero members select everything.
struct EnrolmentFilter {
  int64_t session_id = 0;
  std::string person_employee_id;
  v1::EnrolmentState state = v1::ENROLMENT_STATE_UNSPECIFIED;
  // The caller's reach, when narrowed: enrolments of this person or of sessions they train.
  std::string reach_employee_id;
  // The caller's reach, when narrowed: enrolments of people of this team (at enrolment).
  std::string reach_team_id;
};

// A new enrolment, as the handler checked it.
struct NewEnrolment {
  int64_t session_id = 0;
  std::string person_employee_id;
  // The person's team, stored with the enrolment for team leads' reach.
  std::string team_id;
  std::string reason;
  // A conflict was found and overridden.
  bool conflicts_overridden = false;
};

// An assessment score to write, as the handler checked it.
struct AssessmentChange {
  int64_t enrolment_id = 0;
  // Whole percent, 0–100.
  int score_percent = 0;
  std::string note;
};

// An assessment as stored after a write (pass mark and result are the handler's), and whether
// the write changed it.
struct AssessmentOutcome {
  v1::Assessment assessment;
  bool changed = false;
};

// Storage of enrolments (tables training_enrolments and training_enrolment_history). Every step
// locks the session's row (FOR UPDATE on MariaDB; SQLite's write transaction is exclusive),
// counts its booked seats inside the transaction, decides with the guards of enrolment_rules.h,
// and writes the change, one history entry per enrolment moved, and one audit event per
// enrolment moved (resource "enrolments/<id>", the first one the enrolment asked for) in the
// same transaction. A seat freed before the first block starts books the head of the waitlist
// (by waitlist_entered_time, then id) after the change that freed it.
class EnrolmentRepository {
 public:
  virtual ~EnrolmentRepository() = default;

  // Enrols. NOT_FOUND for an unknown session; ENROLMENT_REFUSED naming every failing guard,
  // "already enrolled" among them when the person has an open enrolment in the session.
  virtual absl::StatusOr<v1::Enrolment> Enrol(const NewEnrolment& enrolment,
                                              const AuditStamp& stamp, absl::Time now) = 0;
  // REQUESTED → BOOKED or WAITLISTED (DecideApprove).
  virtual absl::StatusOr<v1::Enrolment> Approve(int64_t id, const std::string& reason,
                                                const AuditStamp& stamp, absl::Time now) = 0;
  // REQUESTED → DECLINED.
  virtual absl::StatusOr<v1::Enrolment> Decline(int64_t id, const std::string& reason,
                                                const AuditStamp& stamp, absl::Time now) = 0;
  // Open → WITHDRAWN (DecideWithdraw); a booked seat freed books the head of the waitlist.
  virtual absl::StatusOr<v1::Enrolment> Withdraw(int64_t id, const std::string& reason,
                                                 bool learner_side, const AuditStamp& stamp,
                                                 absl::Time now) = 0;
  // WAITLISTED or REQUESTED → BOOKED (DecidePromote).
  virtual absl::StatusOr<v1::Enrolment> Promote(int64_t id, const std::string& reason,
                                                bool allow_overbook, const AuditStamp& stamp,
                                                absl::Time now) = 0;
  // One enrolment with its waitlist position. NOT_FOUND when there is none.
  virtual absl::StatusOr<v1::Enrolment> Get(int64_t id) = 0;
  // Enrolments `filter` selects ordered by (session id, id), after the keyset (after_session,
  // after_id) (exclusive; after_id 0 = from the beginning), at most `limit`, each with the
  // person's display name from the people directory (one lookup for the page).
  virtual absl::StatusOr<std::vector<v1::Enrolment>> List(const EnrolmentFilter& filter,
                                                          int64_t after_session, int64_t after_id,
                                                          int limit) = 0;
  // The history of one enrolment by entry id, after `after_id`, at most `limit`.
  virtual absl::StatusOr<std::vector<v1::EnrolmentHistoryEntry>> History(int64_t enrolment_id,
                                                                         int64_t after_id,
                                                                         int limit) = 0;

  // Attendance (AttendanceService). The session's enrolments that take attendance
  // (TakesAttendance) and, once it is closed, those with an attendance outcome, by id, each with
  // the instant its seat was booked.
  virtual absl::StatusOr<std::vector<RosterEntry>> Roster(int64_t session_id) = 0;
  // Every stored mark of the session, by enrolment id, then block.
  virtual absl::StatusOr<std::vector<v1::AttendanceMark>> Marks(int64_t session_id) = 0;
  // Writes `changes` (checked by the caller: markable status, block in range, started and
  // applicable) in one transaction under the session's lock. FAILED_PRECONDITION with
  // INVALID_STATE_TRANSITION when the session is CLOSED or CANCELLED at `now`; ENROLMENT_REFUSED
  // when an enrolment no longer takes attendance. A change to the stored status and note is a
  // no-op; every other one writes the mark, a history entry (block, from and to status, the
  // enrolment's state on both sides, `reason`) and an audit event "enrolments/<id>". Answers one
  // outcome per change, in order.
  virtual absl::StatusOr<std::vector<MarkOutcome>> MarkAttendance(
      int64_t session_id, const std::vector<MarkChange>& changes, const std::string& reason,
      const AuditStamp& stamp, absl::Time now) = 0;
  // Every stored assessment of the session, by enrolment id (pass mark and result unset).
  virtual absl::StatusOr<std::vector<v1::Assessment>> Assessments(int64_t session_id) = 0;
  // Writes the score of a booked enrolment of `session_id` under the session's lock.
  // FAILED_PRECONDITION with INVALID_STATE_TRANSITION when the session is CLOSED or CANCELLED at
  // `now`; ENROLMENT_REFUSED when the enrolment is not a booked one of the session. The stored
  // score and note again is a no-op; every other change writes the score, a history entry (from
  // and to score, the enrolment's state on both sides, the note as reason) and an audit event
  // "enrolments/<id>".
  virtual absl::StatusOr<AssessmentOutcome> RecordAssessment(int64_t session_id,
                                                             const AssessmentChange& change,
                                                             const AuditStamp& stamp,
                                                             absl::Time now) = 0;
};

}  // namespace escala::db
