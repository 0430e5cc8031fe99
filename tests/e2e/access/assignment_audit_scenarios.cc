// Audit scenarios of the AssignmentService: sampling plans and assignments.
#include <grpcpp/grpcpp.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"
#include "escala/v1/assignments.grpc.pb.h"
#include "escala/v1/calibration.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"
#include "gtest/gtest.h"
#include "server/qa/sampling.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

// Sampling plans are made and worked by people with an evaluating role, never by the
// administrator: here a QA analyst P<tag> who plans for agent A1 and is the plan's evaluator.
struct AssignmentCast {
  std::string analyst;
  std::string token;
  v1::SamplingPlan plan;
};

AssignmentCast StartAssignments(AdminClient& admin, const std::string& tag) {
  AssignmentCast cast;
  cast.analyst = "P" + tag;
  admin.CreatePerson(cast.analyst, "Planner " + tag, v1::ROLE_QA_ANALYST);
  cast.token = admin.CreateToken("people/" + cast.analyst).secret();
  const std::string scorecard = "asg-" + tag;
  EXPECT_TRUE(PublishCalibrationScorecard(admin.channel(), cast.token, scorecard).ok());
  // Two interactions of A1 this week: one to assign, one to replace it when skipped.
  admin.CreateInteraction("asg-" + tag + "-1");
  admin.CreateInteraction("asg-" + tag + "-2");
  cast.plan.set_display_name("Plan " + tag);
  cast.plan.add_agent_employee_ids("A1");
  cast.plan.set_per_agent_per_week(1);
  cast.plan.set_scorecard_id(scorecard);
  cast.plan.add_evaluator_employee_ids(cast.analyst);
  return cast;
}

void AsAnalyst(grpc::ClientContext& context, const AssignmentCast& cast,
               const std::string& request_id) {
  Authorize(context, cast.token);
  if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
}

grpc::Status CreatePlan(AdminClient& admin, AssignmentCast& cast, const std::string& request_id) {
  grpc::ClientContext context;
  AsAnalyst(context, cast, request_id);
  v1::CreateSamplingPlanRequest request;
  *request.mutable_plan() = cast.plan;
  return NewStub<v1::AssignmentService>(admin.channel())
      ->CreateSamplingPlan(&context, request, &cast.plan);
}

// The week before this one and this one: the cast's interactions started an hour ago.
int64_t PeriodStartMillis() {
  return server::WeekStartMillis(absl::ToUnixMillis(absl::Now())) - 7LL * 24 * 3600 * 1000;
}

grpc::Status Generate(AdminClient& admin, const AssignmentCast& cast, int64_t plan_id,
                      const std::string& request_id, v1::GenerateAssignmentsResponse* response) {
  grpc::ClientContext context;
  AsAnalyst(context, cast, request_id);
  v1::GenerateAssignmentsRequest request;
  request.set_plan_id(plan_id);
  *request.mutable_period_start_time() = db::MillisToTimestamp(PeriodStartMillis());
  *request.mutable_period_end_time() =
      db::MillisToTimestamp(PeriodStartMillis() + 14LL * 24 * 3600 * 1000);
  request.set_seed(9);
  return NewStub<v1::AssignmentService>(admin.channel())
      ->GenerateAssignments(&context, request, response);
}

grpc::Status Skip(AdminClient& admin, const AssignmentCast& cast, int64_t id,
                  const std::string& request_id, v1::SkipAssignmentResponse* response) {
  grpc::ClientContext context;
  AsAnalyst(context, cast, request_id);
  v1::SkipAssignmentRequest request;
  request.set_id(id);
  request.set_reason("Recording missing");
  return NewStub<v1::AssignmentService>(admin.channel())
      ->SkipAssignment(&context, request, response);
}

ExpectedEvent AnalystEvent(const AssignmentCast& cast, const std::string& type,
                           const std::string& name, const std::string& request_id,
                           const std::string& before, const std::string& after) {
  ExpectedEvent event{type, name, request_id, before, after};
  event.principal = "people/" + cast.analyst;
  event.principal_role = v1::ROLE_QA_ANALYST;
  return event;
}

std::map<std::string, AuditScenario> AssignmentScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.AssignmentService/CreateSamplingPlan"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "p1"));
        return [&admin, request_id, cast] {
          grpc::Status status = CreatePlan(admin, *cast, request_id);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return AnalystEvent(*cast, "sampling_plan",
                              absl::StrCat("samplingPlans/", cast->plan.id()), request_id, "",
                              db::DiffForAudit(nullptr, cast->plan).after_json);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "p2"));
        cast->plan.set_scorecard_id("never-published");
        return FailingCall{
            "", [&admin, cast] { return CreatePlan(admin, *cast, "unpublished-scorecard"); }};
      }};
  scenarios["escala.v1.AssignmentService/GenerateAssignments"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "g1"));
        EXPECT_TRUE(CreatePlan(admin, *cast, "").ok());
        return [&admin, request_id, cast] {
          v1::GenerateAssignmentsResponse response;
          grpc::Status status = Generate(admin, *cast, cast->plan.id(), request_id, &response);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_FALSE(response.assignments().empty());
          std::vector<std::string> ids;
          for (const v1::Assignment& a : response.assignments())
            ids.push_back(absl::StrCat("\"", a.id(), "\""));
          return AnalystEvent(
              *cast, "sampling_plan", absl::StrCat("samplingPlans/", cast->plan.id()), request_id,
              "",
              absl::StrCat(
                  R"({"assignment_ids":[)", absl::StrJoin(ids, ","), R"(],"period_start_time":")",
                  JsonSeconds(absl::FromUnixMillis(PeriodStartMillis())),
                  R"(","period_end_time":")",
                  JsonSeconds(absl::FromUnixMillis(PeriodStartMillis()) + absl::Hours(14 * 24)),
                  R"(","seed":"9"})"));
        };
      },
      grpc::StatusCode::NOT_FOUND,
      [](AdminClient& admin) {
        auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "g2"));
        return FailingCall{"samplingPlans/999999", [&admin, cast] {
                             v1::GenerateAssignmentsResponse response;
                             return Generate(admin, *cast, 999999, "missing-plan", &response);
                           }};
      }};
  scenarios["escala.v1.AssignmentService/SkipAssignment"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "k1"));
        EXPECT_TRUE(CreatePlan(admin, *cast, "").ok());
        auto generated = std::make_shared<v1::GenerateAssignmentsResponse>();
        EXPECT_TRUE(Generate(admin, *cast, cast->plan.id(), "", generated.get()).ok());
        return [&admin, request_id, cast, generated] {
          const int64_t id = generated->assignments().empty() ? 0 : generated->assignments(0).id();
          v1::SkipAssignmentResponse response;
          grpc::Status status = Skip(admin, *cast, id, request_id, &response);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_TRUE(response.has_replacement());
          return AnalystEvent(
              *cast, "assignment", absl::StrCat("assignments/", id), request_id,
              R"({"state":"ASSIGNMENT_STATE_OPEN","skip_reason":null})",
              absl::StrCat(
                  R"({"state":"ASSIGNMENT_STATE_SKIPPED","skip_reason":"Recording missing",)",
                  R"("replacement_assignment_id":")", response.replacement().id(), R"("})"));
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "k2"));
        EXPECT_TRUE(CreatePlan(admin, *cast, "").ok());
        v1::GenerateAssignmentsResponse generated;
        EXPECT_TRUE(Generate(admin, *cast, cast->plan.id(), "", &generated).ok());
        const int64_t id = generated.assignments().empty() ? 0 : generated.assignments(0).id();
        v1::SkipAssignmentResponse skipped;
        EXPECT_TRUE(Skip(admin, *cast, id, "", &skipped).ok());
        // Skipped already: a second skip is refused and records nothing.
        return FailingCall{absl::StrCat("assignments/", id), [&admin, cast, id] {
                             v1::SkipAssignmentResponse response;
                             return Skip(admin, *cast, id, "skip-twice", &response);
                           }};
      }};
  return scenarios;
}

ReplayMap AssignmentReplays() {
  ReplayMap cases;
  cases["escala.v1.AssignmentService/GenerateAssignments"] = [](AdminClient& admin) -> ReplayCall {
    auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "yg"));
    EXPECT_TRUE(CreatePlan(admin, *cast, "").ok());
    return [&admin, cast](const std::string& request_id, bool other_payload, std::string* answer) {
      grpc::ClientContext context;
      AsAnalyst(context, *cast, "");
      v1::GenerateAssignmentsRequest request;
      request.set_plan_id(cast->plan.id());
      *request.mutable_period_start_time() = db::MillisToTimestamp(PeriodStartMillis());
      *request.mutable_period_end_time() =
          db::MillisToTimestamp(PeriodStartMillis() + 14LL * 24 * 3600 * 1000);
      request.set_seed(other_payload ? 10 : 9);
      request.set_request_id(request_id);
      v1::GenerateAssignmentsResponse response;
      grpc::Status status = NewStub<v1::AssignmentService>(admin.channel())
                                ->GenerateAssignments(&context, request, &response);
      // The assignments the run made: a second draw would have made none (or others).
      std::vector<std::string> made;
      for (const v1::Assignment& a : response.assignments()) {
        made.push_back(absl::StrCat(a.id(), ":", a.interaction_id()));
      }
      EXPECT_TRUE(!status.ok() || !made.empty());
      *answer = absl::StrJoin(made, ",");
      return status;
    };
  };
  cases["escala.v1.AssignmentService/SkipAssignment"] = [](AdminClient& admin) -> ReplayCall {
    auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "yk"));
    EXPECT_TRUE(CreatePlan(admin, *cast, "").ok());
    v1::GenerateAssignmentsResponse generated;
    EXPECT_TRUE(Generate(admin, *cast, cast->plan.id(), "", &generated).ok());
    const int64_t id = generated.assignments().empty() ? 0 : generated.assignments(0).id();
    return
        [&admin, cast, id](const std::string& request_id, bool other_payload, std::string* answer) {
          grpc::ClientContext context;
          AsAnalyst(context, *cast, "");
          v1::SkipAssignmentRequest request;
          request.set_id(id);
          request.set_reason(other_payload ? "Wrong language" : "Recording missing");
          request.set_request_id(request_id);
          v1::SkipAssignmentResponse response;
          grpc::Status status = NewStub<v1::AssignmentService>(admin.channel())
                                    ->SkipAssignment(&context, request, &response);
          EXPECT_TRUE(!status.ok() || response.has_replacement());
          *answer = absl::StrCat(response.skipped().id(), " ",
                                 v1::AssignmentState_Name(response.skipped().state()),
                                 " replaced by ", response.replacement().id(), ":",
                                 response.replacement().interaction_id());
          return status;
        };
  };
  return cases;
}

const ScenarioRegistrar kAssignmentAuditScenarios("assignments", &AssignmentScenarios);
const ReplayRegistrar kAssignmentReplays("assignments", &AssignmentReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
