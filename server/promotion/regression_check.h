#pragma once

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "escala/v1/promotion_cases.pb.h"
#include "escala/v1/promotion_eligibility.pb.h"
#include "escala/v1/promotion_policies.pb.h"
#include "escala/v1/promotion_regressions.pb.h"

namespace escala::server {

// The pure part of the regression check (what RegressionChecker runs for each EFFECTIVE case):
// whether a promoted person is watched, which windows their maintenance criteria read, and
// which results raise a flag. Neither gRPC nor SQL.

// The first UTC day whose evidence may count against the person for `promotion_case`: the
// effective date (quality at the old level does not count against the new one), or the day
// after the case's latest closed flag (evidence a manager has handled is not flagged again).
// nullopt when the case has no valid effective date.
std::optional<absl::CivilDay> WatchStart(const v1::PromotionCase& promotion_case,
                                         const std::vector<v1::RegressionFlag>& flags);

// Whether `policy` (the version the case was decided under) watches a promotion that took
// effect on `effective_day`, as of the UTC day `today`: it has maintenance criteria, and today
// is after the effective day and within maintenance_days of it (the check as of effective day
// + maintenance_days reads the last watched day).
bool Watched(const v1::PromotionPolicy& policy, absl::CivilDay effective_day, absl::CivilDay today);

// The policy the eligibility evaluator (EvaluateEligibility) and the facts reader
// (EligibilityFactsReader) judge the maintenance criteria with, as of `as_of`: the step is the
// level reached (from_level = to_level), its criteria are the maintenance criteria with every
// window clipped so that it never reaches before `watch_start`. A criterion whose clipped window
// is empty (no whole day since watch_start) is left out; so is a kind that has no meaning after
// a promotion (validation refuses those). No criteria left means there is nothing to judge yet.
v1::PromotionPolicy MaintenancePolicy(const v1::PromotionPolicy& policy, absl::CivilDay watch_start,
                                      absl::Time as_of);

// The results that raise a flag: the criteria NOT_MET on evidence. INSUFFICIENT_EVIDENCE does
// not flag (a thin sample can neither promote nor flag); a person no longer at the level
// (NOT_ON_STEP) is not flagged at all.
std::vector<v1::CriterionResult> FailedCriteria(const v1::PersonEligibility& eligibility);

}  // namespace escala::server
