#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "db/directory/people_repository.h"
#include "db/training/course_repository.h"
#include "db/training/enrolment_repository.h"
#include "db/training/training_session_repository.h"
#include "escala/v1/training_sessions.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// The logic of TrainingSessionService, free of gRPC. A caller with the own scope (a trainer)
// reaches the sessions they train: others answer NOT_FOUND, as records out of reach do, and a
// trainer schedules only sessions they train. States follow from the injected clock.
class TrainingSessionHandler {
 public:
  TrainingSessionHandler(db::TrainingSessionRepository& sessions, db::CourseRepository& courses,
                         db::PeopleRepository& people, db::RequestLog& requests, Clock clock,
                         db::EnrolmentRepository& enrolments)
      : sessions_(sessions),
        enrolments_(enrolments),
        courses_(courses),
        people_(people),
        requests_(requests),
        clock_(std::move(clock)) {}

  absl::StatusOr<v1::TrainingSession> CreateTrainingSession(
      const CallContext& call, const v1::CreateTrainingSessionRequest& request);
  absl::StatusOr<v1::TrainingSession> GetTrainingSession(
      const CallContext& call, const v1::GetTrainingSessionRequest& request);
  absl::StatusOr<v1::ListTrainingSessionsResponse> ListTrainingSessions(
      const CallContext& call, const v1::ListTrainingSessionsRequest& request);
  absl::StatusOr<v1::TrainingSession> UpdateTrainingSession(
      const CallContext& call, const v1::UpdateTrainingSessionRequest& request);
  absl::StatusOr<v1::TrainingSession> CancelTrainingSession(
      const CallContext& call, const v1::CancelTrainingSessionRequest& request);
  absl::StatusOr<v1::TrainingSession> CloseTrainingSession(
      const CallContext& call, const v1::CloseTrainingSessionRequest& request);
  // Calendars (training_session_export.cc).
  absl::StatusOr<v1::ExportSessionCalendarResponse> ExportSessionCalendar(
      const CallContext& call, const v1::ExportSessionCalendarRequest& request);
  absl::StatusOr<v1::ExportPersonCalendarResponse> ExportPersonCalendar(
      const CallContext& call, const v1::ExportPersonCalendarRequest& request);

 private:
  // The session `id` when the caller reaches it for a change; NOT_FOUND otherwise.
  absl::StatusOr<v1::TrainingSession> Reachable(const CallContext& call, int64_t id);
  // FAILED_PRECONDITION naming the first trainer of `session` not in the directory.
  absl::Status CheckTrainersExist(const v1::TrainingSession& session);

  // The title of the course version `session` delivers; empty when the course is gone.
  absl::StatusOr<std::string> CourseTitle(const v1::TrainingSession& session);
  // NOT_FOUND unless `call` reaches the calendar of `employee_id`: the own scope the caller
  // themselves, the team scope also the people of the caller's team. Also NOT_FOUND for a
  // person not in the directory.
  absl::Status CheckPersonReach(const CallContext& call, const std::string& employee_id);

  // The schedule conflicts of `trainers` with `session`'s blocks (as trainers or learners of
  // other sessions): FAILED_PRECONDITION (SCHEDULE_CONFLICT) naming every one, or, when
  // `allow`, OK with them in session.schedule_conflicts (for the audit event).
  //
  // Checked before the write, outside the session's lock, as Enrol checks a learner's: two
  // concurrent calls that book the same person into overlapping blocks of two different sessions
  // lock different rows and may both pass.
  absl::Status CheckTrainerConflicts(v1::TrainingSession& session,
                                     const std::vector<std::string>& trainers, bool allow);
  // The overlaps of the trainers and the enrolled people of `session` with other sessions.
  absl::Status AddScheduleConflicts(v1::TrainingSession& session);

  db::TrainingSessionRepository& sessions_;
  // Read to report the schedule conflicts a move of the blocks causes.
  db::EnrolmentRepository& enrolments_;
  db::CourseRepository& courses_;
  db::PeopleRepository& people_;
  // Where a state change's request_id is looked up (the audit log).
  db::RequestLog& requests_;
  Clock clock_;
};

}  // namespace escala::server
