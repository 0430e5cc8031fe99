#pragma once

// QA → training rules and recommendations in memory with the TrainingRecommendationRepository
// contract (tests/integration/recommendation_repository_contract_test.cc runs against it): ids
// from 1, the etag the row version. With an audit repository given, every change appends its
// event there as the SOCI repository writes it in the change's transaction, so a handler's
// request_id lookup finds what it applied before. Thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "db/training/recommendation_repository.h"
#include "tests/testing/fakes/fake_audit_repository.h"

namespace escala::testing {

class FakeTrainingRecommendationRepository : public db::TrainingRecommendationRepository {
 public:
  explicit FakeTrainingRecommendationRepository(FakeAuditRepository* audit = nullptr)
      : audit_(audit) {}

  absl::StatusOr<v1::CriterionTrainingRule> CreateRule(const v1::CriterionTrainingRule& rule,
                                                       const db::CreateRequest& request,
                                                       const db::AuditStamp& stamp,
                                                       absl::Time now) override;
  absl::StatusOr<std::optional<db::CreatedByRequest<v1::CriterionTrainingRule>>>
  FindRuleByRequestId(const std::string& request_id) override;
  absl::StatusOr<v1::CriterionTrainingRule> GetRule(int64_t id) override;
  absl::StatusOr<std::vector<v1::CriterionTrainingRule>> ListRules(const db::RuleFilter& filter,
                                                                   int64_t after_id,
                                                                   int limit) override;
  absl::StatusOr<v1::CriterionTrainingRule> UpdateRule(const v1::CriterionTrainingRule& rule,
                                                       int64_t expected_version,
                                                       const db::AuditStamp& stamp,
                                                       absl::Time now) override;
  absl::StatusOr<std::vector<v1::TrainingRecommendation>> InsertRecommendations(
      const std::vector<v1::TrainingRecommendation>& recommendations, const std::string& request_id,
      const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::TrainingRecommendation> GetRecommendation(int64_t id) override;
  absl::StatusOr<std::vector<v1::TrainingRecommendation>> ListRecommendations(
      const db::RecommendationFilter& filter, int64_t before_id, int limit) override;
  absl::StatusOr<std::vector<v1::TrainingRecommendation>> RecommendationsOfRequest(
      const std::string& created_by, const std::string& request_id) override;
  absl::StatusOr<std::vector<db::CourseRecommendationHistory>> HistoryOf(
      const std::string& employee_id) override;
  absl::StatusOr<v1::TrainingRecommendation> Dismiss(int64_t id, const std::string& reason,
                                                     const db::AuditStamp& stamp,
                                                     absl::Time now) override;

  // How many recommendations were stored, over all calls.
  int inserted() const {
    absl::MutexLock lock(&mutex_);
    return static_cast<int>(recommendations_.size());
  }

 private:
  struct StoredRule {
    v1::CriterionTrainingRule rule;
    int64_t row_version = 1;
    std::string request_id;
    std::string request_hash;
  };
  struct StoredRecommendation {
    v1::TrainingRecommendation recommendation;
    std::string request_id;
  };
  static v1::CriterionTrainingRule Read(const StoredRule& stored);
  void Audit(const db::AuditStamp& stamp, const std::string& type, const std::string& name,
             const google::protobuf::Message* before, const google::protobuf::Message& after,
             absl::Time now);

  FakeAuditRepository* audit_;
  mutable absl::Mutex mutex_;
  std::map<int64_t, StoredRule> rules_ ABSL_GUARDED_BY(mutex_);
  std::map<int64_t, StoredRecommendation> recommendations_ ABSL_GUARDED_BY(mutex_);
  int64_t next_rule_id_ ABSL_GUARDED_BY(mutex_) = 1;
  int64_t next_recommendation_id_ ABSL_GUARDED_BY(mutex_) = 1;
};

}  // namespace escala::testing
