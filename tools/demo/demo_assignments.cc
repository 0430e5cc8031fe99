#include "tools/demo/demo_assignments.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "escala/v1/assignments.grpc.pb.h"
#include "tools/demo/demo_time.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;

// The id of the plan named `name`, or 0.
absl::StatusOr<int64_t> FindPlan(v1::AssignmentService::Stub& stub, DemoQaClient& client,
                                 const std::string& name) {
  v1::ListSamplingPlansRequest request;
  request.set_page_size(100);
  while (true) {
    v1::ListSamplingPlansResponse response;
    grpc::ClientContext context;
    client.Prepare(context);
    const grpc::Status status = stub.ListSamplingPlans(&context, request, &response);
    if (!status.ok()) return DemoCallFailed(status, "ListSamplingPlans");
    for (const v1::SamplingPlan& plan : response.plans()) {
      if (plan.display_name() == name) return plan.id();
    }
    if (response.next_page_token().empty()) return 0;
    request.set_page_token(response.next_page_token());
  }
}

}  // namespace

absl::StatusOr<std::string> LoadDemoAssignments(const DemoQaPlan& plan, DemoQaClient& client) {
  const DemoSamplingPlan& wanted = plan.sampling_plan;
  if (wanted.evaluator_employee_ids.size() < 2) {
    return std::string("sampling plan: no QA analyst or team lead in the demo data\n");
  }
  // The analyst, not the team lead: a plan is visible to every QA analyst and manager.
  const std::string& owner = wanted.evaluator_employee_ids.back();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client.As(owner);
  if (!channel.ok()) return channel.status();
  const std::unique_ptr<v1::AssignmentService::Stub> stub =
      v1::AssignmentService::NewStub(*channel);
  absl::StatusOr<int64_t> plan_id = FindPlan(*stub, client, wanted.name);
  if (!plan_id.ok()) return plan_id.status();
  const bool existed = *plan_id != 0;
  if (!existed) {
    v1::CreateSamplingPlanRequest request;
    v1::SamplingPlan* p = request.mutable_plan();
    p->set_display_name(wanted.name);
    p->set_team_id(wanted.team_id);
    p->set_per_agent_per_week(wanted.per_agent_per_week);
    for (v1::Channel channel : wanted.channels) p->add_channels(channel);
    p->set_scorecard_id(plan.scorecard_id);
    for (const std::string& id : wanted.evaluator_employee_ids) p->add_evaluator_employee_ids(id);
    v1::SamplingPlan created;
    grpc::ClientContext context;
    client.Prepare(context);
    const grpc::Status status = stub->CreateSamplingPlan(&context, request, &created);
    if (!status.ok()) return DemoCallFailed(status, "CreateSamplingPlan \"" + wanted.name + "\"");
    plan_id = created.id();
  }
  v1::GenerateAssignmentsRequest request;
  request.set_plan_id(*plan_id);
  SetTimestamp(wanted.period_start, request.mutable_period_start_time());
  SetTimestamp(wanted.period_end, request.mutable_period_end_time());
  request.set_seed(wanted.seed);
  v1::GenerateAssignmentsResponse response;
  grpc::ClientContext context;
  client.Prepare(context);
  const grpc::Status status = stub->GenerateAssignments(&context, request, &response);
  if (!status.ok()) return DemoCallFailed(status, absl::StrCat("GenerateAssignments ", *plan_id));
  const absl::TimeZone utc = absl::UTCTimeZone();
  return absl::StrCat("sampling plan ", *plan_id, " \"", wanted.name,
                      "\": ", existed ? "already present" : "created", "; ",
                      response.assignments_size(), " assignments generated for the weeks ",
                      absl::FormatTime("%Y-%m-%d", wanted.period_start, utc), " to ",
                      absl::FormatTime("%Y-%m-%d", wanted.period_end, utc), "\n");
}

}  // namespace escala::demo
