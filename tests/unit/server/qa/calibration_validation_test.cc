#include "server/qa/calibration_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/time/time.h"
#include "db/common/proto_time.h"

namespace escala::server {
namespace {

using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1'790'000'000);

v1::CalibrationSession ValidSession() {
  v1::CalibrationSession session;
  session.set_title("March calibration");
  session.add_interaction_ids(10);
  session.add_interaction_ids(20);
  session.set_scorecard_id("phone-qa");
  session.add_evaluator_employee_ids("E1");
  session.add_evaluator_employee_ids("E2");
  session.set_expert_employee_id("E9");
  *session.mutable_deadline_time() = db::TimeToTimestamp(kNow + absl::Hours(24));
  return session;
}

// "field: reason" of each violation joined by "; ", or "" when there is none.
std::string CalibrationProblem(const absl::Status& status) {
  // The message lists every violation as "field: rule", joined by "; ".
  EXPECT_TRUE(status.ok() || absl::IsInvalidArgument(status)) << status;
  return std::string(status.message());
}

TEST(ValidateNewSessionTest, AcceptsAValidSession) {
  EXPECT_EQ(CalibrationProblem(ValidateNewSession(ValidSession(), kNow)), "");
}

TEST(ValidateNewSessionTest, RequiresATitleOfAtMost200Characters) {
  v1::CalibrationSession session = ValidSession();
  session.set_title("");
  EXPECT_THAT(CalibrationProblem(ValidateNewSession(session, kNow)), HasSubstr("title"));
  session.set_title(std::string(201, 'x'));
  EXPECT_THAT(CalibrationProblem(ValidateNewSession(session, kNow)), HasSubstr("title"));
}

TEST(ValidateNewSessionTest, RequiresOneToFiftyDistinctInteractions) {
  v1::CalibrationSession session = ValidSession();
  session.clear_interaction_ids();
  EXPECT_EQ(CalibrationProblem(ValidateNewSession(session, kNow)),
            "interaction_ids: must name 1 to 50 interactions, got 0");
  for (int i = 1; i <= 51; ++i) session.add_interaction_ids(i);
  EXPECT_EQ(CalibrationProblem(ValidateNewSession(session, kNow)),
            "interaction_ids: must name 1 to 50 interactions, got 51");
  session = ValidSession();
  session.add_interaction_ids(10);
  EXPECT_EQ(CalibrationProblem(ValidateNewSession(session, kNow)),
            "interaction_ids[2]: repeats interaction_ids[0] (10)");
  session = ValidSession();
  session.set_interaction_ids(1, 0);
  EXPECT_EQ(CalibrationProblem(ValidateNewSession(session, kNow)),
            "interaction_ids[1]: must be a positive id, got 0");
}

TEST(ValidateNewSessionTest, RequiresTwoToFiftyDistinctEvaluators) {
  v1::CalibrationSession session = ValidSession();
  session.clear_evaluator_employee_ids();
  session.add_evaluator_employee_ids("E1");
  EXPECT_EQ(CalibrationProblem(ValidateNewSession(session, kNow)),
            "evaluator_employee_ids: must name 2 to 50 evaluators, got 1");
  session.add_evaluator_employee_ids("E1");
  EXPECT_EQ(CalibrationProblem(ValidateNewSession(session, kNow)),
            "evaluator_employee_ids[1]: repeats evaluator_employee_ids[0] ('E1')");
  session = ValidSession();
  for (int i = 0; i < 49; ++i) session.add_evaluator_employee_ids("X" + std::to_string(i));
  EXPECT_THAT(CalibrationProblem(ValidateNewSession(session, kNow)), HasSubstr("got 51"));
}

TEST(ValidateNewSessionTest, ExpertMustNotBeAnEvaluator) {
  v1::CalibrationSession session = ValidSession();
  session.set_expert_employee_id("E2");
  EXPECT_EQ(CalibrationProblem(ValidateNewSession(session, kNow)),
            "expert_employee_id: 'E2' is also evaluator_employee_ids[1]; the expert must not be "
            "an evaluator");
}

TEST(ValidateNewSessionTest, RequiresAScorecardAndAVersionOfAtLeastZero) {
  v1::CalibrationSession session = ValidSession();
  session.set_scorecard_id("");
  EXPECT_THAT(CalibrationProblem(ValidateNewSession(session, kNow)), HasSubstr("scorecard_id"));
  session = ValidSession();
  session.set_scorecard_version(-1);
  EXPECT_THAT(CalibrationProblem(ValidateNewSession(session, kNow)),
              HasSubstr("scorecard_version"));
}

TEST(ValidateNewSessionTest, DeadlineIsRequiredAndInTheFuture) {
  v1::CalibrationSession session = ValidSession();
  session.clear_deadline_time();
  EXPECT_EQ(CalibrationProblem(ValidateNewSession(session, kNow)), "deadline_time: is required");
  *session.mutable_deadline_time() = db::TimeToTimestamp(kNow);
  EXPECT_EQ(CalibrationProblem(ValidateNewSession(session, kNow)),
            "deadline_time: must be in the future");
  // A deadline past year 9999 was once taken as the last millisecond of 9999 and accepted.
  session.mutable_deadline_time()->set_seconds(9223372036854775807);
  EXPECT_EQ(CalibrationProblem(ValidateNewSession(session, kNow)),
            "deadline_time: must be between 0001-01-01T00:00:00Z and "
            "9999-12-31T23:59:59.999999999Z");
}

v1::CalibrationScore ValidScore() {
  v1::CalibrationScore score;
  score.set_session_id(1);
  score.set_interaction_id(10);
  v1::CriterionAnswer* answer = score.add_answers();
  answer->set_criterion_key("greet");
  answer->set_value(1);
  return score;
}

TEST(ValidateScoreTest, AcceptsAValidScore) {
  EXPECT_EQ(CalibrationProblem(ValidateScore(ValidScore())), "");
}

TEST(ValidateScoreTest, NamesTheBrokenField) {
  v1::CalibrationScore score = ValidScore();
  score.set_session_id(0);
  EXPECT_EQ(CalibrationProblem(ValidateScore(score)), "session_id: must be a positive id, got 0");
  score = ValidScore();
  score.set_interaction_id(-2);
  EXPECT_EQ(CalibrationProblem(ValidateScore(score)),
            "interaction_id: must be a positive id, got -2");
  score = ValidScore();
  score.clear_answers();
  EXPECT_THAT(CalibrationProblem(ValidateScore(score)),
              HasSubstr("answers: must answer every criterion"));
  score = ValidScore();
  score.mutable_answers(0)->clear_criterion_key();
  EXPECT_EQ(CalibrationProblem(ValidateScore(score)), "answers[0].criterion_key: is required");
  score = ValidScore();
  score.mutable_answers(0)->set_comment(std::string(4001, 'c'));
  EXPECT_THAT(CalibrationProblem(ValidateScore(score)), HasSubstr("answers[0].comment"));
  score = ValidScore();
  score.set_overall_comment(std::string(4001, 'c'));
  EXPECT_THAT(CalibrationProblem(ValidateScore(score)), HasSubstr("overall_comment"));
}

}  // namespace
}  // namespace escala::server
