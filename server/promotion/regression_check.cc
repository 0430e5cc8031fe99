#include "server/promotion/regression_check.h"

#include <algorithm>

#include "db/common/proto_time.h"
#include "db/promotion/promotion_case_repository.h"
#include "server/promotion/eligibility.h"

namespace escala::server {
namespace {

absl::CivilDay UtcDayOfTime(absl::Time time) { return absl::ToCivilDay(time, absl::UTCTimeZone()); }

// Clips the window of a maintenance criterion to `max_days`; false for a kind that has no
// maintenance meaning.
bool ClipWindow(v1::PromotionCriterion& criterion, int max_days) {
  switch (criterion.rule_case()) {
    case v1::PromotionCriterion::kQuality: {
      v1::QualityRule& rule = *criterion.mutable_quality();
      rule.set_window_days(std::min(rule.window_days(), max_days));
      return true;
    }
    case v1::PromotionCriterion::kNoCriticalFailure: {
      v1::NoCriticalFailureRule& rule = *criterion.mutable_no_critical_failure();
      rule.set_window_days(std::min(rule.window_days(), max_days));
      return true;
    }
    case v1::PromotionCriterion::kKpi: {
      v1::KpiRule& rule = *criterion.mutable_kpi();
      rule.set_window_days(std::min(rule.window_days(), max_days));
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

std::optional<absl::CivilDay> WatchStart(const v1::PromotionCase& promotion_case,
                                         const std::vector<v1::RegressionFlag>& flags) {
  const std::optional<absl::Time> effective = db::StartOfUtcDay(promotion_case.effective_date());
  if (!effective.has_value()) return std::nullopt;
  absl::CivilDay start = UtcDayOfTime(*effective);
  for (const v1::RegressionFlag& flag : flags) {
    if (flag.state() != v1::REGRESSION_FLAG_STATE_CLOSED || !flag.has_close_time()) continue;
    const absl::Time closed = absl::FromUnixMillis(db::TimestampToMillis(flag.close_time()));
    start = std::max(start, UtcDayOfTime(closed) + 1);
  }
  return start;
}

bool Watched(const v1::PromotionPolicy& policy, absl::CivilDay effective_day,
             absl::CivilDay today) {
  if (policy.maintenance_criteria().empty() || policy.maintenance_days() <= 0) return false;
  return today > effective_day && today <= effective_day + policy.maintenance_days();
}

v1::PromotionPolicy MaintenancePolicy(const v1::PromotionPolicy& policy, absl::CivilDay watch_start,
                                      absl::Time as_of) {
  v1::PromotionPolicy judged;
  judged.set_promotion_policy_id(policy.promotion_policy_id());
  judged.set_version(policy.version());
  judged.set_title(policy.title());
  judged.set_from_level(policy.to_level());
  judged.set_to_level(policy.to_level());
  // Windows are whole UTC days before WindowEndDay(as_of): this many of them lie on or after
  // watch_start.
  const long long days = WindowEndDay(as_of) - watch_start;
  if (days <= 0) return judged;
  const int max_days = static_cast<int>(std::min<long long>(days, 100000));
  for (const v1::PromotionCriterion& criterion : policy.maintenance_criteria()) {
    v1::PromotionCriterion clipped = criterion;
    if (ClipWindow(clipped, max_days)) *judged.add_criteria() = std::move(clipped);
  }
  return judged;
}

std::vector<v1::CriterionResult> FailedCriteria(const v1::PersonEligibility& eligibility) {
  std::vector<v1::CriterionResult> failed;
  if (eligibility.outcome() == v1::ELIGIBILITY_OUTCOME_NOT_ON_STEP) return failed;
  for (const v1::CriterionResult& result : eligibility.criteria()) {
    if (result.outcome() == v1::CRITERION_OUTCOME_NOT_MET) failed.push_back(result);
  }
  return failed;
}

}  // namespace escala::server
