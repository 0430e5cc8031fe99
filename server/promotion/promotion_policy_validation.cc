#include "server/promotion/promotion_policy_validation.h"

#include <cmath>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxDescription = 4000;
constexpr std::size_t kMaxStatement = 500;
constexpr int kMaxCriteria = 50;
constexpr int kMaxListed = 50;
constexpr int kMaxScorecards = 20;
constexpr int kMinLevel = 1;
constexpr int kMaxLevel = 9;
constexpr int kMaxWindowDays = 730;

void CheckLevel(const std::string& field, int level, Violations& violations) {
  if (level < kMinLevel || level > kMaxLevel) {
    violations.Add(InvalidField(field, absl::StrCat("must be a level from ", kMinLevel, " to ",
                                                    kMaxLevel, ", got ", level)));
  }
}

void CheckWindow(const std::string& field, int days, Violations& violations) {
  if (days < 1 || days > kMaxWindowDays) {
    violations.Add(
        InvalidField(field, absl::StrCat("must be 1–", kMaxWindowDays, " days, got ", days)));
  }
}

// 1–`max` identifiers, no repeats (`required`: at least one).
void CheckIdList(const std::string& field,
                 const google::protobuf::RepeatedPtrField<std::string>& ids, int max, bool required,
                 Violations& violations) {
  if (required && ids.empty()) {
    violations.Add(InvalidField(field, "needs at least one id"));
    return;
  }
  if (ids.size() > max) {
    violations.Add(InvalidField(field, absl::StrCat("has at most ", max, " ids")));
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < ids.size(); ++i) {
    const std::string path = absl::StrCat(field, "[", i, "]");
    violations.Add(RequireIdentifier(path, ids[i], kMaxPromotionId));
    if (!seen.insert(ids[i]).second) {
      violations.Add(InvalidField(path, absl::StrCat("repeats '", ids[i], "'")));
    }
  }
}

void CheckQuality(const std::string& path, const v1::QualityRule& rule, Violations& violations) {
  CheckWindow(path + ".window_days", rule.window_days(), violations);
  if (rule.min_evaluations() < 1 || rule.min_evaluations() > 1000) {
    violations.Add(InvalidField(path + ".min_evaluations", "must be 1–1000"));
  }
  if (!std::isfinite(rule.min_score()) || rule.min_score() < 0 || rule.min_score() > 100) {
    violations.Add(InvalidField(path + ".min_score", "must be score points, 0–100"));
  }
  if (rule.judgement() != v1::QUALITY_JUDGEMENT_MEAN &&
      rule.judgement() != v1::QUALITY_JUDGEMENT_LOWER_BOUND) {
    violations.Add(InvalidField(path + ".judgement", "must be MEAN or LOWER_BOUND"));
  }
  const double confidence = rule.confidence();
  if (rule.judgement() == v1::QUALITY_JUDGEMENT_LOWER_BOUND) {
    if (confidence != 0 && !(confidence >= 0.80 && confidence <= 0.99)) {
      violations.Add(InvalidField(path + ".confidence", "must be 0.80–0.99, or 0 for 0.95"));
    }
  } else if (confidence != 0) {
    violations.Add(InvalidField(path + ".confidence", "is only used with judgement LOWER_BOUND"));
  }
  CheckIdList(path + ".scorecard_ids", rule.scorecard_ids(), kMaxScorecards, false, violations);
}

void CheckKpi(const std::string& path, const v1::KpiRule& rule, Violations& violations) {
  if (rule.metric() == v1::KPI_METRIC_UNSPECIFIED || !v1::KpiMetric_IsValid(rule.metric())) {
    violations.Add(InvalidField(path + ".metric", "is required: a KpiMetric"));
  }
  if (rule.direction() != v1::THRESHOLD_DIRECTION_AT_LEAST &&
      rule.direction() != v1::THRESHOLD_DIRECTION_AT_MOST) {
    violations.Add(InvalidField(path + ".direction", "must be AT_LEAST or AT_MOST"));
  }
  if (!std::isfinite(rule.threshold())) {
    violations.Add(InvalidField(path + ".threshold", "must be a finite number"));
  }
  CheckWindow(path + ".window_days", rule.window_days(), violations);
  if (rule.min_n() < 1 || rule.min_n() > 100000) {
    violations.Add(InvalidField(path + ".min_n", "must be 1–100000"));
  }
}

void CheckCriterion(const std::string& path, const v1::PromotionCriterion& criterion,
                    Violations& violations) {
  violations.Add(RequireIdentifier(path + ".key", criterion.key(), kMaxPromotionId));
  violations.Add(LimitText(path + ".title", criterion.title(), kMaxTitle));
  switch (criterion.rule_case()) {
    case v1::PromotionCriterion::kTenure:
      if (criterion.tenure().min_months() < 1 || criterion.tenure().min_months() > 240) {
        violations.Add(InvalidField(path + ".tenure.min_months", "must be 1–240 months"));
      }
      break;
    case v1::PromotionCriterion::kQuality:
      CheckQuality(path + ".quality", criterion.quality(), violations);
      break;
    case v1::PromotionCriterion::kNoCriticalFailure:
      CheckWindow(path + ".no_critical_failure.window_days",
                  criterion.no_critical_failure().window_days(), violations);
      break;
    case v1::PromotionCriterion::kCourses:
      CheckIdList(path + ".courses.course_ids", criterion.courses().course_ids(), kMaxListed, true,
                  violations);
      break;
    case v1::PromotionCriterion::kCertifications:
      CheckIdList(path + ".certifications.certification_ids",
                  criterion.certifications().certification_ids(), kMaxListed, true, violations);
      break;
    case v1::PromotionCriterion::kKpi:
      CheckKpi(path + ".kpi", criterion.kpi(), violations);
      break;
    case v1::PromotionCriterion::kNoLostDisputes:
      CheckWindow(path + ".no_lost_disputes.window_days",
                  criterion.no_lost_disputes().window_days(), violations);
      break;
    case v1::PromotionCriterion::kAttestation:
      violations.Add(RequireText(path + ".attestation.statement",
                                 criterion.attestation().statement(), kMaxStatement));
      break;
    case v1::PromotionCriterion::RULE_NOT_SET:
      violations.Add(InvalidField(path,
                                  "needs exactly one rule (tenure, quality, "
                                  "no_critical_failure, courses, certifications, kpi, "
                                  "no_lost_disputes or attestation)"));
      break;
  }
}

// A maintenance criterion: the rules of a criterion, of a kind that has a meaning after the
// promotion (quality, no critical failure, KPI: what the person does at the new level).
void CheckMaintenanceCriterion(const std::string& path, const v1::PromotionCriterion& criterion,
                               Violations& violations) {
  switch (criterion.rule_case()) {
    case v1::PromotionCriterion::kQuality:
    case v1::PromotionCriterion::kNoCriticalFailure:
    case v1::PromotionCriterion::kKpi:
      CheckCriterion(path, criterion, violations);
      return;
    case v1::PromotionCriterion::RULE_NOT_SET:
      violations.Add(
          InvalidField(path, "needs exactly one rule (quality, no_critical_failure or kpi)"));
      return;
    default:
      violations.Add(RequireIdentifier(path + ".key", criterion.key(), kMaxPromotionId));
      violations.Add(InvalidField(
          path,
          "must be a quality, no_critical_failure or kpi rule: only what the person does "
          "at the new level can be maintained"));
      return;
  }
}

void CheckMaintenance(const v1::PromotionPolicy& policy, Violations& violations) {
  if (policy.maintenance_days() < 0 || policy.maintenance_days() > kMaxWindowDays) {
    violations.Add(InvalidField(
        "maintenance_days",
        absl::StrCat("must be 0–", kMaxWindowDays, " days, got ", policy.maintenance_days())));
  } else if (policy.maintenance_days() == 0 && !policy.maintenance_criteria().empty()) {
    violations.Add(InvalidField("maintenance_days",
                                "must be at least 1 with maintenance_criteria (the watch)"));
  }
  if (policy.maintenance_criteria_size() > kMaxCriteria) {
    violations.Add(InvalidField("maintenance_criteria",
                                absl::StrCat("has at most ", kMaxCriteria, " criteria")));
  }
  std::set<std::string> keys;
  for (int i = 0; i < policy.maintenance_criteria_size() && i < kMaxCriteria; ++i) {
    const v1::PromotionCriterion& criterion = policy.maintenance_criteria(i);
    const std::string path = absl::StrCat("maintenance_criteria[", i, "]");
    CheckMaintenanceCriterion(path, criterion, violations);
    if (!criterion.key().empty() && !keys.insert(criterion.key()).second) {
      violations.Add(InvalidField(path + ".key", absl::StrCat("repeats '", criterion.key(), "'")));
    }
  }
}

}  // namespace

absl::Status ValidatePromotionPolicy(const v1::PromotionPolicy& policy) {
  Violations violations;
  violations.Add(RequireText("title", policy.title(), kMaxTitle));
  violations.Add(LimitText("description", policy.description(), kMaxDescription));
  CheckLevel("from_level", policy.from_level(), violations);
  CheckLevel("to_level", policy.to_level(), violations);
  if (policy.from_level() == policy.to_level() && policy.from_level() >= kMinLevel &&
      policy.from_level() <= kMaxLevel) {
    violations.Add(InvalidField("to_level", "must differ from from_level"));
  }
  if (policy.criteria().empty()) {
    violations.Add(InvalidField("criteria", "needs at least one criterion"));
  } else if (policy.criteria_size() > kMaxCriteria) {
    violations.Add(
        InvalidField("criteria", absl::StrCat("has at most ", kMaxCriteria, " criteria")));
  }
  std::set<std::string> keys;
  for (int i = 0; i < policy.criteria_size() && i < kMaxCriteria; ++i) {
    const v1::PromotionCriterion& criterion = policy.criteria(i);
    const std::string path = absl::StrCat("criteria[", i, "]");
    CheckCriterion(path, criterion, violations);
    if (!criterion.key().empty() && !keys.insert(criterion.key()).second) {
      violations.Add(InvalidField(path + ".key", absl::StrCat("repeats '", criterion.key(), "'")));
    }
  }
  CheckMaintenance(policy, violations);
  return violations.ToStatus();
}

}  // namespace escala::server
