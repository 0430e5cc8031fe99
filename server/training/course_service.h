#pragma once

#include "escala/v1/courses.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/training/course_handler.h"

namespace escala::server {

// gRPC adapter of CourseService: each call is admitted by the access gate, then runs
// CourseHandler on the worker pool.
class CourseService final : public v1::CourseService::CallbackService {
 public:
  CourseService(CourseHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* CreateCourse(grpc::CallbackServerContext* context,
                                         const v1::CreateCourseRequest* request,
                                         v1::Course* response) override;
  grpc::ServerUnaryReactor* GetCourse(grpc::CallbackServerContext* context,
                                      const v1::GetCourseRequest* request,
                                      v1::Course* response) override;
  grpc::ServerUnaryReactor* ListCourses(grpc::CallbackServerContext* context,
                                        const v1::ListCoursesRequest* request,
                                        v1::ListCoursesResponse* response) override;
  grpc::ServerUnaryReactor* ListCourseVersions(grpc::CallbackServerContext* context,
                                               const v1::ListCourseVersionsRequest* request,
                                               v1::ListCoursesResponse* response) override;
  grpc::ServerUnaryReactor* UpdateCourse(grpc::CallbackServerContext* context,
                                         const v1::UpdateCourseRequest* request,
                                         v1::Course* response) override;
  grpc::ServerUnaryReactor* RetireCourse(grpc::CallbackServerContext* context,
                                         const v1::RetireCourseRequest* request,
                                         v1::Course* response) override;

 private:
  CourseHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
