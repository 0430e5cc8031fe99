#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "db/training/course_repository.h"
#include "escala/v1/courses.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// The logic of CourseService, free of gRPC: validate, check the catalogue, call the repository,
// shape the answer. The catalogue belongs to no person or team, so the access policy only allows
// or denies its methods: there is no narrower scope to apply. Every change is stamped with the
// admitted caller.
class CourseHandler {
 public:
  CourseHandler(db::CourseRepository& courses, db::RequestLog& requests, Clock clock)
      : courses_(courses), requests_(requests), clock_(std::move(clock)) {}

  absl::StatusOr<v1::Course> CreateCourse(const CallContext& call,
                                          const v1::CreateCourseRequest& request);
  absl::StatusOr<v1::Course> GetCourse(const CallContext& call,
                                       const v1::GetCourseRequest& request);
  absl::StatusOr<v1::ListCoursesResponse> ListCourses(const CallContext& call,
                                                      const v1::ListCoursesRequest& request);
  absl::StatusOr<v1::ListCoursesResponse> ListCourseVersions(
      const CallContext& call, const v1::ListCourseVersionsRequest& request);
  absl::StatusOr<v1::Course> UpdateCourse(const CallContext& call,
                                          const v1::UpdateCourseRequest& request);
  absl::StatusOr<v1::Course> RetireCourse(const CallContext& call,
                                          const v1::RetireCourseRequest& request);

 private:
  // FAILED_PRECONDITION naming every prerequisite of `course` that does not exist, is retired,
  // or requires `course` itself (directly or through its own prerequisites).
  absl::Status CheckPrerequisites(const v1::Course& course);

  db::CourseRepository& courses_;
  // Where a state change's request_id is looked up (the audit log).
  db::RequestLog& requests_;
  Clock clock_;
};

}  // namespace escala::server
