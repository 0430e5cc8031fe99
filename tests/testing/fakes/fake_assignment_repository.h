#pragma once

// Sampling plans and assignments in memory for the assignment handler's tests. Plans are
// stored with ids 1..n; what generation reads (interactions of the plan, open assignments,
// agent scores) is set by the test in the public fields, and what the handler asked or wrote
// is kept there for the test to inspect.

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/qa/assignment_repository.h"

namespace escala::testing {

class FakeAssignmentRepository : public db::AssignmentRepository {
 public:
  absl::StatusOr<v1::SamplingPlan> CreatePlan(const v1::SamplingPlan& plan,
                                              const db::CreateRequest& request,
                                              const db::AuditStamp& stamp, absl::Time) override {
    if (!request.request_id.empty() && requests.count(request.request_id) > 0) {
      return absl::AlreadyExistsError("request_id: already used");
    }
    v1::SamplingPlan stored = plan;
    stored.set_id(static_cast<int64_t>(plans.size()) + 1);
    stored.set_created_by(stamp.principal);
    plans.push_back(stored);
    if (!request.request_id.empty())
      requests[request.request_id] = {stored.id(), request.request_hash};
    return stored;
  }
  absl::StatusOr<std::optional<db::CreatedByRequest<v1::SamplingPlan>>> FindPlanByRequestId(
      const std::string& request_id) override {
    auto it = requests.find(request_id);
    if (it == requests.end()) return std::optional<db::CreatedByRequest<v1::SamplingPlan>>();
    return db::CreatedByRequest<v1::SamplingPlan>{plans[it->second.first - 1], it->second.second};
  }
  // request_id → (plan id, request hash).
  std::map<std::string, std::pair<int64_t, std::string>> requests;
  absl::StatusOr<v1::SamplingPlan> GetPlan(int64_t id) override {
    if (id < 1 || id > static_cast<int64_t>(plans.size())) return absl::NotFoundError("no plan");
    return plans[id - 1];
  }
  absl::StatusOr<std::vector<v1::SamplingPlan>> ListPlans(int64_t after_id, int limit) override {
    std::vector<v1::SamplingPlan> page;
    for (const v1::SamplingPlan& plan : plans) {
      if (plan.id() > after_id && static_cast<int>(page.size()) < limit) page.push_back(plan);
    }
    return page;
  }
  // Filters by period and channels as the SOCI repository does (agents are not filtered).
  absl::StatusOr<std::vector<db::PlanInteraction>> ListPlanInteractions(
      int64_t, const std::vector<std::string>& agents, const std::vector<int>& channels,
      int64_t from_ms, int64_t to_ms) override {
    ++plan_interaction_reads;
    asked_agents = agents;
    asked_channels = channels;
    std::vector<db::PlanInteraction> result;
    for (const db::PlanInteraction& row : interactions) {
      const bool in_channels = channels.empty() || std::find(channels.begin(), channels.end(),
                                                             row.channel) != channels.end();
      if (row.start_ms >= from_ms && row.start_ms < to_ms && in_channels) result.push_back(row);
    }
    return result;
  }
  absl::StatusOr<std::map<std::string, int>> CountOpenAssignments(
      const std::vector<std::string>&) override {
    return open;
  }
  absl::StatusOr<std::vector<v1::Assignment>> InsertAssignments(
      int64_t, const std::vector<v1::Assignment>& assignments, const std::string& detail,
      const db::AuditStamp&, absl::Time) override {
    ++insert_calls;
    audit_detail = detail;
    std::vector<v1::Assignment> stored = assignments;
    for (v1::Assignment& a : stored) a.set_id(++next_id);
    return stored;
  }
  absl::StatusOr<v1::Assignment> GetAssignment(int64_t id) override {
    for (const v1::Assignment& a : assignments) {
      if (a.id() == id) return a;
    }
    return absl::NotFoundError("no assignment");
  }
  absl::StatusOr<std::vector<v1::Assignment>> ListAssignments(const db::AssignmentFilter& filter,
                                                              int64_t, int) override {
    last_filter = filter;
    return assignments;
  }
  absl::StatusOr<db::SkipResult> Skip(const db::SkipRequest& request, const db::AuditStamp&,
                                      absl::Time) override {
    last_skip = request;
    db::SkipResult result;
    result.skipped = assignments.front();
    return result;
  }
  absl::StatusOr<std::vector<db::AgentScores>> ListAgentScores(const db::AgentScoreFilter& filter,
                                                               const std::string&, int) override {
    last_scores_filter = filter;
    return scores;
  }

  std::vector<v1::SamplingPlan> plans;
  std::vector<db::PlanInteraction> interactions;
  std::map<std::string, int> open;
  std::vector<v1::Assignment> assignments;
  std::vector<db::AgentScores> scores;
  std::vector<std::string> asked_agents;
  std::vector<int> asked_channels;
  int plan_interaction_reads = 0;
  int insert_calls = 0;
  int64_t next_id = 0;
  std::string audit_detail;
  db::AssignmentFilter last_filter;
  db::SkipRequest last_skip;
  db::AgentScoreFilter last_scores_filter;
};

}  // namespace escala::testing
