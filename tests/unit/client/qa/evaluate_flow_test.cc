// The `escala evaluate` dialogue without a terminal or a server: lines in, screen text and actions
// out. Running scores are hand-computed from the card below:
//   greet     yes/no  weight 1
//   verify    yes/no  weight 2  critical (whole evaluation)
//   accuracy  1–5     weight 3
//   upsell    0–10 points, weight 1, N/A allowed

#include "client/qa/evaluate_flow.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"
#include "client/qa/running_score.h"

namespace escala::client {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

v1::Criterion MakeCriterion(const std::string& key, const std::string& title, double weight,
                            v1::ScaleKind kind, int min, int max) {
  v1::Criterion criterion;
  criterion.set_key(key);
  criterion.set_title(title);
  criterion.set_weight(weight);
  criterion.mutable_scale()->set_kind(kind);
  criterion.mutable_scale()->set_min(min);
  criterion.mutable_scale()->set_max(max);
  return criterion;
}

v1::Scorecard Card() {
  v1::Scorecard card;
  card.set_scorecard_id("phone-qa");
  card.set_version(3);
  card.set_title("Phone QA");
  card.set_state(v1::SCORECARD_STATE_PUBLISHED);
  v1::ScorecardSection* opening = card.add_sections();
  opening->set_key("opening");
  opening->set_title("Opening");
  v1::Criterion greet = MakeCriterion("greet", "Greeting", 1, v1::SCALE_KIND_YES_NO, 0, 0);
  greet.set_guidance("Standard greeting and the customer's name.");
  *opening->add_criteria() = greet;
  v1::Criterion verify =
      MakeCriterion("verify", "Verified identity", 2, v1::SCALE_KIND_YES_NO, 0, 0);
  verify.set_critical(true);
  *opening->add_criteria() = verify;
  v1::ScorecardSection* resolution = card.add_sections();
  resolution->set_key("resolution");
  resolution->set_title("Resolution");
  *resolution->add_criteria() =
      MakeCriterion("accuracy", "Accurate answer", 3, v1::SCALE_KIND_RANGE, 1, 5);
  v1::Criterion upsell =
      MakeCriterion("upsell", "Offered the upgrade", 1, v1::SCALE_KIND_POINTS, 0, 10);
  upsell.set_allow_na(true);
  *resolution->add_criteria() = upsell;
  return card;
}

EvaluateFlow NewFlow(const v1::Evaluation* draft = nullptr) {
  absl::StatusOr<EvaluateFlow> flow = EvaluateFlow::Create(Card(), draft);
  EXPECT_TRUE(flow.ok()) << flow.status();
  return *std::move(flow);
}

// Answers one criterion and skips its comment; returns the screen after the answer.
std::string Answer(EvaluateFlow& flow, const std::string& answer) {
  std::string screen = flow.Feed(answer).screen;
  flow.Feed("");
  return screen;
}

TEST(EvaluateFlowTest, StartShowsTheFirstCriterionAndItsPrompt) {
  const std::string screen = NewFlow().Start().screen;
  EXPECT_THAT(screen, HasSubstr("Scorecard: Phone QA (phone-qa v3), 4 criteria"));
  EXPECT_THAT(screen, HasSubstr("Section 1/2: Opening"));
  EXPECT_THAT(screen, HasSubstr("Criterion 1/4: Greeting [greet]"));
  EXPECT_THAT(screen, HasSubstr("Guidance: Standard greeting and the customer's name."));
  EXPECT_THAT(screen, HasSubstr("Scale: yes/no · weight 1\n"));
  EXPECT_THAT(screen, Not(HasSubstr("Resuming")));
  EXPECT_TRUE(absl::EndsWith(screen, "Answer [y/n, b=back, ?=help]: ")) << screen;
}

TEST(EvaluateFlowTest, ShowsScaleWeightCriticalAndNaMarkers) {
  EvaluateFlow flow = NewFlow();
  flow.Start();
  std::string screen = flow.Feed("y").screen;
  EXPECT_THAT(screen, HasSubstr("Comment (Enter for none): "));
  screen = flow.Feed("").screen;
  EXPECT_THAT(screen, AllOf(HasSubstr("Criterion 2/4: Verified identity [verify]"),
                            HasSubstr("Scale: yes/no · weight 2 · CRITICAL\n")));
  flow.Feed("y");
  screen = flow.Feed("").screen;
  EXPECT_THAT(screen,
              AllOf(HasSubstr("Section 2/2: Resolution"), HasSubstr("Scale: 1–5 · weight 3\n"),
                    HasSubstr("Answer [1-5, b=back, ?=help]: ")));
  flow.Feed("4");
  screen = flow.Feed("").screen;
  EXPECT_THAT(screen, AllOf(HasSubstr("Scale: 0–10 points · weight 1 · N/A allowed"),
                            HasSubstr("Answer [0-10, na, b=back, ?=help]: ")));
}

TEST(EvaluateFlowTest, RunningScoreCoversTheAnsweredCriteriaOnly) {
  EvaluateFlow flow = NewFlow();
  flow.Start();
  // greet yes: 1/1.
  EXPECT_THAT(Answer(flow, "y"),
              HasSubstr("Running score: 100.0 (Above expectations) over 1 of 4 criteria"));
  // verify yes: (1 + 2) / 3.
  EXPECT_THAT(Answer(flow, "y"),
              HasSubstr("Running score: 100.0 (Above expectations) over 2 of 4 criteria"));
  // accuracy 4 of 1–5 is 0.75: (1 + 2 + 3 × 0.75) / 6 = 87.5.
  EXPECT_THAT(Answer(flow, "4"), HasSubstr("Running score: 87.5 (Excellent) over 3 of 4 criteria"));
  // upsell N/A leaves the denominator: still 87.5.
  EXPECT_THAT(Answer(flow, "na"),
              HasSubstr("Running score: 87.5 (Excellent) over 4 of 4 criteria"));
  const RunningScore running = flow.Running();
  ASSERT_TRUE(running.score.has_value());
  EXPECT_DOUBLE_EQ(*running.score, 87.5);
  EXPECT_EQ(running.band, v1::QUALITY_BAND_EXCELLENT);
}

TEST(EvaluateFlowTest, PointsAndRangeAnswersAreNormalisedLikeTheServer) {
  EvaluateFlow flow = NewFlow();
  flow.Start();
  Answer(flow, "y");
  Answer(flow, "y");
  Answer(flow, "4");
  // upsell 5 of 10 points: (1 + 2 + 2.25 + 0.5) / 7 = 82.142…
  EXPECT_THAT(Answer(flow, "5"), HasSubstr("Running score: 82.1 (Good) over 4 of 4 criteria"));
  EXPECT_NEAR(*flow.Running().score, 575.0 / 7.0, 1e-9);
}

TEST(EvaluateFlowTest, FailedCriticalCriterionZeroesTheRunningScore) {
  EvaluateFlow flow = NewFlow();
  flow.Start();
  Answer(flow, "y");
  EXPECT_THAT(Answer(flow, "n"),
              HasSubstr("Running score: 0.0 (Unacceptable) over 2 of 4 criteria; critical "
                        "failed: verify"));
}

TEST(EvaluateFlowTest, InvalidAnswersArePromptedAgainWithAReason) {
  EvaluateFlow flow = NewFlow();
  flow.Start();
  EXPECT_THAT(flow.Feed("").screen,
              AllOf(HasSubstr("An answer is required: y/n."), HasSubstr("Answer [y/n")));
  EXPECT_THAT(flow.Feed("maybe").screen,
              HasSubstr("\"maybe\" is not an answer here: type y or n."));
  EXPECT_THAT(flow.Feed("na").screen, HasSubstr("N/A is not allowed for \"greet\"; answer y/n."));
  Answer(flow, "YES");
  Answer(flow, "1");
  EXPECT_THAT(flow.Feed("7").screen, HasSubstr("7 is outside 1–5."));
  EXPECT_THAT(flow.Feed("0").screen, HasSubstr("0 is outside 1–5."));
  EXPECT_THAT(flow.Feed("4.5").screen, HasSubstr("\"4.5\" is not a whole number from 1 to 5."));
  EXPECT_THAT(flow.Feed("abc").screen, HasSubstr("\"abc\" is not a whole number from 1 to 5."));
  Answer(flow, " 2 ");
  EXPECT_THAT(flow.Feed("11").screen, HasSubstr("11 is outside 0–10."));
  EXPECT_THAT(flow.Feed("x").screen,
              HasSubstr("\"x\" is not a whole number from 0 to 10 (or na)."));
  // Nothing invalid was recorded.
  const v1::Evaluation collected = flow.Collected();
  ASSERT_EQ(collected.answers_size(), 3);
  EXPECT_EQ(collected.answers(0).value(), 1);
  EXPECT_EQ(collected.answers(1).value(), 1);
  EXPECT_EQ(collected.answers(2).value(), 2);
}

TEST(EvaluateFlowTest, NaIsAcceptedWhereAllowed) {
  EvaluateFlow flow = NewFlow();
  flow.Start();
  Answer(flow, "y");
  Answer(flow, "y");
  Answer(flow, "3");
  flow.Feed("N/A");
  flow.Feed("no upgrade available");
  const v1::Evaluation collected = flow.Collected();
  ASSERT_EQ(collected.answers_size(), 4);
  EXPECT_EQ(collected.answers(3).criterion_key(), "upsell");
  EXPECT_TRUE(collected.answers(3).not_applicable());
  EXPECT_FALSE(collected.answers(3).has_value());
  EXPECT_EQ(collected.answers(3).comment(), "no upgrade available");
}

TEST(EvaluateFlowTest, BackReturnsToThePreviousCriterionWithItsAnswerAsDefault) {
  EvaluateFlow flow = NewFlow();
  flow.Start();
  EXPECT_THAT(flow.Feed("b").screen, HasSubstr("This is the first criterion"));
  flow.Feed("y");
  flow.Feed("good greeting");
  std::string screen = flow.Feed("b").screen;
  EXPECT_THAT(screen, AllOf(HasSubstr("Criterion 1/4: Greeting"),
                            HasSubstr("Answer [y/n, b=back, ?=help] (Enter keeps y): ")));
  screen = flow.Feed("n").screen;
  EXPECT_THAT(screen, HasSubstr("Comment (Enter keeps \"good greeting\", - clears): "));
  flow.Feed("-");
  const v1::Evaluation collected = flow.Collected();
  ASSERT_EQ(collected.answers_size(), 1);
  EXPECT_EQ(collected.answers(0).value(), 0);
  EXPECT_EQ(collected.answers(0).comment(), "");
}

TEST(EvaluateFlowTest, QuestionMarkShowsHelpAndKeepsThePrompt) {
  EvaluateFlow flow = NewFlow();
  flow.Start();
  const std::string screen = flow.Feed("?").screen;
  EXPECT_THAT(screen, AllOf(HasSubstr("b goes back one criterion"),
                            HasSubstr("Ctrl-C or the end of input saves"),
                            HasSubstr("Answer [y/n, b=back, ?=help]: ")));
  EXPECT_EQ(flow.Collected().answers_size(), 0);
}

TEST(EvaluateFlowTest, ResumedDraftAnswersAreTheDefaults) {
  v1::Evaluation draft;
  v1::CriterionAnswer* greet = draft.add_answers();
  greet->set_criterion_key("greet");
  greet->set_value(0);
  greet->set_comment("late greeting");
  v1::CriterionAnswer* accuracy = draft.add_answers();
  accuracy->set_criterion_key("accuracy");
  accuracy->set_value(5);
  draft.set_overall_comment("first pass");
  EvaluateFlow flow = NewFlow(&draft);

  std::string screen = flow.Start().screen;
  EXPECT_THAT(screen, HasSubstr("Resuming your draft: 2 of 4 criteria answered; their answers "
                                "are the defaults (Enter keeps them)."));
  // greet no (0 of 1) and accuracy 5 (3 of 3): 3 / 4 = 75.
  EXPECT_THAT(screen, HasSubstr("Running score: 75.0 (Good) over 2 of 4 criteria"));
  EXPECT_THAT(screen, HasSubstr("Answer [y/n, b=back, ?=help] (Enter keeps n): "));
  EXPECT_THAT(flow.Feed("").screen,
              HasSubstr("Comment (Enter keeps \"late greeting\", - clears): "));
  flow.Feed("");
  // verify has no default.
  EXPECT_THAT(flow.Feed("").screen, HasSubstr("An answer is required"));
  Answer(flow, "y");
  // accuracy keeps 5: greet 0 × 1, verify 1 × 2, accuracy 1 × 3 → 5 / 6.
  EXPECT_THAT(flow.Feed("").screen, HasSubstr("Running score: 83.3 (Good) over 3 of 4"));
  flow.Feed("");
  flow.Feed("10");
  screen = flow.Feed("").screen;
  EXPECT_THAT(screen, HasSubstr("Overall comment (Enter keeps \"first pass\", - clears): "));
  const v1::Evaluation collected = flow.Collected();
  ASSERT_EQ(collected.answers_size(), 4);
  EXPECT_EQ(collected.answers(0).comment(), "late greeting");
  EXPECT_EQ(collected.answers(2).value(), 5);
  EXPECT_EQ(collected.overall_comment(), "first pass");
}

TEST(EvaluateFlowTest, SummaryListsEveryAnswerTheScoreAndAsksToSubmit) {
  EvaluateFlow flow = NewFlow();
  flow.Start();
  Answer(flow, "y");
  flow.Feed("n");
  flow.Feed("did not ask the PIN");
  Answer(flow, "4");
  Answer(flow, "5");
  flow.Feed("Polite throughout");
  const std::string screen = flow.Feed("Review the ID check").screen;
  EXPECT_THAT(screen, AllOf(HasSubstr("Summary of Phone QA (phone-qa v3)"),
                            HasSubstr("Greeting [greet]: y\n"),
                            HasSubstr("Verified identity [verify]: n — \"did not ask the PIN\""),
                            HasSubstr("Accurate answer [accuracy]: 4 of 1–5"),
                            HasSubstr("Offered the upgrade [upsell]: 5 of 0–10 points"),
                            HasSubstr("Score: 0.0 (Unacceptable)\n"),
                            HasSubstr("Failed critical criteria: verify\n"),
                            HasSubstr("Overall comment: Polite throughout\n"),
                            HasSubstr("Coaching notes: Review the ID check\n")));
  EXPECT_TRUE(absl::EndsWith(screen, "Submit? [y/N/d=save draft] ")) << screen;
  EXPECT_THAT(flow.Feed("maybe").screen, HasSubstr("Type y to submit"));
  const FlowStep step = flow.Feed("y");
  EXPECT_EQ(step.action, FlowAction::kSubmit);
  const v1::Evaluation collected = flow.Collected();
  EXPECT_EQ(collected.answers_size(), 4);
  EXPECT_EQ(collected.coaching_notes(), "Review the ID check");
}

TEST(EvaluateFlowTest, ConfirmCanSaveADraftOrGoBackToReview) {
  EvaluateFlow flow = NewFlow();
  flow.Start();
  for (const char* answer : {"y", "y", "5", "10"}) Answer(flow, answer);
  flow.Feed("");
  EXPECT_THAT(flow.Feed("").screen, HasSubstr("Score: 100.0 (Above expectations)"));
  std::string screen = flow.Feed("n").screen;
  EXPECT_THAT(screen, AllOf(HasSubstr("Not submitted."), HasSubstr("Criterion 1/4"),
                            HasSubstr("(Enter keeps y)")));
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(flow.Feed("").action, FlowAction::kContinue);
    flow.Feed("");
  }
  flow.Feed("");
  screen = flow.Feed("").screen;
  EXPECT_THAT(screen, HasSubstr("Submit? [y/N/d=save draft] "));
  EXPECT_THAT(flow.Feed("b").screen, HasSubstr("Criterion 4/4"));
  flow.Feed("");
  flow.Feed("");
  flow.Feed("");
  flow.Feed("");
  EXPECT_EQ(flow.Feed("d").action, FlowAction::kSaveDraft);
}

TEST(EvaluateFlowTest, AnInterruptedWalkKeepsWhatWasAnswered) {
  EvaluateFlow flow = NewFlow();
  flow.Start();
  EXPECT_FALSE(flow.HasContent());
  Answer(flow, "y");
  // The value is kept even though its comment was never given.
  flow.Feed("y");
  EXPECT_TRUE(flow.HasContent());
  const v1::Evaluation collected = flow.Collected();
  ASSERT_EQ(collected.answers_size(), 2);
  EXPECT_EQ(collected.answers(0).criterion_key(), "greet");
  EXPECT_EQ(collected.answers(1).criterion_key(), "verify");
  EXPECT_EQ(collected.answers(1).value(), 1);
}

TEST(RunningScoreTest, SectionCriticalZeroesOnlyItsAnsweredSection) {
  v1::Scorecard card = Card();
  v1::Criterion* accuracy = card.mutable_sections(1)->mutable_criteria(0);
  accuracy->set_critical(true);
  accuracy->set_critical_scope(v1::CRITICAL_SCOPE_SECTION);
  absl::StatusOr<server::ScoringForm> form = server::ToScoringForm(card);
  ASSERT_TRUE(form.ok()) << form.status();
  v1::Evaluation evaluation;
  auto add = [&evaluation](const std::string& key, int value) {
    v1::CriterionAnswer* answer = evaluation.add_answers();
    answer->set_criterion_key(key);
    answer->set_value(value);
  };
  add("greet", 1);
  add("accuracy", 1);
  add("upsell", 10);
  // verify unanswered; the resolution section is zeroed: 1 / (1 + 3 + 1) = 20.
  absl::StatusOr<RunningScore> running = ScoreAnswered(*form, evaluation.answers());
  ASSERT_TRUE(running.ok()) << running.status();
  EXPECT_EQ(running->answered, 3);
  EXPECT_EQ(running->total, 4);
  EXPECT_DOUBLE_EQ(*running->score, 20.0);
  EXPECT_EQ(running->band, v1::QUALITY_BAND_UNACCEPTABLE);
  EXPECT_THAT(running->failed_critical_keys, ::testing::ElementsAre("accuracy"));
}

TEST(RunningScoreTest, NothingAnsweredOrOnlyNaHasNoScore) {
  absl::StatusOr<server::ScoringForm> form = server::ToScoringForm(Card());
  ASSERT_TRUE(form.ok());
  v1::Evaluation evaluation;
  evaluation.add_answers()->set_criterion_key("greet");  // a comment-only draft answer
  absl::StatusOr<RunningScore> running = ScoreAnswered(*form, evaluation.answers());
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->answered, 0);
  EXPECT_FALSE(running->score.has_value());
  v1::CriterionAnswer* na = evaluation.add_answers();
  na->set_criterion_key("upsell");
  na->set_not_applicable(true);
  running = ScoreAnswered(*form, evaluation.answers());
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->answered, 1);
  EXPECT_FALSE(running->score.has_value());
  EXPECT_EQ(running->band, v1::QUALITY_BAND_UNSPECIFIED);
}

TEST(EvaluateFlowTest, InteractionContextIsCompact) {
  v1::Interaction interaction;
  interaction.set_id(42);
  interaction.set_channel(v1::CHANNEL_PHONE);
  interaction.set_direction(v1::DIRECTION_INBOUND);
  interaction.set_agent_employee_id("E1001");
  interaction.set_queue("billing");
  interaction.mutable_start_time()->set_seconds(1793524500);  // 2026-11-01T09:15:00Z
  interaction.mutable_end_time()->set_seconds(1793524890);
  interaction.mutable_talk_duration()->set_seconds(310);
  interaction.mutable_hold_duration()->set_seconds(45);
  interaction.set_csat(4);
  interaction.set_nps(9);
  interaction.add_tags("refund");
  interaction.add_tags("vip");
  interaction.mutable_recording()->set_uri("https://media.example/rec/42.ogg");
  const std::string text = InteractionContext(interaction);
  EXPECT_THAT(text, AllOf(HasSubstr("Interaction 42 · phone inbound · agent E1001 · queue billing"),
                          HasSubstr("2026-11-01T09:15:00.000Z → 2026-11-01T09:21:30.000Z"),
                          HasSubstr("talk 5:10 · hold 0:45"),
                          HasSubstr("CSAT 4 · NPS 9 · tags: refund, vip"),
                          HasSubstr("Recording: https://media.example/rec/42.ogg")));
}

TEST(EvaluateFlowTest, ScorecardChoiceDefaultsToTheFirst) {
  v1::Scorecard a = Card();
  v1::Scorecard b = Card();
  b.set_scorecard_id("phone-short");
  b.set_title("Phone (short)");
  EXPECT_THAT(ScorecardChoices({a, b}),
              AllOf(HasSubstr("1) phone-qa v3 — Phone QA"), HasSubstr("2) phone-short v3"),
                    HasSubstr("Scorecard [1-2] (Enter: 1): ")));
  EXPECT_EQ(*ParseScorecardChoice("", 2), 0);
  EXPECT_EQ(*ParseScorecardChoice(" 2 ", 2), 1);
  EXPECT_FALSE(ParseScorecardChoice("3", 2).ok());
  EXPECT_FALSE(ParseScorecardChoice("x", 2).ok());
}

TEST(EvaluateFlowTest, CreateRefusesACardTheEngineCannotScore) {
  v1::Scorecard card = Card();
  card.mutable_sections(0)->mutable_criteria(0)->set_weight(0);
  EXPECT_FALSE(EvaluateFlow::Create(card, nullptr).ok());
}

}  // namespace
}  // namespace escala::client
