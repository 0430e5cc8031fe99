// Fuzzes server/promotion/promotion_policy_validation and the eligibility evaluation a valid
// policy runs. The input is one byte of level, one of months at the level, then ten scored
// evaluations (a byte of score, a byte of days before the as-of time, a byte of flags: critical
// failure, dispute lost), one byte of KPI value and one of its n, one byte whose low bit lists
// the evaluations as evidence, five bytes of summary totals for each of the first eight criteria
// (count, mean score, spread, critical failures, day of the last), then the PromotionPolicy in
// the wire format. A valid policy yields one result per criterion for a person on its step, every
// measured value is finite, and the outcome is ELIGIBLE exactly when every criterion is met or
// to attest.

#include "server/promotion/promotion_policy_validation.h"

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "server/promotion/eligibility.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  const absl::Time as_of = absl::FromUnixSeconds(1800000000);
  escala::server::PersonFacts facts;
  facts.person.set_employee_id("A1");
  facts.level = input.Byte() % 10;
  facts.level_since = absl::ToCivilDay(as_of, absl::UTCTimeZone()) - 30 * input.Byte();
  for (int i = 0; i < 10; ++i) {
    escala::server::EvaluationFact evaluation;
    evaluation.evaluation_id = i + 1;
    evaluation.score = input.Byte() % 101;
    evaluation.submit_time = as_of - absl::Hours(24) * input.Byte();
    const uint8_t flags = input.Byte();
    evaluation.critical_failure = flags & 1;
    if (flags & 2) {
      evaluation.dispute_resolve_time = evaluation.submit_time + absl::Hours(24);
      evaluation.dispute_lost = true;
    }
    facts.evaluations.push_back(evaluation);
  }
  const double kpi_value = input.Byte();
  const int64_t kpi_n = input.Byte();
  facts.kpis = [kpi_value, kpi_n](escala::v1::KpiMetric, int) {
    return escala::server::KpiFigure{kpi_value, kpi_n};
  };
  // Summary totals for the first criteria: a sample of up to 255 scores around a mean, with
  // some spread, and sometimes a critical failure on a day of the window.
  facts.evaluation_evidence = input.Byte() & 1;
  for (int index = 0; index < 8; ++index) {
    escala::server::EvaluationTotals totals;
    totals.evaluations = input.Byte();
    const int64_t mean_milli = (input.Byte() % 101) * 1000;
    totals.score_milli_sum = totals.evaluations * mean_milli;
    totals.score_milli_sq_sum =
        totals.evaluations * mean_milli * mean_milli + int64_t{input.Byte()} * 1'000'000;
    totals.critical_failures = input.Byte() % 3;
    if (totals.critical_failures > 0) {
      totals.last_critical_failure_day =
          absl::ToCivilDay(as_of, absl::UTCTimeZone()) - 1 - input.Byte() % 90;
    }
    facts.evaluation_totals[index] = totals;
  }
  escala::v1::PromotionPolicy policy;
  if (!input.RestAs(policy)) return 0;
  if (!escala::server::ValidatePromotionPolicy(policy).ok()) return 0;
  const escala::v1::PersonEligibility result =
      escala::server::EvaluateEligibility(policy, facts, as_of);
  if (facts.level != policy.from_level()) {
    escala::fuzz::Check(result.outcome() == escala::v1::ELIGIBILITY_OUTCOME_NOT_ON_STEP,
                        "a person off the step is NOT_ON_STEP");
    return 0;
  }
  escala::fuzz::Check(result.criteria_size() == policy.criteria_size(), "one result per criterion");
  bool all_met = true;
  for (const escala::v1::CriterionResult& criterion : result.criteria()) {
    escala::fuzz::Check(!criterion.has_value() || std::isfinite(criterion.value()),
                        "a measured value is finite");
    all_met &= criterion.outcome() == escala::v1::CRITERION_OUTCOME_MET ||
               criterion.outcome() == escala::v1::CRITERION_OUTCOME_TO_ATTEST;
  }
  escala::fuzz::Check(all_met == (result.outcome() == escala::v1::ELIGIBILITY_OUTCOME_ELIGIBLE),
                      "eligible exactly when every criterion is met or to attest");
  return 0;
}
