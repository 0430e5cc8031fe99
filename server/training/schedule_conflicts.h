#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/training/enrolment_repository.h"
#include "db/training/training_session_repository.h"
#include "escala/v1/training_sessions.pb.h"

namespace escala::server {

// Whether two blocks overlap as half-open intervals: 09:00–12:00 and 12:00–13:00 do not.
bool BlocksOverlap(const v1::SessionBlock& a, const v1::SessionBlock& b);

// The overlaps of `session`'s blocks with the other sessions `employee_id` is in: those they
// have an open enrolment in (requested, booked, waitlisted) and those they train. Cancelled and
// closed sessions and `session` itself (by id) do not count.
absl::StatusOr<std::vector<v1::ScheduleConflict>> FindScheduleConflicts(
    db::TrainingSessionRepository& sessions, db::EnrolmentRepository& enrolments,
    const std::string& employee_id, const v1::TrainingSession& session, absl::Time now);

// "E1 is enrolled in training session 7, whose block 2026-03-01T09:00:00Z–… overlaps".
std::string DescribeConflict(const v1::ScheduleConflict& conflict);

// FAILED_PRECONDITION with SCHEDULE_CONFLICT naming every conflict ("schedule conflict: …;
// <how to override>"); metadata `resource` is the first conflict's other session.
absl::Status ConflictRefusal(const std::vector<v1::ScheduleConflict>& conflicts,
                             const std::string& override_hint);

}  // namespace escala::server
