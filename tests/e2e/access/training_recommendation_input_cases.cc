// Input-safety cases of the TrainingRecommendationService. Its one free text is a dismissal's
// reason; the round trip dismisses one recommendation per text, each made by a generation that
// fires again at once (the rule has no cool-down).

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "escala/v1/audit.grpc.pb.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/training_recommendations.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"
#include "tests/e2e/harness/calibration_world.h"

namespace escala::testing::input_safety {
namespace {

using RecommendationStub = v1::TrainingRecommendationService::Stub;

constexpr char kCourse[] = "input-rec-course";
constexpr char kCard[] = "input-rec-card";

// A course teaching "greet", an active rule on it without cool-down, and one evaluation that
// scores A1's greeting "no", made by the manager M1 (who may publish and evaluate).
void PrepareWorld(InputClient& client) {
  v1::CreateCourseRequest course;
  course.mutable_course()->set_course_id(kCourse);
  course.mutable_course()->set_title("Greeting");
  course.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  course.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  course.mutable_course()->add_criterion_keys("greet");
  v1::Course created_course;
  ASSERT_TRUE(client.Call(&v1::CourseService::Stub::CreateCourse, course, &created_course).ok());
  v1::CreateCriterionTrainingRuleRequest rule;
  rule.mutable_rule()->set_criterion_key("greet");
  rule.mutable_rule()->set_course_id(kCourse);
  rule.mutable_rule()->set_below_percent(50);
  rule.mutable_rule()->set_last_results(1);
  rule.mutable_rule()->set_min_results(1);
  rule.mutable_rule()->set_action(v1::TRAINING_RULE_ACTION_RECOMMEND);
  v1::CriterionTrainingRule created_rule;
  ASSERT_TRUE(
      client.Call(&RecommendationStub::CreateCriterionTrainingRule, rule, &created_rule).ok());
  const std::string& manager = client.ManagerToken();
  ASSERT_TRUE(PublishCalibrationScorecard(client.channel(), manager, kCard).ok());
  v1::CreateInteractionRequest interaction;
  *interaction.mutable_interaction() = NewInteraction("input", client.Unique("rec-"), "A1");
  v1::Interaction created_interaction;
  ASSERT_TRUE(
      client
          .Call(&v1::InteractionService::Stub::CreateInteraction, interaction, &created_interaction)
          .ok());
  v1::SubmitEvaluationRequest submit;
  submit.mutable_evaluation()->set_interaction_id(created_interaction.id());
  submit.mutable_evaluation()->set_scorecard_id(kCard);
  for (auto [key, value] : {std::pair<const char*, int>{"greet", 0}, {"tone", 3}}) {
    v1::CriterionAnswer* answer = submit.mutable_evaluation()->add_answers();
    answer->set_criterion_key(key);
    answer->set_value(value);
  }
  v1::Evaluation submitted;
  grpc::Status status =
      client.CallAs(manager, &v1::EvaluationService::Stub::SubmitEvaluation, submit, &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

// A fresh open recommendation of the course to A1; 0 when none was made.
int64_t Recommend(InputClient& client) {
  v1::GenerateTrainingRecommendationsRequest request;
  request.set_employee_id("A1");
  v1::GenerateTrainingRecommendationsResponse response;
  grpc::Status status =
      client.Call(&RecommendationStub::GenerateTrainingRecommendations, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.recommendations_size(), 1);
  return response.recommendations_size() == 1 ? response.recommendations(0).id() : 0;
}

grpc::Status Dismiss(InputClient& client, int64_t id, const std::string& reason,
                     v1::TrainingRecommendation* dismissed) {
  v1::DismissTrainingRecommendationRequest request;
  request.set_id(id);
  request.set_reason(reason);
  return client.Call(&RecommendationStub::DismissTrainingRecommendation, request, dismissed);
}

InputCases TrainingRecommendationInputCases() {
  InputCases cases;
  cases.round_trips = {
      {.field = "reason",
       .via = "DismissTrainingRecommendation",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             PrepareWorld(client);
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               const int64_t id = Recommend(client);
               v1::TrainingRecommendation dismissed;
               grpc::Status status = Dismiss(client, id, text, &dismissed);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"DismissTrainingRecommendation", text, dismissed.dismiss_reason()});
               v1::GetTrainingRecommendationRequest get;
               get.set_id(id);
               v1::TrainingRecommendation stored;
               EXPECT_TRUE(
                   client.Call(&RecommendationStub::GetTrainingRecommendation, get, &stored).ok());
               read.push_back({"GetTrainingRecommendation", text, stored.dismiss_reason()});
             }
             return read;
           }},
  };
  // The refusals come before the recommendation is looked up, so an id that names nothing
  // shows them; no limit probe: a write at the limit needs a recommendation first.
  cases.field_writes = {
      {.field = "reason",
       .via = "DismissTrainingRecommendation",
       .write =
           [](InputClient& client, const std::string& value) {
             v1::TrainingRecommendation dismissed;
             return Dismiss(client, 1, value, &dismissed);
           }},
  };
  cases.refused = {
      {.field = "rule.criterion_key",
       .via = "CreateCriterionTrainingRule",
       .values = {kSqlIdentifier, "greet ing", ""},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::CreateCriterionTrainingRuleRequest request;
             request.mutable_rule()->set_criterion_key(value);
             request.mutable_rule()->set_course_id(kCourse);
             request.mutable_rule()->set_below_percent(50);
             request.mutable_rule()->set_last_results(1);
             request.mutable_rule()->set_min_results(1);
             request.mutable_rule()->set_action(v1::TRAINING_RULE_ACTION_RECOMMEND);
             v1::CriterionTrainingRule created;
             return client.Call(&RecommendationStub::CreateCriterionTrainingRule, request,
                                &created);
           }},
      {.field = "employee_id",
       .via = "ListTrainingRecommendations",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::ListTrainingRecommendationsRequest request;
             request.set_employee_id(value);
             v1::ListTrainingRecommendationsResponse response;
             return client.Call(&RecommendationStub::ListTrainingRecommendations, request,
                                &response);
           }},
      {.field = "team_id",
       .via = "GenerateTrainingRecommendations",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::GenerateTrainingRecommendationsRequest request;
             request.set_team_id(value);
             v1::GenerateTrainingRecommendationsResponse response;
             return client.Call(&RecommendationStub::GenerateTrainingRecommendations, request,
                                &response);
           }},
      {.field = "course_id",
       .via = "ListCriterionTrainingRules",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::ListCriterionTrainingRulesRequest request;
             request.set_course_id(value);
             v1::ListCriterionTrainingRulesResponse response;
             return client.Call(&RecommendationStub::ListCriterionTrainingRules, request,
                                &response);
           }},
  };
  cases.enum_filters = {
      {.field = "state",
       .via = "ListTrainingRecommendations",
       .call =
           [](InputClient& client, int value) {
             v1::ListTrainingRecommendationsRequest request;
             request.set_state(static_cast<v1::TrainingRecommendationState>(value));
             v1::ListTrainingRecommendationsResponse response;
             return client.Call(&RecommendationStub::ListTrainingRecommendations, request,
                                &response);
           }},
  };
  cases.paged_lists = {
      {.method = "escala.v1.TrainingRecommendationService/ListCriterionTrainingRules",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListCriterionTrainingRulesRequest request;
               request.set_page_size(page_size);
               v1::ListCriterionTrainingRulesResponse response;
               return client.Call(&RecommendationStub::ListCriterionTrainingRules, request,
                                  &response);
             };
           }},
      {.method = "escala.v1.TrainingRecommendationService/ListTrainingRecommendations",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListTrainingRecommendationsRequest request;
               request.set_page_size(page_size);
               v1::ListTrainingRecommendationsResponse response;
               return client.Call(&RecommendationStub::ListTrainingRecommendations, request,
                                  &response);
             };
           }},
  };
  cases.not_free_text = {
      {"rule.criterion_key", "identifier of a scorecard criterion (refused values)"},
      {"rule.course_id", "identifier of a course"},
      {"rule.created_by", "output only: the principal that created the rule"},
      {"rule.etag", "made by the server; compared, never stored"},
      {"employee_id", "identifier of a person (GenerateTrainingRecommendations)"},
      {"team_id", "identifier of a team (GenerateTrainingRecommendations, refused values)"},
      {"request_id", "idempotency key: printable ASCII without spaces, at most 64"},
  };
  return cases;
}

const InputCaseRegistrar kTrainingRecommendationInputCases("training_recommendations",
                                                           &TrainingRecommendationInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
