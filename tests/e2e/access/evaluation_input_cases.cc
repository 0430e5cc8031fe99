// Input-safety cases of the EvaluationService.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"
#include "tests/e2e/harness/calibration_world.h"

namespace escala::testing::input_safety {
namespace {

// Who the cases' evaluations involve: the manager M1 evaluates interactions of a new agent (never
// A1, whom the refusal tests expect to have no interaction), the agent acknowledges or disputes,
// and a new QA analyst resolves disputes (neither the agent nor the evaluator may). The card is
// the calibration card (greet yes/no, tone 1–5), published by the manager.
struct EvaluationWorld {
  std::string agent;
  std::string agent_token;
  std::string reviewer_token;
  std::string scorecard;
};

EvaluationWorld MakeWorld(InputClient& client) {
  EvaluationWorld world;
  world.agent = client.Unique("Ae");
  world.agent_token = client.TokenOfNewPerson(world.agent, v1::ROLE_AGENT);
  world.reviewer_token = client.TokenOfNewPerson(client.Unique("Re"), v1::ROLE_QA_ANALYST);
  world.scorecard = client.Unique("eval-input-");
  const absl::Status published =
      PublishCalibrationScorecard(client.channel(), client.ManagerToken(), world.scorecard);
  EXPECT_TRUE(published.ok()) << published;
  return world;
}

// A complete evaluation of a new interaction of the world's agent, every text "Plain".
v1::Evaluation Answered(InputClient& client, const EvaluationWorld& world) {
  absl::StatusOr<int64_t> interaction = AddInteraction(client.channel(), client.admin_token(),
                                                       world.agent, client.Unique("eval-input-"));
  EXPECT_TRUE(interaction.ok()) << interaction.status();
  v1::Evaluation evaluation;
  evaluation.set_interaction_id(interaction.value_or(0));
  evaluation.set_scorecard_id(world.scorecard);
  for (auto [key, value] : {std::pair<const char*, int>{"greet", 1}, {"tone", 3}}) {
    v1::CriterionAnswer* answer = evaluation.add_answers();
    answer->set_criterion_key(key);
    answer->set_value(value);
    answer->set_comment("Plain");
  }
  evaluation.set_overall_comment("Plain");
  evaluation.set_coaching_notes("Plain");
  return evaluation;
}

grpc::Status CreateDraft(InputClient& client, const v1::Evaluation& evaluation,
                         v1::Evaluation* created) {
  v1::CreateEvaluationRequest request;
  *request.mutable_evaluation() = evaluation;
  return client.CallAs(client.ManagerToken(), &v1::EvaluationService::Stub::CreateEvaluation,
                       request, created);
}

// A submitted evaluation of a new interaction of the world's agent.
v1::Evaluation Submitted(InputClient& client, const EvaluationWorld& world) {
  v1::SubmitEvaluationRequest request;
  *request.mutable_evaluation() = Answered(client, world);
  v1::Evaluation submitted;
  grpc::Status status = client.CallAs(
      client.ManagerToken(), &v1::EvaluationService::Stub::SubmitEvaluation, request, &submitted);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return submitted;
}

grpc::Status Acknowledge(InputClient& client, const EvaluationWorld& world, int64_t id,
                         const std::string& comment, v1::Evaluation* acknowledged) {
  v1::AcknowledgeEvaluationRequest request;
  request.set_id(id);
  request.set_comment(comment);
  return client.CallAs(world.agent_token, &v1::EvaluationService::Stub::AcknowledgeEvaluation,
                       request, acknowledged);
}

grpc::Status Dispute(InputClient& client, const EvaluationWorld& world, int64_t id,
                     const std::string& reason, v1::Evaluation* disputed) {
  v1::OpenDisputeRequest request;
  request.set_id(id);
  v1::ContestedCriterion* item = request.add_items();
  item->set_criterion_key("tone");
  item->set_reason(reason);
  return client.CallAs(world.agent_token, &v1::EvaluationService::Stub::OpenDispute, request,
                       disputed);
}

// A disputed evaluation of a new interaction of the world's agent.
v1::Evaluation Disputed(InputClient& client, const EvaluationWorld& world) {
  v1::Evaluation disputed;
  grpc::Status status = Dispute(client, world, Submitted(client, world).id(), "Plain", &disputed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return disputed;
}

// Upholds the one contested criterion of `disputed`, as the reviewer.
grpc::Status Resolve(InputClient& client, const EvaluationWorld& world,
                     const v1::Evaluation& disputed, const std::string& reason,
                     v1::Evaluation* resolved) {
  v1::ResolveDisputeRequest request;
  request.set_id(disputed.id());
  request.set_etag(disputed.etag());
  v1::ContestedCriterion* item = request.add_items();
  item->set_criterion_key("tone");
  item->set_outcome(v1::DISPUTE_OUTCOME_UPHELD);
  item->set_resolution_reason(reason);
  return client.CallAs(world.reviewer_token, &v1::EvaluationService::Stub::ResolveDispute, request,
                       resolved);
}

v1::Evaluation Read(InputClient& client, int64_t id) {
  v1::GetEvaluationRequest request;
  request.set_id(id);
  v1::Evaluation evaluation;
  grpc::Status status = client.CallAs(
      client.ManagerToken(), &v1::EvaluationService::Stub::GetEvaluation, request, &evaluation);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return evaluation;
}

// The first contested criterion's `field`, or a marker when there is none.
std::string FirstItemOf(const v1::Evaluation& evaluation,
                        std::string (*field)(const v1::ContestedCriterion&)) {
  if (evaluation.dispute().items().empty()) return "(no contested criterion)";
  return field(evaluation.dispute().items(0));
}

// Writes each text into one field of a new draft (CreateEvaluation, as the manager) and reads it
// back from the create's answer and from GetEvaluation.
RoundTrip DraftTextRoundTrip(const std::string& field,
                             std::function<void(v1::Evaluation&, const std::string&)> set,
                             std::function<std::string(const v1::Evaluation&)> get) {
  return {.field = field,
          .via = "CreateEvaluation",
          .run = [set, get](InputClient& client, const std::vector<std::string>& texts) {
            const EvaluationWorld world = MakeWorld(client);
            std::vector<ReadBack> read;
            for (const std::string& text : texts) {
              v1::Evaluation draft = Answered(client, world);
              set(draft, text);
              v1::Evaluation created;
              grpc::Status status = CreateDraft(client, draft, &created);
              EXPECT_TRUE(status.ok()) << status.error_message();
              read.push_back({"CreateEvaluation", text, get(created)});
              read.push_back({"GetEvaluation", text, get(Read(client, created.id()))});
            }
            return read;
          }};
}

// A draft's free-text field written by CreateEvaluation, each call on a new interaction.
FieldWrite DraftTextWrite(const std::string& field,
                          std::function<void(v1::Evaluation&, const std::string&)> set) {
  return {.field = field,
          .via = "CreateEvaluation",
          .max_characters = 4000,
          .prepare = [set](InputClient& client) -> WriteCall {
            const EvaluationWorld world = MakeWorld(client);
            std::function<v1::Evaluation()> next =
                Pool(std::vector<v1::Evaluation>{Answered(client, world), Answered(client, world)});
            return [set, next](InputClient& client, const std::string& value) {
              v1::Evaluation draft = next();
              set(draft, value);
              v1::Evaluation created;
              return CreateDraft(client, draft, &created);
            };
          }};
}

std::string OnlyAnswerComment(const v1::Evaluation& evaluation) {
  return evaluation.answers().empty() ? std::string("(no answer)")
                                      : evaluation.answers(0).comment();
}

InputCases EvaluationInputCases() {
  InputCases cases;
  cases.round_trips = {
      DraftTextRoundTrip(
          "evaluation.overall_comment",
          [](v1::Evaluation& e, const std::string& text) { e.set_overall_comment(text); },
          [](const v1::Evaluation& e) { return e.overall_comment(); }),
      DraftTextRoundTrip(
          "evaluation.coaching_notes",
          [](v1::Evaluation& e, const std::string& text) { e.set_coaching_notes(text); },
          [](const v1::Evaluation& e) { return e.coaching_notes(); }),
      DraftTextRoundTrip(
          "evaluation.answers.comment",
          [](v1::Evaluation& e, const std::string& text) {
            e.mutable_answers(0)->set_comment(text);
          },
          &OnlyAnswerComment),
      {.field = "comment",
       .via = "AcknowledgeEvaluation",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             const EvaluationWorld world = MakeWorld(client);
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               v1::Evaluation acknowledged;
               grpc::Status status =
                   Acknowledge(client, world, Submitted(client, world).id(), text, &acknowledged);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"AcknowledgeEvaluation", text, acknowledged.agent_comment()});
               read.push_back(
                   {"GetEvaluation", text, Read(client, acknowledged.id()).agent_comment()});
             }
             return read;
           }},
      {.field = "items.reason",
       .via = "OpenDispute",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             const EvaluationWorld world = MakeWorld(client);
             auto reason = [](const v1::ContestedCriterion& item) { return item.reason(); };
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               v1::Evaluation disputed;
               grpc::Status status =
                   Dispute(client, world, Submitted(client, world).id(), text, &disputed);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"OpenDispute", text, FirstItemOf(disputed, reason)});
               read.push_back(
                   {"GetEvaluation", text, FirstItemOf(Read(client, disputed.id()), reason)});
             }
             return read;
           }},
      {.field = "items.resolution_reason",
       .via = "ResolveDispute",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             const EvaluationWorld world = MakeWorld(client);
             auto reason = [](const v1::ContestedCriterion& item) {
               return item.resolution_reason();
             };
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               v1::Evaluation resolved;
               grpc::Status status =
                   Resolve(client, world, Disputed(client, world), text, &resolved);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"ResolveDispute", text, FirstItemOf(resolved, reason)});
               read.push_back(
                   {"GetEvaluation", text, FirstItemOf(Read(client, resolved.id()), reason)});
             }
             return read;
           }},
  };
  cases.field_writes = {
      DraftTextWrite(
          "evaluation.overall_comment",
          [](v1::Evaluation& e, const std::string& value) { e.set_overall_comment(value); }),
      DraftTextWrite(
          "evaluation.coaching_notes",
          [](v1::Evaluation& e, const std::string& value) { e.set_coaching_notes(value); }),
      DraftTextWrite("evaluation.answers[0].comment",
                     [](v1::Evaluation& e, const std::string& value) {
                       e.mutable_answers(0)->set_comment(value);
                     }),
      {.field = "comment",
       .via = "AcknowledgeEvaluation",
       .max_characters = 4000,
       .prepare = [](InputClient& client) -> WriteCall {
         const EvaluationWorld world = MakeWorld(client);
         std::function<v1::Evaluation()> next =
             Pool(std::vector<v1::Evaluation>{Submitted(client, world), Submitted(client, world)});
         return [world, next](InputClient& client, const std::string& value) {
           v1::Evaluation acknowledged;
           return Acknowledge(client, world, next().id(), value, &acknowledged);
         };
       }},
      {.field = "items[0].reason",
       .via = "OpenDispute",
       .max_characters = 4000,
       .prepare = [](InputClient& client) -> WriteCall {
         const EvaluationWorld world = MakeWorld(client);
         std::function<v1::Evaluation()> next =
             Pool(std::vector<v1::Evaluation>{Submitted(client, world), Submitted(client, world)});
         return [world, next](InputClient& client, const std::string& value) {
           v1::Evaluation disputed;
           return Dispute(client, world, next().id(), value, &disputed);
         };
       }},
      {.field = "items[0].resolution_reason",
       .via = "ResolveDispute",
       .max_characters = 4000,
       .prepare = [](InputClient& client) -> WriteCall {
         const EvaluationWorld world = MakeWorld(client);
         std::function<v1::Evaluation()> next =
             Pool(std::vector<v1::Evaluation>{Disputed(client, world), Disputed(client, world)});
         return [world, next](InputClient& client, const std::string& value) {
           v1::Evaluation resolved;
           return Resolve(client, world, next(), value, &resolved);
         };
       }},
  };
  cases.paged_lists = {
      {.method = "escala.v1.EvaluationService/ListEvaluations",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListEvaluationsRequest request;
               request.set_page_size(page_size);
               v1::ListEvaluationsResponse response;
               return client.CallAs(client.ManagerToken(),
                                    &v1::EvaluationService::Stub::ListEvaluations, request,
                                    &response);
             };
           }},
  };
  cases.not_free_text = {
      {"evaluation.scorecard_id", "identifier of a scorecard"},
      {"evaluation.answers.criterion_key", "key of a criterion of the scorecard"},
      {"items.criterion_key", "key of a criterion of the scorecard"},
      {"evaluation.agent_employee_id", "output only: the interaction's agent"},
      {"evaluation.team_id", "output only: the agent's team"},
      {"evaluation.evaluator_employee_id", "output only: the caller"},
      {"evaluation.failed_critical_keys", "output only: computed by the server"},
      {"evaluation.failed_criterion_keys", "output only: computed by the server"},
      {"evaluation.sections.section_key", "output only: computed by the server"},
      {"evaluation.agent_comment", "output only: set by AcknowledgeEvaluation (comment)"},
      {"evaluation.dispute.items.criterion_key", "output only: set by OpenDispute"},
      {"evaluation.dispute.items.reason", "output only: set by OpenDispute (items.reason)"},
      {"evaluation.dispute.items.resolution_reason",
       "output only: set by ResolveDispute (items.resolution_reason)"},
      {"evaluation.dispute.opened_by", "output only: the principal that opened the dispute"},
      {"evaluation.dispute.resolved_by", "output only: the principal that resolved it"},
      {"evaluation.etag", "made by the server; compared, never stored"},
      {"etag", "made by the server; compared, never stored"},
      {"request_id", "idempotency key: at most 64 printable ASCII characters"},
  };
  return cases;
}

const InputCaseRegistrar kEvaluationInputCases("evaluations", &EvaluationInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
