// Difference in differences, each expectation worked out by hand in the comments. The t
// quantiles for fractional degrees of freedom lie between the printed table's neighbours; their
// values to four decimals were computed from the t distribution's CDF with arbitrary precision.
#include "server/stats/difference_in_differences.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "server/stats/confidence_interval.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The trained group: five people.
//   person  before        after      before mean  after mean  change
//   1       60, 70        80         65           80          15
//   2       50            60, 70     50           65          15
//   3       70            80         70           80          10
//   4       60            80         60           80          20
//   5       80            90         80           90          10
// Mean before (65 + 50 + 70 + 60 + 80) / 5 = 65, after (80 + 65 + 80 + 80 + 90) / 5 = 79,
// change 14. Deviations 1, 1, −4, 6, −4; squares 1 + 1 + 16 + 36 + 16 = 70; s² = 70 / 4 = 17.5.
// Evaluations: 6 before, 6 after.
std::vector<PersonScores> Trained() {
  return {{{60, 70}, {80}}, {{50}, {60, 70}}, {{70}, {80}}, {{60}, {80}}, {{80}, {90}}};
}

TEST(DifferenceInDifferencesTest, TheEstimateIsTheTrainedChangeLessTheComparisonChange) {
  // Comparison: 60→62, 70→70, 50→56, 80→78, 65→69; changes 2, 0, 6, −2, 4, mean 2.
  // Means: before 325 / 5 = 65, after (62 + 70 + 56 + 78 + 69) / 5 = 67.
  // Deviations 0, −2, 4, −4, 2; squares 0 + 4 + 16 + 16 + 4 = 40; s² = 10.
  const std::vector<PersonScores> comparison = {
      {{60}, {62}}, {{70}, {70}}, {{50}, {56}}, {{80}, {78}}, {{65}, {69}}};
  ESCALA_ASSERT_OK_AND_ASSIGN(DifferenceInDifferences did,
                              EstimateDifferenceInDifferences(Trained(), comparison));
  ASSERT_TRUE(did.enough_data) << did.not_enough_data;
  EXPECT_EQ(did.trained.people, 5);
  EXPECT_EQ(did.trained.people_left_out, 0);
  EXPECT_EQ(did.trained.evaluations_before, 6);
  EXPECT_EQ(did.trained.evaluations_after, 6);
  EXPECT_DOUBLE_EQ(*did.trained.mean_before, 65.0);
  EXPECT_DOUBLE_EQ(*did.trained.mean_after, 79.0);
  EXPECT_DOUBLE_EQ(*did.trained.mean_change, 14.0);
  EXPECT_DOUBLE_EQ(*did.trained.change_variance, 17.5);
  EXPECT_DOUBLE_EQ(*did.comparison.mean_before, 65.0);
  EXPECT_DOUBLE_EQ(*did.comparison.mean_after, 67.0);
  EXPECT_DOUBLE_EQ(*did.comparison.change_variance, 10.0);
  // Estimate 14 − 2 = 12. SE = √(17.5 / 5 + 10 / 5) = √(3.5 + 2) = √5.5 = 2.345208.
  // Degrees: 5.5² / (3.5² / 4 + 2² / 4) = 30.25 / 4.0625 = 7.446154.
  // t(0.975, 7.446) = 2.3362 (table: 2.365 at 7, 2.306 at 8); half width 2.3362 × 2.345208 =
  // 5.4789: the interval is 6.5211 to 17.4789.
  EXPECT_DOUBLE_EQ(*did.estimate, 12.0);
  EXPECT_NEAR(*did.standard_error, 2.345208, 1e-6);
  EXPECT_NEAR(*did.degrees_of_freedom, 7.446154, 1e-6);
  EXPECT_NEAR(*did.low, 6.5211, 1e-3);
  EXPECT_NEAR(*did.high, 17.4789, 1e-3);
}

TEST(DifferenceInDifferencesTest, AComparisonGroupThatImprovedAsMuchGivesAnEstimateNearZero) {
  // Comparison: 60→80, 70→80, 50→64, 80→88, 65→83; changes 20, 10, 14, 8, 18, mean 14 — as
  // much as the trained group. Deviations 6, −4, 0, −6, 4; squares 36 + 16 + 0 + 36 + 16 = 104;
  // s² = 26.
  const std::vector<PersonScores> comparison = {
      {{60}, {80}}, {{70}, {80}}, {{50}, {64}}, {{80}, {88}}, {{65}, {83}}};
  ESCALA_ASSERT_OK_AND_ASSIGN(DifferenceInDifferences did,
                              EstimateDifferenceInDifferences(Trained(), comparison));
  ASSERT_TRUE(did.enough_data);
  // Estimate 14 − 14 = 0. SE = √(3.5 + 26 / 5) = √8.7 = 2.949576.
  // Degrees 8.7² / (3.5² / 4 + 5.2² / 4) = 75.69 / 9.8225 = 7.705778; t(0.975) = 2.3214;
  // half width 6.8472: the interval −6.8472 to 6.8472 spans 0.
  EXPECT_NEAR(*did.estimate, 0.0, 1e-12);
  EXPECT_NEAR(*did.standard_error, 2.949576, 1e-6);
  EXPECT_NEAR(*did.degrees_of_freedom, 7.705778, 1e-6);
  EXPECT_NEAR(*did.low, -6.8472, 1e-3);
  EXPECT_NEAR(*did.high, 6.8472, 1e-3);
  EXPECT_LT(*did.low, 0.0);
  EXPECT_GT(*did.high, 0.0);
}

TEST(DifferenceInDifferencesTest, FewerThanFivePeopleWithBothWindowsIsNotEnoughData) {
  // Comparison: four people with both windows and one with only a "before" score, who has no
  // change and is left out.
  const std::vector<PersonScores> comparison = {
      {{60}, {62}}, {{70}, {70}}, {{50}, {56}}, {{80}, {78}}, {{65}, {}}};
  ESCALA_ASSERT_OK_AND_ASSIGN(DifferenceInDifferences did,
                              EstimateDifferenceInDifferences(Trained(), comparison));
  EXPECT_FALSE(did.enough_data);
  EXPECT_EQ(did.not_enough_data,
            "the comparison group has 4 people with scores before and after, fewer than 5");
  EXPECT_FALSE(did.estimate.has_value());
  EXPECT_FALSE(did.standard_error.has_value());
  EXPECT_FALSE(did.low.has_value());
  EXPECT_FALSE(did.high.has_value());
  // The counts are still given, so the reader sees why.
  EXPECT_EQ(did.comparison.people, 4);
  EXPECT_EQ(did.comparison.people_left_out, 1);
  EXPECT_EQ(did.comparison.evaluations_before, 4);
  EXPECT_EQ(did.trained.people, 5);

  // Empty groups: both named.
  ESCALA_ASSERT_OK_AND_ASSIGN(DifferenceInDifferences none,
                              EstimateDifferenceInDifferences({}, {}));
  EXPECT_FALSE(none.enough_data);
  EXPECT_THAT(none.not_enough_data, HasSubstr("the trained group has 0 people"));
  EXPECT_THAT(none.not_enough_data, HasSubstr("the comparison group has 0 people"));
  EXPECT_FALSE(none.trained.mean_before.has_value());
}

TEST(DifferenceInDifferencesTest, NoSpreadAtAllGivesTheEstimateAsItsOwnInterval) {
  // Every trained person gains 10, every comparison person 4: estimate 6, SE 0, no degrees.
  std::vector<PersonScores> trained;
  std::vector<PersonScores> comparison;
  for (int i = 0; i < 5; ++i) {
    trained.push_back({{50.0 + i}, {60.0 + i}});
    comparison.push_back({{50.0 + i}, {54.0 + i}});
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(DifferenceInDifferences did,
                              EstimateDifferenceInDifferences(trained, comparison));
  ASSERT_TRUE(did.enough_data);
  EXPECT_NEAR(*did.estimate, 6.0, 1e-12);
  EXPECT_DOUBLE_EQ(*did.standard_error, 0.0);
  EXPECT_FALSE(did.degrees_of_freedom.has_value());
  EXPECT_NEAR(*did.low, 6.0, 1e-12);
  EXPECT_NEAR(*did.high, 6.0, 1e-12);
}

TEST(DifferenceInDifferencesTest, ScoresOutsideThePercentScaleAndABadConfidenceAreRefused) {
  std::vector<PersonScores> trained = Trained();
  trained[2].after.push_back(101);
  EXPECT_THAT(EstimateDifferenceInDifferences(trained, Trained()),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("trained[2].after[1]: ")));
  std::vector<PersonScores> comparison = Trained();
  comparison[0].before[0] = std::nan("");
  EXPECT_THAT(
      EstimateDifferenceInDifferences(Trained(), comparison),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("comparison[0].before[0]: ")));
  EXPECT_THAT(EstimateDifferenceInDifferences(Trained(), Trained(), 1.0),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("confidence: ")));
}

TEST(StudentTQuantileTest, TakesFractionalDegreesOfFreedomBetweenTheTableValues) {
  // 7.446 degrees: between 2.365 (7) and 2.306 (8); 2.3362 from the CDF.
  const double t = StudentTQuantile(0.975, 7.446153846);
  EXPECT_LT(t, 2.365);
  EXPECT_GT(t, 2.306);
  EXPECT_NEAR(t, 2.3362, 1e-4);
}

}  // namespace
}  // namespace escala::server
