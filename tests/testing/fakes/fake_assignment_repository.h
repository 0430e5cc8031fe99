#pragma once

// Sampling plans and assignments in memory with the AssignmentRepository contract
// (tests/integration/assignment_repository_contract_test.cc runs against it): plans stored as
// the database reads them back, unique request ids, assignments unique per (plan, interaction)
// and stored all or nothing, their DONE state derived from the evaluator's submitted evaluation,
// skips with the replacement the caller chooses. No audit events. Thread-safe.
//
// What the SQL repository joins in is read through the other repositories: interactions (an
// assignment shows its interaction's channel and start time, and one whose interaction does not
// exist is not read back, as an inner join drops it), evaluations and people (an agent's
// current team). Without `interactions` every interaction exists, with no channel or start
// time and none to sample; without `evaluations` nothing is evaluated; without `people` no agent
// has a team. What reached the repository is recorded for handler tests to inspect.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "db/directory/people_repository.h"
#include "db/interactions/interaction_repository.h"
#include "db/qa/assignment_repository.h"
#include "db/qa/evaluation_repository.h"

namespace escala::testing {

class FakeAssignmentRepository : public db::AssignmentRepository {
 public:
  FakeAssignmentRepository() = default;
  FakeAssignmentRepository(db::InteractionRepository* interactions,
                           db::EvaluationRepository* evaluations, db::PeopleRepository* people)
      : interactions_(interactions), evaluations_(evaluations), people_(people) {}

  // Stores `plan` as given (its id included), bypassing every check: a plan made earlier, under
  // rules that have changed since.
  void AddPlan(const v1::SamplingPlan& plan);
  // How many plans are stored.
  std::size_t plan_count();

  absl::StatusOr<v1::SamplingPlan> CreatePlan(const v1::SamplingPlan& plan,
                                              const db::CreateRequest& request,
                                              const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::optional<db::CreatedByRequest<v1::SamplingPlan>>> FindPlanByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::SamplingPlan> GetPlan(int64_t id) override;
  absl::StatusOr<std::vector<v1::SamplingPlan>> ListPlans(int64_t after_id, int limit) override;
  absl::StatusOr<std::vector<db::PlanInteraction>> ListPlanInteractions(
      int64_t plan_id, const std::vector<std::string>& agents, const std::vector<int>& channels,
      int64_t from_ms, int64_t to_ms) override;
  absl::StatusOr<std::map<std::string, int>> CountOpenAssignments(
      const std::vector<std::string>& evaluators) override;
  absl::StatusOr<std::vector<v1::Assignment>> InsertAssignments(
      int64_t plan_id, const std::vector<v1::Assignment>& assignments,
      const std::string& audit_detail, const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Assignment> GetAssignment(int64_t id) override;
  absl::StatusOr<std::vector<v1::Assignment>> ListAssignments(const db::AssignmentFilter& filter,
                                                              int64_t after_id, int limit) override;
  absl::StatusOr<db::SkipResult> Skip(const db::SkipRequest& request, const db::AuditStamp& stamp,
                                      absl::Time now) override;
  absl::StatusOr<std::vector<db::AgentScores>> ListAgentScores(const db::AgentScoreFilter& filter,
                                                               const std::string& after_agent,
                                                               int limit) override;

  // What reached the repository: read by handler tests, never while it is called elsewhere.
  int plan_interaction_reads = 0;
  std::vector<std::string> asked_agents;
  std::vector<int> asked_channels;
  int insert_calls = 0;
  std::string audit_detail;
  db::AssignmentFilter last_filter;
  db::SkipRequest last_skip;
  db::AgentScoreFilter last_scores_filter;

 private:
  struct StoredPlan {
    v1::SamplingPlan plan;
    std::string request_hash;
  };

  // Every interaction of `agent` starting in [from_ms, to_ms), by start time, then id.
  std::vector<v1::Interaction> InteractionsOf(const std::string& agent, int64_t from_ms,
                                              int64_t to_ms);
  // Every stored evaluation.
  std::vector<v1::Evaluation> Evaluations();
  bool Evaluated(int64_t interaction_id);
  // The stored row as read back: with its interaction's channel and start time and the derived
  // DONE state; nullopt when its interaction does not exist.
  std::optional<v1::Assignment> Read(const v1::Assignment& row)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Stores a new OPEN assignment; returns `assignment` with what the store sets.
  v1::Assignment Insert(v1::Assignment assignment, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  db::InteractionRepository* interactions_ = nullptr;
  db::EvaluationRepository* evaluations_ = nullptr;
  db::PeopleRepository* people_ = nullptr;

  absl::Mutex mutex_;
  std::map<int64_t, StoredPlan> plans_ ABSL_GUARDED_BY(mutex_);
  // request_id -> id of the plan created with it.
  std::map<std::string, int64_t> request_ids_ ABSL_GUARDED_BY(mutex_);
  // The rows as stored: state OPEN or SKIPPED, no channel, start time or evaluation.
  std::map<int64_t, v1::Assignment> assignments_ ABSL_GUARDED_BY(mutex_);
  int64_t last_plan_id_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace escala::testing
