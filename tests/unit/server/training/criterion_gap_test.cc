#include "server/training/criterion_gap.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace escala::server {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

absl::Time DaysAgo(double days) { return kNow - absl::Hours(24 * days); }

CriterionGapRule LastThree() {
  CriterionGapRule rule;
  rule.criterion_key = "tone";
  rule.course_id = "L1-ROLEPLAY-110";
  rule.below_percent = 60;
  rule.last_results = 3;
  rule.min_results = 3;
  rule.cool_down = absl::Hours(24 * 14);
  return rule;
}

PersonQaRecord WithToneResults(std::vector<CriterionResult> results) {
  PersonQaRecord person;
  person.results["tone"] = std::move(results);
  return person;
}

std::vector<int64_t> Ids(const std::vector<CriterionResult>& results) {
  std::vector<int64_t> ids;
  for (const CriterionResult& r : results) ids.push_back(r.evaluation_id);
  return ids;
}

TEST(CriterionGapTest, FiresOnTheMeanOfTheLastNResultsNewestFirst) {
  // The old 100 is not among the last three: (50 + 40 + 60) / 3 = 50 < 60.
  const PersonQaRecord person = WithToneResults(
      {{1, DaysAgo(40), 100}, {2, DaysAgo(30), 50}, {4, DaysAgo(10), 60}, {3, DaysAgo(20), 40}});
  const std::vector<GapOutcome> outcomes = EvaluateCriterionGaps({LastThree()}, person, kNow);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].quiet, QuietReason::kNone);
  EXPECT_THAT(Ids(outcomes[0].evidence), ElementsAre(4, 3, 2));
  EXPECT_DOUBLE_EQ(*outcomes[0].mean_percent, 50);
}

TEST(CriterionGapTest, AMeanExactlyAtTheThresholdDoesNotFire) {
  // (60 + 50 + 70) / 3 = 60, not below 60.
  const PersonQaRecord person =
      WithToneResults({{1, DaysAgo(3), 60}, {2, DaysAgo(2), 50}, {3, DaysAgo(1), 70}});
  const GapOutcome outcome = EvaluateCriterionGaps({LastThree()}, person, kNow)[0];
  EXPECT_EQ(outcome.quiet, QuietReason::kAtOrAboveThreshold);
  EXPECT_DOUBLE_EQ(*outcome.mean_percent, 60);
}

TEST(CriterionGapTest, AWindowCountsResultsWithinItHalfOpenAtItsStart) {
  CriterionGapRule rule = LastThree();
  rule.last_results = 0;
  rule.window = absl::Hours(24 * 30);
  rule.min_results = 2;
  // Exactly 30 days old is outside (now − 30 d, now]; the future one is not known yet.
  const PersonQaRecord person = WithToneResults({{1, DaysAgo(30), 10},
                                                 {2, DaysAgo(29.9), 30},
                                                 {3, DaysAgo(1), 50},
                                                 {4, kNow + absl::Seconds(1), 0}});
  const GapOutcome outcome = EvaluateCriterionGaps({rule}, person, kNow)[0];
  EXPECT_EQ(outcome.quiet, QuietReason::kNone);
  EXPECT_THAT(Ids(outcome.evidence), ElementsAre(3, 2));
  EXPECT_DOUBLE_EQ(*outcome.mean_percent, 40);
}

TEST(CriterionGapTest, TooFewResultsAreNotEvidenceButTheirMeanIsShown) {
  const PersonQaRecord person = WithToneResults({{1, DaysAgo(2), 0}, {2, DaysAgo(1), 10}});
  const GapOutcome outcome = EvaluateCriterionGaps({LastThree()}, person, kNow)[0];
  EXPECT_EQ(outcome.quiet, QuietReason::kNotEnoughResults);
  EXPECT_DOUBLE_EQ(*outcome.mean_percent, 5);
}

TEST(CriterionGapTest, NoResultsAtAllMeansNoMean) {
  const GapOutcome outcome = EvaluateCriterionGaps({LastThree()}, PersonQaRecord(), kNow)[0];
  EXPECT_EQ(outcome.quiet, QuietReason::kNotEnoughResults);
  EXPECT_TRUE(outcome.evidence.empty());
  EXPECT_FALSE(outcome.mean_percent.has_value());
}

TEST(CriterionGapTest, OnlyResultsAfterTheLastCompletionCount) {
  PersonQaRecord person = WithToneResults({{1, DaysAgo(20), 10},
                                           {2, DaysAgo(19), 10},
                                           {3, DaysAgo(18), 10},
                                           {4, DaysAgo(5), 30},
                                           {5, DaysAgo(4), 40}});
  person.courses["L1-ROLEPLAY-110"].completed_time = DaysAgo(10);
  GapOutcome outcome = EvaluateCriterionGaps({LastThree()}, person, kNow)[0];
  // The course was taken after the three bad results: two new ones are not enough yet.
  EXPECT_EQ(outcome.quiet, QuietReason::kNotEnoughResults);
  EXPECT_THAT(Ids(outcome.evidence), ElementsAre(5, 4));

  person.results["tone"].push_back({6, DaysAgo(1), 20});
  outcome = EvaluateCriterionGaps({LastThree()}, person, kNow)[0];
  EXPECT_EQ(outcome.quiet, QuietReason::kNone);
  EXPECT_DOUBLE_EQ(*outcome.mean_percent, 30);
}

TEST(CriterionGapTest, SomeoneEnrolledAlreadyIsNotSentAgain) {
  PersonQaRecord person =
      WithToneResults({{1, DaysAgo(3), 0}, {2, DaysAgo(2), 0}, {3, DaysAgo(1), 0}});
  person.courses["L1-ROLEPLAY-110"].enrolled = true;
  EXPECT_EQ(EvaluateCriterionGaps({LastThree()}, person, kNow)[0].quiet, QuietReason::kEnrolled);
}

TEST(CriterionGapTest, AnOpenRecommendationHoldsWhateverTheCoolDown) {
  PersonQaRecord person =
      WithToneResults({{1, DaysAgo(3), 0}, {2, DaysAgo(2), 0}, {3, DaysAgo(1), 0}});
  CourseHistory& history = person.courses["L1-ROLEPLAY-110"];
  history.recommended_time = DaysAgo(400);
  history.open_recommendation = true;
  const GapOutcome outcome = EvaluateCriterionGaps({LastThree()}, person, kNow)[0];
  EXPECT_EQ(outcome.quiet, QuietReason::kAlreadyOpen);
  // The evidence is still shown, so a reader sees why the rule would have fired.
  EXPECT_THAT(Ids(outcome.evidence), ElementsAre(3, 2, 1));

  history.open_recommendation = false;
  EXPECT_EQ(EvaluateCriterionGaps({LastThree()}, person, kNow)[0].quiet, QuietReason::kNone);
}

TEST(CriterionGapTest, TheCoolDownHoldsUntilItsEndAndThenTheRuleFiresAgain) {
  PersonQaRecord person =
      WithToneResults({{1, DaysAgo(3), 0}, {2, DaysAgo(2), 0}, {3, DaysAgo(1), 0}});
  person.courses["L1-ROLEPLAY-110"].recommended_time = DaysAgo(5);
  GapOutcome outcome = EvaluateCriterionGaps({LastThree()}, person, kNow)[0];
  EXPECT_EQ(outcome.quiet, QuietReason::kCoolingDown);
  EXPECT_EQ(outcome.quiet_until, DaysAgo(5) + absl::Hours(24 * 14));

  person.courses["L1-ROLEPLAY-110"].recommended_time = DaysAgo(14);
  outcome = EvaluateCriterionGaps({LastThree()}, person, kNow)[0];
  EXPECT_EQ(outcome.quiet, QuietReason::kNone);
  EXPECT_FALSE(outcome.quiet_until.has_value());
}

TEST(CriterionGapTest, TheCoolDownIsNotReportedForARuleThatWouldNotFire) {
  PersonQaRecord person =
      WithToneResults({{1, DaysAgo(3), 90}, {2, DaysAgo(2), 90}, {3, DaysAgo(1), 90}});
  person.courses["L1-ROLEPLAY-110"].recommended_time = DaysAgo(1);
  EXPECT_EQ(EvaluateCriterionGaps({LastThree()}, person, kNow)[0].quiet,
            QuietReason::kAtOrAboveThreshold);
}

TEST(CriterionGapTest, ACourseIsRecommendedOncePerCallWhicheverRulesNameIt) {
  CriterionGapRule ownership = LastThree();
  ownership.criterion_key = "ownership";
  CriterionGapRule tone = LastThree();
  PersonQaRecord person =
      WithToneResults({{1, DaysAgo(3), 0}, {2, DaysAgo(2), 0}, {3, DaysAgo(1), 0}});
  person.results["ownership"] = {{1, DaysAgo(3), 90}, {2, DaysAgo(2), 90}, {3, DaysAgo(1), 90}};
  // The first rule is quiet, so the second may fire.
  EXPECT_THAT(EvaluateCriterionGaps({ownership, tone}, person, kNow),
              ElementsAre(Field(&GapOutcome::quiet, QuietReason::kAtOrAboveThreshold),
                          Field(&GapOutcome::quiet, QuietReason::kNone)));
  person.results["ownership"] = {{1, DaysAgo(3), 0}, {2, DaysAgo(2), 0}, {3, DaysAgo(1), 0}};
  const std::vector<GapOutcome> both = EvaluateCriterionGaps({ownership, tone}, person, kNow);
  EXPECT_THAT(both,
              ElementsAre(Field(&GapOutcome::quiet, QuietReason::kNone),
                          Field(&GapOutcome::quiet, QuietReason::kRecommendedByAnEarlierRule)));
  EXPECT_EQ(both[1].rule_index, 1);
}

TEST(CriterionGapTest, ResultsSubmittedTogetherAreOrderedByEvaluationId) {
  const absl::Time same = DaysAgo(1);
  const PersonQaRecord person =
      WithToneResults({{7, same, 0}, {9, same, 0}, {8, same, 0}, {6, same, 100}});
  EXPECT_THAT(Ids(EvaluateCriterionGaps({LastThree()}, person, kNow)[0].evidence),
              ElementsAre(9, 8, 7));
}

TEST(CriterionGapTest, ReasonsHaveNames) {
  EXPECT_STREQ(QuietReasonName(QuietReason::kCoolingDown), "cooling down");
  EXPECT_STREQ(QuietReasonName(QuietReason::kNone), "fired");
}

}  // namespace
}  // namespace escala::server
