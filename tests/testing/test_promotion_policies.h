#pragma once

// The L1 → L2 promotion policy the promotion tests use: one criterion of each kind.
//   tenure              6 months at level 1
//   quality             ≥ 10 evaluations in 90 days, lower bound (95 %) of the mean ≥ 80
//   no-critical         no critical failure in 90 days
//   courses             L2-TROUBLESHOOTING completed
//   certifications      PRODUCT-CERT valid
//   fcr                 FCR ≥ 70 % over 90 days on at least 50 resolved contacts
//   disputes            no dispute lost in 180 days
//   lead                the team lead attests readiness

#include <string>

#include "escala/v1/promotion_policies.pb.h"

namespace escala::testing {

inline v1::PromotionPolicy TestPromotionPolicy(const std::string& promotion_policy_id) {
  v1::PromotionPolicy policy;
  policy.set_promotion_policy_id(promotion_policy_id);
  policy.set_title("L1 to L2");
  policy.set_description("Readiness for second-line support");
  policy.set_from_level(1);
  policy.set_to_level(2);
  auto add = [&policy](const std::string& key) {
    v1::PromotionCriterion* criterion = policy.add_criteria();
    criterion->set_key(key);
    return criterion;
  };
  add("tenure")->mutable_tenure()->set_min_months(6);
  v1::QualityRule* quality = add("quality")->mutable_quality();
  quality->set_window_days(90);
  quality->set_min_evaluations(10);
  quality->set_min_score(80);
  quality->set_judgement(v1::QUALITY_JUDGEMENT_LOWER_BOUND);
  quality->set_confidence(0.95);
  add("no-critical")->mutable_no_critical_failure()->set_window_days(90);
  add("courses")->mutable_courses()->add_course_ids("L2-TROUBLESHOOTING");
  add("certifications")->mutable_certifications()->add_certification_ids("PRODUCT-CERT");
  v1::KpiRule* fcr = add("fcr")->mutable_kpi();
  fcr->set_metric(v1::KPI_METRIC_FCR);
  fcr->set_direction(v1::THRESHOLD_DIRECTION_AT_LEAST);
  fcr->set_threshold(70);
  fcr->set_window_days(90);
  fcr->set_min_n(50);
  add("disputes")->mutable_no_lost_disputes()->set_window_days(180);
  v1::PromotionCriterion* lead = add("lead");
  lead->set_title("Team lead's attestation");
  lead->mutable_attestation()->set_statement("Handles escalations calmly and documents them");
  return policy;
}

}  // namespace escala::testing
