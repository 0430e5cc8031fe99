#pragma once

#include "db/core/session_pool.h"
#include "db/qa/assignment_repository.h"

namespace escala::db {

// AssignmentRepository on SOCI (MySQL/MariaDB or SQLite).
class SociAssignmentRepository : public AssignmentRepository {
 public:
  explicit SociAssignmentRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::SamplingPlan> CreatePlan(const v1::SamplingPlan& plan,
                                              const CreateRequest& request, const AuditStamp& stamp,
                                              absl::Time now) override;
  absl::StatusOr<std::optional<CreatedByRequest<v1::SamplingPlan>>> FindPlanByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::SamplingPlan> GetPlan(int64_t id) override;
  absl::StatusOr<std::vector<v1::SamplingPlan>> ListPlans(int64_t after_id, int limit) override;
  absl::StatusOr<std::vector<PlanInteraction>> ListPlanInteractions(
      int64_t plan_id, const std::vector<std::string>& agents, const std::vector<int>& channels,
      int64_t from_ms, int64_t to_ms) override;
  absl::StatusOr<std::map<std::string, int>> CountOpenAssignments(
      const std::vector<std::string>& evaluators) override;
  absl::StatusOr<std::vector<v1::Assignment>> InsertAssignments(
      int64_t plan_id, const std::vector<v1::Assignment>& assignments,
      const std::string& audit_detail, const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Assignment> GetAssignment(int64_t id) override;
  absl::StatusOr<std::vector<v1::Assignment>> ListAssignments(const AssignmentFilter& filter,
                                                              int64_t after_id, int limit) override;
  absl::StatusOr<SkipResult> Skip(const SkipRequest& request, const AuditStamp& stamp,
                                  absl::Time now) override;
  absl::StatusOr<std::vector<AgentScores>> ListAgentScores(const AgentScoreFilter& filter,
                                                           const std::string& after_agent,
                                                           int limit) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
