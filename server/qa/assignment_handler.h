#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "db/common/create_request.h"
#include "db/common/request_log.h"
#include "db/directory/people_repository.h"
#include "db/directory/team_repository.h"
#include "db/qa/assignment_repository.h"
#include "escala/v1/assignments.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"
#include "server/qa/scorecard_cache.h"

namespace escala::server {

// The logic of AssignmentService, free of gRPC: sampling plans, generating and skipping review
// assignments, and agents' QA averages. Sampling itself is server/sampling (pure); this class
// gathers its inputs, applies the caller's scope and stores the result. Plans draw only
// interactions whose channel their scorecard's published version covers (ChannelsToDraw).
class AssignmentHandler {
 public:
  AssignmentHandler(db::AssignmentRepository& assignments, db::PeopleRepository& people,
                    db::TeamRepository& teams, ScorecardCache& scorecards, db::RequestLog& requests,
                    Clock clock)
      : assignments_(assignments),
        people_(people),
        teams_(teams),
        scorecards_(scorecards),
        requests_(requests),
        clock_(std::move(clock)) {}

  // INVALID_ARGUMENT for a plan breaking ValidateSamplingPlan, or listing a channel its
  // scorecard's published version does not cover (naming plan.channels[i]); FAILED_PRECONDITION
  // naming the field for an unknown team or agent, an evaluator who is unknown, inactive or not
  // in an evaluating role, or a scorecard without a published version. Team scope: the plan must
  // cover only the caller's team (NOT_FOUND otherwise).
  absl::StatusOr<v1::SamplingPlan> CreateSamplingPlan(const CallContext& call,
                                                      const v1::CreateSamplingPlanRequest& request);
  absl::StatusOr<v1::SamplingPlan> GetSamplingPlan(const CallContext& call,
                                                   const v1::GetSamplingPlanRequest& request);
  absl::StatusOr<v1::ListSamplingPlansResponse> ListSamplingPlans(
      const CallContext& call, const v1::ListSamplingPlansRequest& request);
  // Samples every agent-week of the period (see server/qa/sampling.h) among the interactions on
  // the drawable channels and, unless dry_run, stores the assignments in one transaction with
  // one audit event. Reports a QuotaResult for every agent-week; its `assigned` counts the plan's
  // assignments of the week, earlier runs included. FAILED_PRECONDITION when the plan's
  // scorecard has no published version.
  // With a request_id, a replay draws nothing: it answers the assignments the original run made
  // (read back as they are now, by the ids its audit event recorded) and the quotas as they stand
  // now. A run that stored nothing (a dry run, or nothing to draw) recorded no event, and its
  // retry runs again.
  absl::StatusOr<v1::GenerateAssignmentsResponse> GenerateAssignments(
      const CallContext& call, const v1::GenerateAssignmentsRequest& request);
  absl::StatusOr<v1::ListAssignmentsResponse> ListAssignments(
      const CallContext& call, const v1::ListAssignmentsRequest& request);
  // Only the assignment's evaluator may skip it (NOT_FOUND for anyone else). The replacement is
  // drawn from the drawable channels; none when the scorecard has no published version left.
  // With a request_id, a replay answers the skipped assignment and the same replacement (the one
  // its audit event recorded), as they are now.
  absl::StatusOr<v1::SkipAssignmentResponse> SkipAssignment(
      const CallContext& call, const v1::SkipAssignmentRequest& request);
  absl::StatusOr<v1::ListAgentQaSummariesResponse> ListAgentQaSummaries(
      const CallContext& call, const v1::ListAgentQaSummariesRequest& request);

 private:
  // Whether every agent the plan samples is within the call's scope.
  absl::StatusOr<bool> PlanInScope(const CallContext& call, const v1::SamplingPlan& plan);
  // The agents a plan samples now: the named ones, or the team's active agent-role members.
  absl::StatusOr<std::vector<std::string>> PlanAgents(const v1::SamplingPlan& plan);
  // FAILED_PRECONDITION naming the field when an evaluator cannot evaluate.
  absl::Status CheckEvaluators(const v1::SamplingPlan& plan);
  // The newest published version of the plan's scorecard: FAILED_PRECONDITION (reason
  // SCORECARD_NOT_PUBLISHED, or SCORECARD_RETIRED) when there is none.
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> PublishedCard(
      const std::string& scorecard_id);
  // GenerateAssignments once the request_id is dealt with. `replayed`, when given, are the
  // assignments of the original run: nothing is drawn or stored, and they are the answer.
  absl::StatusOr<v1::GenerateAssignmentsResponse> Generate(
      const CallContext& call, const v1::GenerateAssignmentsRequest& request,
      const db::CreateRequest& key, const std::vector<v1::Assignment>* replayed);
  absl::StatusOr<v1::SkipAssignmentResponse> Skip(const CallContext& call,
                                                  const v1::SkipAssignmentRequest& request,
                                                  const db::CreateRequest& key);

  db::AssignmentRepository& assignments_;
  db::PeopleRepository& people_;
  db::TeamRepository& teams_;
  ScorecardCache& scorecards_;
  db::RequestLog& requests_;
  Clock clock_;
};

}  // namespace escala::server
