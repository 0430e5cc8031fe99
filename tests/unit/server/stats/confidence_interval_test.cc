#include "server/stats/confidence_interval.h"

#include <gtest/gtest.h>

#include <cmath>

namespace escala::server {
namespace {

TEST(StudentTQuantileTest, MatchesTheTableValues) {
  // Two-sided 95 %, 90 % and 99 % critical values from a printed t table (three decimals).
  EXPECT_NEAR(StudentTQuantile(0.975, 4), 2.776, 5e-4);
  EXPECT_NEAR(StudentTQuantile(0.975, 29), 2.045, 5e-4);
  EXPECT_NEAR(StudentTQuantile(0.95, 9), 1.833, 5e-4);
  EXPECT_NEAR(StudentTQuantile(0.975, 1), 12.706, 5e-4);
  EXPECT_NEAR(StudentTQuantile(0.995, 1), 63.657, 5e-3);
  EXPECT_NEAR(StudentTQuantile(0.995, 10), 3.169, 5e-4);
  EXPECT_NEAR(StudentTQuantile(0.9, 120), 1.289, 5e-4);
  // Large samples approach the normal quantile 1.95996.
  EXPECT_NEAR(StudentTQuantile(0.975, 100000), 1.95996, 1e-4);
}

TEST(StudentTQuantileTest, IsSymmetricAndInvertsTheCdf) {
  EXPECT_DOUBLE_EQ(StudentTQuantile(0.5, 7), 0.0);
  EXPECT_NEAR(StudentTQuantile(0.025, 4), -2.776, 5e-4);
  for (int df : {1, 2, 5, 30, 200}) {
    for (double p : {0.6, 0.9, 0.975, 0.999}) {
      EXPECT_NEAR(StudentTCdf(StudentTQuantile(p, df), df), p, 1e-9) << "df " << df << " p " << p;
    }
  }
}

TEST(RegularizedIncompleteBetaTest, MatchesClosedForms) {
  // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b.
  EXPECT_NEAR(RegularizedIncompleteBeta(1, 1, 0.3), 0.3, 1e-12);
  EXPECT_NEAR(RegularizedIncompleteBeta(3, 1, 0.5), 0.125, 1e-12);
  EXPECT_NEAR(RegularizedIncompleteBeta(1, 4, 0.2), 1 - std::pow(0.8, 4), 1e-12);
  EXPECT_DOUBLE_EQ(RegularizedIncompleteBeta(2, 3, 0), 0);
  EXPECT_DOUBLE_EQ(RegularizedIncompleteBeta(2, 3, 1), 1);
  // Symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
  EXPECT_NEAR(RegularizedIncompleteBeta(2.5, 7, 0.4), 1 - RegularizedIncompleteBeta(7, 2.5, 0.6),
              1e-12);
}

TEST(EstimateMeanTest, MatchesAHandComputedInterval) {
  // Scores 70, 80, 90, 85, 75: mean 80, Σ(x − mean)² = 100 + 0 + 100 + 25 + 25 = 250,
  // sd = √(250 / 4) = 7.9057, standard error = 7.9057 / √5 = 3.5355, t(0.975, 4) = 2.7764,
  // half-width 9.8163: [70.1837, 89.8163].
  const MeanEstimate estimate = EstimateMean({70, 80, 90, 85, 75}, 0.95);
  EXPECT_EQ(estimate.n, 5);
  ASSERT_TRUE(estimate.mean && estimate.standard_deviation && estimate.low && estimate.high);
  EXPECT_DOUBLE_EQ(*estimate.mean, 80);
  EXPECT_NEAR(*estimate.standard_deviation, 7.90569, 1e-5);
  EXPECT_NEAR(*estimate.low, 70.1837, 1e-3);
  EXPECT_NEAR(*estimate.high, 89.8163, 1e-3);
}

TEST(EstimateMeanTest, AHigherConfidenceGivesAWiderInterval) {
  const std::vector<double> scores = {60, 72, 88, 91, 79, 66, 84};
  const MeanEstimate ninety = EstimateMean(scores, 0.90);
  const MeanEstimate ninety_nine = EstimateMean(scores, 0.99);
  EXPECT_LT(*ninety_nine.low, *ninety.low);
  EXPECT_GT(*ninety_nine.high, *ninety.high);
}

TEST(EstimateMeanTest, LeavesOutWhatTooFewValuesCannotGive) {
  const MeanEstimate empty = EstimateMean({}, 0.95);
  EXPECT_EQ(empty.n, 0);
  EXPECT_FALSE(empty.mean.has_value());
  const MeanEstimate one = EstimateMean({88.5}, 0.95);
  EXPECT_EQ(one.n, 1);
  EXPECT_DOUBLE_EQ(*one.mean, 88.5);
  EXPECT_FALSE(one.standard_deviation.has_value());
  EXPECT_FALSE(one.low.has_value());
  EXPECT_FALSE(one.high.has_value());
}

TEST(EstimateMeanTest, IdenticalScoresHaveAZeroWidthInterval) {
  const MeanEstimate estimate = EstimateMean({90, 90, 90}, 0.95);
  EXPECT_DOUBLE_EQ(*estimate.standard_deviation, 0);
  EXPECT_DOUBLE_EQ(*estimate.low, 90);
  EXPECT_DOUBLE_EQ(*estimate.high, 90);
}

}  // namespace
}  // namespace escala::server
