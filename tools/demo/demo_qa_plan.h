#pragma once

// What the demo's QA department has done: which contacts were evaluated by whom and how well, which
// evaluations the agents acknowledged or disputed, the sampling plan of the demo team and two
// calibration sessions. A pure function of the demo data, the scorecard and the seed, so that
// loading twice sends the same records and the tests can check the shape without a server.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "escala/v1/evaluations.pb.h"
#include "escala/v1/scorecards.pb.h"
#include "tools/demo/demo_data.h"

namespace escala::demo {

// What the agent does with a submitted evaluation.
enum class DemoAgentResponse {
  kNone,             // Left as submitted.
  kAcknowledge,      // Accepted.
  kDisputeResolved,  // Contested, then decided by the agent's team lead.
  kDisputeOpen,      // Contested and waiting for a decision.
};

// An interaction of the demo data. The server assigns ids, so the loader finds it by agent and
// start time, then by (source_system, source_id).
struct DemoContactRef {
  std::string source_system;
  std::string source_id;
  std::string agent_employee_id;
  absl::Time start;
};

struct DemoEvaluation {
  DemoContactRef contact;
  std::string agent_employee_id;
  std::string team_id;
  // The agent's team lead or a QA analyst.
  std::string evaluator_employee_id;
  // One per criterion of the scorecard, in the scorecard's order.
  std::vector<escala::v1::CriterionAnswer> answers;
  std::string overall_comment;
  DemoAgentResponse response = DemoAgentResponse::kNone;
  // Disputes: the contested criterion, the agent's reason and, when resolved, who decides (the
  // team lead; never the evaluator) and the adjusted value.
  std::string disputed_criterion;
  std::string dispute_reason;
  std::string resolver_employee_id;
  int32_t adjusted_value = 0;
};

// A sampling plan of the demo agent's team.
struct DemoSamplingPlan {
  std::string name;
  std::string team_id;
  int32_t per_agent_per_week = 2;
  // The channels the scorecard covers (empty when it covers every channel), so that the plan and
  // its card agree and the queues hold only contacts the card has criteria for.
  std::vector<escala::v1::Channel> channels;
  std::vector<std::string> evaluator_employee_ids;
  // Whole weeks (Monday 00:00 UTC): the week before the one of the demo's end and that week, so
  // that a queue is never empty on a Monday.
  absl::Time period_start;
  absl::Time period_end;
  uint64_t seed = 0;
};

// One participant's answers for one interaction of a session.
struct DemoCalibrationScore {
  std::string evaluator_employee_id;
  size_t contact = 0;  // Index into DemoCalibration::contacts.
  std::vector<escala::v1::CriterionAnswer> answers;
};

struct DemoCalibration {
  std::string title;
  std::string creator_employee_id;  // Also closes it.
  std::vector<std::string> evaluator_employee_ids;
  std::string expert_employee_id;
  std::vector<DemoContactRef> contacts;
  std::vector<DemoCalibrationScore> scores;
  bool closed = false;
};

struct DemoQaPlan {
  std::string scorecard_id;
  // Ordered by agent, then start time.
  std::vector<DemoEvaluation> evaluations;
  DemoSamplingPlan sampling_plan;
  // The closed session first, then the open one.
  std::vector<DemoCalibration> calibrations;
};

// Plans the QA work for `data` (generated with `options`) scored with `scorecard`. Every active
// level-1 agent of a team with a lead gets 3–5 evaluations of contacts on channels the scorecard
// covers (server/qa/scoring/scorecard_coverage.h) from before the sampling plan's weeks, spread
// over the window; each agent has a steady quality, so some score consistently higher than
// others. The sampling plan lists the same channels. The demo agent (PickDemoTokenHolders) has the
// open dispute; another agent of the same team the resolved one. Empty when the data lacks a
// QA analyst, team leads or agents.
DemoQaPlan PlanDemoQa(const DemoData& data, const DemoOptions& options,
                      const escala::v1::Scorecard& scorecard);

// Monday 00:00 UTC of the week that holds `t`.
absl::Time WeekStartUtc(absl::Time t);

}  // namespace escala::demo
