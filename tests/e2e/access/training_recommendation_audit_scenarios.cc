// Audit scenarios and request_id replays of the TrainingRecommendationService. A scenario that
// needs a recommendation makes its own world: a course teaching "greet", one active rule on it,
// an agent of its own and a QA analyst who scores that agent's greeting "no" on a scorecard
// published for the scenario. The rules of earlier scenarios are deactivated first, so each
// generation makes exactly one recommendation.
#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/training_recommendations.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

using RecommendationAuditStub = v1::TrainingRecommendationService::Stub;

template <typename Request, typename Response>
grpc::Status RecommendationCall(AdminClient& admin, const std::string& request_id,
                                grpc::Status (RecommendationAuditStub::*method)(
                                    grpc::ClientContext*, const Request&, Response*),
                                const Request& request, Response* response) {
  grpc::ClientContext context;
  admin.Prepare(context, request_id);
  auto stub = NewStub<v1::TrainingRecommendationService>(admin.channel());
  return ((*stub).*method)(&context, request, response);
}

void PrepareCourse(AdminClient& admin, const std::string& course_id) {
  grpc::ClientContext context;
  admin.Prepare(context);
  v1::CreateCourseRequest request;
  request.mutable_course()->set_course_id(course_id);
  request.mutable_course()->set_title("Greeting " + course_id);
  request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  request.mutable_course()->add_criterion_keys("greet");
  v1::Course created;
  grpc::Status status =
      NewStub<v1::CourseService>(admin.channel())->CreateCourse(&context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

v1::CriterionTrainingRule RuleOf(const std::string& course_id, bool active) {
  v1::CriterionTrainingRule rule;
  rule.set_criterion_key("greet");
  rule.set_course_id(course_id);
  rule.set_below_percent(75);
  rule.set_last_results(2);
  rule.set_min_results(1);
  rule.set_action(v1::TRAINING_RULE_ACTION_RECOMMEND);
  rule.set_active(active);
  return rule;
}

v1::CriterionTrainingRule CreateRule(AdminClient& admin, const v1::CriterionTrainingRule& rule,
                                     const std::string& request_id = "") {
  v1::CreateCriterionTrainingRuleRequest request;
  *request.mutable_rule() = rule;
  v1::CriterionTrainingRule created;
  grpc::Status status = RecommendationCall(
      admin, request_id, &RecommendationAuditStub::CreateCriterionTrainingRule, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

// Deactivates every active rule, so that the next generation judges only the rule made next.
void DeactivateAllRules(AdminClient& admin) {
  v1::ListCriterionTrainingRulesRequest list;
  list.set_active_only(true);
  list.set_page_size(1000);
  v1::ListCriterionTrainingRulesResponse rules;
  grpc::Status status = RecommendationCall(
      admin, "", &RecommendationAuditStub::ListCriterionTrainingRules, list, &rules);
  EXPECT_TRUE(status.ok()) << status.error_message();
  for (const v1::CriterionTrainingRule& rule : rules.rules()) {
    v1::UpdateCriterionTrainingRuleRequest request;
    request.mutable_rule()->set_id(rule.id());
    request.mutable_rule()->set_active(false);
    request.mutable_update_mask()->add_paths("active");
    v1::CriterionTrainingRule updated;
    status = RecommendationCall(admin, "", &RecommendationAuditStub::UpdateCriterionTrainingRule,
                                request, &updated);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
}

// The scenario's world (see the file comment); returns the agent's employee id.
std::string LowScoredAgent(AdminClient& admin, const std::string& tag) {
  DeactivateAllRules(admin);
  PrepareCourse(admin, "rec-" + tag);
  CreateRule(admin, RuleOf("rec-" + tag, true));
  const std::string agent = "RA-" + tag;
  const std::string analyst = "RQ-" + tag;
  admin.CreatePerson(agent, "Agent " + tag);
  admin.CreatePerson(analyst, "Analyst " + tag, v1::ROLE_QA_ANALYST);
  const std::string token = admin.CreateToken("people/" + analyst).secret();
  const std::string card = "rec-card-" + tag;
  absl::Status published = PublishCalibrationScorecard(admin.channel(), token, card);
  EXPECT_TRUE(published.ok()) << published;
  grpc::ClientContext interaction_context;
  admin.Prepare(interaction_context);
  v1::CreateInteractionRequest interaction_request;
  *interaction_request.mutable_interaction() = NewInteraction("rec", "rec-" + tag, agent);
  v1::Interaction interaction;
  grpc::Status status =
      NewStub<v1::InteractionService>(admin.channel())
          ->CreateInteraction(&interaction_context, interaction_request, &interaction);
  EXPECT_TRUE(status.ok()) << status.error_message();
  grpc::ClientContext context;
  Authorize(context, token);
  v1::SubmitEvaluationRequest request;
  v1::Evaluation* evaluation = request.mutable_evaluation();
  evaluation->set_interaction_id(interaction.id());
  evaluation->set_scorecard_id(card);
  for (auto [key, value] : {std::pair<const char*, int>{"greet", 0}, {"tone", 4}}) {
    v1::CriterionAnswer* answer = evaluation->add_answers();
    answer->set_criterion_key(key);
    answer->set_value(value);
  }
  v1::Evaluation submitted;
  status = NewStub<v1::EvaluationService>(admin.channel())
               ->SubmitEvaluation(&context, request, &submitted);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return agent;
}

grpc::Status Generate(AdminClient& admin, const std::string& employee_id,
                      const std::string& header_request_id,
                      v1::GenerateTrainingRecommendationsResponse* response) {
  v1::GenerateTrainingRecommendationsRequest request;
  request.set_employee_id(employee_id);
  return RecommendationCall(admin, header_request_id,
                            &RecommendationAuditStub::GenerateTrainingRecommendations, request,
                            response);
}

// The one recommendation the scenario's world makes.
v1::TrainingRecommendation Recommend(AdminClient& admin, const std::string& tag) {
  const std::string agent = LowScoredAgent(admin, tag);
  v1::GenerateTrainingRecommendationsResponse response;
  grpc::Status status = Generate(admin, agent, "", &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.recommendations_size(), 1);
  return response.recommendations_size() > 0 ? response.recommendations(0)
                                             : v1::TrainingRecommendation();
}

grpc::Status Dismiss(AdminClient& admin, int64_t id, const std::string& header_request_id,
                     v1::TrainingRecommendation* dismissed, const std::string& reason = "coached") {
  v1::DismissTrainingRecommendationRequest request;
  request.set_id(id);
  request.set_reason(reason);
  return RecommendationCall(admin, header_request_id,
                            &RecommendationAuditStub::DismissTrainingRecommendation, request,
                            dismissed);
}

ExpectedEvent RuleEvent(const std::string& request_id, const v1::CriterionTrainingRule* before,
                        const v1::CriterionTrainingRule& after) {
  db::ChangedFields changed = db::DiffForAudit(before, after);
  return ExpectedEvent{"criterion_training_rule",
                       absl::StrCat("criterionTrainingRules/", after.id()), request_id,
                       changed.before_json, changed.after_json};
}

ExpectedEvent RecommendationEvent(const std::string& request_id,
                                  const v1::TrainingRecommendation* before,
                                  const v1::TrainingRecommendation& after) {
  db::ChangedFields changed = db::DiffForAudit(before, after);
  return ExpectedEvent{"training_recommendation",
                       absl::StrCat("trainingRecommendations/", after.id()), request_id,
                       changed.before_json, changed.after_json};
}

ScenarioMap TrainingRecommendationScenarios() {
  ScenarioMap scenarios;
  scenarios["escala.v1.TrainingRecommendationService/CreateCriterionTrainingRule"] = {
      [](AdminClient& admin, const std::string& request_id) {
        PrepareCourse(admin, "rule-create");
        return [&admin, request_id] {
          const v1::CriterionTrainingRule created =
              CreateRule(admin, RuleOf("rule-create", false), request_id);
          return RuleEvent(request_id, nullptr, created);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        return FailingCall{"", [&admin] {
                             v1::CreateCriterionTrainingRuleRequest request;
                             *request.mutable_rule() = RuleOf("rule-no-course", false);
                             v1::CriterionTrainingRule created;
                             return RecommendationCall(
                                 admin, "no-course",
                                 &RecommendationAuditStub::CreateCriterionTrainingRule, request,
                                 &created);
                           }};
      }};
  scenarios["escala.v1.TrainingRecommendationService/UpdateCriterionTrainingRule"] = {
      [](AdminClient& admin, const std::string& request_id) {
        PrepareCourse(admin, "rule-update");
        const v1::CriterionTrainingRule first = CreateRule(admin, RuleOf("rule-update", false));
        return [&admin, request_id, first] {
          v1::UpdateCriterionTrainingRuleRequest request;
          request.mutable_rule()->set_id(first.id());
          request.mutable_rule()->set_below_percent(55.5);
          request.mutable_rule()->set_etag(first.etag());
          v1::CriterionTrainingRule updated;
          grpc::Status status = RecommendationCall(
              admin, request_id, &RecommendationAuditStub::UpdateCriterionTrainingRule, request,
              &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return RuleEvent(request_id, &first, updated);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        PrepareCourse(admin, "rule-stale");
        const v1::CriterionTrainingRule first = CreateRule(admin, RuleOf("rule-stale", false));
        v1::UpdateCriterionTrainingRuleRequest request;
        request.mutable_rule()->set_id(first.id());
        request.mutable_rule()->set_below_percent(20);
        request.mutable_rule()->set_etag(first.etag());
        v1::CriterionTrainingRule updated;
        EXPECT_TRUE(RecommendationCall(admin, "",
                                       &RecommendationAuditStub::UpdateCriterionTrainingRule,
                                       request, &updated)
                        .ok());
        return FailingCall{
            absl::StrCat("criterionTrainingRules/", first.id()), [&admin, request]() mutable {
              request.mutable_rule()->set_below_percent(30);
              v1::CriterionTrainingRule response;
              return RecommendationCall(admin, "stale-rule",
                                        &RecommendationAuditStub::UpdateCriterionTrainingRule,
                                        request, &response);
            }};
      }};
  scenarios["escala.v1.TrainingRecommendationService/GenerateTrainingRecommendations"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const std::string agent = LowScoredAgent(admin, "gen");
        return [&admin, request_id, agent] {
          v1::GenerateTrainingRecommendationsResponse response;
          grpc::Status status = Generate(admin, agent, request_id, &response);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(response.recommendations_size(), 1);
          return RecommendationEvent(request_id, nullptr,
                                     response.recommendations_size() > 0
                                         ? response.recommendations(0)
                                         : v1::TrainingRecommendation());
        };
      },
      grpc::StatusCode::NOT_FOUND,
      [](AdminClient& admin) {
        return FailingCall{"", [&admin] {
                             v1::GenerateTrainingRecommendationsResponse response;
                             return Generate(admin, "NOBODY", "no-person", &response);
                           }};
      }};
  scenarios["escala.v1.TrainingRecommendationService/DismissTrainingRecommendation"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const v1::TrainingRecommendation made = Recommend(admin, "dismiss");
        return [&admin, request_id, made] {
          v1::TrainingRecommendation dismissed;
          grpc::Status status = Dismiss(admin, made.id(), request_id, &dismissed);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return RecommendationEvent(request_id, &made, dismissed);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        const v1::TrainingRecommendation made = Recommend(admin, "dismissed");
        v1::TrainingRecommendation dismissed;
        EXPECT_TRUE(Dismiss(admin, made.id(), "", &dismissed).ok());
        return FailingCall{absl::StrCat("trainingRecommendations/", made.id()), [&admin, made] {
                             v1::TrainingRecommendation again;
                             return Dismiss(admin, made.id(), "dismiss-twice", &again);
                           }};
      }};
  return scenarios;
}

ReplayMap TrainingRecommendationReplays() {
  ReplayMap cases;
  cases["escala.v1.TrainingRecommendationService/GenerateTrainingRecommendations"] =
      [](AdminClient& admin) -> ReplayCall {
    const std::string agent = LowScoredAgent(admin, "replay-gen");
    const absl::Time earlier = absl::Now() - absl::Hours(1);
    return [&admin, agent, earlier](const std::string& request_id, bool other_payload,
                                    std::string* answer) {
      v1::GenerateTrainingRecommendationsRequest request;
      request.set_employee_id(agent);
      request.set_request_id(request_id);
      // Another payload: the same person judged an hour earlier.
      if (other_payload) {
        *request.mutable_as_of_time() = db::MillisToTimestamp(absl::ToUnixMillis(earlier));
      }
      v1::GenerateTrainingRecommendationsResponse response;
      grpc::Status status = RecommendationCall(
          admin, "", &RecommendationAuditStub::GenerateTrainingRecommendations, request, &response);
      std::vector<std::string> made;
      for (const v1::TrainingRecommendation& r : response.recommendations()) {
        made.push_back(absl::StrCat(r.id(), " ", r.employee_id(), " ", r.course_id()));
      }
      *answer = absl::StrJoin(made, ", ");
      if (status.ok() && made.empty()) ADD_FAILURE() << "the run made no recommendation";
      return status;
    };
  };
  cases["escala.v1.TrainingRecommendationService/DismissTrainingRecommendation"] =
      [](AdminClient& admin) -> ReplayCall {
    const v1::TrainingRecommendation made = Recommend(admin, "replay-dismiss");
    return [&admin, made](const std::string& request_id, bool other_payload, std::string* answer) {
      v1::DismissTrainingRecommendationRequest request;
      request.set_id(made.id());
      request.set_reason(other_payload ? "not needed" : "coached live");
      request.set_request_id(request_id);
      v1::TrainingRecommendation dismissed;
      grpc::Status status = RecommendationCall(
          admin, "", &RecommendationAuditStub::DismissTrainingRecommendation, request, &dismissed);
      *answer =
          absl::StrCat(dismissed.id(), " ", v1::TrainingRecommendationState_Name(dismissed.state()),
                       " ", dismissed.dismiss_reason(), " ", dismissed.dismiss_time().seconds());
      return status;
    };
  };
  return cases;
}

const ScenarioRegistrar kTrainingRecommendationAuditScenarios("training_recommendations",
                                                              &TrainingRecommendationScenarios);
const ReplayRegistrar kTrainingRecommendationReplays("training_recommendations",
                                                     &TrainingRecommendationReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
