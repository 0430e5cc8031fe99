// Audit scenarios of the CourseService.
#include <grpcpp/grpcpp.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "escala/v1/courses.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

v1::Course AuditCourse(const std::string& course_id, const std::string& title) {
  v1::Course course;
  course.set_course_id(course_id);
  course.set_title(title);
  course.set_kind(v1::COURSE_KIND_ROLE_PLAY);
  course.add_target_roles(v1::ROLE_AGENT);
  course.mutable_planned_duration()->set_seconds(2 * 3600);
  course.set_pass_mark_percent(75);
  return course;
}

// Calls one CourseService method as the administrator, with "x-request-id" when given.
template <typename Request, typename Method>
grpc::Status CourseCall(AdminClient& admin, const std::string& request_id, Method method,
                        const Request& request, v1::Course* response) {
  grpc::ClientContext context;
  admin.Prepare(context, request_id);
  auto stub = NewStub<v1::CourseService>(admin.channel());
  return ((*stub).*method)(&context, request, response);
}

v1::Course CreateAuditCourse(AdminClient& admin, const std::string& id,
                             const std::string& request_id = "") {
  v1::CreateCourseRequest request;
  *request.mutable_course() = AuditCourse(id, "Course " + id);
  v1::Course created;
  grpc::Status status =
      CourseCall(admin, request_id, &v1::CourseService::Stub::CreateCourse, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

grpc::Status RetireAuditCourse(AdminClient& admin, const std::string& id,
                               const std::string& request_id, v1::Course* retired) {
  v1::RetireCourseRequest request;
  request.set_course_id(id);
  request.set_reason("replaced by \"v2\"");
  return CourseCall(admin, request_id, &v1::CourseService::Stub::RetireCourse, request, retired);
}

ExpectedEvent CourseEvent(const std::string& request_id, const v1::Course* before,
                          const v1::Course& after) {
  db::ChangedFields changed = db::DiffForAudit(before, after);
  return ExpectedEvent{"course", "courses/" + after.course_id(), request_id, changed.before_json,
                       changed.after_json};
}

ScenarioMap CourseScenarios() {
  ScenarioMap scenarios;
  scenarios["escala.v1.CourseService/CreateCourse"] = {
      [](AdminClient& admin, const std::string& request_id) {
        return [&admin, request_id] {
          v1::Course created = CreateAuditCourse(admin, "audit-create", request_id);
          EXPECT_EQ(created.version(), 1);
          return CourseEvent(request_id, nullptr, created);
        };
      },
      grpc::StatusCode::ALREADY_EXISTS,
      [](AdminClient& admin) {
        CreateAuditCourse(admin, "audit-taken");
        return FailingCall{"courses/audit-taken", [&admin] {
                             v1::CreateCourseRequest request;
                             *request.mutable_course() = AuditCourse("audit-taken", "Again");
                             v1::Course created;
                             return CourseCall(admin, "taken",
                                               &v1::CourseService::Stub::CreateCourse, request,
                                               &created);
                           }};
      }};
  scenarios["escala.v1.CourseService/UpdateCourse"] = {
      [](AdminClient& admin, const std::string& request_id) {
        v1::Course first = CreateAuditCourse(admin, "audit-update");
        return [&admin, request_id, first] {
          v1::UpdateCourseRequest request;
          request.mutable_course()->set_course_id("audit-update");
          request.mutable_course()->set_title("Renamed course");
          request.mutable_course()->set_etag(first.etag());
          v1::Course updated;
          grpc::Status status = CourseCall(
              admin, request_id, &v1::CourseService::Stub::UpdateCourse, request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(updated.version(), 2);
          return CourseEvent(request_id, &first, updated);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        v1::Course first = CreateAuditCourse(admin, "audit-stale");
        v1::UpdateCourseRequest request;
        request.mutable_course()->set_course_id("audit-stale");
        request.mutable_course()->set_title("First writer");
        request.mutable_course()->set_etag(first.etag());
        v1::Course updated;
        EXPECT_TRUE(
            CourseCall(admin, "", &v1::CourseService::Stub::UpdateCourse, request, &updated).ok());
        return FailingCall{"courses/audit-stale", [&admin, request]() mutable {
                             request.mutable_course()->set_title("Second writer");
                             v1::Course response;
                             return CourseCall(admin, "stale-course",
                                               &v1::CourseService::Stub::UpdateCourse, request,
                                               &response);
                           }};
      }};
  scenarios["escala.v1.CourseService/RetireCourse"] = {
      [](AdminClient& admin, const std::string& request_id) {
        v1::Course first = CreateAuditCourse(admin, "audit-retire");
        return [&admin, request_id, first] {
          v1::Course retired;
          grpc::Status status = RetireAuditCourse(admin, "audit-retire", request_id, &retired);
          EXPECT_TRUE(status.ok()) << status.error_message();
          ExpectedEvent event = CourseEvent(request_id, &first, retired);
          // The reason is kept with the change it explains.
          event.after_json.pop_back();
          event.after_json += R"(,"reason":"replaced by \"v2\""})";
          return event;
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        CreateAuditCourse(admin, "audit-retired");
        v1::Course retired;
        EXPECT_TRUE(RetireAuditCourse(admin, "audit-retired", "", &retired).ok());
        return FailingCall{"courses/audit-retired", [&admin] {
                             v1::Course again;
                             return RetireAuditCourse(admin, "audit-retired", "retire-twice",
                                                      &again);
                           }};
      }};
  return scenarios;
}

// What a replay must answer alike: the course's identity, version, state and etag.
std::string CourseAnswer(const v1::Course& course) {
  return absl::StrCat(course.course_id(), " v", course.version(), " ",
                      v1::CourseState_Name(course.state()), " etag ", course.etag());
}

ReplayMap CourseReplays() {
  ReplayMap cases;
  cases["escala.v1.CourseService/RetireCourse"] = [](AdminClient& admin) -> ReplayCall {
    CreateAuditCourse(admin, "replay-retire");
    return [&admin](const std::string& request_id, bool other_payload, std::string* answer) {
      v1::RetireCourseRequest request;
      request.set_course_id("replay-retire");
      request.set_reason(other_payload ? "obsolete" : "replaced");
      request.set_request_id(request_id);
      v1::Course retired;
      grpc::Status status =
          CourseCall(admin, "", &v1::CourseService::Stub::RetireCourse, request, &retired);
      *answer = CourseAnswer(retired);
      return status;
    };
  };
  return cases;
}

const ScenarioRegistrar kTrainingAuditScenarios("training", &CourseScenarios);
const ReplayRegistrar kTrainingReplays("training", &CourseReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
