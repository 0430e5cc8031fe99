#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "db/directory/people_repository.h"
#include "db/directory/team_repository.h"
#include "db/qa/evaluation_repository.h"
#include "db/qa/scorecard_repository.h"
#include "db/training/completion_repository.h"
#include "db/training/course_repository.h"
#include "db/training/enrolment_repository.h"
#include "db/training/recommendation_repository.h"
#include "db/training/training_session_repository.h"
#include "escala/v1/training_recommendations.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"
#include "server/qa/scoring/scorecard_mapping.h"
#include "server/training/criterion_gap.h"
#include "server/training/criterion_results_reader.h"

namespace escala::server {

// What TrainingRecommendationHandler reads and writes.
struct RecommendationStores {
  db::TrainingRecommendationRepository& recommendations;
  db::CourseRepository& courses;
  db::PeopleRepository& people;
  db::TeamRepository& teams;
  db::EvaluationRepository& evaluations;
  db::ScorecardRepository& scorecards;
  // Where a state change's request_id is looked up (the audit log).
  db::RequestLog& requests;
  // What the person is enrolled in and has completed: a rule stays quiet for a course they are
  // enrolled in, and counts only results after their last completion of it.
  db::EnrolmentRepository& enrolments;
  db::TrainingSessionRepository& sessions;
  db::CompletionRepository& completions;
};

// The logic of TrainingRecommendationService, free of gRPC. Rules are plain records; generation
// reads each person's submitted evaluations, normalises their answers with the scorecard version
// each was scored on, and asks EvaluateCriterionGaps (criterion_gap.h) which rules fire. A team
// lead (team scope) reaches their team's people and recommendations; an agent (own scope) their
// own; others everything.
class TrainingRecommendationHandler {
 public:
  TrainingRecommendationHandler(RecommendationStores stores, Clock clock)
      : stores_(stores), clock_(std::move(clock)) {}

  absl::StatusOr<v1::CriterionTrainingRule> CreateCriterionTrainingRule(
      const CallContext& call, const v1::CreateCriterionTrainingRuleRequest& request);
  absl::StatusOr<v1::CriterionTrainingRule> GetCriterionTrainingRule(
      const CallContext& call, const v1::GetCriterionTrainingRuleRequest& request);
  absl::StatusOr<v1::ListCriterionTrainingRulesResponse> ListCriterionTrainingRules(
      const CallContext& call, const v1::ListCriterionTrainingRulesRequest& request);
  absl::StatusOr<v1::CriterionTrainingRule> UpdateCriterionTrainingRule(
      const CallContext& call, const v1::UpdateCriterionTrainingRuleRequest& request);
  absl::StatusOr<v1::GenerateTrainingRecommendationsResponse> GenerateTrainingRecommendations(
      const CallContext& call, const v1::GenerateTrainingRecommendationsRequest& request);
  absl::StatusOr<v1::TrainingRecommendation> GetTrainingRecommendation(
      const CallContext& call, const v1::GetTrainingRecommendationRequest& request);
  absl::StatusOr<v1::ListTrainingRecommendationsResponse> ListTrainingRecommendations(
      const CallContext& call, const v1::ListTrainingRecommendationsRequest& request);
  absl::StatusOr<v1::TrainingRecommendation> DismissTrainingRecommendation(
      const CallContext& call, const v1::DismissTrainingRecommendationRequest& request);

 private:
  // FAILED_PRECONDITION naming `field` unless the course exists, is not retired and lists the
  // criterion among its criterion_keys.
  absl::Status CheckCourseTeaches(const std::string& field, const v1::CriterionTrainingRule& rule);
  // The people whose results a generation judges; NOT_FOUND for a person or team out of reach.
  absl::StatusOr<std::vector<v1::Person>> PeopleInScope(
      const CallContext& call, const v1::GenerateTrainingRecommendationsRequest& request);
  // Everything the rules read about one person at `as_of`; `results` serves one generation.
  absl::StatusOr<PersonQaRecord> RecordOf(const v1::Person& person, absl::Time as_of,
                                          CriterionResultsReader& results);
  absl::StatusOr<v1::GenerateTrainingRecommendationsResponse> Generate(
      const CallContext& call, const v1::GenerateTrainingRecommendationsRequest& request,
      const db::CreateRequest& key);
  // The recommendation `id` when the caller reaches it; NOT_FOUND otherwise.
  absl::StatusOr<v1::TrainingRecommendation> Reachable(const CallContext& call, int64_t id);

  RecommendationStores stores_;
  Clock clock_;
};

}  // namespace escala::server
