#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/common/create_request.h"
#include "escala/v1/assignments.pb.h"

namespace escala::db {

// One interaction a sampling plan could draw, with what already happened to it.
struct PlanInteraction {
  int64_t interaction_id = 0;
  std::string agent_employee_id;
  int64_t start_ms = 0;
  int channel = 0;
  // Some evaluation (any evaluator, any state) of the interaction exists.
  bool evaluated = false;
  // The plan's assignment of the interaction, if any: its stored state (OPEN or SKIPPED).
  int assignment_state = 0;
};

// Which assignments ListAssignments returns; empty/zero fields do not filter.
struct AssignmentFilter {
  std::string evaluator_employee_id;
  // OPEN, DONE (derived: see the table comment of 0010) or SKIPPED.
  v1::AssignmentState state = v1::ASSIGNMENT_STATE_UNSPECIFIED;
  int64_t plan_id = 0;
};

// An interaction a skipped assignment may be replaced with.
struct ReplacementCandidate {
  int64_t interaction_id = 0;
  int64_t start_ms = 0;
  int channel = 0;
};

struct SkipRequest {
  int64_t assignment_id = 0;
  std::string reason;
  // The assignment must be this evaluator's (NOT_FOUND otherwise, as if it did not exist).
  std::string evaluator_employee_id;
  // The channels a replacement may be on (empty: every channel), and whether it must share the
  // skipped interaction's channel (the plan stratifies by channel).
  std::vector<int> channels;
  bool same_channel = false;
  // Picks the replacement among the candidates (all of the same plan, agent and week, neither
  // evaluated nor assigned in the plan); nullopt for none. Gets the skipped assignment too.
  // Unset: no replacement is wanted, and no candidates are read.
  std::function<std::optional<int64_t>(const std::vector<ReplacementCandidate>&,
                                       const v1::Assignment& skipped)>
      choose;
};

struct SkipResult {
  v1::Assignment skipped;
  std::optional<v1::Assignment> replacement;
};

// Submitted scores of one agent, for the QA averages.
struct AgentScores {
  std::string agent_employee_id;
  // The agent's current team (empty without one).
  std::string team_id;
  std::vector<double> scores;
};

struct AgentScoreFilter {
  std::string agent_employee_id;
  // Agents currently in this team.
  std::string team_id;
  std::optional<int64_t> submitted_from_ms;  // inclusive
  std::optional<int64_t> submitted_to_ms;    // exclusive
};

// Storage of sampling plans and review assignments (tables sampling_plans, assignments), and
// the reads of interactions and evaluations that sampling and the QA averages need. Assignments
// come back with their derived state (DONE when the evaluator has a submitted evaluation of the
// interaction, with its evaluation_id), channel and interaction_start_time. Every mutation writes
// one audit event in its transaction.
class AssignmentRepository {
 public:
  virtual ~AssignmentRepository() = default;

  // Stores a plan (id, created_by = stamp.principal and create_time are set here) with its
  // idempotency key; audit event "sampling_plan" "samplingPlans/{id}". ALREADY_EXISTS naming
  // request_id when `request.request_id` is stored already (nothing is written).
  virtual absl::StatusOr<v1::SamplingPlan> CreatePlan(const v1::SamplingPlan& plan,
                                                      const CreateRequest& request,
                                                      const AuditStamp& stamp, absl::Time now) = 0;
  // The plan created with `request_id`, and its request's fingerprint; nullopt when none.
  virtual absl::StatusOr<std::optional<CreatedByRequest<v1::SamplingPlan>>> FindPlanByRequestId(
      const std::string& request_id) = 0;
  // NOT_FOUND when there is no such plan.
  virtual absl::StatusOr<v1::SamplingPlan> GetPlan(int64_t id) = 0;
  // At most `limit` plans by ascending id, after `after_id`.
  virtual absl::StatusOr<std::vector<v1::SamplingPlan>> ListPlans(int64_t after_id, int limit) = 0;

  // The interactions of `agents` starting in [from_ms, to_ms), in `channels` (empty: all), with
  // whether each is evaluated and its assignment in plan `plan_id`; ordered by agent, start, id.
  virtual absl::StatusOr<std::vector<PlanInteraction>> ListPlanInteractions(
      int64_t plan_id, const std::vector<std::string>& agents, const std::vector<int>& channels,
      int64_t from_ms, int64_t to_ms) = 0;
  // The open (not skipped, not done) assignments of each of `evaluators`, over every plan.
  virtual absl::StatusOr<std::map<std::string, int>> CountOpenAssignments(
      const std::vector<std::string>& evaluators) = 0;
  // Stores new OPEN assignments of plan `plan_id` in one transaction with one audit event
  // ("sampling_plan" "samplingPlans/{plan_id}", after {"assignment_ids":[…],…}; `audit_detail`
  // is a JSON object of further members merged into it). ABORTED when one of the interactions
  // was assigned in the plan meanwhile; nothing is stored then. Returns them as stored.
  virtual absl::StatusOr<std::vector<v1::Assignment>> InsertAssignments(
      int64_t plan_id, const std::vector<v1::Assignment>& assignments,
      const std::string& audit_detail, const AuditStamp& stamp, absl::Time now) = 0;

  // NOT_FOUND when there is no such assignment.
  virtual absl::StatusOr<v1::Assignment> GetAssignment(int64_t id) = 0;
  // At most `limit` assignments by ascending id, after `after_id`.
  virtual absl::StatusOr<std::vector<v1::Assignment>> ListAssignments(
      const AssignmentFilter& filter, int64_t after_id, int limit) = 0;
  // Skips an OPEN assignment and assigns the replacement `request.choose` picks, in one
  // transaction with one audit event ("assignment" "assignments/{id}"). NOT_FOUND for another
  // evaluator's or a missing assignment; FAILED_PRECONDITION when it is skipped or done.
  virtual absl::StatusOr<SkipResult> Skip(const SkipRequest& request, const AuditStamp& stamp,
                                          absl::Time now) = 0;

  // Agents with submitted (state ≥ 2), scored evaluations matching `filter`, ordered by
  // employee id after `after_agent`, at most `limit` agents, each with all its scores.
  virtual absl::StatusOr<std::vector<AgentScores>> ListAgentScores(const AgentScoreFilter& filter,
                                                                   const std::string& after_agent,
                                                                   int limit) = 0;
};

}  // namespace escala::db
