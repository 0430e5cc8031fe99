#include "server/qa/assignment_validation.h"

#include <cmath>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/api/text_rules.h"
#include "server/api/time_rules.h"
#include "server/api/violations.h"
#include "server/qa/sampling.h"

namespace escala::server {
namespace {

constexpr int kMaxAgents = 1000;
constexpr int kMaxEvaluators = 100;
constexpr int kMaxWeeks = 13;
constexpr int64_t kAssignmentWeekMillis = 7LL * 24 * 60 * 60 * 1000;

// Every element an identifier, no element twice.
void CheckIdentifierList(const std::string& field,
                         const google::protobuf::RepeatedPtrField<std::string>& values,
                         Violations& violations) {
  std::set<std::string> seen;
  for (int i = 0; i < values.size(); ++i) {
    const std::string element = absl::StrCat(field, "[", i, "]");
    if (absl::Status s = RequireIdentifier(element, values[i], 64); !s.ok()) {
      violations.Add(s);
    } else if (!seen.insert(values[i]).second) {
      violations.Add(element, absl::StrCat("'", values[i], "' is listed twice"));
    }
  }
}

}  // namespace

absl::Status ValidateSamplingPlan(const v1::SamplingPlan& plan) {
  Violations violations;
  violations.Add(RequireText("display_name", plan.display_name(), 200));
  const bool by_team = !plan.team_id().empty();
  const bool by_agents = plan.agent_employee_ids_size() > 0;
  if (by_team == by_agents) {
    violations.Add("team_id", "exactly one of team_id and agent_employee_ids must be given");
  } else if (by_team) {
    violations.Add(RequireIdentifier("team_id", plan.team_id(), 64));
  } else if (plan.agent_employee_ids_size() > kMaxAgents) {
    violations.Add("agent_employee_ids",
                   absl::StrCat("must list at most ", kMaxAgents, " agents, got ",
                                plan.agent_employee_ids_size()));
  } else {
    CheckIdentifierList("agent_employee_ids", plan.agent_employee_ids(), violations);
  }
  const bool fixed = plan.per_agent_per_week() != 0;
  const bool share = plan.percent() != 0;
  if (fixed == share) {
    violations.Add("per_agent_per_week",
                   "exactly one of per_agent_per_week and percent must be given");
  } else if (fixed && (plan.per_agent_per_week() < 1 || plan.per_agent_per_week() > 100)) {
    violations.Add("per_agent_per_week",
                   absl::StrCat("must be between 1 and 100, got ", plan.per_agent_per_week()));
  } else if (share &&
             !(std::isfinite(plan.percent()) && plan.percent() > 0 && plan.percent() <= 100)) {
    violations.Add("percent",
                   absl::StrCat("must be above 0 and at most 100, got ", plan.percent()));
  }
  if (plan.minimum_per_agent() < 0 || plan.minimum_per_agent() > 100) {
    violations.Add("minimum_per_agent",
                   absl::StrCat("must be between 0 and 100, got ", plan.minimum_per_agent()));
  } else if (fixed && !share && plan.minimum_per_agent() != 0) {
    violations.Add("minimum_per_agent", "applies only with percent");
  }
  std::set<int> channels;
  for (int i = 0; i < plan.channels_size(); ++i) {
    const int channel = plan.channels(i);
    const std::string element = absl::StrCat("channels[", i, "]");
    if (channel == v1::CHANNEL_UNSPECIFIED || !v1::Channel_IsValid(channel)) {
      violations.Add(element, absl::StrCat("must be a known channel, got ", channel));
    } else if (!channels.insert(channel).second) {
      violations.Add(element, absl::StrCat(v1::Channel_Name(channel), " is listed twice"));
    }
  }
  violations.Add(RequireIdentifier("scorecard_id", plan.scorecard_id(), 64));
  if (plan.evaluator_employee_ids_size() < 1 ||
      plan.evaluator_employee_ids_size() > kMaxEvaluators) {
    violations.Add("evaluator_employee_ids",
                   absl::StrCat("must list 1 to ", kMaxEvaluators, " evaluators, got ",
                                plan.evaluator_employee_ids_size()));
  } else {
    CheckIdentifierList("evaluator_employee_ids", plan.evaluator_employee_ids(), violations);
  }
  return violations.ToStatus();
}

absl::Status ValidateGenerateRequest(const v1::GenerateAssignmentsRequest& request) {
  Violations violations;
  violations.Add(RequirePositiveId("plan_id", request.plan_id()));
  if (!request.has_period_start_time()) violations.Add("period_start_time", "is required");
  if (!request.has_period_end_time()) violations.Add("period_end_time", "is required");
  if (!violations.empty()) return violations.ToStatus();
  violations.Add(CheckTimestamp("period_start_time", request.period_start_time()));
  violations.Add(CheckTimestamp("period_end_time", request.period_end_time()));
  if (!violations.empty()) return violations.ToStatus();
  const int64_t start = db::TimestampToMillis(request.period_start_time());
  const int64_t end = db::TimestampToMillis(request.period_end_time());
  const bool start_ok = IsWeekStart(start) && request.period_start_time().nanos() % 1000000 == 0;
  const bool end_ok = IsWeekStart(end) && request.period_end_time().nanos() % 1000000 == 0;
  if (!start_ok) violations.Add("period_start_time", "must be a Monday 00:00 UTC");
  if (!end_ok) violations.Add("period_end_time", "must be a Monday 00:00 UTC");
  if (start_ok && end_ok) {
    if (end <= start) {
      violations.Add("period_end_time", "must be after period_start_time");
    } else if ((end - start) / kAssignmentWeekMillis > kMaxWeeks) {
      violations.Add("period_end_time", absl::StrCat("must be at most ", kMaxWeeks,
                                                     " weeks after period_start_time, got ",
                                                     (end - start) / kAssignmentWeekMillis));
    }
  }
  return violations.ToStatus();
}

absl::Status ValidateSkipRequest(const v1::SkipAssignmentRequest& request) {
  Violations violations;
  violations.Add(RequirePositiveId("id", request.id()));
  violations.Add(RequireText("reason", request.reason(), 1000));
  return violations.ToStatus();
}

absl::Status ValidateQaSummariesRequest(const v1::ListAgentQaSummariesRequest& request) {
  Violations violations;
  if (!request.team_id().empty()) {
    violations.Add(RequireIdentifier("team_id", request.team_id(), 64));
  }
  if (!request.agent_employee_id().empty()) {
    violations.Add(RequireIdentifier("agent_employee_id", request.agent_employee_id(), 64));
  }
  const double level = request.confidence_level();
  if (level != 0 && !(level >= 0.80 && level <= 0.99)) {
    violations.Add("confidence_level",
                   absl::StrCat("must be between 0.80 and 0.99 (or 0 for 0.95), got ", level));
  }
  if (request.has_submitted_after()) {
    violations.Add(CheckTimestamp("submitted_after", request.submitted_after()));
  }
  if (request.has_submitted_before()) {
    violations.Add(CheckTimestamp("submitted_before", request.submitted_before()));
  }
  if (request.has_submitted_after() && request.has_submitted_before() &&
      db::TimestampToMillis(request.submitted_before()) <=
          db::TimestampToMillis(request.submitted_after())) {
    violations.Add("submitted_before", "must be after submitted_after");
  }
  return violations.ToStatus();
}

double EffectiveConfidence(double requested) { return requested == 0 ? 0.95 : requested; }

}  // namespace escala::server
