// Access-matrix probes of the EvaluationService.

#include <grpcpp/grpcpp.h>

#include <string>

#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

// Evaluation probes. Nobody evaluates themself, so for the calls that write an evaluation
// (create, update, submit, resolve) the "own" record is one the caller writes about a teammate;
// for the calls that read or answer one (get, list, acknowledge, dispute) it is an evaluation of
// the caller as the agent. Set-up runs with fixture tokens: evaluations are written by the
// first of Q1, M1, H1 that is neither the caller nor the agent.
const Actor& ActorOf(const World& w, const std::string& employee_id) {
  if (w.teammate.employee_id == employee_id) return w.teammate;
  if (w.other_team.employee_id == employee_id) return w.other_team;
  for (const auto& [role, actor] : w.callers) {
    if (actor.employee_id == employee_id) return actor;
  }
  return w.callers.at(server::PolicyRole::kAgent);
}

std::string EvaluatedAgent(const World& w, const Actor& caller, Target target) {
  if (target == Target::kOtherTeam) return w.other_team.employee_id;
  return caller.employee_id == w.teammate.employee_id ? "A1" : w.teammate.employee_id;
}

const Actor& FixtureEvaluator(const World& w, const std::string& not_a, const std::string& not_b) {
  for (const char* id : {"Q1", "M1", "H1"}) {
    if (id != not_a && id != not_b) return ActorOf(w, id);
  }
  return ActorOf(w, "H1");
}

int64_t FreshInteraction(World& w, const std::string& agent) {
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::CreateInteractionRequest request;
  *request.mutable_interaction() = NewInteraction(w, agent);
  v1::Interaction created;
  if (!NewStub<v1::InteractionService>(w.channel)
           ->CreateInteraction(&context, request, &created)
           .ok())
    return 0;
  return created.id();
}

v1::Evaluation ProbeEvaluation(int64_t interaction) {
  v1::Evaluation evaluation;
  evaluation.set_interaction_id(interaction);
  evaluation.set_scorecard_id(kCalibrationScorecard);
  for (auto [key, value] : {std::pair<const char*, int>{"greet", 1}, {"tone", 3}}) {
    v1::CriterionAnswer* answer = evaluation.add_answers();
    answer->set_criterion_key(key);
    answer->set_value(value);
  }
  return evaluation;
}

grpc::Status CreateDraftAs(World& w, const std::string& token, int64_t interaction,
                           v1::Evaluation* draft) {
  grpc::ClientContext context;
  Authorize(context, token);
  v1::CreateEvaluationRequest request;
  *request.mutable_evaluation() = ProbeEvaluation(interaction);
  return NewStub<v1::EvaluationService>(w.channel)->CreateEvaluation(&context, request, draft);
}

grpc::Status SubmitNewAs(World& w, const std::string& token, int64_t interaction,
                         v1::Evaluation* submitted) {
  grpc::ClientContext context;
  Authorize(context, token);
  v1::SubmitEvaluationRequest request;
  *request.mutable_evaluation() = ProbeEvaluation(interaction);
  return NewStub<v1::EvaluationService>(w.channel)->SubmitEvaluation(&context, request, submitted);
}

// A submitted evaluation of `agent` by a fixture evaluator; id 0 when it could not be made.
v1::Evaluation SubmittedEvaluationOf(World& w, const std::string& agent,
                                     const std::string& not_evaluator) {
  v1::Evaluation submitted;
  const Actor& evaluator = FixtureEvaluator(w, agent, not_evaluator);
  if (!SubmitNewAs(w, evaluator.token, FreshInteraction(w, agent), &submitted).ok())
    submitted.set_id(0);
  return submitted;
}

std::map<std::string, Probe> EvaluationProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.EvaluationService/CreateEvaluation"] = [](World& w, const Actor& c, Target t) {
    v1::Evaluation draft;
    return CreateDraftAs(w, c.token, FreshInteraction(w, EvaluatedAgent(w, c, t)), &draft)
        .error_code();
  };
  probes["escala.v1.EvaluationService/SubmitEvaluation"] = [](World& w, const Actor& c, Target t) {
    v1::Evaluation submitted;
    return SubmitNewAs(w, c.token, FreshInteraction(w, EvaluatedAgent(w, c, t)), &submitted)
        .error_code();
  };
  probes["escala.v1.EvaluationService/UpdateEvaluation"] = [](World& w, const Actor& c, Target t) {
    const std::string agent = EvaluatedAgent(w, c, t);
    const int64_t interaction = FreshInteraction(w, agent);
    v1::Evaluation draft;
    // The caller's own draft where the caller may write one; else someone else's.
    if (!CreateDraftAs(w, c.token, interaction, &draft).ok() &&
        !CreateDraftAs(w, FixtureEvaluator(w, agent, c.employee_id).token, interaction, &draft)
             .ok()) {
      return grpc::StatusCode::INTERNAL;
    }
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdateEvaluationRequest request;
    *request.mutable_evaluation() = ProbeEvaluation(interaction);
    request.mutable_evaluation()->set_id(draft.id());
    request.mutable_evaluation()->set_overall_comment(w.Unique("comment "));
    request.mutable_evaluation()->set_etag(draft.etag());
    v1::Evaluation response;
    return NewStub<v1::EvaluationService>(w.channel)
        ->UpdateEvaluation(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.EvaluationService/GetEvaluation"] = [](World& w, const Actor& c, Target t) {
    const v1::Evaluation target = SubmittedEvaluationOf(w, PersonTarget(w, c, t).employee_id, "");
    if (target.id() == 0) return grpc::StatusCode::INTERNAL;
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetEvaluationRequest request;
    request.set_id(target.id());
    v1::Evaluation response;
    return NewStub<v1::EvaluationService>(w.channel)
        ->GetEvaluation(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.EvaluationService/ListEvaluations"] = [](World& w, const Actor& c, Target t) {
    const v1::Evaluation target = SubmittedEvaluationOf(w, PersonTarget(w, c, t).employee_id, "");
    if (target.id() == 0) return grpc::StatusCode::INTERNAL;
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListEvaluationsRequest request;
    request.set_interaction_id(target.interaction_id());
    request.set_page_size(1000);
    v1::ListEvaluationsResponse response;
    grpc::Status status =
        NewStub<v1::EvaluationService>(w.channel)->ListEvaluations(&context, request, &response);
    bool contains = false;
    for (const v1::Evaluation& e : response.evaluations()) contains |= e.id() == target.id();
    return Found(status, contains);
  };
  probes["escala.v1.EvaluationService/AcknowledgeEvaluation"] = [](World& w, const Actor& c,
                                                                   Target t) {
    const v1::Evaluation target = SubmittedEvaluationOf(w, PersonTarget(w, c, t).employee_id, "");
    if (target.id() == 0) return grpc::StatusCode::INTERNAL;
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::AcknowledgeEvaluationRequest request;
    request.set_id(target.id());
    v1::Evaluation response;
    return NewStub<v1::EvaluationService>(w.channel)
        ->AcknowledgeEvaluation(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.EvaluationService/OpenDispute"] = [](World& w, const Actor& c, Target t) {
    const v1::Evaluation target = SubmittedEvaluationOf(w, PersonTarget(w, c, t).employee_id, "");
    if (target.id() == 0) return grpc::StatusCode::INTERNAL;
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::OpenDisputeRequest request;
    request.set_id(target.id());
    request.add_items()->set_criterion_key("tone");
    request.mutable_items(0)->set_reason("Calm throughout");
    v1::Evaluation response;
    return NewStub<v1::EvaluationService>(w.channel)
        ->OpenDispute(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.EvaluationService/ResolveDispute"] = [](World& w, const Actor& c, Target t) {
    const std::string agent = EvaluatedAgent(w, c, t);
    const v1::Evaluation submitted = SubmittedEvaluationOf(w, agent, c.employee_id);
    if (submitted.id() == 0) return grpc::StatusCode::INTERNAL;
    v1::Evaluation disputed;
    {
      grpc::ClientContext context;
      Authorize(context, ActorOf(w, agent).token);
      v1::OpenDisputeRequest request;
      request.set_id(submitted.id());
      request.add_items()->set_criterion_key("tone");
      request.mutable_items(0)->set_reason("Calm throughout");
      if (!NewStub<v1::EvaluationService>(w.channel)
               ->OpenDispute(&context, request, &disputed)
               .ok()) {
        return grpc::StatusCode::INTERNAL;
      }
    }
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ResolveDisputeRequest request;
    request.set_id(disputed.id());
    request.set_etag(disputed.etag());
    v1::ContestedCriterion* item = request.add_items();
    item->set_criterion_key("tone");
    item->set_outcome(v1::DISPUTE_OUTCOME_UPHELD);
    item->set_resolution_reason("Recording checked");
    v1::Evaluation response;
    return NewStub<v1::EvaluationService>(w.channel)
        ->ResolveDispute(&context, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kEvaluationProbes("evaluations", &EvaluationProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
