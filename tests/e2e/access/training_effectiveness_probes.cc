// Access-matrix probes of the TrainingEffectivenessService. The effectiveness of a course
// belongs to nobody: a caller the table allows reads it for any course, everyone else is refused
// before the course is looked up. The probe measures a new course nobody took (not enough data,
// but OK).

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/training_effectiveness.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

// A new course teaching "greet", made by the administrator.
std::string ProbeCourse(World& w) {
  const std::string course_id = w.Unique("probe-effect-course-");
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::CreateCourseRequest request;
  request.mutable_course()->set_course_id(course_id);
  request.mutable_course()->set_title("Greeting");
  request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  request.mutable_course()->add_criterion_keys("greet");
  v1::Course created;
  grpc::Status status =
      NewStub<v1::CourseService>(w.channel)->CreateCourse(&context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return course_id;
}

ProbeMap TrainingEffectivenessProbes() {
  ProbeMap probes;
  probes["escala.v1.TrainingEffectivenessService/ComputeCourseEffectiveness"] =
      [](World& w, const Actor& c, Target) {
        v1::ComputeCourseEffectivenessRequest request;
        request.set_course_id(ProbeCourse(w));
        grpc::ClientContext context;
        Authorize(context, c.token);
        v1::ComputeCourseEffectivenessResponse response;
        return NewStub<v1::TrainingEffectivenessService>(w.channel)
            ->ComputeCourseEffectiveness(&context, request, &response)
            .error_code();
      };
  return probes;
}

const ProbeRegistrar kTrainingEffectivenessProbes("training_effectiveness",
                                                  &TrainingEffectivenessProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
