#include "server/stats/agreement.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <vector>

#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::IsOkAndHolds;
using ::escala::testing::StatusIs;
using ::testing::AllOf;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::optional<double> kMissing = std::nullopt;

// Published figures are given to three decimals, so they are checked at that precision.
constexpr double kPublishedPrecision = 0.0005;
// Results the arithmetic makes exact (1.0, -1.0, hand-computed fractions).
constexpr double kTolerance = 1e-12;

// Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability", worked example with four
// observers (A–D) × twelve units, values 1–5 with missing data. The paper's data matrix lists
// observers as rows; here each row is a unit. Published: α_nominal = 0.743, α_interval = 0.849
// (independently recomputed by the pairwise definition: 0.743421…, 0.849107…).
RatingMatrix KrippendorffExample() {
  //       A         B         C         D
  return {
      {1.0, 1.0, kMissing, 1.0},            // unit 1
      {2.0, 2.0, 3.0, 2.0},                 // unit 2
      {3.0, 3.0, 3.0, 3.0},                 // unit 3
      {3.0, 3.0, 3.0, 3.0},                 // unit 4
      {2.0, 2.0, 2.0, 2.0},                 // unit 5
      {1.0, 2.0, 3.0, 4.0},                 // unit 6
      {4.0, 4.0, 4.0, 4.0},                 // unit 7
      {1.0, 1.0, 2.0, 1.0},                 // unit 8
      {2.0, 2.0, 2.0, 2.0},                 // unit 9
      {kMissing, 5.0, 5.0, 5.0},            // unit 10
      {kMissing, kMissing, 1.0, 1.0},       // unit 11
      {kMissing, 3.0, kMissing, kMissing},  // unit 12: one value, not pairable
  };
}

// Fleiss, J. L. (1971). "Measuring nominal scale agreement among many raters", as worked in the
// Wikipedia article "Fleiss' kappa": 10 subjects, 14 raters, 5 categories.
// Published: P̄ = 0.378, P̄e = 0.213, κ = 0.210 (independently recomputed: 0.209931…).
std::vector<std::vector<int>> FleissExample() {
  return {
      {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
      {7, 7, 0, 0, 0},  {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
  };
}

TEST(KrippendorffAlphaTest, NominalMatchesPublishedExample) {
  EXPECT_THAT(KrippendorffAlphaNominal(KrippendorffExample()),
              IsOkAndHolds(DoubleNear(0.743, kPublishedPrecision)));
}

TEST(KrippendorffAlphaTest, IntervalMatchesPublishedExample) {
  EXPECT_THAT(KrippendorffAlphaInterval(KrippendorffExample()),
              IsOkAndHolds(DoubleNear(0.849, kPublishedPrecision)));
}

TEST(KrippendorffAlphaTest, PerfectAgreementIsOne) {
  const RatingMatrix ratings = {{1.0, 1.0, 1.0}, {0.0, 0.0, kMissing}, {1.0, 1.0, 1.0}};
  EXPECT_THAT(KrippendorffAlphaNominal(ratings), IsOkAndHolds(DoubleNear(1.0, kTolerance)));
  EXPECT_THAT(KrippendorffAlphaInterval(ratings), IsOkAndHolds(DoubleNear(1.0, kTolerance)));
}

TEST(KrippendorffAlphaTest, SystematicDisagreementIsNegative) {
  // Two evaluators who always answer opposite: D_o = 1, D_e = 8/12, α = 1 − 1/(2/3) = −0.5.
  const RatingMatrix ratings = {{0.0, 1.0}, {1.0, 0.0}};
  EXPECT_THAT(KrippendorffAlphaNominal(ratings), IsOkAndHolds(DoubleNear(-0.5, kTolerance)));
  EXPECT_THAT(KrippendorffAlphaInterval(ratings), IsOkAndHolds(DoubleNear(-0.5, kTolerance)));
}

TEST(KrippendorffAlphaTest, UnitWithSingleValueIsIgnored) {
  RatingMatrix with_single = KrippendorffExample();
  with_single.push_back({kMissing, kMissing, kMissing, 5.0});
  RatingMatrix without_single = KrippendorffExample();
  without_single.pop_back();  // unit 12, itself a single value

  const absl::StatusOr<double> reference = KrippendorffAlphaInterval(without_single);
  ASSERT_TRUE(reference.ok()) << reference.status();
  EXPECT_THAT(KrippendorffAlphaInterval(with_single),
              IsOkAndHolds(DoubleNear(*reference, kTolerance)));
}

TEST(KrippendorffAlphaTest, AllIdenticalValuesIsUndefined) {
  const RatingMatrix ratings = {{3.0, 3.0}, {3.0, kMissing, 3.0}};
  EXPECT_THAT(KrippendorffAlphaNominal(ratings),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("undefined")));
  EXPECT_THAT(KrippendorffAlphaInterval(ratings),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("undefined")));
}

TEST(KrippendorffAlphaTest, FewerThanTwoPairableValuesIsRejected) {
  // Each unit has one value: nothing can be paired, even though the values vary.
  const RatingMatrix ratings = {{1.0, kMissing}, {kMissing, 2.0}};
  EXPECT_THAT(KrippendorffAlphaNominal(ratings),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("pairable")));
  EXPECT_THAT(KrippendorffAlphaInterval(RatingMatrix{}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("pairable")));
}

TEST(KrippendorffAlphaTest, NonFiniteValueIsRejected) {
  const RatingMatrix ratings = {{1.0, 2.0}, {1.0, std::numeric_limits<double>::quiet_NaN()}};
  EXPECT_THAT(KrippendorffAlphaInterval(ratings),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unit 1, coder 1")));
}

TEST(FleissKappaTest, MatchesPublishedExample) {
  EXPECT_THAT(FleissKappa(FleissExample()), IsOkAndHolds(DoubleNear(0.210, kPublishedPrecision)));
}

TEST(FleissKappaTest, PerfectAgreementIsOne) {
  EXPECT_THAT(FleissKappa({{3, 0}, {0, 3}, {3, 0}}), IsOkAndHolds(DoubleNear(1.0, kTolerance)));
}

TEST(FleissKappaTest, SystematicDisagreementIsNegative) {
  // Two raters who always split: P̄ = 0, P̄e = 0.5, κ = −1.
  EXPECT_THAT(FleissKappa({{1, 1}, {1, 1}}), IsOkAndHolds(DoubleNear(-1.0, kTolerance)));
}

TEST(FleissKappaTest, UnequalRaterCountsNameTheUnit) {
  EXPECT_THAT(FleissKappa({{2, 1}, {1, 2}, {1, 1}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("unit 2"), HasSubstr("2 raters"))));
}

TEST(FleissKappaTest, FewerThanTwoRatersIsRejected) {
  EXPECT_THAT(FleissKappa({{1, 0}, {0, 1}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at least 2 raters")));
}

TEST(FleissKappaTest, NegativeCountIsRejected) {
  EXPECT_THAT(FleissKappa({{2, 0}, {3, -1}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unit 1, category 1")));
}

TEST(FleissKappaTest, SingleCategoryIsUndefined) {
  EXPECT_THAT(FleissKappa({{0, 4}, {0, 4}}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("undefined")));
}

TEST(FleissCountsFromRatingsTest, CountsRatersPerCategory) {
  const RatingMatrix ratings = {{0.0, 1.0, 1.0}, {2.0, 2.0, 2.0}};
  EXPECT_THAT(FleissCountsFromRatings(ratings, 3),
              IsOkAndHolds(ElementsAre(ElementsAre(1, 2, 0), ElementsAre(0, 0, 3))));
}

TEST(FleissCountsFromRatingsTest, CountsFeedFleissKappa) {
  // Yes/no answers of three evaluators on four interactions (0 = no, 1 = yes): counts
  // {1,2} {0,3} {3,0} {1,2}; P̄ = 2/3, p = (5/12, 7/12), P̄e = 74/144, κ = 22/70.
  const RatingMatrix ratings = {{0.0, 1.0, 1.0}, {1.0, 1.0, 1.0}, {0.0, 0.0, 0.0}, {1.0, 0.0, 1.0}};
  const absl::StatusOr<std::vector<std::vector<int>>> counts = FleissCountsFromRatings(ratings, 2);
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_THAT(FleissKappa(*counts), IsOkAndHolds(DoubleNear(22.0 / 70.0, kTolerance)));
}

TEST(FleissCountsFromRatingsTest, MissingValueNamesUnitAndCoder) {
  const RatingMatrix ratings = {{0.0, 1.0}, {1.0, kMissing}};
  EXPECT_THAT(FleissCountsFromRatings(ratings, 2),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unit 1, coder 1")));
}

TEST(FleissCountsFromRatingsTest, ValueOutsideCategoriesIsRejected) {
  EXPECT_THAT(FleissCountsFromRatings({{0.0, 2.0}}, 2),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unit 0, coder 1")));
  EXPECT_THAT(FleissCountsFromRatings({{0.5, 1.0}}, 2),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unit 0, coder 0")));
}

}  // namespace
}  // namespace escala::server
