// Access-matrix probes of the CourseService.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "escala/v1/courses.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

v1::Course ProbeCourse(const std::string& course_id) {
  v1::Course course;
  course.set_course_id(course_id);
  course.set_title("Probe course");
  course.set_kind(v1::COURSE_KIND_THEORY);
  course.mutable_planned_duration()->set_seconds(3600);
  return course;
}

// A new course made by the administrator, so that each probe's call is the only thing the
// caller's rule decides.
v1::Course AdminCourse(World& w) {
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::CreateCourseRequest request;
  *request.mutable_course() = ProbeCourse(w.Unique("probe-course-"));
  v1::Course created;
  grpc::Status status =
      NewStub<v1::CourseService>(w.channel)->CreateCourse(&context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

ProbeMap CourseProbes() {
  ProbeMap probes;
  probes["escala.v1.CourseService/CreateCourse"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreateCourseRequest request;
    *request.mutable_course() = ProbeCourse(w.Unique("new-course-"));
    v1::Course response;
    return NewStub<v1::CourseService>(w.channel)
        ->CreateCourse(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.CourseService/GetCourse"] = [](World& w, const Actor& c, Target) {
    const v1::Course course = AdminCourse(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetCourseRequest request;
    request.set_course_id(course.course_id());
    v1::Course response;
    return NewStub<v1::CourseService>(w.channel)
        ->GetCourse(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.CourseService/ListCourses"] = [](World& w, const Actor& c, Target) {
    const v1::Course course = AdminCourse(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListCoursesRequest request;
    request.set_page_size(1000);
    v1::ListCoursesResponse response;
    grpc::Status status =
        NewStub<v1::CourseService>(w.channel)->ListCourses(&context, request, &response);
    bool contains = false;
    for (const v1::Course& listed : response.courses()) {
      contains |= listed.course_id() == course.course_id();
    }
    return Found(status, contains);
  };
  probes["escala.v1.CourseService/ListCourseVersions"] = [](World& w, const Actor& c, Target) {
    const v1::Course course = AdminCourse(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListCourseVersionsRequest request;
    request.set_course_id(course.course_id());
    v1::ListCoursesResponse response;
    grpc::Status status =
        NewStub<v1::CourseService>(w.channel)->ListCourseVersions(&context, request, &response);
    return Found(status, response.courses_size() == 1);
  };
  probes["escala.v1.CourseService/UpdateCourse"] = [](World& w, const Actor& c, Target) {
    const v1::Course course = AdminCourse(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdateCourseRequest request;
    request.mutable_course()->set_course_id(course.course_id());
    request.mutable_course()->set_title("Probe course, edited");
    request.mutable_course()->set_etag(course.etag());
    v1::Course response;
    return NewStub<v1::CourseService>(w.channel)
        ->UpdateCourse(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.CourseService/RetireCourse"] = [](World& w, const Actor& c, Target) {
    const v1::Course course = AdminCourse(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::RetireCourseRequest request;
    request.set_course_id(course.course_id());
    request.set_reason("probe");
    v1::Course response;
    return NewStub<v1::CourseService>(w.channel)
        ->RetireCourse(&context, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kTrainingProbes("training", &CourseProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
