#include "server/qa/scoring/scoring.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::IsOk;
using ::escala::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Scores are sums of products of doubles, so they are compared with a tolerance far below the
// one-decimal presentation; exact equality is used only where the arithmetic is exact (0, 50).
constexpr double kTolerance = 1e-9;

CriterionSpec YesNo(std::string key, double weight) {
  CriterionSpec criterion;
  criterion.key = std::move(key);
  criterion.weight = weight;
  criterion.scale = {ScaleSpec::kYesNo, 0, 1};
  return criterion;
}

CriterionSpec Range(std::string key, double weight, int min, int max) {
  CriterionSpec criterion = YesNo(std::move(key), weight);
  criterion.scale = {ScaleSpec::kRange, min, max};
  return criterion;
}

CriterionSpec Points(std::string key, double weight, int max) {
  CriterionSpec criterion = YesNo(std::move(key), weight);
  criterion.scale = {ScaleSpec::kPoints, 0, max};
  return criterion;
}

CriterionSpec Critical(CriterionSpec criterion, CriterionSpec::CriticalScope scope) {
  criterion.critical = true;
  criterion.critical_scope = scope;
  return criterion;
}

CriterionSpec AllowNa(CriterionSpec criterion) {
  criterion.allow_na = true;
  return criterion;
}

SectionSpec Section(std::string key, std::vector<CriterionSpec> criteria) {
  return SectionSpec{key, "Title of " + key, std::move(criteria)};
}

Answer Value(std::string key, int value) { return Answer{std::move(key), value, false}; }
Answer Na(std::string key) { return Answer{std::move(key), std::nullopt, true}; }

ScoreResult ScoreOk(const std::vector<SectionSpec>& card, const std::vector<Answer>& answers,
                    const BandCutoffs& cutoffs = {}) {
  absl::StatusOr<ScoreResult> result = ScoreEvaluation(card, answers, cutoffs);
  EXPECT_THAT(result, IsOk());
  return result.ok() ? *result : ScoreResult{};
}

// ---------------------------------------------------------------------------------------------
// The weighted mean

TEST(ScoreEvaluation, WeighsNormalisedScoresByCriterionWeight) {
  // Weights 1, 2, 3; answers 5, 3, 1 on 1–5 normalise to 1, 0.5, 0.
  // (1×1 + 0.5×2 + 0×3) / (1+2+3) × 100 = 2/6 × 100 = 33.333…
  const std::vector<SectionSpec> card = {
      Section("call", {Range("a", 1, 1, 5), Range("b", 2, 1, 5), Range("c", 3, 1, 5)})};
  ScoreResult result = ScoreOk(card, {Value("a", 5), Value("b", 3), Value("c", 1)});
  ASSERT_TRUE(result.score.has_value());
  EXPECT_NEAR(*result.score, 100.0 / 3.0, kTolerance);
  EXPECT_EQ(result.band, QualityBand::kUnacceptable);
  EXPECT_FALSE(result.zeroed_by_critical);
  EXPECT_THAT(result.failed_critical_keys, IsEmpty());
}

TEST(ScoreEvaluation, WeightsAreGlobalAcrossSections) {
  // Section "x" holds weight 1 (yes), section "y" weight 3 (no): sections carry no weight of
  // their own, so the card is (1×1 + 0×3) / 4 × 100 = 25, not the mean of sections (100+0)/2 = 50.
  const std::vector<SectionSpec> card = {Section("x", {YesNo("p", 1)}),
                                         Section("y", {YesNo("q", 3)})};
  ScoreResult result = ScoreOk(card, {Value("p", 1), Value("q", 0)});
  EXPECT_NEAR(*result.score, 25.0, kTolerance);
  ASSERT_EQ(result.sections.size(), 2u);
  EXPECT_EQ(result.sections[0].section_key, "x");
  EXPECT_NEAR(*result.sections[0].score, 100.0, kTolerance);  // 1×1 / 1
  EXPECT_EQ(result.sections[1].section_key, "y");
  EXPECT_NEAR(*result.sections[1].score, 0.0, kTolerance);  // 0×3 / 3
}

TEST(ScoreEvaluation, NaRemovesTheWeightFromTheDenominator) {
  // yes (w 1), N/A (w 3), no (w 1): (1×1 + 0×1) / (1+1) × 100 = 50. Had N/A counted as 0 it
  // would be 1/5 × 100 = 20.
  const std::vector<SectionSpec> card = {
      Section("call", {YesNo("a", 1), AllowNa(YesNo("b", 3)), YesNo("c", 1)})};
  ScoreResult result = ScoreOk(card, {Value("a", 1), Na("b"), Value("c", 0)});
  EXPECT_NEAR(*result.score, 50.0, kTolerance);
}

TEST(ScoreEvaluation, YesIsFullAndNoIsZero) {
  const std::vector<SectionSpec> card = {Section("call", {YesNo("a", 1)})};
  EXPECT_NEAR(*ScoreOk(card, {Value("a", 1)}).score, 100.0, kTolerance);  // 1×1 / 1 × 100
  EXPECT_NEAR(*ScoreOk(card, {Value("a", 0)}).score, 0.0, kTolerance);    // 0×1 / 1 × 100
}

TEST(ScoreEvaluation, NormalisesARangeFromItsMinimum) {
  const std::vector<SectionSpec> card = {Section("call", {Range("a", 2, 1, 5)})};
  // (3-1)/(5-1) = 0.5 → 50
  EXPECT_NEAR(*ScoreOk(card, {Value("a", 3)}).score, 50.0, kTolerance);
  // (4-1)/(5-1) = 0.75 → 75
  EXPECT_NEAR(*ScoreOk(card, {Value("a", 4)}).score, 75.0, kTolerance);
  // (1-1)/(5-1) = 0 → 0, (5-1)/(5-1) = 1 → 100
  EXPECT_NEAR(*ScoreOk(card, {Value("a", 1)}).score, 0.0, kTolerance);
  EXPECT_NEAR(*ScoreOk(card, {Value("a", 5)}).score, 100.0, kTolerance);
}

TEST(ScoreEvaluation, NormalisesPointsAgainstTheirMaximum) {
  const std::vector<SectionSpec> card = {Section("call", {Points("a", 1, 4)})};
  EXPECT_NEAR(*ScoreOk(card, {Value("a", 3)}).score, 75.0, kTolerance);  // 3/4 → 75
  EXPECT_NEAR(*ScoreOk(card, {Value("a", 0)}).score, 0.0, kTolerance);   // 0/4 → 0
}

TEST(ScoreEvaluation, MixesScalesInOneCard) {
  // yes/no yes (w 1) → 1; 3 on 1–5 (w 2) → 0.5; 1 of 4 points (w 4) → 0.25.
  // (1×1 + 0.5×2 + 0.25×4) / (1+2+4) × 100 = 3/7 × 100 = 42.857…
  const std::vector<SectionSpec> card = {
      Section("s", {YesNo("a", 1), Range("b", 2, 1, 5), Points("c", 4, 4)})};
  ScoreResult result = ScoreOk(card, {Value("a", 1), Value("b", 3), Value("c", 1)});
  EXPECT_NEAR(*result.score, 300.0 / 7.0, kTolerance);
}

TEST(ScoreEvaluation, AcceptsAnswersInAnyOrder) {
  // Same card as WeighsNormalisedScoresByCriterionWeight, answers reversed: 33.333…
  const std::vector<SectionSpec> card = {
      Section("call", {Range("a", 1, 1, 5), Range("b", 2, 1, 5), Range("c", 3, 1, 5)})};
  ScoreResult result = ScoreOk(card, {Value("c", 1), Value("b", 3), Value("a", 5)});
  EXPECT_NEAR(*result.score, 100.0 / 3.0, kTolerance);
}

// ---------------------------------------------------------------------------------------------
// N/A everywhere

TEST(ScoreEvaluation, EveryCriterionNaGivesNoScoreAndNoBand) {
  const std::vector<SectionSpec> card = {Section("x", {AllowNa(YesNo("a", 1))}),
                                         Section("y", {AllowNa(Range("b", 2, 1, 5))})};
  ScoreResult result = ScoreOk(card, {Na("a"), Na("b")});
  EXPECT_EQ(result.score, std::nullopt);
  EXPECT_EQ(result.band, std::nullopt);
  ASSERT_EQ(result.sections.size(), 2u);
  EXPECT_EQ(result.sections[0].score, std::nullopt);
  EXPECT_EQ(result.sections[1].score, std::nullopt);
}

TEST(ScoreEvaluation, SectionWithOnlyNaHasNoScoreButTheCardHasOne) {
  // Section x all N/A; section y: 4 of 4 points (w 2) → (1×2)/2 × 100 = 100.
  const std::vector<SectionSpec> card = {Section("x", {AllowNa(YesNo("a", 5))}),
                                         Section("y", {Points("b", 2, 4)})};
  ScoreResult result = ScoreOk(card, {Na("a"), Value("b", 4)});
  EXPECT_NEAR(*result.score, 100.0, kTolerance);
  EXPECT_EQ(result.band, QualityBand::kAboveExpectations);
  EXPECT_EQ(result.sections[0].score, std::nullopt);
  EXPECT_NEAR(*result.sections[1].score, 100.0, kTolerance);
}

// ---------------------------------------------------------------------------------------------
// Critical criteria

TEST(ScoreEvaluation, FailedEvaluationCriticalZeroesEverything) {
  // Without the critical rule: (0×2 + 1×1 + 1×3) / (2+1+3) × 100 = 4/6 × 100 = 66.67 (Basic).
  // "verify" is critical for the whole evaluation and answered no: score 0, Unacceptable.
  const std::vector<SectionSpec> card = {
      Section("opening",
              {Critical(YesNo("verify", 2), CriterionSpec::kEvaluation), YesNo("greeting", 1)}),
      Section("resolution", {Range("solution", 3, 1, 5)})};
  ScoreResult result =
      ScoreOk(card, {Value("verify", 0), Value("greeting", 1), Value("solution", 5)});
  EXPECT_EQ(result.score, 0.0);
  EXPECT_EQ(result.band, QualityBand::kUnacceptable);
  EXPECT_TRUE(result.zeroed_by_critical);
  EXPECT_THAT(result.failed_critical_keys, ElementsAre("verify"));
  ASSERT_EQ(result.sections.size(), 2u);
  EXPECT_EQ(result.sections[0].score, 0.0);
  EXPECT_EQ(result.sections[1].score, 0.0);
  EXPECT_FALSE(result.sections[0].zeroed_by_critical);  // that flag is for section scope
}

TEST(ScoreEvaluation, EveryCriterionWhoseAnswerFailsIsListedCriticalOrNot) {
  // "verify" critical answered no; "greeting" yes/no answered no; "solution" 1–5 answered 1 (its
  // lowest) fails, "tone" 1–5 answered 2 does not; "steps" with a threshold of 0.5 answered
  // 1 of 4 points fails though it is not the lowest; "extra" N/A never fails.
  CriterionSpec steps = Points("steps", 1, 4);
  steps.critical_threshold = 0.5;
  const std::vector<SectionSpec> card = {
      Section("opening",
              {Critical(YesNo("verify", 1), CriterionSpec::kSection), YesNo("greeting", 1)}),
      Section("resolution", {Range("solution", 1, 1, 5), Range("tone", 1, 1, 5), steps,
                             AllowNa(YesNo("extra", 1))})};
  ScoreResult result =
      ScoreOk(card, {Value("verify", 0), Value("greeting", 0), Value("solution", 1),
                     Value("tone", 2), Value("steps", 1), Na("extra")});
  EXPECT_THAT(result.failed_keys, ElementsAre("verify", "greeting", "solution", "steps"));
  EXPECT_THAT(result.failed_critical_keys, ElementsAre("verify"));
  // A criterion of a section a critical failure zeroed fails only on its own answer.
  ScoreResult zeroed =
      ScoreOk(card, {Value("verify", 0), Value("greeting", 1), Value("solution", 5),
                     Value("tone", 5), Value("steps", 4), Value("extra", 1)});
  EXPECT_THAT(zeroed.failed_keys, ElementsAre("verify"));
}

TEST(ScoreEvaluation, PassedCriticalLeavesTheScoreAlone) {
  // Same card, verify answered yes: (1×2 + 1×1 + 0.5×3) / 6 × 100 = 4.5/6 × 100 = 75 (Good).
  const std::vector<SectionSpec> card = {
      Section("opening",
              {Critical(YesNo("verify", 2), CriterionSpec::kEvaluation), YesNo("greeting", 1)}),
      Section("resolution", {Range("solution", 3, 1, 5)})};
  ScoreResult result =
      ScoreOk(card, {Value("verify", 1), Value("greeting", 1), Value("solution", 3)});
  EXPECT_NEAR(*result.score, 75.0, kTolerance);
  EXPECT_EQ(result.band, QualityBand::kGood);
  EXPECT_FALSE(result.zeroed_by_critical);
  EXPECT_THAT(result.failed_critical_keys, IsEmpty());
}

TEST(ScoreEvaluation, FailedSectionCriticalZeroesOnlyItsSectionWhichKeepsItsWeight) {
  // compliance: disclosure (critical, section scope, w 1) no; recording (w 2) yes;
  //             callback (w 4) N/A — stays out of every denominator.
  // resolution: solution 5 on 1–5 (w 3) → 1; empathy 2 of 4 points (w 2) → 0.5.
  // compliance zeroed: earned 0×1 + 0×2 = 0 over weight 3 → section 0.
  // resolution: (1×3 + 0.5×2) / 5 × 100 = 4/5 × 100 = 80.
  // card: (0 + 4) / (3 + 5) × 100 = 50 → Basic (50 is the Basic cut-off).
  // Had the zeroed section been removed instead, the card would be 80.
  const std::vector<SectionSpec> card = {
      Section("compliance", {Critical(YesNo("disclosure", 1), CriterionSpec::kSection),
                             YesNo("recording", 2), AllowNa(YesNo("callback", 4))}),
      Section("resolution", {Range("solution", 3, 1, 5), Points("empathy", 2, 4)})};
  ScoreResult result = ScoreOk(card, {Value("disclosure", 0), Value("recording", 1), Na("callback"),
                                      Value("solution", 5), Value("empathy", 2)});
  EXPECT_NEAR(*result.score, 50.0, kTolerance);
  EXPECT_EQ(result.band, QualityBand::kBasic);
  EXPECT_FALSE(result.zeroed_by_critical);
  EXPECT_THAT(result.failed_critical_keys, ElementsAre("disclosure"));
  ASSERT_EQ(result.sections.size(), 2u);
  EXPECT_EQ(result.sections[0].score, 0.0);
  EXPECT_TRUE(result.sections[0].zeroed_by_critical);
  EXPECT_NEAR(*result.sections[1].score, 80.0, kTolerance);
  EXPECT_FALSE(result.sections[1].zeroed_by_critical);
}

TEST(ScoreEvaluation, ReportsEveryFailedCriticalInCardOrder) {
  // s1: a (section scope) no; s2: b (evaluation scope) no, c yes. Both listed; the evaluation
  // scope wins: score 0.
  const std::vector<SectionSpec> card = {
      Section("s1", {Critical(YesNo("a", 1), CriterionSpec::kSection)}),
      Section("s2", {Critical(YesNo("b", 1), CriterionSpec::kEvaluation), YesNo("c", 1)})};
  ScoreResult result = ScoreOk(card, {Value("c", 1), Value("b", 0), Value("a", 0)});
  EXPECT_THAT(result.failed_critical_keys, ElementsAre("a", "b"));
  EXPECT_TRUE(result.zeroed_by_critical);
  EXPECT_TRUE(result.sections[0].zeroed_by_critical);
  EXPECT_EQ(result.score, 0.0);
}

TEST(ScoreEvaluation, CriticalDefaultFailsOnlyTheLowestAnswer) {
  const std::vector<SectionSpec> range_card = {
      Section("s", {Critical(Range("tone", 1, 1, 5), CriterionSpec::kEvaluation)})};
  // 2 on 1–5 → (2-1)/4 = 0.25: not the lowest answer, so no failure; score 25.
  ScoreResult two = ScoreOk(range_card, {Value("tone", 2)});
  EXPECT_THAT(two.failed_critical_keys, IsEmpty());
  EXPECT_NEAR(*two.score, 25.0, kTolerance);
  // 1 on 1–5 → 0: the lowest answer fails.
  EXPECT_THAT(ScoreOk(range_card, {Value("tone", 1)}).failed_critical_keys, ElementsAre("tone"));

  const std::vector<SectionSpec> points_card = {
      Section("s", {Critical(Points("steps", 1, 3), CriterionSpec::kEvaluation)})};
  // 1 of 3 points → 0.333: passes; 0 points → 0: fails.
  EXPECT_THAT(ScoreOk(points_card, {Value("steps", 1)}).failed_critical_keys, IsEmpty());
  EXPECT_THAT(ScoreOk(points_card, {Value("steps", 0)}).failed_critical_keys, ElementsAre("steps"));
}

TEST(ScoreEvaluation, CriticalThresholdFailsAnswersStrictlyBelowIt) {
  CriterionSpec tone = Critical(Range("tone", 1, 1, 5), CriterionSpec::kEvaluation);
  tone.critical_threshold = 0.5;
  const std::vector<SectionSpec> card = {Section("s", {tone})};
  // 2 on 1–5 → 0.25 < 0.5: fails, score 0.
  ScoreResult two = ScoreOk(card, {Value("tone", 2)});
  EXPECT_THAT(two.failed_critical_keys, ElementsAre("tone"));
  EXPECT_EQ(two.score, 0.0);
  // 3 on 1–5 → 0.5, not below 0.5: passes, score 50.
  ScoreResult three = ScoreOk(card, {Value("tone", 3)});
  EXPECT_THAT(three.failed_critical_keys, IsEmpty());
  EXPECT_NEAR(*three.score, 50.0, kTolerance);
}

TEST(ScoreEvaluation, NaOnACriticalCriterionIsNotAFailure) {
  // verify N/A, greeting yes (w 1): 1×1 / 1 × 100 = 100.
  const std::vector<SectionSpec> card = {Section(
      "s",
      {AllowNa(Critical(YesNo("verify", 2), CriterionSpec::kEvaluation)), YesNo("greeting", 1)})};
  ScoreResult result = ScoreOk(card, {Na("verify"), Value("greeting", 1)});
  EXPECT_THAT(result.failed_critical_keys, IsEmpty());
  EXPECT_NEAR(*result.score, 100.0, kTolerance);
}

// ---------------------------------------------------------------------------------------------
// Bands

TEST(BandForScore, AScoreEqualToACutoffBelongsToTheHigherBand) {
  const BandCutoffs cutoffs;  // 50 / 70 / 85 / 95
  EXPECT_EQ(BandForScore(0.0, cutoffs), QualityBand::kUnacceptable);
  EXPECT_EQ(BandForScore(50.0, cutoffs), QualityBand::kBasic);
  EXPECT_EQ(BandForScore(70.0, cutoffs), QualityBand::kGood);
  EXPECT_EQ(BandForScore(85.0, cutoffs), QualityBand::kExcellent);
  EXPECT_EQ(BandForScore(95.0, cutoffs), QualityBand::kAboveExpectations);
  EXPECT_EQ(BandForScore(100.0, cutoffs), QualityBand::kAboveExpectations);
}

TEST(BandForScore, AScoreJustBelowACutoffStaysInTheLowerBand) {
  const BandCutoffs cutoffs;
  // The largest double below each cut-off: the band is decided at full precision.
  EXPECT_EQ(BandForScore(std::nextafter(50.0, 0.0), cutoffs), QualityBand::kUnacceptable);
  EXPECT_EQ(BandForScore(std::nextafter(70.0, 0.0), cutoffs), QualityBand::kBasic);
  EXPECT_EQ(BandForScore(std::nextafter(85.0, 0.0), cutoffs), QualityBand::kGood);
  EXPECT_EQ(BandForScore(std::nextafter(95.0, 0.0), cutoffs), QualityBand::kExcellent);
  // And a visible step below, as a score would show it.
  EXPECT_EQ(BandForScore(84.9, cutoffs), QualityBand::kGood);
}

TEST(BandForScore, UsesConfiguredCutoffs) {
  const BandCutoffs cutoffs{40, 60, 80, 90};
  EXPECT_EQ(BandForScore(39.9, cutoffs), QualityBand::kUnacceptable);
  EXPECT_EQ(BandForScore(40.0, cutoffs), QualityBand::kBasic);
  EXPECT_EQ(BandForScore(60.0, cutoffs), QualityBand::kGood);
  EXPECT_EQ(BandForScore(80.0, cutoffs), QualityBand::kExcellent);
  EXPECT_EQ(BandForScore(89.9, cutoffs), QualityBand::kExcellent);
  EXPECT_EQ(BandForScore(90.0, cutoffs), QualityBand::kAboveExpectations);
}

TEST(ScoreEvaluation, DerivesTheBandFromTheScore) {
  // 1 yes, 1 no, equal weights: (1×1 + 0×1) / 2 × 100 = 50 exactly → Basic.
  const std::vector<SectionSpec> card = {Section("s", {YesNo("a", 1), YesNo("b", 1)})};
  EXPECT_EQ(ScoreOk(card, {Value("a", 1), Value("b", 0)}).band, QualityBand::kBasic);
  // Same answers with the Basic cut-off at 60: 50 < 60 → Unacceptable.
  EXPECT_EQ(ScoreOk(card, {Value("a", 1), Value("b", 0)}, BandCutoffs{60, 70, 85, 95}).band,
            QualityBand::kUnacceptable);
}

TEST(QualityBandName, NamesTheFiveBands) {
  EXPECT_EQ(QualityBandName(QualityBand::kUnacceptable), "Unacceptable");
  EXPECT_EQ(QualityBandName(QualityBand::kBasic), "Basic");
  EXPECT_EQ(QualityBandName(QualityBand::kGood), "Good");
  EXPECT_EQ(QualityBandName(QualityBand::kExcellent), "Excellent");
  EXPECT_EQ(QualityBandName(QualityBand::kAboveExpectations), "Above expectations");
}

// ---------------------------------------------------------------------------------------------
// Answer errors

class ScoreEvaluationErrors : public ::testing::Test {
 protected:
  absl::Status Score(const std::vector<Answer>& answers) {
    return ScoreEvaluation(card_, answers, BandCutoffs{}).status();
  }

  const std::vector<SectionSpec> card_ = {
      Section("s", {YesNo("greeting", 1), Range("tone", 1, 1, 5), Points("steps", 1, 3),
                    AllowNa(YesNo("callback", 1))})};
};

TEST_F(ScoreEvaluationErrors, RejectsAnAnswerToAnUnknownCriterion) {
  EXPECT_THAT(Score({Value("greeting", 1), Value("tone", 3), Value("steps", 1), Na("callback"),
                     Value("farewell", 1)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"farewell\""), HasSubstr("not a criterion"))));
}

TEST_F(ScoreEvaluationErrors, RejectsTwoAnswersToOneCriterion) {
  EXPECT_THAT(Score({Value("greeting", 1), Value("tone", 3), Value("tone", 4), Value("steps", 1),
                     Na("callback")}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"tone\""), HasSubstr("more than one answer"))));
}

TEST_F(ScoreEvaluationErrors, RejectsAMissingAnswer) {
  EXPECT_THAT(Score({Value("greeting", 1), Value("tone", 3), Na("callback")}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"steps\""), HasSubstr("has no answer"))));
}

TEST_F(ScoreEvaluationErrors, RejectsAnAnswerWithNeitherValueNorNa) {
  EXPECT_THAT(Score({Value("greeting", 1), Answer{"tone", std::nullopt, false}, Value("steps", 1),
                     Na("callback")}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"tone\""), HasSubstr("needs a value or N/A"))));
}

TEST_F(ScoreEvaluationErrors, RejectsAnAnswerWithBothValueAndNa) {
  EXPECT_THAT(Score({Value("greeting", 1), Value("tone", 3), Value("steps", 1),
                     Answer{"callback", 1, true}}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"callback\""), HasSubstr("not both"))));
}

TEST_F(ScoreEvaluationErrors, RejectsNaWhereNotAllowed) {
  EXPECT_THAT(Score({Na("greeting"), Value("tone", 3), Value("steps", 1), Na("callback")}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"greeting\""), HasSubstr("N/A is not allowed"))));
}

TEST_F(ScoreEvaluationErrors, RejectsARangeValueOutsideTheScale) {
  EXPECT_THAT(Score({Value("greeting", 1), Value("tone", 6), Value("steps", 1), Na("callback")}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"tone\""), HasSubstr("within 1..5, got 6"))));
  EXPECT_THAT(Score({Value("greeting", 1), Value("tone", 0), Value("steps", 1), Na("callback")}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"tone\""), HasSubstr("within 1..5, got 0"))));
}

TEST_F(ScoreEvaluationErrors, RejectsPointsOutsideTheScale) {
  EXPECT_THAT(Score({Value("greeting", 1), Value("tone", 3), Value("steps", 4), Na("callback")}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"steps\""), HasSubstr("within 0..3, got 4"))));
  EXPECT_THAT(Score({Value("greeting", 1), Value("tone", 3), Value("steps", -1), Na("callback")}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"steps\""), HasSubstr("within 0..3, got -1"))));
}

TEST_F(ScoreEvaluationErrors, RejectsAYesNoValueOtherThanZeroOrOne) {
  EXPECT_THAT(Score({Value("greeting", 2), Value("tone", 3), Value("steps", 1), Na("callback")}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"greeting\""), HasSubstr("0 (no) or 1 (yes), got 2"))));
}

TEST_F(ScoreEvaluationErrors, RejectsAnInvalidScorecardBeforeLookingAtAnswers) {
  const std::vector<SectionSpec> card = {Section("s", {YesNo("greeting", 0)})};
  EXPECT_THAT(ScoreEvaluation(card, {Value("greeting", 1)}, BandCutoffs{}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"greeting\""), HasSubstr("weight must be positive"))));
}

// ---------------------------------------------------------------------------------------------
// Scorecard errors

TEST(ValidateScorecard, AcceptsAWellFormedCard) {
  CriterionSpec tone = Critical(Range("tone", 2, 1, 5), CriterionSpec::kSection);
  tone.critical_threshold = 1.0;
  EXPECT_THAT(
      ValidateScorecard({Section("a", {YesNo("x", 0.5), tone}), Section("b", {Points("y", 3, 10)})},
                        BandCutoffs{}),
      IsOk());
}

TEST(ValidateScorecard, RejectsACardWithoutSections) {
  EXPECT_THAT(ValidateScorecard({}, BandCutoffs{}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at least one section")));
}

TEST(ValidateScorecard, RejectsASectionWithoutCriteria) {
  EXPECT_THAT(ValidateScorecard({Section("a", {YesNo("x", 1)}), Section("empty", {})}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"empty\""), HasSubstr("at least one criterion"))));
}

TEST(ValidateScorecard, RejectsNonPositiveWeights) {
  EXPECT_THAT(ValidateScorecard({Section("a", {YesNo("zero", 0)})}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"zero\""), HasSubstr("weight must be positive, got 0"))));
  EXPECT_THAT(ValidateScorecard({Section("a", {YesNo("negative", -2)})}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"negative\""), HasSubstr("weight must be positive"))));
  EXPECT_THAT(ValidateScorecard(
                  {Section("a", {YesNo("nan", std::numeric_limits<double>::quiet_NaN())})}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"nan\""), HasSubstr("weight must be positive"))));
}

// Two weights of 1e308 once summed to infinity, and the score was NaN.
TEST(ValidateScorecard, RejectsWeightsAboveTheMaximum) {
  EXPECT_THAT(ValidateScorecard({Section("a", {YesNo("max", 1000)})}, {}), IsOk());
  EXPECT_THAT(ValidateScorecard({Section("a", {YesNo("huge", 1e308), YesNo("more", 1e308)})}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"huge\""), HasSubstr("weight must be at most 1000"))));
}

TEST(ValidateScorecard, RejectsACriterionKeyUsedTwiceAcrossTheCard) {
  EXPECT_THAT(ValidateScorecard(
                  {Section("a", {YesNo("greeting", 1)}), Section("b", {YesNo("greeting", 1)})}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"greeting\""), HasSubstr("unique across the scorecard"),
                             HasSubstr("section \"a\""))));
}

TEST(ValidateScorecard, RejectsASectionKeyUsedTwice) {
  EXPECT_THAT(ValidateScorecard({Section("a", {YesNo("x", 1)}), Section("a", {YesNo("y", 1)})}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("section \"a\""), HasSubstr("unique among the sections"))));
}

TEST(ValidateScorecard, RejectsEmptyKeys) {
  EXPECT_THAT(ValidateScorecard({Section("a", {YesNo("x", 1), YesNo("", 1)})}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("section \"a\""), HasSubstr("criterion #2"),
                             HasSubstr("key must not be empty"))));
  EXPECT_THAT(ValidateScorecard({SectionSpec{"", "Opening", {YesNo("x", 1)}}}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("section #1"), HasSubstr("Opening"),
                             HasSubstr("key must not be empty"))));
}

TEST(ValidateScorecard, RejectsARangeWhoseMinimumIsNotBelowItsMaximum) {
  EXPECT_THAT(ValidateScorecard({Section("a", {Range("tone", 1, 5, 5)})}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"tone\""), HasSubstr("min < max, got 5..5"))));
  EXPECT_THAT(ValidateScorecard({Section("a", {Range("tone", 1, 5, 1)})}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"tone\""), HasSubstr("min < max, got 5..1"))));
}

TEST(ValidateScorecard, RejectsPointsWithoutAPositiveMaximum) {
  EXPECT_THAT(ValidateScorecard({Section("a", {Points("steps", 1, 0)})}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("\"steps\""), HasSubstr("max > 0, got 0"))));
}

TEST(ValidateScorecard, RejectsACriticalThresholdOutsideZeroToOne) {
  for (double threshold : {0.0, -0.5, 1.5}) {
    CriterionSpec tone = Critical(Range("tone", 1, 1, 5), CriterionSpec::kEvaluation);
    tone.critical_threshold = threshold;
    EXPECT_THAT(ValidateScorecard({Section("a", {tone})}, {}),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("\"tone\""), HasSubstr("critical_threshold"))))
        << threshold;
  }
}

TEST(ValidateScorecard, RejectsCutoffsThatAreNotStrictlyAscending) {
  const std::vector<SectionSpec> card = {Section("a", {YesNo("x", 1)})};
  EXPECT_THAT(ValidateScorecard(card, BandCutoffs{50, 50, 85, 95}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("strictly ascending"), HasSubstr("good (50)"),
                             HasSubstr("basic (50)"))));
  EXPECT_THAT(ValidateScorecard(card, BandCutoffs{50, 70, 96, 95}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("above_expectations (95)"), HasSubstr("excellent (96)"))));
}

TEST(ValidateScorecard, RejectsCutoffsOutsideZeroToHundred) {
  const std::vector<SectionSpec> card = {Section("a", {YesNo("x", 1)})};
  EXPECT_THAT(ValidateScorecard(card, BandCutoffs{-1, 70, 85, 95}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("basic"), HasSubstr("within 0..100, got -1"))));
  EXPECT_THAT(ValidateScorecard(card, BandCutoffs{50, 70, 85, 101}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("above_expectations"), HasSubstr("within 0..100"))));
}

}  // namespace
}  // namespace escala::server
