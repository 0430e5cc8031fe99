#pragma once

// Attendance rules shared by the handler (which validates marks and computes the grid) and every
// EnrolmentRepository (which re-checks under the session's lock), so that all of them decide
// alike. Blocks are numbered from 1 in start order (the session stores them that way).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "escala/v1/attendance.pb.h"
#include "escala/v1/enrolments.pb.h"
#include "escala/v1/training_sessions.pb.h"

namespace escala::db {

// The attended share (over every applicable, not excused block) a learner needs to complete a
// course: 80 %.
inline constexpr double kCompletionAttendancePercent = 80.0;

// A status a caller may set (PRESENT to EXCUSED); UNSPECIFIED and NOT_APPLICABLE are not marks.
inline bool IsMarkableStatus(v1::AttendanceStatus status) {
  return status >= v1::ATTENDANCE_STATUS_PRESENT && status <= v1::ATTENDANCE_STATUS_EXCUSED;
}

// Whether an enrolment's attendance is marked: BOOKED (overbooked ones included).
inline bool TakesAttendance(v1::EnrolmentState state) {
  return state == v1::ENROLMENT_STATE_BOOKED;
}

// OK while the session's attendance may change; FAILED_PRECONDITION with
// INVALID_STATE_TRANSITION once it is CLOSED (attendance is final) or CANCELLED.
inline absl::Status AttendanceOpen(const v1::TrainingSession& session) {
  if (session.state() != v1::TRAINING_SESSION_STATE_CLOSED &&
      session.state() != v1::TRAINING_SESSION_STATE_CANCELLED) {
    return absl::OkStatus();
  }
  const std::string state = v1::TrainingSessionState_Name(session.state());
  return WithErrorInfo(
      absl::FailedPreconditionError(absl::StrCat("training session ", session.id(), " is ", state,
                                                 ": its attendance can no longer change")),
      kReasonInvalidStateTransition,
      {{"resource", absl::StrCat("trainingSessions/", session.id())}, {"state", state}});
}

inline int64_t BlockStartMs(const v1::TrainingSession& session, int block_number) {
  return TimestampToMillis(session.blocks(block_number - 1).start_time());
}

inline int64_t BlockEndMs(const v1::TrainingSession& session, int block_number) {
  return TimestampToMillis(session.blocks(block_number - 1).end_time());
}

// Whether block `block_number` applies to a learner whose seat was booked at `booked_ms`: a block
// that ended at or before the booking is not applicable (it was never theirs to attend).
inline bool BlockApplies(const v1::TrainingSession& session, int block_number, int64_t booked_ms) {
  return BlockEndMs(session, block_number) > booked_ms;
}

// Why block `block_number` cannot be marked for a learner booked at `booked_ms` at `now`, or
// nullopt when it can. The number must be in range (1..blocks).
inline std::optional<std::string> BlockGuard(const v1::TrainingSession& session, int block_number,
                                             int64_t booked_ms, absl::Time now) {
  const int64_t start_ms = BlockStartMs(session, block_number);
  if (absl::ToUnixMillis(now) < start_ms) {
    return absl::StrCat(
        "block ", block_number, " has not started: attendance opens at its start (",
        absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixMillis(start_ms), absl::UTCTimeZone()),
        ")");
  }
  if (!BlockApplies(session, block_number, booked_ms)) {
    return absl::StrCat("block ", block_number,
                        " is not applicable: it ended before the seat was booked");
  }
  return std::nullopt;
}

// One learner's attendance over a session's blocks: `statuses` has one entry per block (the
// stored mark, UNSPECIFIED when unmarked). Computed; not stored.
struct AttendanceTally {
  // The statuses with NOT_APPLICABLE filled in.
  std::vector<v1::AttendanceStatus> statuses;
  // PRESENT and LATE count 1, PARTIAL 0.5.
  double attended = 0;
  // Started, applicable, not excused.
  int taken = 0;
  // Applicable, not excused.
  int counted = 0;
  // Applicable blocks that are not excused and not marked yet (started or not).
  int open = 0;
  // Applicable blocks marked EXCUSED.
  int excused = 0;
  // Applicable blocks marked PRESENT, LATE or PARTIAL.
  int attended_blocks = 0;
  double percent_of_taken() const { return taken == 0 ? 0 : 100.0 * attended / taken; }
  double percent_of_all() const { return counted == 0 ? 0 : 100.0 * attended / counted; }
  // Whether the completion threshold can still be reached if every open block is attended.
  bool still_achievable() const {
    if (counted == 0) return false;
    return 100.0 * (attended + open) / counted >= kCompletionAttendancePercent;
  }
};

inline AttendanceTally Tally(const v1::TrainingSession& session,
                             const std::vector<v1::AttendanceStatus>& marked, int64_t booked_ms,
                             absl::Time now) {
  AttendanceTally tally;
  const int64_t now_ms = absl::ToUnixMillis(now);
  for (int b = 1; b <= session.blocks_size(); ++b) {
    v1::AttendanceStatus status =
        b <= static_cast<int>(marked.size()) ? marked[b - 1] : v1::ATTENDANCE_STATUS_UNSPECIFIED;
    if (!BlockApplies(session, b, booked_ms)) status = v1::ATTENDANCE_STATUS_NOT_APPLICABLE;
    tally.statuses.push_back(status);
    if (status == v1::ATTENDANCE_STATUS_NOT_APPLICABLE) continue;
    if (status == v1::ATTENDANCE_STATUS_EXCUSED) {
      ++tally.excused;
      continue;
    }
    ++tally.counted;
    if (now_ms >= BlockStartMs(session, b)) ++tally.taken;
    switch (status) {
      case v1::ATTENDANCE_STATUS_PRESENT:
      case v1::ATTENDANCE_STATUS_LATE:
        tally.attended += 1;
        ++tally.attended_blocks;
        break;
      case v1::ATTENDANCE_STATUS_PARTIAL:
        tally.attended += 0.5;
        ++tally.attended_blocks;
        break;
      case v1::ATTENDANCE_STATUS_UNSPECIFIED:
        ++tally.open;
        break;
      default:
        break;
    }
  }
  return tally;
}

// What closing the session makes of a booked enrolment (the enrolment states reserved for the
// attendance outcomes).
enum class AttendanceOutcome {
  // The completion rule is met.
  kAttended,
  // At least one block attended (present, late or partial), but the rule is not met.
  kPartiallyAttended,
  // No block present, late or partial (unmarked blocks count as missed once closed).
  kNoShow,
  // Every applicable block excused (or none applied).
  kExcused,
};

struct CompletionDecision {
  AttendanceOutcome outcome = AttendanceOutcome::kNoShow;
  bool completed = false;
};

// The completion rule, evaluated on a closed session's tally: the attended share (PRESENT and
// LATE count 1, PARTIAL 0.5) of the applicable blocks that are not excused is at least
// kCompletionAttendancePercent, and, when the course has an assessment (`pass_mark_percent`
// set), the learner's score is at least the pass mark (no score recorded: not met).
inline CompletionDecision DecideCompletion(const AttendanceTally& tally,
                                           std::optional<int> pass_mark_percent,
                                           std::optional<int> score_percent) {
  CompletionDecision decision;
  if (tally.counted == 0) {
    decision.outcome = AttendanceOutcome::kExcused;
    return decision;
  }
  if (tally.attended_blocks == 0) {
    decision.outcome = AttendanceOutcome::kNoShow;
    return decision;
  }
  // Halves are exact in binary: compare without rounding.
  const bool attended_enough =
      tally.attended * 100.0 >= kCompletionAttendancePercent * tally.counted;
  const bool assessed = !pass_mark_percent.has_value() ||
                        (score_percent.has_value() && *score_percent >= *pass_mark_percent);
  decision.completed = attended_enough && assessed;
  decision.outcome =
      decision.completed ? AttendanceOutcome::kAttended : AttendanceOutcome::kPartiallyAttended;
  return decision;
}

// A booked (or, once closed, concluded) enrolment of a session with the instant its seat was
// booked: the first change of its history to BOOKED.
struct RosterEntry {
  v1::Enrolment enrolment;
  int64_t booked_ms = 0;
};

// One mark to write, as the handler checked it.
struct MarkChange {
  int64_t enrolment_id = 0;
  int block_number = 0;
  v1::AttendanceStatus status = v1::ATTENDANCE_STATUS_UNSPECIFIED;
  std::string note;
};

// A mark as stored after a write, and whether the write changed it.
struct MarkOutcome {
  v1::AttendanceMark mark;
  bool changed = false;
};

}  // namespace escala::db
