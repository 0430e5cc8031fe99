#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/common/create_request.h"
#include "escala/v1/training_recommendations.pb.h"

namespace escala::db {

// Which rules ListRules returns; empty or false members select everything.
struct RuleFilter {
  std::string criterion_key;
  std::string course_id;
  bool active_only = false;
};

// Which recommendations ListRecommendations returns; empty or unset members select everything.
struct RecommendationFilter {
  std::string employee_id;
  std::string team_id;
  std::string course_id;
  v1::TrainingRecommendationState state = v1::TRAINING_RECOMMENDATION_STATE_UNSPECIFIED;
};

// What one person has been recommended of one course: what the rules' cool-down and the
// "already open" guard read.
struct CourseRecommendationHistory {
  std::string course_id;
  // The newest recommendation's create_time.
  absl::Time last_recommended;
  // At least one of them is OPEN.
  bool open = false;
};

// Storage of the QA → training rules (table criterion_training_rules) and the recommendations
// they made (training_recommendations). The repository sets the rules' id, created_by, times and
// etag (the row version), and the recommendations' id, state (OPEN on insert), created_by,
// create_time and the dismissal. Every change writes its audit event ("criterion_training_rule",
// "criterionTrainingRules/<id>"; "training_recommendation", "trainingRecommendations/<id>") in
// the same transaction.
class TrainingRecommendationRepository {
 public:
  virtual ~TrainingRecommendationRepository() = default;

  // Stores a new rule (active as given) with the idempotency key `request`. ALREADY_EXISTS with
  // REQUEST_ID_REUSED for a stored request_id; FAILED_PRECONDITION for an unknown course.
  virtual absl::StatusOr<v1::CriterionTrainingRule> CreateRule(
      const v1::CriterionTrainingRule& rule, const CreateRequest& request, const AuditStamp& stamp,
      absl::Time now) = 0;
  // The rule created with `request_id`, and its request's fingerprint; nullopt when none.
  virtual absl::StatusOr<std::optional<CreatedByRequest<v1::CriterionTrainingRule>>>
  FindRuleByRequestId(const std::string& request_id) = 0;
  // NOT_FOUND when there is none.
  virtual absl::StatusOr<v1::CriterionTrainingRule> GetRule(int64_t id) = 0;
  // Rules `filter` selects, by id, with id above `after_id`, at most `limit`.
  virtual absl::StatusOr<std::vector<v1::CriterionTrainingRule>> ListRules(const RuleFilter& filter,
                                                                           int64_t after_id,
                                                                           int limit) = 0;
  // Replaces the rule's fields with `rule`'s if its row version is still `expected_version`
  // (ABORTED with ETAG_MISMATCH otherwise). NOT_FOUND for an unknown id.
  virtual absl::StatusOr<v1::CriterionTrainingRule> UpdateRule(
      const v1::CriterionTrainingRule& rule, int64_t expected_version, const AuditStamp& stamp,
      absl::Time now) = 0;

  // Stores `recommendations` (OPEN, created_by the stamp's principal, create_time `now`) and one
  // audit event each, in one transaction; `request_id` (may be empty) is the generation's, kept
  // for RecommendationsOfRequest. Returns them stored, in the order given.
  virtual absl::StatusOr<std::vector<v1::TrainingRecommendation>> InsertRecommendations(
      const std::vector<v1::TrainingRecommendation>& recommendations, const std::string& request_id,
      const AuditStamp& stamp, absl::Time now) = 0;
  // NOT_FOUND when there is none.
  virtual absl::StatusOr<v1::TrainingRecommendation> GetRecommendation(int64_t id) = 0;
  // Recommendations `filter` selects, newest (highest id) first, with id below `before_id` (0 =
  // from the newest), at most `limit`.
  virtual absl::StatusOr<std::vector<v1::TrainingRecommendation>> ListRecommendations(
      const RecommendationFilter& filter, int64_t before_id, int limit) = 0;
  // The recommendations `created_by` made in the generation with `request_id`, by id.
  virtual absl::StatusOr<std::vector<v1::TrainingRecommendation>> RecommendationsOfRequest(
      const std::string& created_by, const std::string& request_id) = 0;
  // Per course ever recommended to `employee_id`: when last, and whether one is open.
  virtual absl::StatusOr<std::vector<CourseRecommendationHistory>> HistoryOf(
      const std::string& employee_id) = 0;
  // Dismisses an OPEN recommendation with `reason`. FAILED_PRECONDITION with
  // INVALID_STATE_TRANSITION when it is not OPEN; NOT_FOUND for an unknown id.
  virtual absl::StatusOr<v1::TrainingRecommendation> Dismiss(int64_t id, const std::string& reason,
                                                             const AuditStamp& stamp,
                                                             absl::Time now) = 0;
};

}  // namespace escala::db
