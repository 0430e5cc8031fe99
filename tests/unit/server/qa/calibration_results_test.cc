#include "server/qa/calibration_results.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace escala::server {
namespace {

using ::testing::DoubleNear;

constexpr double kTolerance = 1e-9;

// One section: "greet" (yes/no) and "tone" (1–5), weight 1 each, so
// score = 100 × (greet + (tone - 1) / 4) / 2.
ScoringForm TwoCriteriaForm() {
  ScoringForm form;
  SectionSpec section;
  section.key = "s";
  section.title = "S";
  CriterionSpec greet;
  greet.key = "greet";
  greet.scale = {ScaleSpec::kYesNo, 0, 1};
  CriterionSpec tone;
  tone.key = "tone";
  tone.scale = {ScaleSpec::kRange, 1, 5};
  tone.allow_na = true;
  section.criteria = {greet, tone};
  form.sections = {section};
  return form;
}

double FormScore(int greet, int tone) { return 100.0 * (greet + (tone - 1) / 4.0) / 2.0; }

v1::CalibrationScore Score(int64_t interaction, const std::string& who, int greet,
                           std::optional<int> tone) {
  v1::CalibrationScore score;
  score.set_session_id(1);
  score.set_interaction_id(interaction);
  score.set_evaluator_employee_id(who);
  v1::CriterionAnswer* a = score.add_answers();
  a->set_criterion_key("greet");
  a->set_value(greet);
  v1::CriterionAnswer* b = score.add_answers();
  b->set_criterion_key("tone");
  if (tone.has_value()) {
    b->set_value(*tone);
    score.set_score(FormScore(greet, *tone));
  } else {
    b->set_not_applicable(true);
    score.set_score(100.0 * greet);
  }
  return score;
}

v1::CalibrationSession Session(const std::string& expert = "") {
  v1::CalibrationSession session;
  session.set_id(1);
  session.add_interaction_ids(10);
  session.add_interaction_ids(20);
  for (const char* e : {"A", "B", "C"}) session.add_evaluator_employee_ids(e);
  session.set_expert_employee_id(expert);
  return session;
}

// Answers (greet, tone):      A        B        C
//   interaction 10:         (1,4)    (1,5)    (0,2)
//   interaction 20:         (0,3)    (1,3)    (0,1)
// Scores:                     A        B        C
//   interaction 10:          87.5    100      12.5
//   interaction 20:          25       75       0
std::vector<v1::CalibrationScore> GroupScores() {
  return {Score(10, "A", 1, 4), Score(10, "B", 1, 5), Score(10, "C", 0, 2),
          Score(20, "A", 0, 3), Score(20, "B", 1, 3), Score(20, "C", 0, 1)};
}

TEST(AnalyseCalibrationTest, ConsensusBenchmarkUsesModeAndMedian) {
  // Consensus: interaction 10 greet mode(1,1,0) = 1, tone median(2,4,5) = 4 → 87.5;
  //            interaction 20 greet mode(0,1,0) = 0, tone median(1,3,3) = 3 → 25.
  CalibrationAnalysis analysis = AnalyseCalibration(Session(), TwoCriteriaForm(), GroupScores());
  const v1::CalibrationResults& r = analysis.results;
  EXPECT_EQ(r.benchmark(), "consensus");
  ASSERT_EQ(r.evaluators_size(), 3);

  // A matches the consensus on all 4 answers; deviations 87.5-87.5, 25-25.
  EXPECT_EQ(r.evaluators(0).evaluator_employee_id(), "A");
  EXPECT_EQ(r.evaluators(0).interactions_scored(), 2);
  EXPECT_THAT(r.evaluators(0).alignment_percent(), DoubleNear(100.0, kTolerance));
  EXPECT_THAT(r.evaluators(0).mean_score_deviation(), DoubleNear(0.0, kTolerance));
  EXPECT_THAT(r.evaluators(0).mean_absolute_score_deviation(), DoubleNear(0.0, kTolerance));
  // B: greet ✓ tone ✗ | greet ✗ tone ✓ → 2/4 = 50 %; deviations +12.5, +50 → mean 31.25.
  EXPECT_THAT(r.evaluators(1).alignment_percent(), DoubleNear(50.0, kTolerance));
  EXPECT_THAT(r.evaluators(1).mean_score_deviation(), DoubleNear(31.25, kTolerance));
  EXPECT_THAT(r.evaluators(1).mean_absolute_score_deviation(), DoubleNear(31.25, kTolerance));
  // C: greet ✗ tone ✗ | greet ✓ tone ✗ → 1/4 = 25 %; deviations -75, -25 → mean -50, |mean| 50.
  EXPECT_THAT(r.evaluators(2).alignment_percent(), DoubleNear(25.0, kTolerance));
  EXPECT_THAT(r.evaluators(2).mean_score_deviation(), DoubleNear(-50.0, kTolerance));
  EXPECT_THAT(r.evaluators(2).mean_absolute_score_deviation(), DoubleNear(50.0, kTolerance));

  ASSERT_EQ(r.criteria_size(), 2);
  const v1::CriterionCalibration& greet = r.criteria(0);
  EXPECT_EQ(greet.criterion_key(), "greet");
  // 4 of 6 answers equal the benchmark; |deviation| 0,0,1 and 0,1,0 → 2/6.
  EXPECT_THAT(greet.alignment_percent(), DoubleNear(400.0 / 6.0, kTolerance));
  EXPECT_THAT(greet.mean_absolute_deviation(), DoubleNear(1.0 / 3.0, kTolerance));
  // Nominal alpha, coincidences o00=1, o11=1, o01=o10=2, n=6: Do = 4/6, De = 2·3·3/(6·5) = 0.6,
  // alpha = 1 - (4/6)/0.6 = -1/9.
  ASSERT_TRUE(greet.has_krippendorff_alpha());
  EXPECT_THAT(greet.krippendorff_alpha(), DoubleNear(-1.0 / 9.0, kTolerance));
  // Fleiss: unit counts (no, yes) = (1,2), (2,1); P_i = (1+4-3)/6 = 1/3 each; p = (.5,.5),
  // Pe = .5; kappa = (1/3 - 1/2)/(1 - 1/2) = -1/3.
  ASSERT_TRUE(greet.has_fleiss_kappa());
  EXPECT_THAT(greet.fleiss_kappa(), DoubleNear(-1.0 / 3.0, kTolerance));

  const v1::CriterionCalibration& tone = r.criteria(1);
  // Equal: 4 | 3,3 → 3/6; normalised |deviation| 0,.25,.5 | 0,0,.5 → 1.25/6.
  EXPECT_THAT(tone.alignment_percent(), DoubleNear(50.0, kTolerance));
  EXPECT_THAT(tone.mean_absolute_deviation(), DoubleNear(1.25 / 6.0, kTolerance));
  // Interval alpha: within-unit ordered squared differences / (m-1): unit {4,5,2} → 14,
  // unit {3,3,1} → 8, Do = 22/6; pooled {4,5,2,3,3,1}: n·Σv² - (Σv)² = 384 - 324 = 60 unordered,
  // De = 120/30 = 4; alpha = 1 - (22/6)/4 = 1/12.
  ASSERT_TRUE(tone.has_krippendorff_alpha());
  EXPECT_THAT(tone.krippendorff_alpha(), DoubleNear(1.0 / 12.0, kTolerance));
  // Fleiss over categories 1..5: unit {4,5,2} P = 0, unit {3,3,1} P = 1/3, P̄ = 1/6;
  // p = (1,1,2,1,1)/6, Pe = 8/36; kappa = (1/6 - 2/9)/(1 - 2/9) = -1/14.
  ASSERT_TRUE(tone.has_fleiss_kappa());
  EXPECT_THAT(tone.fleiss_kappa(), DoubleNear(-1.0 / 14.0, kTolerance));

  // Score alpha over {87.5,100,12.5} and {25,75,0} = 12.5 × {7,8,1}, {2,6,0} (interval alpha is
  // scale-free): Do = (86 + 56)/6 = 71/3; pooled n·Σv² - (Σv)² = 924 - 576 = 348, De = 696/30;
  // alpha = 1 - (71/3)/(116/5) = -7/348.
  ASSERT_TRUE(r.has_score_alpha());
  EXPECT_THAT(r.score_alpha(), DoubleNear(-7.0 / 348.0, kTolerance));

  EXPECT_EQ(analysis.deviations.size(), 6u);
}

TEST(AnalyseCalibrationTest, ExpertScoresAreTheBenchmarkAndNotACoder) {
  // Expert X scores interaction 10 as (1,5) = 100; interaction 20 falls back to the consensus (25).
  std::vector<v1::CalibrationScore> scores = GroupScores();
  scores.push_back(Score(10, "X", 1, 5));
  CalibrationAnalysis analysis = AnalyseCalibration(Session("X"), TwoCriteriaForm(), scores);
  const v1::CalibrationResults& r = analysis.results;
  EXPECT_EQ(r.benchmark(), "expert");
  ASSERT_EQ(r.evaluators_size(), 3);  // X is not listed among the evaluators
  // A: greet ✓ tone ✗ (4 vs 5) | both ✓ → 75 %; deviations 87.5-100 = -12.5, 0 → mean -6.25.
  EXPECT_THAT(r.evaluators(0).alignment_percent(), DoubleNear(75.0, kTolerance));
  EXPECT_THAT(r.evaluators(0).mean_score_deviation(), DoubleNear(-6.25, kTolerance));
  EXPECT_THAT(r.evaluators(0).mean_absolute_score_deviation(), DoubleNear(6.25, kTolerance));
  // B: all of interaction 10 matches the expert, interaction 20 as before → 3/4; 0 and +50.
  EXPECT_THAT(r.evaluators(1).alignment_percent(), DoubleNear(75.0, kTolerance));
  EXPECT_THAT(r.evaluators(1).mean_score_deviation(), DoubleNear(25.0, kTolerance));
  // The agreement among the three evaluators does not change with the expert present.
  EXPECT_THAT(r.criteria(0).krippendorff_alpha(), DoubleNear(-1.0 / 9.0, kTolerance));
  EXPECT_THAT(r.score_alpha(), DoubleNear(-7.0 / 348.0, kTolerance));
}

TEST(AnalyseCalibrationTest, TiesGoToTheLowerValue) {
  // Two evaluators on one interaction: greet 1 vs 0 → 0; tone 2 vs 4 → lower median 2.
  v1::CalibrationSession session;
  session.add_interaction_ids(10);
  session.add_evaluator_employee_ids("A");
  session.add_evaluator_employee_ids("B");
  CalibrationAnalysis analysis =
      AnalyseCalibration(session, TwoCriteriaForm(), {Score(10, "A", 1, 2), Score(10, "B", 0, 4)});
  const v1::CalibrationResults& r = analysis.results;
  // Benchmark (0, 2) = 12.5. A: greet ✗ tone ✓ → 50 %, 62.5 - 12.5 = +50;
  // B: greet ✓ tone ✗ → 50 %, 37.5 - 12.5 = +25.
  EXPECT_THAT(r.evaluators(0).alignment_percent(), DoubleNear(50.0, kTolerance));
  EXPECT_THAT(r.evaluators(0).mean_score_deviation(), DoubleNear(50.0, kTolerance));
  EXPECT_THAT(r.evaluators(1).mean_score_deviation(), DoubleNear(25.0, kTolerance));
}

TEST(AnalyseCalibrationTest, MajorityNotApplicableIsTheBenchmarkAndEqualsNotApplicable) {
  // tone: N/A, N/A, 3 → more than half N/A → benchmark N/A; greet 1,1,1 → 1. Benchmark score 100.
  v1::CalibrationSession session;
  session.add_interaction_ids(10);
  for (const char* e : {"A", "B", "C"}) session.add_evaluator_employee_ids(e);
  CalibrationAnalysis analysis = AnalyseCalibration(
      session, TwoCriteriaForm(),
      {Score(10, "A", 1, std::nullopt), Score(10, "B", 1, std::nullopt), Score(10, "C", 1, 3)});
  const v1::CalibrationResults& r = analysis.results;
  EXPECT_THAT(r.evaluators(0).alignment_percent(), DoubleNear(100.0, kTolerance));
  EXPECT_THAT(r.evaluators(0).mean_score_deviation(), DoubleNear(0.0, kTolerance));
  // C: tone 3 ≠ N/A → 50 %; 75 - 100 = -25.
  EXPECT_THAT(r.evaluators(2).alignment_percent(), DoubleNear(50.0, kTolerance));
  EXPECT_THAT(r.evaluators(2).mean_score_deviation(), DoubleNear(-25.0, kTolerance));
  // tone: 2 of 3 answers equal (N/A = N/A); no pair of values to measure a deviation.
  EXPECT_THAT(r.criteria(1).alignment_percent(), DoubleNear(200.0 / 3.0, kTolerance));
  EXPECT_THAT(r.criteria(1).mean_absolute_deviation(), DoubleNear(0.0, kTolerance));
  // One value only: alpha undefined; not every evaluator gave a value: no kappa unit.
  EXPECT_FALSE(r.criteria(1).has_krippendorff_alpha());
  EXPECT_FALSE(r.criteria(1).has_fleiss_kappa());
  // greet: every answer is "yes": no variation, both statistics undefined.
  EXPECT_FALSE(r.criteria(0).has_krippendorff_alpha());
  EXPECT_FALSE(r.criteria(0).has_fleiss_kappa());
}

TEST(AnalyseCalibrationTest, NothingScoredLeavesZerosAndUnsetStatistics) {
  CalibrationAnalysis analysis = AnalyseCalibration(Session(), TwoCriteriaForm(), {});
  const v1::CalibrationResults& r = analysis.results;
  EXPECT_EQ(r.evaluators(0).interactions_scored(), 0);
  EXPECT_EQ(r.evaluators(0).alignment_percent(), 0.0);
  EXPECT_FALSE(r.criteria(0).has_krippendorff_alpha());
  EXPECT_FALSE(r.has_score_alpha());
  EXPECT_TRUE(analysis.deviations.empty());
}

TEST(AnalyseCalibrationTest, IgnoresScoresOfOutsiders) {
  std::vector<v1::CalibrationScore> scores = GroupScores();
  scores.push_back(Score(10, "Z", 0, 1));  // not a participant
  scores.push_back(Score(99, "A", 0, 1));  // not an interaction of the session
  CalibrationAnalysis analysis = AnalyseCalibration(Session(), TwoCriteriaForm(), scores);
  EXPECT_THAT(analysis.results.evaluators(0).alignment_percent(), DoubleNear(100.0, kTolerance));
  EXPECT_EQ(analysis.results.evaluators(0).interactions_scored(), 2);
}

absl::Time ResultsDay(int year, int month, int day) {
  return absl::FromCivil(absl::CivilDay(year, month, day), absl::UTCTimeZone());
}

TEST(AggregateLeniencyTest, MeansPerMonthAndOverallMostLenientFirst) {
  // Session 1 closes 2026-01-31 23:00 UTC (January), session 2 on 2026-02-10 (February).
  // A: Jan +10, +20; Feb -6 → Jan 15, Feb -6, overall 24/3 = 8, 2 sessions.
  // B: Jan -4 → -4.   C: Feb +30 → 30.
  std::vector<SessionDeviations> sessions = {
      {1,
       ResultsDay(2026, 1, 31) + absl::Hours(23),
       {{"A", 10, 10.0}, {"A", 20, 20.0}, {"B", 10, -4.0}}},
      {2, ResultsDay(2026, 2, 10), {{"A", 30, -6.0}, {"C", 30, 30.0}}},
  };
  v1::ComputeEvaluatorLeniencyResponse response = AggregateLeniency(sessions);
  ASSERT_EQ(response.evaluators_size(), 3);
  EXPECT_EQ(response.evaluators(0).evaluator_employee_id(), "C");
  EXPECT_EQ(response.evaluators(1).evaluator_employee_id(), "A");
  EXPECT_EQ(response.evaluators(2).evaluator_employee_id(), "B");
  EXPECT_EQ(response.most_lenient_employee_id(), "C");
  EXPECT_EQ(response.strictest_employee_id(), "B");
  const v1::EvaluatorLeniency& a = response.evaluators(1);
  EXPECT_THAT(a.mean_score_deviation(), DoubleNear(8.0, kTolerance));
  EXPECT_EQ(a.interactions_scored(), 3);
  EXPECT_EQ(a.sessions(), 2);
  ASSERT_EQ(a.months_size(), 2);
  EXPECT_EQ(a.months(0).period_start_time().seconds(), absl::ToUnixSeconds(ResultsDay(2026, 1, 1)));
  EXPECT_THAT(a.months(0).mean_score_deviation(), DoubleNear(15.0, kTolerance));
  EXPECT_EQ(a.months(0).interactions_scored(), 2);
  EXPECT_EQ(a.months(1).period_start_time().seconds(), absl::ToUnixSeconds(ResultsDay(2026, 2, 1)));
  EXPECT_THAT(a.months(1).mean_score_deviation(), DoubleNear(-6.0, kTolerance));
}

TEST(AggregateLeniencyTest, EmptyRangeHasNobody) {
  v1::ComputeEvaluatorLeniencyResponse response = AggregateLeniency({});
  EXPECT_EQ(response.evaluators_size(), 0);
  EXPECT_EQ(response.most_lenient_employee_id(), "");
  EXPECT_EQ(response.strictest_employee_id(), "");
}

}  // namespace
}  // namespace escala::server
