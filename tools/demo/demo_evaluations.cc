#include "tools/demo/demo_evaluations.h"

#include "absl/strings/str_cat.h"
#include "escala/v1/evaluations.grpc.pb.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;

struct EvaluationCounts {
  int submitted = 0;
  int existing = 0;
  int acknowledged = 0;
  int disputed = 0;
  int resolved = 0;
};

absl::StatusOr<std::unique_ptr<v1::EvaluationService::Stub>> StubAs(DemoQaClient& client,
                                                                    const std::string& who) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client.As(who);
  if (!channel.ok()) return channel.status();
  return v1::EvaluationService::NewStub(*channel);
}

// The evaluation as stored: submitted now, or found when it exists already.
absl::StatusOr<v1::Evaluation> Submit(const DemoQaPlan& plan, const DemoEvaluation& planned,
                                      int64_t interaction_id, DemoQaClient& client,
                                      EvaluationCounts& counts) {
  absl::StatusOr<std::unique_ptr<v1::EvaluationService::Stub>> stub =
      StubAs(client, planned.evaluator_employee_id);
  if (!stub.ok()) return stub.status();
  v1::SubmitEvaluationRequest request;
  v1::Evaluation* e = request.mutable_evaluation();
  e->set_interaction_id(interaction_id);
  e->set_scorecard_id(plan.scorecard_id);
  for (const v1::CriterionAnswer& answer : planned.answers) *e->add_answers() = answer;
  e->set_overall_comment(planned.overall_comment);
  v1::Evaluation stored;
  grpc::ClientContext context;
  client.Prepare(context);
  const grpc::Status status = (*stub)->SubmitEvaluation(&context, request, &stored);
  const std::string what =
      absl::StrCat("SubmitEvaluation of ", planned.contact.source_id, " (interaction ",
                   interaction_id, ") as ", planned.evaluator_employee_id);
  if (status.ok()) {
    ++counts.submitted;
    return stored;
  }
  if (status.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
    return DemoCallFailed(status, what);
  }
  v1::ListEvaluationsRequest list;
  list.set_interaction_id(interaction_id);
  list.set_evaluator_employee_id(planned.evaluator_employee_id);
  v1::ListEvaluationsResponse found;
  grpc::ClientContext list_context;
  client.Prepare(list_context);
  const grpc::Status listed = (*stub)->ListEvaluations(&list_context, list, &found);
  if (!listed.ok()) return DemoCallFailed(listed, what);
  if (found.evaluations().empty()) return DemoCallFailed(status, what);
  ++counts.existing;
  return found.evaluations(0);
}

absl::Status Respond(const DemoEvaluation& planned, v1::Evaluation stored, DemoQaClient& client,
                     EvaluationCounts& counts) {
  if (planned.response == DemoAgentResponse::kNone) return absl::OkStatus();
  const std::string target = absl::StrCat("evaluation ", stored.id());
  if (stored.state() == v1::EVALUATION_STATE_SUBMITTED) {
    absl::StatusOr<std::unique_ptr<v1::EvaluationService::Stub>> agent =
        StubAs(client, planned.agent_employee_id);
    if (!agent.ok()) return agent.status();
    grpc::ClientContext context;
    client.Prepare(context);
    if (planned.response == DemoAgentResponse::kAcknowledge) {
      v1::AcknowledgeEvaluationRequest request;
      request.set_id(stored.id());
      request.set_comment("Thanks, makes sense.");
      const grpc::Status status = (*agent)->AcknowledgeEvaluation(&context, request, &stored);
      if (!status.ok()) return DemoCallFailed(status, "AcknowledgeEvaluation " + target);
      ++counts.acknowledged;
      return absl::OkStatus();
    }
    v1::OpenDisputeRequest request;
    request.set_id(stored.id());
    v1::ContestedCriterion* item = request.add_items();
    item->set_criterion_key(planned.disputed_criterion);
    item->set_reason(planned.dispute_reason);
    const grpc::Status status = (*agent)->OpenDispute(&context, request, &stored);
    if (!status.ok()) return DemoCallFailed(status, "OpenDispute " + target);
    ++counts.disputed;
  }
  if (planned.response != DemoAgentResponse::kDisputeResolved ||
      stored.state() != v1::EVALUATION_STATE_DISPUTED) {
    return absl::OkStatus();
  }
  absl::StatusOr<std::unique_ptr<v1::EvaluationService::Stub>> lead =
      StubAs(client, planned.resolver_employee_id);
  if (!lead.ok()) return lead.status();
  v1::ResolveDisputeRequest request;
  request.set_id(stored.id());
  request.set_etag(stored.etag());
  v1::ContestedCriterion* item = request.add_items();
  item->set_criterion_key(planned.disputed_criterion);
  item->set_outcome(v1::DISPUTE_OUTCOME_ADJUSTED);
  item->set_adjusted_value(planned.adjusted_value);
  item->set_resolution_reason("Listened to the recording: the agent is right.");
  grpc::ClientContext context;
  client.Prepare(context);
  v1::Evaluation resolved;
  const grpc::Status status = (*lead)->ResolveDispute(&context, request, &resolved);
  if (!status.ok()) return DemoCallFailed(status, "ResolveDispute " + target);
  ++counts.resolved;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> LoadDemoEvaluations(const DemoQaPlan& plan, DemoQaClient& client) {
  EvaluationCounts counts;
  for (const DemoEvaluation& planned : plan.evaluations) {
    const absl::StatusOr<int64_t> id = client.InteractionId(planned.contact);
    if (!id.ok()) return id.status();
    absl::StatusOr<v1::Evaluation> stored = Submit(plan, planned, *id, client, counts);
    if (!stored.ok()) return stored.status();
    if (absl::Status s = Respond(planned, *std::move(stored), client, counts); !s.ok()) return s;
  }
  return absl::StrCat("evaluations: ", counts.submitted, " submitted, ", counts.existing,
                      " already present; ", counts.acknowledged, " acknowledged, ", counts.disputed,
                      " disputed, ", counts.resolved, " disputes resolved\n");
}

}  // namespace escala::demo
