// Audit scenarios of the EvaluationService.
#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"
#include "escala/v1/calibration.grpc.pb.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

// Evaluations are written by people: a QA analyst (people/Qe<tag>) evaluates interactions of A1,
// who acknowledges or disputes, and a team lead (people/Le<tag>) resolves. The administrator
// only sets them up. Expected events are the diff of the evaluation as read before the call
// and as answered by it.
struct EvaluationCast {
  std::shared_ptr<grpc::Channel> channel;
  std::string qa;  // employee id
  std::string qa_token;
  std::string agent_token;  // A1's
  std::string lead_token;   // people/Le<tag>
  int64_t interaction = 0;
  std::string scorecard;  // "eval-<tag>", published by the analyst
};

EvaluationCast StartEvaluation(AdminClient& admin, const std::string& tag) {
  EvaluationCast cast;
  cast.channel = admin.channel();
  cast.qa = "Qe" + tag;
  admin.CreatePerson(cast.qa, "Analyst " + tag, v1::ROLE_QA_ANALYST);
  admin.CreatePerson("Le" + tag, "Lead " + tag, v1::ROLE_TEAM_LEAD);
  cast.qa_token = admin.CreateToken("people/" + cast.qa).secret();
  cast.lead_token = admin.CreateToken("people/Le" + tag).secret();
  cast.agent_token = admin.CreateToken("people/A1").secret();
  cast.interaction = admin.CreateInteraction("eval-" + tag).id();
  cast.scorecard = "eval-" + tag;
  EXPECT_TRUE(PublishCalibrationScorecard(admin.channel(), cast.qa_token, cast.scorecard).ok());
  return cast;
}

void PrepareAs(grpc::ClientContext& context, const std::string& token,
               const std::string& request_id) {
  Authorize(context, token);
  if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
}

v1::Evaluation EvaluationInput(const EvaluationCast& cast, int greet, int tone) {
  v1::Evaluation evaluation;
  evaluation.set_interaction_id(cast.interaction);
  evaluation.set_scorecard_id(cast.scorecard);
  for (auto [key, value] : {std::pair<const char*, int>{"greet", greet}, {"tone", tone}}) {
    v1::CriterionAnswer* answer = evaluation.add_answers();
    answer->set_criterion_key(key);
    answer->set_value(value);
  }
  return evaluation;
}

grpc::Status SubmitNewEvaluation(const EvaluationCast& cast, int greet, int tone,
                                 const std::string& request_id, v1::Evaluation* submitted) {
  grpc::ClientContext context;
  PrepareAs(context, cast.qa_token, request_id);
  v1::SubmitEvaluationRequest request;
  *request.mutable_evaluation() = EvaluationInput(cast, greet, tone);
  return NewStub<v1::EvaluationService>(cast.channel)
      ->SubmitEvaluation(&context, request, submitted);
}

grpc::Status DisputeTone(const EvaluationCast& cast, int64_t id, const std::string& key,
                         const std::string& request_id, v1::Evaluation* disputed) {
  grpc::ClientContext context;
  PrepareAs(context, cast.agent_token, request_id);
  v1::OpenDisputeRequest request;
  request.set_id(id);
  v1::ContestedCriterion* item = request.add_items();
  item->set_criterion_key(key);
  item->set_reason("I stayed calm");
  return NewStub<v1::EvaluationService>(cast.channel)->OpenDispute(&context, request, disputed);
}

grpc::Status ResolveTone(const EvaluationCast& cast, const std::string& token,
                         const v1::Evaluation& disputed, const std::string& request_id,
                         v1::Evaluation* resolved) {
  grpc::ClientContext context;
  PrepareAs(context, token, request_id);
  v1::ResolveDisputeRequest request;
  request.set_id(disputed.id());
  request.set_etag(disputed.etag());
  v1::ContestedCriterion* item = request.add_items();
  item->set_criterion_key("tone");
  item->set_outcome(v1::DISPUTE_OUTCOME_ADJUSTED);
  item->set_adjusted_value(5);
  item->set_resolution_reason("Recording confirms");
  return NewStub<v1::EvaluationService>(cast.channel)->ResolveDispute(&context, request, resolved);
}

ExpectedEvent EvaluationEvent(const std::string& principal, int role, const std::string& request_id,
                              const v1::Evaluation* before, const v1::Evaluation& after) {
  db::ChangedFields changed = db::DiffForAudit(before, after);
  ExpectedEvent event{"evaluation", absl::StrCat("evaluations/", after.id()), request_id,
                      changed.before_json, changed.after_json};
  event.principal = principal;
  event.principal_role = role;
  return event;
}

std::map<std::string, AuditScenario> EvaluationScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.EvaluationService/CreateEvaluation"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "c1"));
        return [cast, request_id] {
          grpc::ClientContext context;
          PrepareAs(context, cast->qa_token, request_id);
          v1::CreateEvaluationRequest request;
          *request.mutable_evaluation() = EvaluationInput(*cast, 1, 3);
          v1::Evaluation created;
          grpc::Status status = NewStub<v1::EvaluationService>(cast->channel)
                                    ->CreateEvaluation(&context, request, &created);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return EvaluationEvent("people/Qec1", v1::ROLE_QA_ANALYST, request_id, nullptr, created);
        };
      },
      grpc::StatusCode::INVALID_ARGUMENT,
      [](AdminClient& admin) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "c2"));
        return FailingCall{"", [cast] {
                             grpc::ClientContext context;
                             PrepareAs(context, cast->qa_token, "tone-out-of-range");
                             v1::CreateEvaluationRequest request;
                             *request.mutable_evaluation() = EvaluationInput(*cast, 1, 9);
                             v1::Evaluation created;
                             return NewStub<v1::EvaluationService>(cast->channel)
                                 ->CreateEvaluation(&context, request, &created);
                           }};
      }};
  scenarios["escala.v1.EvaluationService/UpdateEvaluation"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "u1"));
        auto draft = std::make_shared<v1::Evaluation>();
        {
          grpc::ClientContext context;
          PrepareAs(context, cast->qa_token, "");
          v1::CreateEvaluationRequest request;
          *request.mutable_evaluation() = EvaluationInput(*cast, 1, 3);
          EXPECT_TRUE(NewStub<v1::EvaluationService>(cast->channel)
                          ->CreateEvaluation(&context, request, draft.get())
                          .ok());
        }
        return [cast, draft, request_id] {
          grpc::ClientContext context;
          PrepareAs(context, cast->qa_token, request_id);
          v1::UpdateEvaluationRequest request;
          *request.mutable_evaluation() = EvaluationInput(*cast, 0, 2);
          request.mutable_evaluation()->set_id(draft->id());
          request.mutable_evaluation()->set_coaching_notes("Greet first");
          request.mutable_evaluation()->set_etag(draft->etag());
          v1::Evaluation updated;
          grpc::Status status = NewStub<v1::EvaluationService>(cast->channel)
                                    ->UpdateEvaluation(&context, request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return EvaluationEvent("people/Qeu1", v1::ROLE_QA_ANALYST, request_id, draft.get(),
                                 updated);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "u2"));
        auto draft = std::make_shared<v1::Evaluation>();
        grpc::ClientContext context;
        PrepareAs(context, cast->qa_token, "");
        v1::CreateEvaluationRequest request;
        *request.mutable_evaluation() = EvaluationInput(*cast, 1, 3);
        EXPECT_TRUE(NewStub<v1::EvaluationService>(cast->channel)
                        ->CreateEvaluation(&context, request, draft.get())
                        .ok());
        return FailingCall{absl::StrCat("evaluations/", draft->id()), [cast, draft] {
                             grpc::ClientContext context;
                             PrepareAs(context, cast->qa_token, "stale-etag");
                             v1::UpdateEvaluationRequest request;
                             *request.mutable_evaluation() = EvaluationInput(*cast, 0, 2);
                             request.mutable_evaluation()->set_id(draft->id());
                             request.mutable_evaluation()->set_etag("99");
                             v1::Evaluation updated;
                             return NewStub<v1::EvaluationService>(cast->channel)
                                 ->UpdateEvaluation(&context, request, &updated);
                           }};
      }};
  scenarios["escala.v1.EvaluationService/SubmitEvaluation"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "s1"));
        return [cast, request_id] {
          v1::Evaluation submitted;
          grpc::Status status = SubmitNewEvaluation(*cast, 1, 3, request_id, &submitted);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_TRUE(submitted.has_score());
          return EvaluationEvent("people/Qes1", v1::ROLE_QA_ANALYST, request_id, nullptr,
                                 submitted);
        };
      },
      grpc::StatusCode::INVALID_ARGUMENT,
      [](AdminClient& admin) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "s2"));
        return FailingCall{"", [cast] {
                             grpc::ClientContext context;
                             PrepareAs(context, cast->qa_token, "missing-answer");
                             v1::SubmitEvaluationRequest request;
                             *request.mutable_evaluation() = EvaluationInput(*cast, 1, 3);
                             request.mutable_evaluation()->mutable_answers()->RemoveLast();
                             v1::Evaluation submitted;
                             return NewStub<v1::EvaluationService>(cast->channel)
                                 ->SubmitEvaluation(&context, request, &submitted);
                           }};
      }};
  scenarios["escala.v1.EvaluationService/AcknowledgeEvaluation"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "a1"));
        auto submitted = std::make_shared<v1::Evaluation>();
        EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 3, "", submitted.get()).ok());
        return [cast, submitted, request_id] {
          grpc::ClientContext context;
          PrepareAs(context, cast->agent_token, request_id);
          v1::AcknowledgeEvaluationRequest request;
          request.set_id(submitted->id());
          request.set_comment("Fair");
          v1::Evaluation acknowledged;
          grpc::Status status = NewStub<v1::EvaluationService>(cast->channel)
                                    ->AcknowledgeEvaluation(&context, request, &acknowledged);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return EvaluationEvent("people/A1", v1::ROLE_AGENT, request_id, submitted.get(),
                                 acknowledged);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "a2"));
        auto disputed = std::make_shared<v1::Evaluation>();
        v1::Evaluation submitted;
        EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 3, "", &submitted).ok());
        EXPECT_TRUE(DisputeTone(*cast, submitted.id(), "tone", "", disputed.get()).ok());
        return FailingCall{absl::StrCat("evaluations/", submitted.id()), [cast, disputed] {
                             grpc::ClientContext context;
                             PrepareAs(context, cast->agent_token, "ack-disputed");
                             v1::AcknowledgeEvaluationRequest request;
                             request.set_id(disputed->id());
                             v1::Evaluation acknowledged;
                             return NewStub<v1::EvaluationService>(cast->channel)
                                 ->AcknowledgeEvaluation(&context, request, &acknowledged);
                           }};
      }};
  scenarios["escala.v1.EvaluationService/OpenDispute"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "d1"));
        auto submitted = std::make_shared<v1::Evaluation>();
        EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 3, "", submitted.get()).ok());
        return [cast, submitted, request_id] {
          v1::Evaluation disputed;
          grpc::Status status = DisputeTone(*cast, submitted->id(), "tone", request_id, &disputed);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return EvaluationEvent("people/A1", v1::ROLE_AGENT, request_id, submitted.get(),
                                 disputed);
        };
      },
      grpc::StatusCode::INVALID_ARGUMENT,
      [](AdminClient& admin) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "d2"));
        auto submitted = std::make_shared<v1::Evaluation>();
        EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 3, "", submitted.get()).ok());
        return FailingCall{absl::StrCat("evaluations/", submitted->id()), [cast, submitted] {
                             v1::Evaluation disputed;
                             return DisputeTone(*cast, submitted->id(), "no-such-criterion",
                                                "bad-key", &disputed);
                           }};
      }};
  scenarios["escala.v1.EvaluationService/ResolveDispute"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "r1"));
        auto disputed = std::make_shared<v1::Evaluation>();
        v1::Evaluation submitted;
        EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 1, "", &submitted).ok());
        EXPECT_TRUE(DisputeTone(*cast, submitted.id(), "tone", "", disputed.get()).ok());
        return [cast, disputed, request_id] {
          v1::Evaluation resolved;
          grpc::Status status =
              ResolveTone(*cast, cast->lead_token, *disputed, request_id, &resolved);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_NE(resolved.score(), disputed->score());
          return EvaluationEvent("people/Ler1", v1::ROLE_TEAM_LEAD, request_id, disputed.get(),
                                 resolved);
        };
      },
      grpc::StatusCode::PERMISSION_DENIED,
      [](AdminClient& admin) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "r2"));
        auto disputed = std::make_shared<v1::Evaluation>();
        v1::Evaluation submitted;
        EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 1, "", &submitted).ok());
        EXPECT_TRUE(DisputeTone(*cast, submitted.id(), "tone", "", disputed.get()).ok());
        // The evaluator may not decide their own evaluation's dispute.
        return FailingCall{absl::StrCat("evaluations/", submitted.id()), [cast, disputed] {
                             v1::Evaluation resolved;
                             return ResolveTone(*cast, cast->qa_token, *disputed, "own-dispute",
                                                &resolved);
                           }};
      }};
  return scenarios;
}

// What a replay must answer alike: the evaluation, its state and its version.
std::string EvaluationAnswer(const v1::Evaluation& evaluation) {
  return absl::StrCat(evaluation.id(), " ", v1::EvaluationState_Name(evaluation.state()), " etag ",
                      evaluation.etag());
}

ReplayMap EvaluationReplays() {
  ReplayMap cases;
  cases["escala.v1.EvaluationService/AcknowledgeEvaluation"] =
      [](AdminClient& admin) -> ReplayCall {
    auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "ya"));
    auto submitted = std::make_shared<v1::Evaluation>();
    EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 3, "", submitted.get()).ok());
    return
        [cast, submitted](const std::string& request_id, bool other_payload, std::string* answer) {
          grpc::ClientContext context;
          PrepareAs(context, cast->agent_token, "");
          v1::AcknowledgeEvaluationRequest request;
          request.set_id(submitted->id());
          request.set_comment(other_payload ? "Unfair" : "Fair");
          request.set_request_id(request_id);
          v1::Evaluation acknowledged;
          grpc::Status status = NewStub<v1::EvaluationService>(cast->channel)
                                    ->AcknowledgeEvaluation(&context, request, &acknowledged);
          *answer = EvaluationAnswer(acknowledged);
          return status;
        };
  };
  cases["escala.v1.EvaluationService/OpenDispute"] = [](AdminClient& admin) -> ReplayCall {
    auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "yd"));
    auto submitted = std::make_shared<v1::Evaluation>();
    EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 3, "", submitted.get()).ok());
    return [cast, submitted](const std::string& request_id, bool other_payload,
                             std::string* answer) {
      grpc::ClientContext context;
      PrepareAs(context, cast->agent_token, "");
      v1::OpenDisputeRequest request;
      request.set_id(submitted->id());
      v1::ContestedCriterion* item = request.add_items();
      item->set_criterion_key(other_payload ? "greet" : "tone");
      item->set_reason("I stayed calm");
      request.set_request_id(request_id);
      v1::Evaluation disputed;
      grpc::Status status =
          NewStub<v1::EvaluationService>(cast->channel)->OpenDispute(&context, request, &disputed);
      *answer = EvaluationAnswer(disputed);
      return status;
    };
  };
  cases["escala.v1.EvaluationService/ResolveDispute"] = [](AdminClient& admin) -> ReplayCall {
    auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "yr"));
    auto disputed = std::make_shared<v1::Evaluation>();
    v1::Evaluation submitted;
    EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 1, "", &submitted).ok());
    EXPECT_TRUE(DisputeTone(*cast, submitted.id(), "tone", "", disputed.get()).ok());
    return
        [cast, disputed](const std::string& request_id, bool other_payload, std::string* answer) {
          grpc::ClientContext context;
          PrepareAs(context, cast->lead_token, "");
          v1::ResolveDisputeRequest request;
          request.set_id(disputed->id());
          // The etag as read before the dispute was resolved: a replay sends it again.
          request.set_etag(disputed->etag());
          v1::ContestedCriterion* item = request.add_items();
          item->set_criterion_key("tone");
          item->set_outcome(v1::DISPUTE_OUTCOME_ADJUSTED);
          item->set_adjusted_value(other_payload ? 4 : 5);
          item->set_resolution_reason("Recording confirms");
          request.set_request_id(request_id);
          v1::Evaluation resolved;
          grpc::Status status = NewStub<v1::EvaluationService>(cast->channel)
                                    ->ResolveDispute(&context, request, &resolved);
          *answer = EvaluationAnswer(resolved);
          return status;
        };
  };
  return cases;
}

const ScenarioRegistrar kEvaluationAuditScenarios("evaluations", &EvaluationScenarios);
const ReplayRegistrar kEvaluationReplays("evaluations", &EvaluationReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
