// EvaluateEligibility on hand-built facts, every figure computed by hand.
//
// As of 2027-01-15 12:00 UTC, under the test policy (tests/testing/test_promotion_policies.h):
//   tenure    level 1 since 2026-07-01: 6 whole months, met.
// The evaluation totals are summed here from the evaluations the way the QA summaries count
// them (submitted, scored, in the window's whole days before the as-of day).
//
//   quality   ten scores 82, 84, … 100 in the window: mean 91, sd √(330/9) = 6.055,
//             t(0.975, 9) = 2.2622, lower bound 91 − 2.2622 × 6.055 / √10 = 86.67 ≥ 80, met.
//             A score submitted after the as-of day is not counted.
//   critical  none in 90 days, met (one from 2026-09-01 is outside the window).
//   courses   L2-TROUBLESHOOTING completed 2026-10-01, met.
//   certs     PRODUCT-CERT held, met.
//   fcr       72.5 % over 60 resolved contacts ≥ 70 % with n ≥ 50, met.
//   disputes  none lost in 180 days, met.
//   lead      to attest.
#include "server/promotion/eligibility.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "tests/testing/test_promotion_policies.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;

absl::Time At(absl::CivilSecond when) { return absl::FromCivil(when, absl::UTCTimeZone()); }

const absl::Time kAsOf = At(absl::CivilSecond(2027, 1, 15, 12, 0, 0));

server::EvaluationFact Scored(int64_t id, double score, absl::Time at) {
  server::EvaluationFact fact;
  fact.evaluation_id = id;
  fact.scorecard_id = "customer-contact";
  fact.submit_time = at;
  fact.score = score;
  return fact;
}

class EligibilityTest : public ::testing::Test {
 protected:
  EligibilityTest() {
    facts_.person.set_employee_id("A1");
    facts_.person.set_display_name("Ana");
    facts_.level = 1;
    facts_.level_since = absl::CivilDay(2026, 7, 1);
    for (int i = 0; i < 10; ++i) {
      facts_.evaluations.push_back(
          Scored(100 + i, 82 + 2 * i, At(absl::CivilSecond(2026, 12, 1 + i, 9, 0, 0))));
    }
    // After the as-of time: unknown then, so not counted.
    facts_.evaluations.push_back(Scored(200, 10, At(absl::CivilSecond(2027, 1, 20, 9, 0, 0))));
    server::EvaluationFact old_failure = Scored(90, 0, At(absl::CivilSecond(2026, 9, 1, 9, 0, 0)));
    old_failure.critical_failure = true;
    facts_.evaluations.push_back(old_failure);
    facts_.completions.push_back(
        {"L2-TROUBLESHOOTING", At(absl::CivilSecond(2026, 10, 1, 10, 0, 0))});
    facts_.certifications.push_back({"PRODUCT-CERT", "2027-10-01"});
    facts_.kpis = [this](v1::KpiMetric metric, int window_days) {
      kpi_calls_.push_back({metric, window_days});
      return server::KpiFigure{72.5, 60};
    };
  }

  // Sums facts_.evaluations into the totals of each quality and critical-failure criterion of
  // `policy`, as the QA summaries hold them, and evaluates.
  v1::PersonEligibility Evaluate(const v1::PromotionPolicy& policy, absl::Time as_of,
                                 bool evidence = true) {
    const absl::CivilDay as_of_day = absl::ToCivilDay(as_of, absl::UTCTimeZone());
    facts_.evaluation_totals.clear();
    facts_.evaluation_evidence = evidence;
    for (int index = 0; index < policy.criteria_size(); ++index) {
      const v1::PromotionCriterion& criterion = policy.criteria(index);
      int window_days = 0;
      std::set<std::string> cards;
      if (criterion.has_quality()) {
        window_days = criterion.quality().window_days();
        cards.insert(criterion.quality().scorecard_ids().begin(),
                     criterion.quality().scorecard_ids().end());
      } else if (criterion.has_no_critical_failure()) {
        window_days = criterion.no_critical_failure().window_days();
      } else {
        continue;
      }
      server::EvaluationTotals totals;
      for (const server::EvaluationFact& evaluation : facts_.evaluations) {
        const absl::CivilDay day = absl::ToCivilDay(evaluation.submit_time, absl::UTCTimeZone());
        if (!evaluation.score || day < as_of_day - window_days || day >= as_of_day) continue;
        if (!cards.empty() && !cards.contains(evaluation.scorecard_id)) continue;
        const int64_t milli = std::llround(*evaluation.score * 1000);
        ++totals.evaluations;
        totals.score_milli_sum += milli;
        totals.score_milli_sq_sum += milli * milli;
        if (evaluation.critical_failure) {
          ++totals.critical_failures;
          totals.last_critical_failure_day =
              std::max(totals.last_critical_failure_day.value_or(absl::CivilDay::min()), day);
        }
      }
      if (totals.evaluations > 0) facts_.evaluation_totals[index] = totals;
    }
    return server::EvaluateEligibility(policy, facts_, as_of);
  }

  const v1::CriterionResult& Result(const v1::PersonEligibility& e, const std::string& key) {
    for (const v1::CriterionResult& result : e.criteria()) {
      if (result.key() == key) return result;
    }
    ADD_FAILURE() << "no criterion " << key;
    return v1::CriterionResult::default_instance();
  }

  struct KpiCall {
    v1::KpiMetric metric;
    int window_days;
  };
  server::PersonFacts facts_;
  std::vector<KpiCall> kpi_calls_;
  const v1::PromotionPolicy policy_ = TestPromotionPolicy("l1-l2");
};

TEST_F(EligibilityTest, APersonWhoMeetsEveryCriterionIsEligibleWithTheEvidence) {
  const v1::PersonEligibility e = Evaluate(policy_, kAsOf);
  EXPECT_EQ(e.outcome(), v1::ELIGIBILITY_OUTCOME_ELIGIBLE);
  EXPECT_EQ(e.employee_id(), "A1");
  ASSERT_EQ(e.criteria_size(), 8);

  const v1::CriterionResult& tenure = Result(e, "tenure");
  EXPECT_EQ(tenure.outcome(), v1::CRITERION_OUTCOME_MET);
  EXPECT_EQ(tenure.value(), 6);

  const v1::CriterionResult& quality = Result(e, "quality");
  EXPECT_EQ(quality.outcome(), v1::CRITERION_OUTCOME_MET);
  EXPECT_EQ(quality.n(), 10);
  EXPECT_NEAR(quality.value(), 86.668, 0.01);
  EXPECT_EQ(quality.threshold(), 80);
  EXPECT_EQ(quality.evidence(0), "evaluations/100");
  EXPECT_EQ(quality.evidence(9), "evaluations/109");

  EXPECT_EQ(Result(e, "no-critical").outcome(), v1::CRITERION_OUTCOME_MET);
  EXPECT_THAT(Result(e, "courses").evidence(), ElementsAre("courses/L2-TROUBLESHOOTING"));
  EXPECT_THAT(Result(e, "certifications").evidence(), ElementsAre("certifications/PRODUCT-CERT"));

  const v1::CriterionResult& fcr = Result(e, "fcr");
  EXPECT_EQ(fcr.outcome(), v1::CRITERION_OUTCOME_MET);
  EXPECT_EQ(fcr.value(), 72.5);
  EXPECT_EQ(fcr.n(), 60);
  ASSERT_EQ(kpi_calls_.size(), 1u);
  EXPECT_EQ(kpi_calls_[0].metric, v1::KPI_METRIC_FCR);
  EXPECT_EQ(kpi_calls_[0].window_days, 90);

  EXPECT_EQ(Result(e, "disputes").outcome(), v1::CRITERION_OUTCOME_MET);
  EXPECT_EQ(Result(e, "lead").outcome(), v1::CRITERION_OUTCOME_TO_ATTEST);
}

TEST_F(EligibilityTest, WithoutTheEvaluationsTheFiguresAreTheSameAndOnlyTheirIdsAreMissing) {
  facts_.evaluations[0].critical_failure = true;
  const v1::PersonEligibility full = Evaluate(policy_, kAsOf);
  const v1::PersonEligibility basic = Evaluate(policy_, kAsOf, /*evidence=*/false);
  EXPECT_EQ(Result(basic, "quality").n(), Result(full, "quality").n());
  EXPECT_EQ(Result(basic, "quality").value(), Result(full, "quality").value());
  EXPECT_TRUE(Result(basic, "quality").evidence().empty());
  EXPECT_EQ(Result(full, "quality").evidence_size(), 10);
  EXPECT_EQ(Result(basic, "no-critical").value(), 1);
  EXPECT_EQ(Result(basic, "no-critical").met_on_date(), "2027-03-02");
  EXPECT_TRUE(Result(basic, "no-critical").evidence().empty());
  EXPECT_THAT(Result(full, "no-critical").evidence(), ElementsAre("evaluations/100"));
}

TEST_F(EligibilityTest, TheWindowIsWholeDaysBeforeTheAsOfDay) {
  // Ten evaluations from 1 to 10 December; as of 11 December 08:00 a 10-day window is 1–10
  // December: all ten. As of 10 December 23:00 it is 30 November – 9 December: nine, the one
  // submitted on the as-of day itself not yet counted.
  v1::PromotionPolicy ten_days = policy_;
  ten_days.mutable_criteria(1)->mutable_quality()->set_window_days(10);
  EXPECT_EQ(Result(Evaluate(ten_days, At(absl::CivilSecond(2026, 12, 11, 8, 0, 0))), "quality").n(),
            10);
  EXPECT_EQ(
      Result(Evaluate(ten_days, At(absl::CivilSecond(2026, 12, 10, 23, 0, 0))), "quality").n(), 9);
}

TEST_F(EligibilityTest, AScatteredSampleFailsOnItsLowerBoundThoughItsMeanPasses) {
  // Eight 100s and two 60s: mean 92, sd √(2560/9) = 16.865, lower bound
  // 92 − 2.2622 × 16.865 / √10 = 79.93 < 80.
  facts_.evaluations.clear();
  for (int i = 0; i < 10; ++i) {
    facts_.evaluations.push_back(
        Scored(100 + i, i < 8 ? 100 : 60, At(absl::CivilSecond(2026, 12, 1 + i, 9, 0, 0))));
  }
  const v1::PersonEligibility e = Evaluate(policy_, kAsOf);
  const v1::CriterionResult& quality = Result(e, "quality");
  EXPECT_EQ(quality.outcome(), v1::CRITERION_OUTCOME_NOT_MET);
  EXPECT_NEAR(quality.value(), 79.935, 0.01);
  EXPECT_EQ(quality.missing(), "the lower bound of the mean 79.9 is below 80.0");
  EXPECT_EQ(e.outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ELIGIBLE);
  EXPECT_EQ(e.eligible_on_date(), "");  // quality is not met by time alone

  // Judged on the mean, the same sample passes.
  v1::PromotionPolicy on_mean = policy_;
  on_mean.mutable_criteria(1)->mutable_quality()->set_judgement(v1::QUALITY_JUDGEMENT_MEAN);
  on_mean.mutable_criteria(1)->mutable_quality()->set_confidence(0);
  const v1::PersonEligibility by_mean = Evaluate(on_mean, kAsOf);
  EXPECT_EQ(Result(by_mean, "quality").outcome(), v1::CRITERION_OUTCOME_MET);
  EXPECT_EQ(Result(by_mean, "quality").value(), 92);
}

TEST_F(EligibilityTest, TooLittleEvidenceSaysHowMuchMoreIsNeeded) {
  facts_.evaluations.resize(8);
  facts_.kpis = [](v1::KpiMetric, int) { return server::KpiFigure{90, 40}; };
  const v1::PersonEligibility e = Evaluate(policy_, kAsOf);
  EXPECT_EQ(Result(e, "quality").outcome(), v1::CRITERION_OUTCOME_INSUFFICIENT_EVIDENCE);
  EXPECT_EQ(Result(e, "quality").missing(), "2 more evaluations in the last 90 days");
  EXPECT_EQ(Result(e, "fcr").outcome(), v1::CRITERION_OUTCOME_INSUFFICIENT_EVIDENCE);
  EXPECT_EQ(Result(e, "fcr").missing(),
            "10 more contacts or answers in the last 90 days (the figure rests on 40, needs 50)");
  EXPECT_EQ(e.outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ELIGIBLE);
}

TEST_F(EligibilityTest, CriteriaMetByTimeAloneGiveTheDateOfEligibility) {
  // Level 1 since 20 August: 4 whole months, six reached on 20 February.
  facts_.level_since = absl::CivilDay(2026, 8, 20);
  // A critical failure on 1 December leaves the 90-day window on 1 March; met from 2 March.
  facts_.evaluations[0].critical_failure = true;
  const v1::PersonEligibility e = Evaluate(policy_, kAsOf);
  const v1::CriterionResult& tenure = Result(e, "tenure");
  EXPECT_EQ(tenure.outcome(), v1::CRITERION_OUTCOME_NOT_MET);
  EXPECT_EQ(tenure.value(), 4);
  EXPECT_EQ(tenure.met_on_date(), "2027-02-20");
  EXPECT_EQ(tenure.missing(), "2 more months at level 1: met on 2027-02-20");
  const v1::CriterionResult& critical = Result(e, "no-critical");
  EXPECT_EQ(critical.outcome(), v1::CRITERION_OUTCOME_NOT_MET);
  EXPECT_THAT(critical.evidence(), ElementsAre("evaluations/100"));
  EXPECT_EQ(critical.met_on_date(), "2027-03-02");
  EXPECT_EQ(e.outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ELIGIBLE);
  EXPECT_EQ(e.eligible_on_date(), "2027-03-02");
}

TEST_F(EligibilityTest, MissingCoursesCertificationsAndLostDisputesAreNamed) {
  facts_.completions.clear();
  facts_.certifications.clear();
  facts_.evaluations[3].dispute_resolve_time = At(absl::CivilSecond(2026, 12, 20, 9, 0, 0));
  facts_.evaluations[3].dispute_lost = true;
  const v1::PersonEligibility e = Evaluate(policy_, kAsOf);
  EXPECT_EQ(Result(e, "courses").missing(), "course L2-TROUBLESHOOTING not completed");
  EXPECT_EQ(Result(e, "certifications").missing(),
            "certification PRODUCT-CERT not held or expired");
  const v1::CriterionResult& disputes = Result(e, "disputes");
  EXPECT_EQ(disputes.outcome(), v1::CRITERION_OUTCOME_NOT_MET);
  EXPECT_THAT(disputes.evidence(), ElementsAre("evaluations/103"));
  EXPECT_EQ(disputes.value(), 1);
  EXPECT_EQ(disputes.missing(), "1 lost dispute in the last 180 days: met on 2027-06-19");
}

TEST_F(EligibilityTest, ACourseCompletedAfterTheAsOfTimeDoesNotCount) {
  facts_.completions[0].completion_time = At(absl::CivilSecond(2027, 1, 16, 9, 0, 0));
  const v1::PersonEligibility e = Evaluate(policy_, kAsOf);
  EXPECT_EQ(Result(e, "courses").outcome(), v1::CRITERION_OUTCOME_NOT_MET);
  const v1::PersonEligibility later =
      Evaluate(policy_, At(absl::CivilSecond(2027, 1, 17, 0, 0, 0)));
  EXPECT_EQ(Result(later, "courses").outcome(), v1::CRITERION_OUTCOME_MET);
}

TEST_F(EligibilityTest, APersonAtAnotherLevelIsNotOnTheStep) {
  facts_.level = 2;
  const v1::PersonEligibility e = Evaluate(policy_, kAsOf);
  EXPECT_EQ(e.outcome(), v1::ELIGIBILITY_OUTCOME_NOT_ON_STEP);
  EXPECT_EQ(e.level(), 2);
  EXPECT_TRUE(e.criteria().empty());
}

TEST_F(EligibilityTest, TenureWithoutADateIsUnmeasuredAndEndOfMonthDatesClamp) {
  facts_.level_since.reset();
  v1::PersonEligibility e = Evaluate(policy_, kAsOf);
  EXPECT_EQ(Result(e, "tenure").outcome(), v1::CRITERION_OUTCOME_INSUFFICIENT_EVIDENCE);
  EXPECT_FALSE(Result(e, "tenure").has_value());
  // 31 August + 6 months is 28 February (2027 is not a leap year).
  facts_.level_since = absl::CivilDay(2026, 8, 31);
  e = Evaluate(policy_, kAsOf);
  EXPECT_EQ(Result(e, "tenure").met_on_date(), "2027-02-28");
  EXPECT_EQ(Result(e, "tenure").value(), 4);
}

}  // namespace
}  // namespace escala::testing
