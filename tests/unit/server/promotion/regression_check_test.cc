// The pure part of the regression check: who is watched, the windows clipped at the effective
// date (and after a closed flag), and which results raise a flag, on hand-computed evidence.
#include "server/promotion/regression_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/common/proto_time.h"
#include "server/promotion/eligibility.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// 2027-01-15T08:00:00Z.
const absl::Time kRegressionNow = absl::FromUnixSeconds(1'800'000'000);

v1::PromotionPolicy MaintainedPolicy() {
  v1::PromotionPolicy policy;
  policy.set_promotion_policy_id("l1-l2");
  policy.set_version(3);
  policy.set_from_level(1);
  policy.set_to_level(2);
  policy.set_maintenance_days(90);
  v1::PromotionCriterion* quality = policy.add_maintenance_criteria();
  quality->set_key("quality");
  quality->mutable_quality()->set_window_days(30);
  quality->mutable_quality()->set_min_evaluations(5);
  quality->mutable_quality()->set_min_score(80);
  quality->mutable_quality()->set_judgement(v1::QUALITY_JUDGEMENT_MEAN);
  v1::PromotionCriterion* critical = policy.add_maintenance_criteria();
  critical->set_key("no-critical");
  critical->mutable_no_critical_failure()->set_window_days(60);
  v1::PromotionCriterion* fcr = policy.add_maintenance_criteria();
  fcr->set_key("fcr");
  fcr->mutable_kpi()->set_metric(v1::KPI_METRIC_FCR);
  fcr->mutable_kpi()->set_direction(v1::THRESHOLD_DIRECTION_AT_LEAST);
  fcr->mutable_kpi()->set_threshold(70);
  fcr->mutable_kpi()->set_window_days(90);
  fcr->mutable_kpi()->set_min_n(20);
  return policy;
}

// The totals of evaluations scored `scores` (points), as the QA summaries sum them.
server::EvaluationTotals ScoresTotals(const std::vector<int>& scores) {
  server::EvaluationTotals totals;
  for (int score : scores) {
    ++totals.evaluations;
    totals.score_milli_sum += score * 1000LL;
    totals.score_milli_sq_sum += score * 1000LL * score * 1000LL;
  }
  return totals;
}

server::PersonFacts PromotedPerson() {
  server::PersonFacts facts;
  facts.person.set_employee_id("A1");
  facts.level = 2;
  return facts;
}

v1::PromotionCase EffectiveCaseOn(const std::string& effective_date) {
  v1::PromotionCase promotion_case;
  promotion_case.set_id(7);
  promotion_case.set_state(v1::PROMOTION_CASE_STATE_EFFECTIVE);
  promotion_case.set_effective_date(effective_date);
  return promotion_case;
}

TEST(RegressionCheckTest, APersonIsWatchedFromTheDayAfterTheEffectiveDateForMaintenanceDays) {
  const v1::PromotionPolicy policy = MaintainedPolicy();
  const absl::CivilDay effective(2027, 1, 10);
  EXPECT_FALSE(server::Watched(policy, effective, effective));
  EXPECT_TRUE(server::Watched(policy, effective, effective + 1));
  EXPECT_TRUE(server::Watched(policy, effective, effective + 90));
  EXPECT_FALSE(server::Watched(policy, effective, effective + 91));
  v1::PromotionPolicy unwatched = policy;
  unwatched.set_maintenance_days(0);
  EXPECT_FALSE(server::Watched(unwatched, effective, effective + 1));
  unwatched = policy;
  unwatched.clear_maintenance_criteria();
  EXPECT_FALSE(server::Watched(unwatched, effective, effective + 1));
}

TEST(RegressionCheckTest, WindowsNeverReachBeforeTheEffectiveDate) {
  // Promoted on 2027-01-10, judged at 08:00 on 2027-01-15: six days (10th to 15th, the 15th so
  // far) at level 2.
  const v1::PromotionPolicy judged =
      server::MaintenancePolicy(MaintainedPolicy(), absl::CivilDay(2027, 1, 10), kRegressionNow);
  EXPECT_EQ(judged.from_level(), 2);
  EXPECT_EQ(judged.to_level(), 2);
  ASSERT_EQ(judged.criteria_size(), 3);
  EXPECT_EQ(judged.criteria(0).quality().window_days(), 6);
  EXPECT_EQ(judged.criteria(1).no_critical_failure().window_days(), 6);
  EXPECT_EQ(judged.criteria(2).kpi().window_days(), 6);
  // Long after the promotion the policy's own windows apply (the 60-day ones clipped to the 46
  // days since 2026-12-01).
  const v1::PromotionPolicy later =
      server::MaintenancePolicy(MaintainedPolicy(), absl::CivilDay(2026, 12, 1), kRegressionNow);
  EXPECT_EQ(later.criteria(0).quality().window_days(), 30);
  EXPECT_EQ(later.criteria(1).no_critical_failure().window_days(), 46);
  EXPECT_EQ(later.criteria(2).kpi().window_days(), 46);
  // Judged at a midnight, the day that begins does not count: promoted that day, no day of
  // evidence yet.
  EXPECT_THAT(
      server::MaintenancePolicy(MaintainedPolicy(), absl::CivilDay(2027, 1, 15),
                                absl::FromCivil(absl::CivilDay(2027, 1, 15), absl::UTCTimeZone()))
          .criteria(),
      IsEmpty());
}

TEST(RegressionCheckTest, EvidenceAManagerHandledIsNotCountedAgain) {
  v1::RegressionFlag closed;
  closed.set_state(v1::REGRESSION_FLAG_STATE_CLOSED);
  *closed.mutable_close_time() = db::MillisToTimestamp(absl::ToUnixMillis(
      absl::FromCivil(absl::CivilSecond(2027, 1, 12, 16, 0, 0), absl::UTCTimeZone())));
  v1::RegressionFlag open;
  open.set_state(v1::REGRESSION_FLAG_STATE_OPEN);
  EXPECT_EQ(server::WatchStart(EffectiveCaseOn("2027-01-10"), {}), absl::CivilDay(2027, 1, 10));
  EXPECT_EQ(server::WatchStart(EffectiveCaseOn("2027-01-10"), {closed, open}),
            absl::CivilDay(2027, 1, 13));
  // A flag closed before the effective date (of an earlier case) moves nothing.
  EXPECT_EQ(server::WatchStart(EffectiveCaseOn("2027-01-14"), {closed}),
            absl::CivilDay(2027, 1, 14));
  EXPECT_EQ(server::WatchStart(EffectiveCaseOn(""), {}), std::nullopt);
}

TEST(RegressionCheckTest, AFallBelowTheMeanOnEnoughEvaluationsFlags) {
  const v1::PromotionPolicy judged =
      server::MaintenancePolicy(MaintainedPolicy(), absl::CivilDay(2026, 12, 1), kRegressionNow);
  server::PersonFacts facts = PromotedPerson();
  // Five evaluations: 70, 72, 74, 76, 78 → mean 74, below 80.
  facts.evaluation_totals[0] = ScoresTotals({70, 72, 74, 76, 78});
  const std::vector<v1::CriterionResult> failed =
      server::FailedCriteria(server::EvaluateEligibility(judged, facts, kRegressionNow));
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].key(), "quality");
  EXPECT_DOUBLE_EQ(failed[0].value(), 74.0);
  EXPECT_DOUBLE_EQ(failed[0].threshold(), 80.0);
  EXPECT_EQ(failed[0].n(), 5);
  EXPECT_EQ(failed[0].missing(), "the mean 74.0 is below 80.0");
  // The same five at 80 and above: nothing to flag.
  facts.evaluation_totals[0] = ScoresTotals({80, 82, 84, 86, 88});
  EXPECT_THAT(server::FailedCriteria(server::EvaluateEligibility(judged, facts, kRegressionNow)),
              IsEmpty());
}

TEST(RegressionCheckTest, AThinSampleCannotFlag) {
  const v1::PromotionPolicy judged =
      server::MaintenancePolicy(MaintainedPolicy(), absl::CivilDay(2026, 12, 1), kRegressionNow);
  server::PersonFacts facts = PromotedPerson();
  // Four evaluations averaging 50: far below, but fewer than the five the rule needs; no KPI
  // figure at all.
  facts.evaluation_totals[0] = ScoresTotals({40, 50, 50, 60});
  const v1::PersonEligibility judged_person =
      server::EvaluateEligibility(judged, facts, kRegressionNow);
  EXPECT_EQ(judged_person.criteria(0).outcome(), v1::CRITERION_OUTCOME_INSUFFICIENT_EVIDENCE);
  EXPECT_EQ(judged_person.criteria(2).outcome(), v1::CRITERION_OUTCOME_INSUFFICIENT_EVIDENCE);
  EXPECT_THAT(server::FailedCriteria(judged_person), IsEmpty());
}

TEST(RegressionCheckTest, ACriticalFailureAfterThePromotionFlagsAndAMovedLevelDoesNot) {
  const v1::PromotionPolicy judged =
      server::MaintenancePolicy(MaintainedPolicy(), absl::CivilDay(2026, 12, 1), kRegressionNow);
  server::PersonFacts facts = PromotedPerson();
  server::EvaluationTotals critical = ScoresTotals({0});
  critical.critical_failures = 1;
  critical.last_critical_failure_day = absl::CivilDay(2027, 1, 3);
  facts.evaluation_totals[1] = critical;
  std::vector<std::string> keys;
  for (const v1::CriterionResult& result :
       server::FailedCriteria(server::EvaluateEligibility(judged, facts, kRegressionNow))) {
    keys.push_back(result.key());
  }
  EXPECT_THAT(keys, ElementsAre("no-critical"));
  // Someone no longer at the level they were promoted to is not this policy's to flag.
  facts.level = 3;
  EXPECT_THAT(server::FailedCriteria(server::EvaluateEligibility(judged, facts, kRegressionNow)),
              IsEmpty());
}

}  // namespace
}  // namespace escala::testing
