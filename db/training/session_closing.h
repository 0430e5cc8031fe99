#pragma once

// What closing a training session decides for its booked enrolments, shared by every
// TrainingSessionRepository (the SOCI one in its transaction, the fake under its lock), so that
// all of them close alike: the assessment guard, each enrolment's outcome by the completion rule
// (attendance_rules.h) and the completion record of those who met it.

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/training/attendance_rules.h"
#include "escala/v1/completions.pb.h"
#include "escala/v1/enrolments.pb.h"
#include "escala/v1/training_sessions.pb.h"

namespace escala::db {

// FAILED_PRECONDITION: a close of a session whose course has an assessment, while booked
// learners have no score (the message names every enrolment).
inline constexpr char kReasonAssessmentsMissing[] = "ASSESSMENTS_MISSING";
// FAILED_PRECONDITION: a score for a session whose course version has no assessment (no
// pass_mark_percent).
inline constexpr char kReasonNoAssessment[] = "NO_ASSESSMENT";

// How the caller wants a session closed.
struct CloseOptions {
  // The pass mark of the course version the session delivers; nullopt: it has no assessment.
  std::optional<int> pass_mark_percent;
  // Close although booked learners have no score (they do not complete).
  bool allow_missing_assessments = false;
};

// One booked enrolment as closing finds it.
struct ClosingInput {
  RosterEntry entry;
  // Its stored marks by block number (absent blocks are unmarked).
  std::map<int, v1::AttendanceStatus> marks;
  std::optional<int> score_percent;
};

// What closing does with one booked enrolment.
struct ClosingOutcome {
  int64_t enrolment_id = 0;
  std::string person_employee_id;
  v1::EnrolmentState state = v1::ENROLMENT_STATE_UNSPECIFIED;
  bool completed = false;
  std::optional<int> score_percent;
  // The history entry's reason.
  std::string reason;
};

inline v1::EnrolmentState OutcomeState(AttendanceOutcome outcome) {
  switch (outcome) {
    case AttendanceOutcome::kAttended:
      return v1::ENROLMENT_STATE_ATTENDED;
    case AttendanceOutcome::kPartiallyAttended:
      return v1::ENROLMENT_STATE_PARTIALLY_ATTENDED;
    case AttendanceOutcome::kNoShow:
      return v1::ENROLMENT_STATE_NO_SHOW;
    case AttendanceOutcome::kExcused:
      return v1::ENROLMENT_STATE_EXCUSED;
  }
  return v1::ENROLMENT_STATE_NO_SHOW;
}

// Whether an enrolment state is an attendance outcome (set by closing the session).
inline bool IsAttendanceOutcome(v1::EnrolmentState state) {
  return state >= v1::ENROLMENT_STATE_ATTENDED && state <= v1::ENROLMENT_STATE_EXCUSED;
}

// OK unless the course has an assessment, some booked enrolment has no score and the caller did
// not allow that: then FAILED_PRECONDITION with ASSESSMENTS_MISSING naming every such enrolment
// and its learner.
inline absl::Status CheckAssessments(const v1::TrainingSession& session,
                                     const std::vector<ClosingInput>& inputs,
                                     const CloseOptions& options) {
  if (!options.pass_mark_percent.has_value() || options.allow_missing_assessments) {
    return absl::OkStatus();
  }
  std::vector<std::string> missing;
  for (const ClosingInput& input : inputs) {
    if (input.score_percent.has_value()) continue;
    missing.push_back(absl::StrCat("enrolment ", input.entry.enrolment.id(), " (",
                                   input.entry.enrolment.person_employee_id(), ")"));
  }
  if (missing.empty()) return absl::OkStatus();
  return WithErrorInfo(
      absl::FailedPreconditionError(absl::StrCat(
          "training session ", session.id(), " cannot be closed: the course has an assessment (",
          "pass mark ", *options.pass_mark_percent, " %) and no score is recorded for ",
          absl::StrJoin(missing, ", "),
          "; record the scores, or close with allow_missing_assessments (they do not complete)")),
      kReasonAssessmentsMissing,
      {{"resource", absl::StrCat("trainingSessions/", session.id())},
       {"enrolments", absl::StrJoin(missing, ", ")}});
}

// The outcome of each booked enrolment of a session closed at `now` (after its last block):
// the completion rule on its tally, where blocks still unmarked count as not attended.
inline std::vector<ClosingOutcome> DecideClosing(const v1::TrainingSession& session,
                                                 const std::vector<ClosingInput>& inputs,
                                                 const CloseOptions& options, absl::Time now) {
  std::vector<ClosingOutcome> outcomes;
  for (const ClosingInput& input : inputs) {
    std::vector<v1::AttendanceStatus> statuses(session.blocks_size(),
                                               v1::ATTENDANCE_STATUS_UNSPECIFIED);
    for (const auto& [block, status] : input.marks) {
      if (block >= 1 && block <= session.blocks_size()) statuses[block - 1] = status;
    }
    const AttendanceTally tally = Tally(session, statuses, input.entry.booked_ms, now);
    const CompletionDecision decision =
        DecideCompletion(tally, options.pass_mark_percent, input.score_percent);
    ClosingOutcome& outcome = outcomes.emplace_back();
    outcome.enrolment_id = input.entry.enrolment.id();
    outcome.person_employee_id = input.entry.enrolment.person_employee_id();
    outcome.state = OutcomeState(decision.outcome);
    outcome.completed = decision.completed;
    outcome.score_percent = input.score_percent;
    std::string reason =
        absl::StrFormat("session closed: %g of %d counted blocks attended (%.1f %%)",
                        tally.attended, tally.counted, tally.percent_of_all());
    if (tally.open > 0) absl::StrAppend(&reason, ", ", tally.open, " unmarked (not attended)");
    if (options.pass_mark_percent.has_value()) {
      if (input.score_percent.has_value()) {
        absl::StrAppend(&reason, "; assessment ", *input.score_percent, " % (pass mark ",
                        *options.pass_mark_percent, " %)");
      } else {
        absl::StrAppend(&reason, "; no assessment score: closed with allow_missing_assessments");
      }
    }
    absl::StrAppend(&reason, decision.completed ? "; completed" : "; not completed");
    outcome.reason = std::move(reason);
  }
  return outcomes;
}

// The end of the session's last block: a completion's completion_time.
inline int64_t SessionEndMs(const v1::TrainingSession& session) {
  int64_t end = 0;
  for (int b = 1; b <= session.blocks_size(); ++b) end = std::max(end, BlockEndMs(session, b));
  return end;
}

// The completion record of an outcome that completed (without id).
inline v1::TrainingCompletion CompletionOf(const v1::TrainingSession& session,
                                           const ClosingOutcome& outcome, const AuditStamp& stamp,
                                           absl::Time now) {
  v1::TrainingCompletion completion;
  completion.set_person_employee_id(outcome.person_employee_id);
  completion.set_course_id(session.course_id());
  completion.set_course_version(session.course_version());
  completion.set_training_session_id(session.id());
  completion.set_enrolment_id(outcome.enrolment_id);
  *completion.mutable_completion_time() = MillisToTimestamp(SessionEndMs(session));
  if (outcome.score_percent.has_value()) {
    completion.set_assessment_score_percent(*outcome.score_percent);
  }
  completion.set_source(v1::COMPLETION_SOURCE_SESSION);
  completion.set_created_by(stamp.principal);
  *completion.mutable_create_time() = MillisToTimestamp(absl::ToUnixMillis(now));
  return completion;
}

}  // namespace escala::db
