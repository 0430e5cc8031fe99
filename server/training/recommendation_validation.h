#pragma once

#include "absl/status/status.h"
#include "escala/v1/training_recommendations.pb.h"

namespace escala::server {

// Every field rule of a QA → training rule (training_recommendations.proto), as INVALID_ARGUMENT
// with one violation per broken rule, paths relative to the rule ("below_percent",
// "min_results"). Output-only fields are not looked at. Whether the course exists, is active and
// teaches the criterion is not a field rule: the handler checks it against the catalogue.
absl::Status ValidateCriterionTrainingRule(const v1::CriterionTrainingRule& rule);

// Limits of a rule, for the handler's and the CLI's messages.
inline constexpr int kMaxRuleResults = 50;
inline constexpr int kMaxRuleDays = 365;

}  // namespace escala::server
