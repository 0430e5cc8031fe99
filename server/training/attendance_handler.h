#pragma once

#include <optional>
#include <utility>

#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "db/training/course_repository.h"
#include "db/training/enrolment_repository.h"
#include "db/training/training_session_repository.h"
#include "escala/v1/attendance.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// The logic of AttendanceService, free of gRPC. Reach: with the own scope a trainer marks and
// reads the sessions they train, and anyone else reads only their own row; the team scope reads
// the rows of the caller's team (as of enrolment) and the caller's own. A session out of reach
// answers NOT_FOUND. This layer validates every mark and decides its guards (booked enrolment,
// block started, block applicable); the repository writes under the session's lock and checks
// the session's state there.
class AttendanceHandler {
 public:
  AttendanceHandler(db::EnrolmentRepository& enrolments, db::TrainingSessionRepository& sessions,
                    db::CourseRepository& courses, db::RequestLog& requests, Clock clock)
      : enrolments_(enrolments),
        sessions_(sessions),
        courses_(courses),
        requests_(requests),
        clock_(std::move(clock)) {}

  absl::StatusOr<v1::MarkAttendanceResponse> MarkAttendance(
      const CallContext& call, const v1::MarkAttendanceRequest& request);
  absl::StatusOr<v1::ListAttendanceResponse> ListAttendance(
      const CallContext& call, const v1::ListAttendanceRequest& request);
  absl::StatusOr<v1::Assessment> RecordAssessment(const CallContext& call,
                                                  const v1::RecordAssessmentRequest& request);

 private:
  // The pass mark of the course version `session` delivers; nullopt when it has no assessment.
  absl::StatusOr<std::optional<int>> PassMarkOf(const v1::TrainingSession& session);
  absl::StatusOr<v1::Assessment> ApplyAssessment(const CallContext& call,
                                                 const v1::RecordAssessmentRequest& request,
                                                 const db::CreateRequest& key);
  // A replay's answer: the enrolment's assessment as it is now.
  absl::StatusOr<v1::Assessment> CurrentAssessment(const v1::RecordAssessmentRequest& request);
  absl::StatusOr<v1::MarkAttendanceResponse> Apply(const CallContext& call,
                                                   const v1::MarkAttendanceRequest& request,
                                                   const db::CreateRequest& key);
  // A replay's answer: the marks the request named, as they are now.
  absl::StatusOr<v1::MarkAttendanceResponse> Current(const v1::MarkAttendanceRequest& request);

  db::EnrolmentRepository& enrolments_;
  db::TrainingSessionRepository& sessions_;
  db::CourseRepository& courses_;
  db::RequestLog& requests_;
  Clock clock_;
};

}  // namespace escala::server
