#include "client/promotion/promotion_policy_view.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/core/enum_names.h"

namespace escala::client {
namespace {

std::string StateText(v1::PromotionPolicyState state) {
  switch (state) {
    case v1::PROMOTION_POLICY_STATE_DRAFT:
      return "draft";
    case v1::PROMOTION_POLICY_STATE_PUBLISHED:
      return "published";
    case v1::PROMOTION_POLICY_STATE_SUPERSEDED:
      return "superseded";
    default:
      return "";
  }
}

std::string StepText(const v1::PromotionPolicy& policy) {
  return absl::StrCat("L", policy.from_level(), " -> L", policy.to_level());
}

// "80", "82.5": a figure without trailing zeros.
std::string Figure(double value) { return absl::StrFormat("%g", value); }

std::string QualityText(const v1::QualityRule& rule) {
  std::string text =
      absl::StrCat(rule.min_evaluations(), "+ evaluations in ", rule.window_days(), " days, ");
  if (rule.judgement() == v1::QUALITY_JUDGEMENT_LOWER_BOUND) {
    const double confidence = rule.confidence() == 0 ? 0.95 : rule.confidence();
    absl::StrAppend(&text, Figure(confidence * 100), " % lower bound of the mean");
  } else {
    absl::StrAppend(&text, "mean");
  }
  absl::StrAppend(&text, " >= ", Figure(rule.min_score()));
  if (rule.scorecard_ids_size() > 0) {
    absl::StrAppend(&text, " (scorecards ", absl::StrJoin(rule.scorecard_ids(), ", "), ")");
  }
  return text;
}

std::string KpiText(const v1::KpiRule& rule) {
  return absl::StrCat(ShortEnumName(rule.metric()),
                      rule.direction() == v1::THRESHOLD_DIRECTION_AT_MOST ? " <= " : " >= ",
                      Figure(rule.threshold()), " over ", rule.window_days(),
                      " days (n >= ", rule.min_n(), ")");
}

}  // namespace

std::string CriterionText(const v1::PromotionCriterion& criterion, int from_level) {
  switch (criterion.rule_case()) {
    case v1::PromotionCriterion::kTenure:
      return absl::StrCat("at least ", criterion.tenure().min_months(), " months at level ",
                          from_level);
    case v1::PromotionCriterion::kQuality:
      return QualityText(criterion.quality());
    case v1::PromotionCriterion::kNoCriticalFailure:
      return absl::StrCat("no critical failure in ", criterion.no_critical_failure().window_days(),
                          " days");
    case v1::PromotionCriterion::kCourses:
      return absl::StrCat("completed ", absl::StrJoin(criterion.courses().course_ids(), ", "));
    case v1::PromotionCriterion::kCertifications:
      return absl::StrCat("valid ",
                          absl::StrJoin(criterion.certifications().certification_ids(), ", "));
    case v1::PromotionCriterion::kKpi:
      return KpiText(criterion.kpi());
    case v1::PromotionCriterion::kNoLostDisputes:
      return absl::StrCat("no dispute lost in ", criterion.no_lost_disputes().window_days(),
                          " days");
    case v1::PromotionCriterion::kAttestation:
      return absl::StrCat("team lead attests: ", criterion.attestation().statement());
    case v1::PromotionCriterion::RULE_NOT_SET:
      break;
  }
  return "";
}

const ColumnTable& PromotionPolicyColumns() {
  static const auto* const kColumns = new ColumnTable{OutputOnlyColumn("promotion_policy_id"),
                                                      OutputOnlyColumn("version"),
                                                      OutputOnlyColumn("state"),
                                                      OutputOnlyColumn("from_level"),
                                                      OutputOnlyColumn("to_level"),
                                                      OutputOnlyColumn("title"),
                                                      OutputOnlyColumn("publish_time"),
                                                      OutputOnlyColumn("etag")};
  return *kColumns;
}

Table PromotionPoliciesTable(
    const google::protobuf::RepeatedPtrField<v1::PromotionPolicy>& policies) {
  Table table;
  table.header = {"PROMOTION_POLICY_ID", "VERSION", "STATE", "STEP", "CRITERIA", "TITLE"};
  for (const v1::PromotionPolicy& policy : policies) {
    table.rows.push_back({policy.promotion_policy_id(), absl::StrCat(policy.version()),
                          StateText(policy.state()), StepText(policy),
                          absl::StrCat(policy.criteria_size()), policy.title()});
  }
  return table;
}

std::string RenderPromotionPolicy(const v1::PromotionPolicy& policy, int width) {
  std::string text = absl::StrCat(policy.promotion_policy_id(), " version ", policy.version(), " (",
                                  StateText(policy.state()), ", etag ", policy.etag(),
                                  "): ", policy.title(), "\n", "Step: ", StepText(policy), "\n");
  if (!policy.description().empty()) absl::StrAppend(&text, policy.description(), "\n");
  if (policy.auto_nominate()) {
    absl::StrAppend(&text, "Nominates automatically: everyone eligible gets a case\n");
  }
  Table criteria;
  criteria.header = {"KEY", "TITLE", "REQUIRES"};
  for (const v1::PromotionCriterion& criterion : policy.criteria()) {
    criteria.rows.push_back(
        {criterion.key(), criterion.title(), CriterionText(criterion, policy.from_level())});
  }
  absl::StrAppend(&text, "\n", RenderTable(criteria, width));
  if (policy.maintenance_criteria().empty()) return text;
  absl::StrAppend(&text, "\nAfter the promotion, for ", policy.maintenance_days(),
                  " days from the effective date (a fall below flags the person for their "
                  "manager):\n");
  Table maintenance;
  maintenance.header = {"KEY", "TITLE", "MAINTAINS"};
  for (const v1::PromotionCriterion& criterion : policy.maintenance_criteria()) {
    maintenance.rows.push_back(
        {criterion.key(), criterion.title(), CriterionText(criterion, policy.to_level())});
  }
  absl::StrAppend(&text, RenderTable(maintenance, width));
  return text;
}

}  // namespace escala::client
