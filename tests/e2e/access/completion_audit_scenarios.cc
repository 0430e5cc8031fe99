// Audit scenario of the CompletionService's import: one record imported records one event
// "trainingCompletions/<id>" with the stored record; an all-or-nothing import with a refused
// record records nothing.
#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"
#include "escala/v1/completions.grpc.pb.h"
#include "escala/v1/courses.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

void CreateCourse(AdminClient& admin, const std::string& id) {
  grpc::ClientContext context;
  admin.Prepare(context);
  v1::CreateCourseRequest request;
  request.mutable_course()->set_course_id(id);
  request.mutable_course()->set_title("Course " + id);
  request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  v1::Course created;
  grpc::Status status =
      NewStub<v1::CourseService>(admin.channel())->CreateCourse(&context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

v1::CompletionImportRecord Record(const std::string& person, const std::string& course) {
  v1::CompletionImportRecord record;
  record.set_person_employee_id(person);
  record.set_course_id(course);
  *record.mutable_completion_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(absl::Now() - absl::Hours(24 * 40)));
  return record;
}

grpc::Status Import(AdminClient& admin, const v1::ImportCompletionsRequest& request,
                    const std::string& header_id, v1::ImportCompletionsResponse* response) {
  grpc::ClientContext context;
  admin.Prepare(context, header_id);
  return NewStub<v1::CompletionService>(admin.channel())
      ->ImportCompletions(&context, request, response);
}

ScenarioMap CompletionScenarios() {
  ScenarioMap scenarios;
  scenarios["escala.v1.CompletionService/ImportCompletions"] = {
      [](AdminClient& admin, const std::string& request_id) {
        CreateCourse(admin, "ci-import");
        admin.CreatePerson("L-ci-import", "Learner ci-import");
        return [&admin, request_id] {
          v1::ImportCompletionsRequest request;
          *request.add_completions() = Record("L-ci-import", "ci-import");
          v1::ImportCompletionsResponse response;
          grpc::Status status = Import(admin, request, request_id, &response);
          EXPECT_TRUE(status.ok()) << status.error_message();
          const v1::TrainingCompletion stored = response.results_size() > 0
                                                    ? response.results(0).completion()
                                                    : v1::TrainingCompletion();
          EXPECT_EQ(stored.source(), v1::COMPLETION_SOURCE_IMPORT);
          db::ChangedFields changed = db::DiffForAudit(nullptr, stored);
          return ExpectedEvent{"training_completion",
                               absl::StrCat("trainingCompletions/", stored.id()), request_id,
                               changed.before_json, changed.after_json};
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        CreateCourse(admin, "ci-refused");
        admin.CreatePerson("L-ci-refused", "Learner ci-refused");
        return FailingCall{"", [&admin] {
                             // The first record is valid, the second names nobody: all or
                             // nothing writes neither.
                             v1::ImportCompletionsRequest request;
                             *request.add_completions() = Record("L-ci-refused", "ci-refused");
                             *request.add_completions() = Record("NOBODY", "ci-refused");
                             v1::ImportCompletionsResponse ignored;
                             return Import(admin, request, "refused-import", &ignored);
                           }};
      }};
  return scenarios;
}

const ScenarioRegistrar kCompletionAuditScenarios("completions", &CompletionScenarios);

}  // namespace
}  // namespace escala::testing::audit_scenarios
