#include "server/training/recommendation_validation.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

constexpr int64_t kDaySeconds = 24 * 3600;

// A span in whole seconds between `min_seconds` and kMaxRuleDays days.
void CheckDays(const std::string& field, const google::protobuf::Duration& duration,
               int64_t min_seconds, Violations& violations) {
  if (duration.nanos() != 0) {
    violations.Add(field, "must be a whole number of seconds");
  } else if (duration.seconds() < min_seconds || duration.seconds() > kMaxRuleDays * kDaySeconds) {
    violations.Add(field,
                   absl::StrCat("must be between ", min_seconds == 0 ? "0" : "1 day", " and ",
                                kMaxRuleDays, " days, got ", duration.seconds(), " seconds"));
  }
}

}  // namespace

absl::Status ValidateCriterionTrainingRule(const v1::CriterionTrainingRule& rule) {
  Violations violations;
  violations.Add(RequireIdentifier("criterion_key", rule.criterion_key(), 64));
  violations.Add(RequireIdentifier("course_id", rule.course_id(), 64));
  if (!std::isfinite(rule.below_percent()) || rule.below_percent() <= 0 ||
      rule.below_percent() > 100) {
    violations.Add("below_percent",
                   absl::StrCat("must be above 0 and at most 100, got ", rule.below_percent()));
  }
  switch (rule.span_case()) {
    case v1::CriterionTrainingRule::kLastResults:
      if (rule.last_results() < 1 || rule.last_results() > kMaxRuleResults) {
        violations.Add("last_results", absl::StrCat("must be between 1 and ", kMaxRuleResults,
                                                    ", got ", rule.last_results()));
      }
      break;
    case v1::CriterionTrainingRule::kWindowDuration:
      CheckDays("window_duration", rule.window_duration(), kDaySeconds, violations);
      break;
    case v1::CriterionTrainingRule::SPAN_NOT_SET:
      violations.Add("last_results", "one of last_results and window_duration is required");
      break;
  }
  if (rule.min_results() < 1 || rule.min_results() > kMaxRuleResults) {
    violations.Add("min_results", absl::StrCat("must be between 1 and ", kMaxRuleResults, ", got ",
                                               rule.min_results()));
  } else if (rule.span_case() == v1::CriterionTrainingRule::kLastResults &&
             rule.last_results() >= 1 && rule.min_results() > rule.last_results()) {
    violations.Add("min_results", absl::StrCat("must not exceed last_results (",
                                               rule.last_results(), "), got ", rule.min_results()));
  }
  if (rule.has_cool_down_duration()) {
    CheckDays("cool_down_duration", rule.cool_down_duration(), 0, violations);
  }
  if (rule.action() == v1::TRAINING_RULE_ACTION_UNSPECIFIED) {
    violations.Add("action", "is required (RECOMMEND or ENROL)");
  } else if (!v1::TrainingRuleAction_IsValid(rule.action())) {
    violations.Add("action", absl::StrCat("unknown value ", rule.action()));
  }
  return violations.ToStatus();
}

}  // namespace escala::server
