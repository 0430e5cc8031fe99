// Access-matrix probes of the TrainingRecommendationService. Rules belong to nobody; a
// recommendation's "own" is the target person's: the administrator makes one for them from a
// fresh rule and an evaluation that scores them low on "greet".

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/training_recommendations.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

using RecommendationProbeStub = v1::TrainingRecommendationService::Stub;

template <typename Request, typename Response>
grpc::Status Call(World& w, const std::string& token,
                  grpc::Status (RecommendationProbeStub::*method)(grpc::ClientContext*,
                                                                  const Request&, Response*),
                  const Request& request, Response* response) {
  grpc::ClientContext context;
  Authorize(context, token);
  auto stub = NewStub<v1::TrainingRecommendationService>(w.channel);
  return ((*stub).*method)(&context, request, response);
}

// A new course teaching "greet", made by the administrator.
std::string RecommendationProbeCourse(World& w) {
  const std::string course_id = w.Unique("probe-rec-course-");
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::CreateCourseRequest request;
  request.mutable_course()->set_course_id(course_id);
  request.mutable_course()->set_title("Greeting");
  request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  request.mutable_course()->add_criterion_keys("greet");
  v1::Course created;
  grpc::Status status =
      NewStub<v1::CourseService>(w.channel)->CreateCourse(&context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return course_id;
}

// A rule of a new course that fires on any "greet" below 100 %; inactive unless `active`, so
// that the probes' generations judge only the rule they made.
v1::CriterionTrainingRule ProbeRule(World& w, bool active) {
  v1::CreateCriterionTrainingRuleRequest request;
  v1::CriterionTrainingRule* rule = request.mutable_rule();
  rule->set_criterion_key("greet");
  rule->set_course_id(RecommendationProbeCourse(w));
  rule->set_below_percent(100);
  rule->set_last_results(1);
  rule->set_min_results(1);
  rule->set_action(v1::TRAINING_RULE_ACTION_RECOMMEND);
  rule->set_active(active);
  v1::CriterionTrainingRule created;
  grpc::Status status = Call(
      w, w.admin_token, &RecommendationProbeStub::CreateCriterionTrainingRule, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

void Deactivate(World& w, const v1::CriterionTrainingRule& rule) {
  v1::UpdateCriterionTrainingRuleRequest request;
  request.mutable_rule()->set_id(rule.id());
  request.mutable_rule()->set_active(false);
  request.mutable_update_mask()->add_paths("active");
  v1::CriterionTrainingRule updated;
  grpc::Status status = Call(
      w, w.admin_token, &RecommendationProbeStub::UpdateCriterionTrainingRule, request, &updated);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

// A submitted evaluation of `agent` with "greet" answered no, by a QA analyst, manager or head
// of support who is not the agent.
void LowGreeting(World& w, const std::string& agent) {
  grpc::ClientContext interaction_context;
  Authorize(interaction_context, w.admin_token);
  v1::CreateInteractionRequest interaction_request;
  *interaction_request.mutable_interaction() = NewInteraction(w, agent);
  v1::Interaction interaction;
  grpc::Status status = NewStub<v1::InteractionService>(w.channel)->CreateInteraction(
      &interaction_context, interaction_request, &interaction);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const Actor& evaluator =
      w.callers.at(agent == "Q1" ? server::PolicyRole::kManager : server::PolicyRole::kQaAnalyst);
  grpc::ClientContext context;
  Authorize(context, evaluator.token);
  v1::SubmitEvaluationRequest request;
  v1::Evaluation* evaluation = request.mutable_evaluation();
  evaluation->set_interaction_id(interaction.id());
  evaluation->set_scorecard_id(kCalibrationScorecard);
  for (auto [key, value] : {std::pair<const char*, int>{"greet", 0}, {"tone", 2}}) {
    v1::CriterionAnswer* answer = evaluation->add_answers();
    answer->set_criterion_key(key);
    answer->set_value(value);
  }
  v1::Evaluation submitted;
  status =
      NewStub<v1::EvaluationService>(w.channel)->SubmitEvaluation(&context, request, &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

// An open recommendation of a new course to the target person, made by the administrator.
v1::TrainingRecommendation TargetRecommendation(World& w, const Actor& caller, Target target) {
  const std::string person = PersonTarget(w, caller, target).employee_id;
  const v1::CriterionTrainingRule rule = ProbeRule(w, /*active=*/true);
  LowGreeting(w, person);
  v1::GenerateTrainingRecommendationsRequest request;
  request.set_employee_id(person);
  v1::GenerateTrainingRecommendationsResponse response;
  grpc::Status status =
      Call(w, w.admin_token, &RecommendationProbeStub::GenerateTrainingRecommendations, request,
           &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Deactivate(w, rule);
  for (const v1::TrainingRecommendation& r : response.recommendations()) {
    if (r.rule_id() == rule.id()) return r;
  }
  ADD_FAILURE() << "no recommendation of rule " << rule.id() << " for " << person;
  return v1::TrainingRecommendation();
}

ProbeMap TrainingRecommendationProbes() {
  ProbeMap probes;
  probes["escala.v1.TrainingRecommendationService/CreateCriterionTrainingRule"] =
      [](World& w, const Actor& c, Target) {
        v1::CreateCriterionTrainingRuleRequest request;
        v1::CriterionTrainingRule* rule = request.mutable_rule();
        rule->set_criterion_key("greet");
        rule->set_course_id(RecommendationProbeCourse(w));
        rule->set_below_percent(50);
        rule->set_last_results(3);
        rule->set_min_results(1);
        rule->set_action(v1::TRAINING_RULE_ACTION_RECOMMEND);
        rule->set_active(false);
        v1::CriterionTrainingRule created;
        return Call(w, c.token, &RecommendationProbeStub::CreateCriterionTrainingRule, request,
                    &created)
            .error_code();
      };
  probes["escala.v1.TrainingRecommendationService/GetCriterionTrainingRule"] = [](World& w,
                                                                                  const Actor& c,
                                                                                  Target) {
    v1::GetCriterionTrainingRuleRequest request;
    request.set_id(ProbeRule(w, false).id());
    v1::CriterionTrainingRule response;
    return Call(w, c.token, &RecommendationProbeStub::GetCriterionTrainingRule, request, &response)
        .error_code();
  };
  probes["escala.v1.TrainingRecommendationService/ListCriterionTrainingRules"] =
      [](World& w, const Actor& c, Target) {
        const v1::CriterionTrainingRule rule = ProbeRule(w, false);
        v1::ListCriterionTrainingRulesRequest request;
        request.set_course_id(rule.course_id());
        v1::ListCriterionTrainingRulesResponse response;
        grpc::Status status = Call(w, c.token, &RecommendationProbeStub::ListCriterionTrainingRules,
                                   request, &response);
        return Found(status, response.rules_size() == 1);
      };
  probes["escala.v1.TrainingRecommendationService/UpdateCriterionTrainingRule"] =
      [](World& w, const Actor& c, Target) {
        v1::UpdateCriterionTrainingRuleRequest request;
        request.mutable_rule()->set_id(ProbeRule(w, false).id());
        request.mutable_rule()->set_below_percent(40);
        v1::CriterionTrainingRule response;
        return Call(w, c.token, &RecommendationProbeStub::UpdateCriterionTrainingRule, request,
                    &response)
            .error_code();
      };
  probes["escala.v1.TrainingRecommendationService/GenerateTrainingRecommendations"] =
      [](World& w, const Actor& c, Target target) {
        v1::GenerateTrainingRecommendationsRequest request;
        request.set_employee_id(PersonTarget(w, c, target).employee_id);
        v1::GenerateTrainingRecommendationsResponse response;
        return Call(w, c.token, &RecommendationProbeStub::GenerateTrainingRecommendations, request,
                    &response)
            .error_code();
      };
  probes["escala.v1.TrainingRecommendationService/GetTrainingRecommendation"] = [](World& w,
                                                                                   const Actor& c,
                                                                                   Target target) {
    v1::GetTrainingRecommendationRequest request;
    request.set_id(TargetRecommendation(w, c, target).id());
    v1::TrainingRecommendation response;
    return Call(w, c.token, &RecommendationProbeStub::GetTrainingRecommendation, request, &response)
        .error_code();
  };
  probes["escala.v1.TrainingRecommendationService/ListTrainingRecommendations"] =
      [](World& w, const Actor& c, Target target) {
        const v1::TrainingRecommendation made = TargetRecommendation(w, c, target);
        v1::ListTrainingRecommendationsRequest request;
        request.set_course_id(made.course_id());
        v1::ListTrainingRecommendationsResponse response;
        grpc::Status status = Call(
            w, c.token, &RecommendationProbeStub::ListTrainingRecommendations, request, &response);
        bool contains = false;
        for (const v1::TrainingRecommendation& r : response.recommendations()) {
          contains |= r.id() == made.id();
        }
        return Found(status, contains);
      };
  probes["escala.v1.TrainingRecommendationService/DismissTrainingRecommendation"] =
      [](World& w, const Actor& c, Target target) {
        v1::DismissTrainingRecommendationRequest request;
        request.set_id(TargetRecommendation(w, c, target).id());
        request.set_reason("probe");
        v1::TrainingRecommendation response;
        return Call(w, c.token, &RecommendationProbeStub::DismissTrainingRecommendation, request,
                    &response)
            .error_code();
      };
  return probes;
}

const ProbeRegistrar kTrainingRecommendationProbes("training_recommendations",
                                                   &TrainingRecommendationProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
