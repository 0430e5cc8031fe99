#include "server/qa/evaluation_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/error_details.h"

namespace escala::server {
namespace {

using ::escala::testing::FieldViolations;
using ::escala::testing::FieldViolationText;
using ::escala::testing::OnlyViolation;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

ScoringForm Form() {
  ScoringForm form;
  SectionSpec section;
  section.key = "greeting";
  CriterionSpec hello;
  hello.key = "hello";
  hello.scale = ScaleSpec{ScaleSpec::kYesNo, 0, 1};
  CriterionSpec tone;
  tone.key = "tone";
  tone.scale = ScaleSpec{ScaleSpec::kRange, 1, 5};
  tone.allow_na = true;
  section.criteria = {hello, tone};
  form.sections = {section};
  return form;
}

v1::CriterionAnswer Answer(const std::string& key, std::optional<int> value, bool na = false) {
  v1::CriterionAnswer answer;
  answer.set_criterion_key(key);
  if (value) answer.set_value(*value);
  answer.set_not_applicable(na);
  return answer;
}

TEST(EvaluationValidationTest, NewEvaluationNeedsInteractionAndScorecard) {
  v1::Evaluation evaluation;
  EXPECT_THAT(
      FieldViolations(ValidateNewEvaluation(evaluation)),
      ElementsAre("interaction_id: must be a positive id, got 0", "scorecard_id: is required"));
  evaluation.set_interaction_id(3);
  std::optional<FieldViolationText> v = OnlyViolation(ValidateNewEvaluation(evaluation));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "scorecard_id");
  evaluation.set_scorecard_id("card");
  evaluation.set_scorecard_version(-1);
  v = OnlyViolation(ValidateNewEvaluation(evaluation));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "scorecard_version");
  evaluation.set_scorecard_version(0);
  EXPECT_TRUE(ValidateNewEvaluation(evaluation).ok());
}

TEST(EvaluationValidationTest, CommentsAreLimitedTo4000Characters) {
  v1::Evaluation evaluation;
  evaluation.set_overall_comment(std::string(4001, 'x'));
  std::optional<FieldViolationText> v = OnlyViolation(ValidateEvaluationContent(evaluation));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "overall_comment");
  evaluation.set_overall_comment("");
  *evaluation.add_answers() = Answer("hello", 1);
  evaluation.mutable_answers(0)->set_comment(std::string(4001, 'y'));
  v = OnlyViolation(ValidateEvaluationContent(evaluation));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "answers[0].comment");
}

TEST(EvaluationValidationTest, AnswersMustFitTheScorecard) {
  v1::Evaluation evaluation;
  *evaluation.add_answers() = Answer("hello", 1);
  *evaluation.add_answers() = Answer("tone", 7);
  std::optional<FieldViolationText> v =
      OnlyViolation(CheckAnswersAgainstForm(Form(), evaluation.answers()));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "answers[1].value");
  EXPECT_THAT(v->reason, HasSubstr("7 is outside 1..5"));

  evaluation.mutable_answers(1)->set_value(3);
  EXPECT_TRUE(CheckAnswersAgainstForm(Form(), evaluation.answers()).ok());

  *evaluation.add_answers() = Answer("hello", 0);
  v = OnlyViolation(CheckAnswersAgainstForm(Form(), evaluation.answers()));
  ASSERT_TRUE(v.has_value());
  EXPECT_THAT(v->reason, HasSubstr("more than once"));
}

TEST(EvaluationValidationTest, UnknownCriterionAndForbiddenNaAreNamed) {
  v1::Evaluation evaluation;
  *evaluation.add_answers() = Answer("nope", 1);
  std::optional<FieldViolationText> v =
      OnlyViolation(CheckAnswersAgainstForm(Form(), evaluation.answers()));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "answers[0].criterion_key");
  evaluation.clear_answers();
  *evaluation.add_answers() = Answer("hello", std::nullopt, true);
  v = OnlyViolation(CheckAnswersAgainstForm(Form(), evaluation.answers()));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "answers[0].not_applicable");
  evaluation.clear_answers();
  *evaluation.add_answers() = Answer("tone", std::nullopt, true);
  EXPECT_TRUE(CheckAnswersAgainstForm(Form(), evaluation.answers()).ok());
}

TEST(EvaluationValidationTest, DraftAnswersMayBeEmpty) {
  v1::Evaluation evaluation;
  *evaluation.add_answers() = Answer("hello", std::nullopt);
  EXPECT_TRUE(CheckAnswersAgainstForm(Form(), evaluation.answers()).ok());
}

TEST(EvaluationValidationTest, DisputeItemsNeedKnownCriteriaOnceWithAReason) {
  google::protobuf::RepeatedPtrField<v1::ContestedCriterion> items;
  std::optional<FieldViolationText> v = OnlyViolation(ValidateDisputeItems(Form(), items));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "items");
  v1::ContestedCriterion* item = items.Add();
  item->set_criterion_key("hello");
  v = OnlyViolation(ValidateDisputeItems(Form(), items));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "items[0].reason");
  item->set_reason("I did greet");
  EXPECT_TRUE(ValidateDisputeItems(Form(), items).ok());
  *items.Add() = *item;
  v = OnlyViolation(ValidateDisputeItems(Form(), items));
  ASSERT_TRUE(v.has_value());
  EXPECT_THAT(v->reason, HasSubstr("contested more than once"));
  items.RemoveLast();
  item->set_criterion_key("unknown");
  v = OnlyViolation(ValidateDisputeItems(Form(), items));
  ASSERT_TRUE(v.has_value());
  EXPECT_THAT(v->reason, HasSubstr("not a criterion"));
  item->set_criterion_key("hello");
  item->set_reason(std::string(4001, 'r'));
  EXPECT_FALSE(ValidateDisputeItems(Form(), items).ok());
  item->set_reason("ok");
  item->set_outcome(v1::DISPUTE_OUTCOME_UPHELD);
  v = OnlyViolation(ValidateDisputeItems(Form(), items));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "items[0].outcome");
}

v1::Evaluation Disputed() {
  v1::Evaluation evaluation;
  evaluation.set_id(9);
  *evaluation.add_answers() = Answer("hello", 0);
  *evaluation.add_answers() = Answer("tone", 2);
  for (const char* key : {"hello", "tone"}) {
    v1::ContestedCriterion* item = evaluation.mutable_dispute()->add_items();
    item->set_criterion_key(key);
    item->set_reason("unfair");
  }
  return evaluation;
}

v1::ContestedCriterion Resolution(const std::string& key, v1::DisputeOutcome outcome,
                                  std::optional<int> value = std::nullopt) {
  v1::ContestedCriterion item;
  item.set_criterion_key(key);
  item.set_outcome(outcome);
  item.set_resolution_reason("checked the recording");
  if (value) item.set_adjusted_value(*value);
  return item;
}

TEST(EvaluationValidationTest, ResolutionNeedsOneDecisionPerContestedCriterion) {
  google::protobuf::RepeatedPtrField<v1::ContestedCriterion> items;
  *items.Add() = Resolution("hello", v1::DISPUTE_OUTCOME_ADJUSTED, 1);
  std::optional<FieldViolationText> v =
      OnlyViolation(ValidateResolutionItems(Form(), Disputed(), items));
  ASSERT_TRUE(v.has_value());
  EXPECT_THAT(v->reason, HasSubstr("'tone' needs a resolution"));
  *items.Add() = Resolution("tone", v1::DISPUTE_OUTCOME_UPHELD);
  EXPECT_TRUE(ValidateResolutionItems(Form(), Disputed(), items).ok());
  *items.Add() = Resolution("tone", v1::DISPUTE_OUTCOME_UPHELD);
  v = OnlyViolation(ValidateResolutionItems(Form(), Disputed(), items));
  ASSERT_TRUE(v.has_value());
  EXPECT_THAT(v->reason, HasSubstr("resolved more than once"));
}

TEST(EvaluationValidationTest, AdjustedAnswerMustBeValidAndDifferent) {
  google::protobuf::RepeatedPtrField<v1::ContestedCriterion> items;
  *items.Add() = Resolution("hello", v1::DISPUTE_OUTCOME_ADJUSTED, 0);
  *items.Add() = Resolution("tone", v1::DISPUTE_OUTCOME_UPHELD);
  std::optional<FieldViolationText> v =
      OnlyViolation(ValidateResolutionItems(Form(), Disputed(), items));
  ASSERT_TRUE(v.has_value());
  EXPECT_THAT(v->reason, HasSubstr("equals the original answer"));
  items[0].set_adjusted_value(5);
  v = OnlyViolation(ValidateResolutionItems(Form(), Disputed(), items));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "items[0].adjusted_value");
  items[0].clear_adjusted_value();
  v = OnlyViolation(ValidateResolutionItems(Form(), Disputed(), items));
  ASSERT_TRUE(v.has_value());
  EXPECT_THAT(v->reason, HasSubstr("is required"));
  items[1].set_adjusted_value(4);
  items[0].set_adjusted_value(1);
  v = OnlyViolation(ValidateResolutionItems(Form(), Disputed(), items));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "items[1].adjusted_value");
  items[1].clear_adjusted_value();
  items[1].set_outcome(v1::DISPUTE_OUTCOME_PARTLY_ACCEPTED);
  items[1].set_adjusted_value(3);
  EXPECT_TRUE(ValidateResolutionItems(Form(), Disputed(), items).ok());
  items[1].set_resolution_reason("");
  v = OnlyViolation(ValidateResolutionItems(Form(), Disputed(), items));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->field, "items[1].resolution_reason");
}

TEST(EvaluationValidationTest, EveryAnswerIsCheckedNotOnlyTheFirstBadOne) {
  v1::Evaluation evaluation;
  *evaluation.add_answers() = Answer("nope", 1);
  *evaluation.add_answers() = Answer("tone", 7);
  *evaluation.add_answers() = Answer("hello", std::nullopt, true);
  EXPECT_THAT(FieldViolations(CheckAnswersAgainstForm(Form(), evaluation.answers())),
              ElementsAre("answers[0].criterion_key: 'nope' is not a criterion of the scorecard",
                          "answers[1].value: 7 is outside 1..5 of criterion 'tone'",
                          "answers[2].not_applicable: criterion 'hello' does not allow N/A"));
}

TEST(EvaluationValidationTest, ContentViolationsOfEveryFieldComeTogether) {
  v1::Evaluation evaluation;
  *evaluation.add_answers() = Answer("", 1, true);
  evaluation.set_overall_comment(std::string(4001, 'x'));
  evaluation.set_coaching_notes(std::string(4001, 'y'));
  EXPECT_THAT(db::ViolatedFields(ValidateEvaluationContent(evaluation)),
              ElementsAre("answers[0].criterion_key", "answers[0].value", "overall_comment",
                          "coaching_notes"));
}

}  // namespace
}  // namespace escala::server
