// Input-safety cases of the AssignmentService: sampling plans, review queues, QA averages.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/assignments.grpc.pb.h"
#include "server/qa/sampling.h"
#include "tests/e2e/access/input_safety_registry.h"
#include "tests/e2e/harness/calibration_world.h"

namespace escala::testing::input_safety {
namespace {

constexpr int64_t kWeekMillis = 7LL * 24 * 3600 * 1000;

// A plan the manager M1 may create and work: `interactions` of a new agent (never A1, whom the
// refusal tests expect to have no interaction) a week, into M1's queue, scored with the
// calibration card, published by the manager. Its display name is "Plain".
v1::SamplingPlan NewPlan(InputClient& client, int interactions) {
  const std::string agent = client.Unique("As");
  client.TokenOfNewPerson(agent, v1::ROLE_AGENT);
  const std::string scorecard = client.Unique("plan-input-");
  const absl::Status published =
      PublishCalibrationScorecard(client.channel(), client.ManagerToken(), scorecard);
  EXPECT_TRUE(published.ok()) << published;
  v1::SamplingPlan plan;
  plan.set_display_name("Plain");
  plan.add_agent_employee_ids(agent);
  plan.set_per_agent_per_week(interactions);
  plan.set_scorecard_id(scorecard);
  plan.add_evaluator_employee_ids("M1");
  return plan;
}

grpc::Status CreatePlan(InputClient& client, const v1::SamplingPlan& plan,
                        v1::SamplingPlan* created) {
  v1::CreateSamplingPlanRequest request;
  *request.mutable_plan() = plan;
  return client.CallAs(client.ManagerToken(), &v1::AssignmentService::Stub::CreateSamplingPlan,
                       request, created);
}

// `count` open assignments in M1's queue: that many interactions of a new agent (started an
// hour ago), drawn by a plan that asks for all of them.
std::vector<v1::Assignment> OpenAssignments(InputClient& client, int count) {
  v1::SamplingPlan plan;
  EXPECT_TRUE(CreatePlan(client, NewPlan(client, count), &plan).ok());
  for (int i = 0; i < count; ++i) {
    absl::StatusOr<int64_t> interaction =
        AddInteraction(client.channel(), client.admin_token(), plan.agent_employee_ids(0),
                       client.Unique("plan-input-"));
    EXPECT_TRUE(interaction.ok()) << interaction.status();
  }
  // The week before this one and this one: an interaction of an hour ago is in either.
  const int64_t start = server::WeekStartMillis(absl::ToUnixMillis(absl::Now())) - kWeekMillis;
  v1::GenerateAssignmentsRequest request;
  request.set_plan_id(plan.id());
  *request.mutable_period_start_time() = db::MillisToTimestamp(start);
  *request.mutable_period_end_time() = db::MillisToTimestamp(start + 2 * kWeekMillis);
  v1::GenerateAssignmentsResponse response;
  grpc::Status status = client.CallAs(
      client.ManagerToken(), &v1::AssignmentService::Stub::GenerateAssignments, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.assignments_size(), count);
  return {response.assignments().begin(), response.assignments().end()};
}

grpc::Status Skip(InputClient& client, int64_t id, const std::string& reason,
                  v1::SkipAssignmentResponse* response) {
  v1::SkipAssignmentRequest request;
  request.set_id(id);
  request.set_reason(reason);
  return client.CallAs(client.ManagerToken(), &v1::AssignmentService::Stub::SkipAssignment, request,
                       response);
}

// The skip reasons of M1's skipped assignments, by assignment id.
std::map<int64_t, std::string> SkipReasons(InputClient& client) {
  v1::ListAssignmentsRequest request;
  request.set_evaluator_employee_id("M1");
  request.set_state(v1::ASSIGNMENT_STATE_SKIPPED);
  request.set_page_size(1000);
  v1::ListAssignmentsResponse response;
  grpc::Status status = client.CallAs(
      client.ManagerToken(), &v1::AssignmentService::Stub::ListAssignments, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  std::map<int64_t, std::string> reasons;
  for (const v1::Assignment& assignment : response.assignments()) {
    reasons[assignment.id()] = assignment.skip_reason();
  }
  return reasons;
}

InputCases AssignmentInputCases() {
  InputCases cases;
  cases.round_trips = {
      {.field = "plan.display_name",
       .via = "CreateSamplingPlan",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             const v1::SamplingPlan base = NewPlan(client, 1);
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               v1::SamplingPlan plan = base;
               plan.set_display_name(text);
               v1::SamplingPlan created;
               grpc::Status status = CreatePlan(client, plan, &created);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"CreateSamplingPlan", text, created.display_name()});
               v1::GetSamplingPlanRequest request;
               request.set_id(created.id());
               v1::SamplingPlan stored;
               status =
                   client.CallAs(client.ManagerToken(),
                                 &v1::AssignmentService::Stub::GetSamplingPlan, request, &stored);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"GetSamplingPlan", text, stored.display_name()});
             }
             return read;
           }},
      {.field = "reason",
       .via = "SkipAssignment",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             const std::vector<v1::Assignment> open =
                 OpenAssignments(client, static_cast<int>(texts.size()));
             std::vector<ReadBack> read;
             std::map<int64_t, std::string> sent;
             for (std::size_t i = 0; i < texts.size() && i < open.size(); ++i) {
               v1::SkipAssignmentResponse response;
               grpc::Status status = Skip(client, open[i].id(), texts[i], &response);
               EXPECT_TRUE(status.ok()) << status.error_message();
               EXPECT_FALSE(response.has_replacement()) << "every interaction was assigned";
               read.push_back({"SkipAssignment", texts[i], response.skipped().skip_reason()});
               sent[open[i].id()] = texts[i];
             }
             const std::map<int64_t, std::string> listed = SkipReasons(client);
             for (const auto& [id, text] : sent) {
               auto it = listed.find(id);
               read.push_back(
                   {"ListAssignments", text, it == listed.end() ? "(missing)" : it->second});
             }
             return read;
           }},
  };
  cases.field_writes = {
      {.field = "plan.display_name",
       .via = "CreateSamplingPlan",
       .max_characters = 200,
       .prepare = [](InputClient& client) -> WriteCall {
         const v1::SamplingPlan base = NewPlan(client, 1);
         return [base](InputClient& client, const std::string& value) {
           v1::SamplingPlan plan = base;
           plan.set_display_name(value);
           v1::SamplingPlan created;
           return CreatePlan(client, plan, &created);
         };
       }},
      {.field = "reason",
       .via = "SkipAssignment",
       .max_characters = 1000,
       .prepare = [](InputClient& client) -> WriteCall {
         std::function<v1::Assignment()> next = Pool(OpenAssignments(client, 2));
         return [next](InputClient& client, const std::string& value) {
           v1::SkipAssignmentResponse response;
           return Skip(client, next().id(), value, &response);
         };
       }},
  };
  cases.paged_lists = {
      {.method = "escala.v1.AssignmentService/ListSamplingPlans",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListSamplingPlansRequest request;
               request.set_page_size(page_size);
               v1::ListSamplingPlansResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::AssignmentService::Stub::ListSamplingPlans, request,
                                    &response);
             };
           }},
      {.method = "escala.v1.AssignmentService/ListAssignments",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListAssignmentsRequest request;
               request.set_page_size(page_size);
               v1::ListAssignmentsResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::AssignmentService::Stub::ListAssignments, request,
                                    &response);
             };
           }},
      {.method = "escala.v1.AssignmentService/ListAgentQaSummaries",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListAgentQaSummariesRequest request;
               request.set_page_size(page_size);
               v1::ListAgentQaSummariesResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::AssignmentService::Stub::ListAgentQaSummaries, request,
                                    &response);
             };
           }},
  };
  cases.not_free_text = {
      {"plan.team_id", "identifier of a team"},
      {"plan.agent_employee_ids", "identifiers of people"},
      {"plan.scorecard_id", "identifier of a scorecard"},
      {"plan.evaluator_employee_ids", "identifiers of people"},
      {"plan.created_by", "output only: the principal that created the plan"},
      {"request_id", "idempotency key: at most 64 printable ASCII characters"},
  };
  return cases;
}

const InputCaseRegistrar kAssignmentInputCases("assignments", &AssignmentInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
