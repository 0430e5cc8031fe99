#include "client/qa/qa_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/core/output.h"

namespace escala::client {
namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;

v1::Evaluation Scored() {
  v1::Evaluation e;
  e.set_id(7);
  e.set_interaction_id(41);
  e.set_agent_employee_id("A1");
  e.set_evaluator_employee_id("Q1");
  e.set_scorecard_id("contact");
  e.set_scorecard_version(2);
  e.set_state(v1::EVALUATION_STATE_SUBMITTED);
  e.set_score(87.25);
  v1::CriterionAnswer* greeting = e.add_answers();
  greeting->set_criterion_key("greeting");
  greeting->set_value(1);
  greeting->set_comment("said hello, then \"thanks\"");
  v1::CriterionAnswer* hold = e.add_answers();
  hold->set_criterion_key("hold");
  hold->set_not_applicable(true);
  return e;
}

TEST(QaCsvTest, EvaluationListHasOneRowPerEvaluationWithTheWholeScore) {
  v1::ListEvaluationsResponse response;
  *response.add_evaluations() = Scored();
  const Table table = EvaluationListCsv(response);
  ASSERT_THAT(table.rows, SizeIs(1));
  EXPECT_EQ(table.header[0], "id");
  EXPECT_THAT(table.rows[0],
              ElementsAre("7", "41", "A1", "", "Q1", "contact", "2", "submitted", "87.25", "", ""));
}

TEST(QaCsvTest, EvaluationShowHasOneRowPerAnswerWithTitlesAndQuotedComments) {
  const Table table = EvaluationAnswersCsv(Scored(), {{"greeting", {"Opening", "Greets"}}});
  ASSERT_THAT(table.rows, SizeIs(2));
  EXPECT_EQ(table.rows[0][9], "Opening");
  EXPECT_EQ(table.rows[0][10], "greeting");
  EXPECT_EQ(table.rows[0][11], "Greets");
  EXPECT_EQ(table.rows[0][12], "1");
  EXPECT_EQ(table.rows[1][11], "");  // no title known
  EXPECT_EQ(table.rows[1][12], "n/a");
  const std::string csv = CsvOfTable(table);
  EXPECT_NE(csv.find("\"said hello, then \"\"thanks\"\"\""), std::string::npos) << csv;
}

TEST(QaCsvTest, DisputeListHasOneRowPerContestedCriterion) {
  v1::ListEvaluationsResponse response;
  v1::Evaluation* e = response.add_evaluations();
  *e = Scored();
  e->mutable_dispute()->set_opened_by("A1");
  for (const char* key : {"greeting", "hold"}) {
    v1::ContestedCriterion* item = e->mutable_dispute()->add_items();
    item->set_criterion_key(key);
    item->set_reason("disagree");
  }
  const Table table = DisputeListCsv(response);
  ASSERT_THAT(table.rows, SizeIs(2));
  EXPECT_EQ(table.rows[0][0], "7");
  EXPECT_EQ(table.rows[1][6], "hold");
  EXPECT_EQ(table.rows[1][7], "disagree");
}

TEST(QaCsvTest, CalibrationResultsHaveSummaryRaterCriterionAndAnswerRows) {
  v1::CalibrationResults results;
  results.mutable_session()->set_id(3);
  results.set_benchmark("expert");
  results.set_score_alpha(0.5);
  v1::EvaluatorCalibration* rater = results.add_evaluators();
  rater->set_evaluator_employee_id("Q1");
  rater->set_interactions_scored(2);
  rater->set_alignment_percent(75);
  v1::CriterionCalibration* criterion = results.add_criteria();
  criterion->set_criterion_key("greeting");
  criterion->set_alignment_percent(50);
  for (const char* evaluator : {"Q1", "X1"}) {
    v1::CalibrationScore* score = results.add_scores();
    score->set_evaluator_employee_id(evaluator);
    score->set_interaction_id(41);
    score->set_expert(std::string(evaluator) == "X1");
    score->set_score(90);
    v1::CriterionAnswer* answer = score->add_answers();
    answer->set_criterion_key("greeting");
    answer->set_value(1);
  }
  const Table table = CalibrationResultsCsv(results);
  ASSERT_THAT(table.rows, SizeIs(5));
  for (const auto& row : table.rows) EXPECT_THAT(row, SizeIs(table.header.size()));
  EXPECT_EQ(table.rows[0][0], "session");
  EXPECT_EQ(table.rows[0].back(), "expert");
  EXPECT_EQ(table.rows[1][0], "evaluator");
  EXPECT_EQ(table.rows[1][2], "Q1");
  EXPECT_EQ(table.rows[2][0], "criterion");
  EXPECT_EQ(table.rows[2][4], "greeting");
  EXPECT_THAT(table.rows[4], ElementsAre("answer", "3", "X1", "41", "greeting", "true", "1", "90",
                                         "", "", "", "", "", "", ""));
}

TEST(QaCsvTest, ScorecardHasOneRowPerCriterionWithItsSection) {
  v1::Scorecard card;
  card.set_scorecard_id("contact");
  card.set_version(1);
  card.set_title("Contact");
  v1::ScorecardSection* section = card.add_sections();
  section->set_key("open");
  section->set_title("Opening");
  for (const char* key : {"greeting", "verify"}) {
    v1::Criterion* criterion = section->add_criteria();
    criterion->set_key(key);
    criterion->set_weight(2.5);
    criterion->set_allow_na(true);
  }
  const Table table = ScorecardCsv(card);
  ASSERT_THAT(table.rows, SizeIs(2));
  EXPECT_EQ(table.rows[1][4], "open");
  EXPECT_EQ(table.rows[1][6], "verify");
  EXPECT_EQ(table.rows[1][8], "2.5");
  EXPECT_EQ(table.rows[1][10], "true");
}

}  // namespace
}  // namespace escala::client
