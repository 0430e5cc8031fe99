#include "server/training/course_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* CourseService::CreateCourse(grpc::CallbackServerContext* context,
                                                      const v1::CreateCourseRequest* request,
                                                      v1::Course* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.CourseService/CreateCourse",
      [this, request](const CallContext& call) { return handler_.CreateCourse(call, *request); });
}

grpc::ServerUnaryReactor* CourseService::GetCourse(grpc::CallbackServerContext* context,
                                                   const v1::GetCourseRequest* request,
                                                   v1::Course* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.CourseService/GetCourse",
      [this, request](const CallContext& call) { return handler_.GetCourse(call, *request); });
}

grpc::ServerUnaryReactor* CourseService::ListCourses(grpc::CallbackServerContext* context,
                                                     const v1::ListCoursesRequest* request,
                                                     v1::ListCoursesResponse* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.CourseService/ListCourses",
      [this, request](const CallContext& call) { return handler_.ListCourses(call, *request); });
}

grpc::ServerUnaryReactor* CourseService::ListCourseVersions(
    grpc::CallbackServerContext* context, const v1::ListCourseVersionsRequest* request,
    v1::ListCoursesResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.CourseService/ListCourseVersions",
                     [this, request](const CallContext& call) {
                       return handler_.ListCourseVersions(call, *request);
                     });
}

grpc::ServerUnaryReactor* CourseService::UpdateCourse(grpc::CallbackServerContext* context,
                                                      const v1::UpdateCourseRequest* request,
                                                      v1::Course* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.CourseService/UpdateCourse",
      [this, request](const CallContext& call) { return handler_.UpdateCourse(call, *request); });
}

grpc::ServerUnaryReactor* CourseService::RetireCourse(grpc::CallbackServerContext* context,
                                                      const v1::RetireCourseRequest* request,
                                                      v1::Course* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.CourseService/RetireCourse",
      [this, request](const CallContext& call) { return handler_.RetireCourse(call, *request); });
}

}  // namespace escala::server
