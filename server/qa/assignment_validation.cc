#include "server/qa/assignment_validation.h"

#include <cmath>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/qa/sampling.h"
#include "server/api/text_rules.h"

namespace escala::server {
namespace {

constexpr int kMaxAgents = 1000;
constexpr int kMaxEvaluators = 100;
constexpr int kMaxWeeks = 13;
constexpr int64_t kWeekMillis = 7LL * 24 * 60 * 60 * 1000;

// Every element an identifier, no element twice.
Violation CheckIdentifierList(const std::string& field,
                              const google::protobuf::RepeatedPtrField<std::string>& values) {
  std::set<std::string> seen;
  for (int i = 0; i < values.size(); ++i) {
    const std::string element = absl::StrCat(field, "[", i, "]");
    if (Violation v = RequireIdentifier(element, values[i], 64)) return v;
    if (!seen.insert(values[i]).second) {
      return FieldViolation{element, absl::StrCat("'", values[i], "' is listed twice")};
    }
  }
  return std::nullopt;
}

}  // namespace

Violation ValidateSamplingPlan(const v1::SamplingPlan& plan) {
  if (Violation v = RequireText("display_name", plan.display_name(), 200)) return v;
  const bool by_team = !plan.team_id().empty();
  const bool by_agents = plan.agent_employee_ids_size() > 0;
  if (by_team == by_agents) {
    return FieldViolation{"team_id", "exactly one of team_id and agent_employee_ids must be given"};
  }
  if (by_team) {
    if (Violation v = RequireIdentifier("team_id", plan.team_id(), 64)) return v;
  } else {
    if (plan.agent_employee_ids_size() > kMaxAgents) {
      return FieldViolation{"agent_employee_ids", absl::StrCat("must list at most ", kMaxAgents,
                                                               " agents, got ", plan.agent_employee_ids_size())};
    }
    if (Violation v = CheckIdentifierList("agent_employee_ids", plan.agent_employee_ids())) return v;
  }
  const bool fixed = plan.per_agent_per_week() != 0;
  const bool share = plan.percent() != 0;
  if (fixed == share) {
    return FieldViolation{"per_agent_per_week", "exactly one of per_agent_per_week and percent must be given"};
  }
  if (fixed && (plan.per_agent_per_week() < 1 || plan.per_agent_per_week() > 100)) {
    return FieldViolation{"per_agent_per_week",
                          absl::StrCat("must be between 1 and 100, got ", plan.per_agent_per_week())};
  }
  if (share && !(std::isfinite(plan.percent()) && plan.percent() > 0 && plan.percent() <= 100)) {
    return FieldViolation{"percent", absl::StrCat("must be above 0 and at most 100, got ", plan.percent())};
  }
  if (plan.minimum_per_agent() < 0 || plan.minimum_per_agent() > 100) {
    return FieldViolation{"minimum_per_agent",
                          absl::StrCat("must be between 0 and 100, got ", plan.minimum_per_agent())};
  }
  if (fixed && plan.minimum_per_agent() != 0) {
    return FieldViolation{"minimum_per_agent", "applies only with percent"};
  }
  std::set<int> channels;
  for (int i = 0; i < plan.channels_size(); ++i) {
    const int channel = plan.channels(i);
    const std::string element = absl::StrCat("channels[", i, "]");
    if (channel == v1::CHANNEL_UNSPECIFIED || !v1::Channel_IsValid(channel)) {
      return FieldViolation{element, absl::StrCat("must be a known channel, got ", channel)};
    }
    if (!channels.insert(channel).second) {
      return FieldViolation{element, absl::StrCat(v1::Channel_Name(channel), " is listed twice")};
    }
  }
  if (Violation v = RequireIdentifier("scorecard_id", plan.scorecard_id(), 64)) return v;
  if (plan.evaluator_employee_ids_size() < 1 || plan.evaluator_employee_ids_size() > kMaxEvaluators) {
    return FieldViolation{"evaluator_employee_ids",
                          absl::StrCat("must list 1 to ", kMaxEvaluators, " evaluators, got ",
                                       plan.evaluator_employee_ids_size())};
  }
  return CheckIdentifierList("evaluator_employee_ids", plan.evaluator_employee_ids());
}

Violation ValidateGenerateRequest(const v1::GenerateAssignmentsRequest& request) {
  if (Violation v = RequirePositiveId("plan_id", request.plan_id())) return v;
  if (!request.has_period_start()) return FieldViolation{"period_start", "is required"};
  if (!request.has_period_end()) return FieldViolation{"period_end", "is required"};
  const int64_t start = db::TimestampToMillis(request.period_start());
  const int64_t end = db::TimestampToMillis(request.period_end());
  if (!IsWeekStart(start) || request.period_start().nanos() % 1000000 != 0) {
    return FieldViolation{"period_start", "must be a Monday 00:00 UTC"};
  }
  if (!IsWeekStart(end) || request.period_end().nanos() % 1000000 != 0) {
    return FieldViolation{"period_end", "must be a Monday 00:00 UTC"};
  }
  if (end <= start) return FieldViolation{"period_end", "must be after period_start"};
  if ((end - start) / kWeekMillis > kMaxWeeks) {
    return FieldViolation{"period_end", absl::StrCat("must be at most ", kMaxWeeks,
                                                     " weeks after period_start, got ",
                                                     (end - start) / kWeekMillis)};
  }
  return std::nullopt;
}

Violation ValidateSkipRequest(const v1::SkipAssignmentRequest& request) {
  if (Violation v = RequirePositiveId("id", request.id())) return v;
  return RequireText("reason", request.reason(), 1000);
}

Violation ValidateQaSummariesRequest(const v1::ListAgentQaSummariesRequest& request) {
  if (!request.team_id().empty()) {
    if (Violation v = RequireIdentifier("team_id", request.team_id(), 64)) return v;
  }
  if (!request.agent_employee_id().empty()) {
    if (Violation v = RequireIdentifier("agent_employee_id", request.agent_employee_id(), 64)) return v;
  }
  const double level = request.confidence_level();
  if (level != 0 && !(level >= 0.80 && level <= 0.99)) {
    return FieldViolation{"confidence_level",
                          absl::StrCat("must be between 0.80 and 0.99 (or 0 for 0.95), got ", level)};
  }
  if (request.has_submitted_after() && request.has_submitted_before() &&
      db::TimestampToMillis(request.submitted_before()) <= db::TimestampToMillis(request.submitted_after())) {
    return FieldViolation{"submitted_before", "must be after submitted_after"};
  }
  return std::nullopt;
}

double EffectiveConfidence(double requested) { return requested == 0 ? 0.95 : requested; }

}  // namespace escala::server
