#pragma once

#include "db/core/session_pool.h"
#include "db/training/recommendation_repository.h"

namespace escala::db {

// TrainingRecommendationRepository on SOCI (MySQL/MariaDB or SQLite). Writers of one row lock it
// (FOR UPDATE on MariaDB; SQLite's write transaction is exclusive) before they check its state
// and etag.
class SociTrainingRecommendationRepository : public TrainingRecommendationRepository {
 public:
  explicit SociTrainingRecommendationRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::CriterionTrainingRule> CreateRule(const v1::CriterionTrainingRule& rule,
                                                       const CreateRequest& request,
                                                       const AuditStamp& stamp,
                                                       absl::Time now) override;
  absl::StatusOr<std::optional<CreatedByRequest<v1::CriterionTrainingRule>>> FindRuleByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::CriterionTrainingRule> GetRule(int64_t id) override;
  absl::StatusOr<std::vector<v1::CriterionTrainingRule>> ListRules(const RuleFilter& filter,
                                                                   int64_t after_id,
                                                                   int limit) override;
  absl::StatusOr<v1::CriterionTrainingRule> UpdateRule(const v1::CriterionTrainingRule& rule,
                                                       int64_t expected_version,
                                                       const AuditStamp& stamp,
                                                       absl::Time now) override;
  absl::StatusOr<std::vector<v1::TrainingRecommendation>> InsertRecommendations(
      const std::vector<v1::TrainingRecommendation>& recommendations, const std::string& request_id,
      const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::TrainingRecommendation> GetRecommendation(int64_t id) override;
  absl::StatusOr<std::vector<v1::TrainingRecommendation>> ListRecommendations(
      const RecommendationFilter& filter, int64_t before_id, int limit) override;
  absl::StatusOr<std::vector<v1::TrainingRecommendation>> RecommendationsOfRequest(
      const std::string& created_by, const std::string& request_id) override;
  absl::StatusOr<std::vector<CourseRecommendationHistory>> HistoryOf(
      const std::string& employee_id) override;
  absl::StatusOr<v1::TrainingRecommendation> Dismiss(int64_t id, const std::string& reason,
                                                     const AuditStamp& stamp,
                                                     absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
