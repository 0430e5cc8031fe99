#pragma once

#include <google/protobuf/timestamp.pb.h>

#include "absl/status/status.h"
#include "escala/v1/assignments.pb.h"

namespace escala::server {

// Each check returns OK or INVALID_ARGUMENT with every violation (server/api/violations.h).

// The rules of a new sampling plan that need no database (field paths relative to the plan):
// name 1–200 characters; exactly one of team_id (an identifier) and agent_employee_ids (1–1000
// distinct identifiers); exactly one of per_agent_per_week (1–100) and percent (0 < p ≤ 100);
// minimum_per_agent 0–100 and only with percent; channels known, distinct, not UNSPECIFIED;
// scorecard_id an identifier; evaluator_employee_ids 1–100 distinct identifiers.
absl::Status ValidateSamplingPlan(const v1::SamplingPlan& plan);

// GenerateAssignments: plan_id positive; period_start_time and period_end_time Mondays 00:00 UTC,
// end after start, at most 13 weeks apart.
absl::Status ValidateGenerateRequest(const v1::GenerateAssignmentsRequest& request);

// SkipAssignment: id positive; reason 1–1000 characters.
absl::Status ValidateSkipRequest(const v1::SkipAssignmentRequest& request);

// ListAgentQaSummaries: confidence_level 0 (= 0.95) or 0.80–0.99; identifiers; the range's end
// after its start.
absl::Status ValidateQaSummariesRequest(const v1::ListAgentQaSummariesRequest& request);

// The confidence level a request asks for: 0 means 0.95.
double EffectiveConfidence(double requested);

}  // namespace escala::server
