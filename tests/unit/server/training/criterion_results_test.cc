// A criterion's results from one evaluation: each answer on the scale of the scorecard version it
// was scored on, N/A and unknown criteria left out.
#include "server/training/criterion_results.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/common/proto_time.h"

namespace escala::server {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

ScoringForm Form() {
  ScoringForm form;
  SectionSpec& section = form.sections.emplace_back();
  section.key = "call";
  CriterionSpec greet;
  greet.key = "greet";
  greet.scale = {ScaleSpec::kYesNo, 0, 1};
  CriterionSpec tone;
  tone.key = "tone";
  tone.scale = {ScaleSpec::kRange, 1, 5};
  tone.allow_na = true;
  CriterionSpec points;
  points.key = "steps";
  points.scale = {ScaleSpec::kPoints, 0, 8};
  // A failing critical answer zeroes the score, not the criterion's own result.
  points.critical = true;
  section.criteria = {greet, tone, points};
  return form;
}

v1::Evaluation WithAnswers(std::vector<std::pair<std::string, std::optional<int>>> answers) {
  v1::Evaluation evaluation;
  evaluation.set_id(42);
  *evaluation.mutable_submit_time() = db::MillisToTimestamp(1'700'000'000'000);
  for (const auto& [key, value] : answers) {
    v1::CriterionAnswer* answer = evaluation.add_answers();
    answer->set_criterion_key(key);
    if (value.has_value()) {
      answer->set_value(*value);
    } else {
      answer->set_not_applicable(true);
    }
  }
  return evaluation;
}

TEST(CriterionResultsTest, EachAnswerIsAPercentOnItsOwnScale) {
  std::map<std::string, std::vector<CriterionResult>> results;
  AppendCriterionResults(WithAnswers({{"greet", 0}, {"tone", 4}, {"steps", 6}}), Form(), results);
  EXPECT_THAT(results["greet"], ElementsAre(Field(&CriterionResult::percent, 0.0)));
  EXPECT_THAT(results["tone"], ElementsAre(Field(&CriterionResult::percent, 75.0)));
  EXPECT_THAT(results["steps"], ElementsAre(Field(&CriterionResult::percent, 75.0)));
  EXPECT_EQ(results["tone"][0].evaluation_id, 42);
  EXPECT_EQ(absl::ToUnixMillis(results["tone"][0].submit_time), 1'700'000'000'000);
}

TEST(CriterionResultsTest, NotApplicableUnknownAndOffScaleAnswersAreNoResults) {
  std::map<std::string, std::vector<CriterionResult>> results;
  AppendCriterionResults(WithAnswers({{"tone", std::nullopt}, {"retired-key", 1}, {"steps", 9}}),
                         Form(), results);
  EXPECT_THAT(results, IsEmpty());
}

}  // namespace
}  // namespace escala::server
