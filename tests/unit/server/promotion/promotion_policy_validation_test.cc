// ValidatePromotionPolicy: the ladder step, the criteria and each rule's ranges, with every
// violation named by its path.
#include "server/promotion/promotion_policy_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "db/common/error_details.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_promotion_policies.h"

namespace escala::testing {
namespace {

using ::testing::UnorderedElementsAre;

using db::ViolatedFields;

TEST(PromotionPolicyValidationTest, TheTestPolicyIsValid) {
  EXPECT_THAT(server::ValidatePromotionPolicy(TestPromotionPolicy("l1-l2")), IsOk());
}

TEST(PromotionPolicyValidationTest, TheStepNeedsTwoDifferentLevelsAndCriteria) {
  v1::PromotionPolicy policy = TestPromotionPolicy("p");
  policy.set_title("");
  policy.set_from_level(2);
  policy.set_to_level(2);
  policy.clear_criteria();
  EXPECT_THAT(ViolatedFields(server::ValidatePromotionPolicy(policy)),
              UnorderedElementsAre("title", "to_level", "criteria"));
  policy = TestPromotionPolicy("p");
  policy.set_from_level(0);
  policy.set_to_level(10);
  EXPECT_THAT(ViolatedFields(server::ValidatePromotionPolicy(policy)),
              UnorderedElementsAre("from_level", "to_level"));
}

TEST(PromotionPolicyValidationTest, EveryRuleIsCheckedAgainstItsRanges) {
  v1::PromotionPolicy policy = TestPromotionPolicy("p");
  policy.mutable_criteria(0)->mutable_tenure()->set_min_months(0);
  v1::QualityRule* quality = policy.mutable_criteria(1)->mutable_quality();
  quality->set_window_days(731);
  quality->set_min_evaluations(0);
  quality->set_min_score(100.5);
  quality->set_confidence(0.5);
  quality->add_scorecard_ids("bad id");
  policy.mutable_criteria(2)->mutable_no_critical_failure()->set_window_days(0);
  policy.mutable_criteria(3)->mutable_courses()->add_course_ids("L2-TROUBLESHOOTING");
  policy.mutable_criteria(4)->mutable_certifications()->clear_certification_ids();
  v1::KpiRule* kpi = policy.mutable_criteria(5)->mutable_kpi();
  kpi->set_metric(v1::KPI_METRIC_UNSPECIFIED);
  kpi->set_direction(v1::THRESHOLD_DIRECTION_UNSPECIFIED);
  kpi->set_threshold(std::numeric_limits<double>::infinity());
  kpi->set_min_n(0);
  policy.mutable_criteria(6)->mutable_no_lost_disputes()->set_window_days(-1);
  policy.mutable_criteria(7)->mutable_attestation()->set_statement("");
  EXPECT_THAT(
      ViolatedFields(server::ValidatePromotionPolicy(policy)),
      UnorderedElementsAre(
          "criteria[0].tenure.min_months", "criteria[1].quality.window_days",
          "criteria[1].quality.min_evaluations", "criteria[1].quality.min_score",
          "criteria[1].quality.confidence", "criteria[1].quality.scorecard_ids[0]",
          "criteria[2].no_critical_failure.window_days", "criteria[3].courses.course_ids[1]",
          "criteria[4].certifications.certification_ids", "criteria[5].kpi.metric",
          "criteria[5].kpi.direction", "criteria[5].kpi.threshold", "criteria[5].kpi.min_n",
          "criteria[6].no_lost_disputes.window_days", "criteria[7].attestation.statement"));
}

TEST(PromotionPolicyValidationTest, KeysAreUniqueAndEachCriterionHasOneRule) {
  v1::PromotionPolicy policy = TestPromotionPolicy("p");
  policy.mutable_criteria(1)->set_key("tenure");
  policy.mutable_criteria(2)->clear_rule();
  policy.mutable_criteria(3)->set_key("");
  EXPECT_THAT(ViolatedFields(server::ValidatePromotionPolicy(policy)),
              UnorderedElementsAre("criteria[1].key", "criteria[2]", "criteria[3].key"));
}

TEST(PromotionPolicyValidationTest, ConfidenceBelongsToTheLowerBoundJudgementOnly) {
  v1::PromotionPolicy policy = TestPromotionPolicy("p");
  v1::QualityRule* quality = policy.mutable_criteria(1)->mutable_quality();
  quality->set_confidence(0);  // the default, 0.95
  EXPECT_THAT(server::ValidatePromotionPolicy(policy), IsOk());
  quality->set_judgement(v1::QUALITY_JUDGEMENT_MEAN);
  quality->set_confidence(0.9);
  EXPECT_THAT(ViolatedFields(server::ValidatePromotionPolicy(policy)),
              UnorderedElementsAre("criteria[1].quality.confidence"));
}

TEST(PromotionPolicyValidationTest, MaintenanceTakesOnlyRulesOfTheNewLevelAndAWatch) {
  v1::PromotionPolicy policy = TestPromotionPolicy("p");
  v1::PromotionCriterion* quality = policy.add_maintenance_criteria();
  quality->set_key("quality");
  *quality->mutable_quality() = policy.criteria(1).quality();
  v1::PromotionCriterion* critical = policy.add_maintenance_criteria();
  critical->set_key("no-critical");
  critical->mutable_no_critical_failure()->set_window_days(30);
  policy.set_maintenance_days(180);
  EXPECT_THAT(server::ValidatePromotionPolicy(policy), IsOk());

  // Tenure and courses say nothing about the new level; a criterion without a rule, a repeated
  // key and a watch of 0 days with criteria are refused, each by its path.
  *policy.add_maintenance_criteria() = policy.criteria(0);
  *policy.add_maintenance_criteria() = policy.criteria(3);
  policy.add_maintenance_criteria()->set_key("empty");
  policy.add_maintenance_criteria()->CopyFrom(*critical);
  policy.mutable_maintenance_criteria(0)->mutable_quality()->set_min_evaluations(0);
  policy.set_maintenance_days(0);
  EXPECT_THAT(ViolatedFields(server::ValidatePromotionPolicy(policy)),
              UnorderedElementsAre("maintenance_criteria[0].quality.min_evaluations",
                                   "maintenance_criteria[2]", "maintenance_criteria[3]",
                                   "maintenance_criteria[4]", "maintenance_criteria[5].key",
                                   "maintenance_days"));
  policy.clear_maintenance_criteria();
  policy.set_maintenance_days(731);
  EXPECT_THAT(ViolatedFields(server::ValidatePromotionPolicy(policy)),
              UnorderedElementsAre("maintenance_days"));
}

}  // namespace
}  // namespace escala::testing
