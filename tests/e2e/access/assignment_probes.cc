// Access-matrix probes of the AssignmentService: sampling plans, assignments and QA averages.

#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "db/common/proto_time.h"
#include "escala/v1/assignments.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "server/qa/sampling.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

// The scorecard sampling plans use: the calibration scorecard BuildWorld publishes.
v1::SamplingPlan PlanDraft(const std::string& team_id, const std::vector<std::string>& agents,
                           const std::string& evaluator) {
  v1::SamplingPlan plan;
  plan.set_display_name("Matrix plan");
  plan.set_team_id(team_id);
  for (const std::string& agent : agents) plan.add_agent_employee_ids(agent);
  plan.set_per_agent_per_week(1);
  plan.set_scorecard_id(kCalibrationScorecard);
  plan.add_evaluator_employee_ids(evaluator);
  return plan;
}

grpc::Status CreatePlanAs(World& w, const std::string& token, const v1::SamplingPlan& draft,
                          v1::SamplingPlan* created) {
  grpc::ClientContext context;
  Authorize(context, token);
  v1::CreateSamplingPlanRequest request;
  *request.mutable_plan() = draft;
  return NewStub<v1::AssignmentService>(w.channel)->CreateSamplingPlan(&context, request, created);
}

// The two weeks around now, which hold every interaction of the world (they started an hour ago).
void CurrentWeeks(v1::GenerateAssignmentsRequest& request) {
  const int64_t week = server::WeekStartMillis(absl::ToUnixMillis(absl::Now()));
  *request.mutable_period_start_time() = db::MillisToTimestamp(week - 7LL * 24 * 3600 * 1000);
  *request.mutable_period_end_time() = db::MillisToTimestamp(week + 7LL * 24 * 3600 * 1000);
}

// A plan of `team_id` made by the manager; 0 when it could not be made.
int64_t ManagerPlan(World& w, const std::string& team_id) {
  v1::SamplingPlan created;
  if (!CreatePlanAs(w, w.callers.at(server::PolicyRole::kManager).token,
                    PlanDraft(team_id, {}, "Q1"), &created)
           .ok())
    return 0;
  return created.id();
}

// An open assignment of A1's interaction in `evaluator`'s queue, made by the manager through a
// plan of its own; 0 when it could not be made.
int64_t AssignmentOf(World& w, const std::string& evaluator) {
  const std::string& token = w.callers.at(server::PolicyRole::kManager).token;
  v1::SamplingPlan plan;
  if (!CreatePlanAs(w, token, PlanDraft("", {"A1"}, evaluator), &plan).ok()) return 0;
  grpc::ClientContext context;
  Authorize(context, token);
  v1::GenerateAssignmentsRequest request;
  request.set_plan_id(plan.id());
  CurrentWeeks(request);
  v1::GenerateAssignmentsResponse response;
  if (!NewStub<v1::AssignmentService>(w.channel)
           ->GenerateAssignments(&context, request, &response)
           .ok() ||
      response.assignments().empty()) {
    return 0;
  }
  return response.assignments(0).id();
}

// Whose queue an assignment call is about: the caller's own, a teammate evaluator's (Q1, or M1
// for Q1), or an evaluator's of the other team (QB, made on first use).
std::string EvaluatorTarget(World& w, const Actor& caller, Target target) {
  switch (target) {
    case Target::kOwn:
      return caller.employee_id.empty() ? "Q1" : caller.employee_id;
    case Target::kTeammate:
      return caller.employee_id == "Q1" ? "M1" : "Q1";
    case Target::kOtherTeam:
      break;
  }
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::CreatePersonRequest request;
  v1::Person* person = request.mutable_person();
  person->set_employee_id("QB");
  person->set_display_name("Analyst of team b");
  person->set_role(v1::ROLE_QA_ANALYST);
  person->set_level(3);
  person->set_team_id("t-b");
  person->set_active(true);
  v1::Person created;
  (void)NewStub<v1::PeopleService>(w.channel)->CreatePerson(
      &context, request, &created);  // exists after the first call
  return "QB";
}

std::map<std::string, Probe> AssignmentProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.AssignmentService/CreateSamplingPlan"] = [](World& w, const Actor& c,
                                                                Target t) {
    v1::SamplingPlan created;
    return CreatePlanAs(w, c.token, PlanDraft(TeamTarget(t), {}, "Q1"), &created).error_code();
  };
  probes["escala.v1.AssignmentService/GetSamplingPlan"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetSamplingPlanRequest request;
    request.set_id(ManagerPlan(w, TeamTarget(t)));
    v1::SamplingPlan response;
    return NewStub<v1::AssignmentService>(w.channel)
        ->GetSamplingPlan(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.AssignmentService/ListSamplingPlans"] = [](World& w, const Actor& c, Target t) {
    const int64_t wanted = ManagerPlan(w, TeamTarget(t));
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListSamplingPlansRequest request;
    request.set_page_size(1000);
    v1::ListSamplingPlansResponse response;
    grpc::Status status =
        NewStub<v1::AssignmentService>(w.channel)->ListSamplingPlans(&context, request, &response);
    bool contains = false;
    for (const v1::SamplingPlan& plan : response.plans()) contains |= plan.id() == wanted;
    return Found(status, contains);
  };
  probes["escala.v1.AssignmentService/GenerateAssignments"] = [](World& w, const Actor& c,
                                                                 Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GenerateAssignmentsRequest request;
    request.set_plan_id(ManagerPlan(w, TeamTarget(t)));
    CurrentWeeks(request);
    request.set_dry_run(true);
    v1::GenerateAssignmentsResponse response;
    return NewStub<v1::AssignmentService>(w.channel)
        ->GenerateAssignments(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.AssignmentService/ListAssignments"] = [](World& w, const Actor& c, Target t) {
    const int64_t wanted = AssignmentOf(w, EvaluatorTarget(w, c, t));
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListAssignmentsRequest request;
    request.set_page_size(1000);
    request.set_state(v1::ASSIGNMENT_STATE_OPEN);
    v1::ListAssignmentsResponse response;
    grpc::Status status =
        NewStub<v1::AssignmentService>(w.channel)->ListAssignments(&context, request, &response);
    bool contains = false;
    for (const v1::Assignment& a : response.assignments()) contains |= a.id() == wanted;
    // Pages run by id: an assignment past the first page would read as left out.
    if (status.ok() && !response.next_page_token().empty()) return grpc::StatusCode::INTERNAL;
    return Found(status, contains);
  };
  probes["escala.v1.AssignmentService/SkipAssignment"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::SkipAssignmentRequest request;
    request.set_id(AssignmentOf(w, EvaluatorTarget(w, c, t)));
    request.set_reason("Not reviewable");
    v1::SkipAssignmentResponse response;
    return NewStub<v1::AssignmentService>(w.channel)
        ->SkipAssignment(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.AssignmentService/ListAgentQaSummaries"] = [](World& w, const Actor& c,
                                                                  Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListAgentQaSummariesRequest request;
    request.set_page_size(1000);
    v1::ListAgentQaSummariesResponse response;
    grpc::Status status = NewStub<v1::AssignmentService>(w.channel)->ListAgentQaSummaries(
        &context, request, &response);
    const std::string& wanted = PersonTarget(w, c, t).employee_id;
    bool contains = false;
    for (const v1::AgentQaSummary& s : response.summaries())
      contains |= s.agent_employee_id() == wanted;
    return Found(status, contains);
  };
  return probes;
}

const ProbeRegistrar kAssignmentProbes("assignments", &AssignmentProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
