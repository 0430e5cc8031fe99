// TrainingEffectivenessHandler over in-memory repositories and a manual clock. The main case is
// small enough to work out on paper (see HandComputedDifferenceInDifferences): five trained
// agents, five comparison agents, one "tone" result per window (two for one person), and people
// around them who must not count: a team lead, a level-2 agent, an agent who took the course
// long ago, one who took it within the comparison windows, and results outside the windows.
#include "server/training/effectiveness_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "db/common/proto_time.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/fake_completion_repository.h"
#include "tests/testing/fakes/fake_course_repository.h"
#include "tests/testing/fakes/fake_evaluation_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_scorecard_repository.h"
#include "tests/testing/fakes/manual_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_courses.h"
#include "tests/testing/test_scorecards.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kCard[] = "calls";
constexpr char kCourse[] = "L1-TONE-110";

class TrainingEffectivenessHandlerTest : public ::testing::Test {
 protected:
  TrainingEffectivenessHandlerTest()
      : handler_(server::EffectivenessStores{.completions = completions_,
                                             .courses = courses_,
                                             .people = people_,
                                             .evaluations = evaluations_,
                                             .scorecards = scorecards_},
                 clock_.AsClock()) {
    scorecards_.Put(GreetToneCard(kCard), v1::SCORECARD_STATE_PUBLISHED);
    v1::Course tone = ValidTestCourse(kCourse, "Tone on the phone");
    tone.clear_criterion_keys();
    tone.add_criterion_keys("tone");
    EXPECT_THAT(courses_.Create(tone, {}, db::AuditStamp{}, clock_.Now()), IsOk());
    trainer_.caller.principal = "people/TR1";
    trainer_.caller.employee_id = "TR1";
    trainer_.caller.role = v1::ROLE_TRAINER;
    trainer_.method = "escala.v1.TrainingEffectivenessService/ComputeCourseEffectiveness";
  }

  absl::Time Day(double offset) const { return clock_.Now() + absl::Hours(24 * offset); }

  void AddPerson(const std::string& id, v1::Role role = v1::ROLE_AGENT, int level = 1) {
    v1::Person person;
    person.set_employee_id(id);
    person.set_display_name(id);
    person.set_role(role);
    person.set_level(level);
    person.set_team_id("t-a");
    person.set_active(true);
    people_.Add(person);
  }

  // `person` completed the course `day` days from now, recorded at once.
  void Complete(const std::string& person, double day) {
    v1::TrainingCompletion completion;
    completion.set_person_employee_id(person);
    completion.set_course_id(kCourse);
    completion.set_course_version(1);
    *completion.mutable_completion_time() = db::MillisToTimestamp(absl::ToUnixMillis(Day(day)));
    completion.set_source(v1::COMPLETION_SOURCE_IMPORT);
    EXPECT_THAT(completions_.AddAll({completion}, db::AuditStamp{"people/TR1"}, Day(day)), IsOk());
  }

  // A submitted evaluation of `agent` `day` days from now: tone on 1–5 (1 = 0 %, 2 = 25 %,
  // 3 = 50 %, 4 = 75 %, 5 = 100 %) and greet yes.
  void Evaluate(const std::string& agent, double day, int tone) {
    v1::Evaluation evaluation;
    evaluation.set_id(++last_evaluation_);
    evaluation.set_interaction_id(1000 + last_evaluation_);
    evaluation.set_agent_employee_id(agent);
    evaluation.set_team_id("t-a");
    evaluation.set_evaluator_employee_id("Q1");
    evaluation.set_scorecard_id(kCard);
    evaluation.set_scorecard_version(1);
    evaluation.set_state(v1::EVALUATION_STATE_SUBMITTED);
    v1::CriterionAnswer* greet = evaluation.add_answers();
    greet->set_criterion_key("greet");
    greet->set_value(1);
    v1::CriterionAnswer* t = evaluation.add_answers();
    t->set_criterion_key("tone");
    t->set_value(tone);
    *evaluation.mutable_submit_time() = db::MillisToTimestamp(absl::ToUnixMillis(Day(day)));
    evaluations_.Add(evaluation);
  }

  // The world of the hand-computed case. Period [−105 d, −55 d), after window 30 days, before
  // window the default 90 days.
  //
  // Trained T1–T5 complete on days −100, −90, −80, −70, −60 (median −80: the reference). Each
  // has tone 2 (25 %) ten days before completing, and ten days after: T1 2 (25 %), T2–T4 3
  // (50 %), T5 3 and 5 (50 % and 100 %, mean 75 %). Changes 0, +25, +25, +25, +50: mean +25,
  // deviations −25, 0, 0, 0, +25, variance (625 + 625) / 4 = 312.5.
  //
  // Comparison C1–C5 (agent level 1 like the trained) have tone 3 (50 %) on day −90 (before
  // window [−170, −80)) and on day −70 (after window [−80, −50)): C1 2 (25 %), C2–C4 3 (50 %),
  // C5 4 (75 %). Changes −25, 0, 0, 0, +25: mean 0, variance 312.5. C5 completed the course on
  // day −40, after their windows ended: untrained throughout, so counted.
  void HandComputedWorld() {
    const double completed[] = {-100, -90, -80, -70, -60};
    const int after[] = {2, 3, 3, 3, 3};
    for (int i = 0; i < 5; ++i) {
      const std::string id = "T" + std::to_string(i + 1);
      AddPerson(id);
      Complete(id, completed[i]);
      Evaluate(id, completed[i] - 10, 2);
      Evaluate(id, completed[i] + 10, after[i]);
    }
    Evaluate("T5", -60 + 20, 5);
    // Outside T1's windows on both sides: neither counts.
    Evaluate("T1", -100 - 91, 5);
    Evaluate("T1", -100 + 31, 5);
    const int comparison_after[] = {2, 3, 3, 3, 4};
    for (int i = 0; i < 5; ++i) {
      const std::string id = "C" + std::to_string(i + 1);
      AddPerson(id);
      Evaluate(id, -90, 3);
      Evaluate(id, -70, comparison_after[i]);
    }
    Complete("C5", -40);
    // Not comparable: another role, another level. Their big changes would show in the means.
    AddPerson("L1", v1::ROLE_TEAM_LEAD, 1);
    AddPerson("S2", v1::ROLE_AGENT, 2);
    // Comparable, but took the course: X1 long before the period (and again inside it: not
    // trained in the period either), X2 on day −52, after the period, within the windows.
    AddPerson("X1");
    Complete("X1", -200);
    Complete("X1", -95);
    AddPerson("X2");
    Complete("X2", -52);
    for (const char* other : {"L1", "S2", "X1", "X2"}) {
      Evaluate(other, -90, 1);
      Evaluate(other, -70, 5);
    }
  }

  v1::ComputeCourseEffectivenessRequest HandComputedRequest() const {
    v1::ComputeCourseEffectivenessRequest request;
    request.set_course_id(kCourse);
    request.mutable_after_window_duration()->set_seconds(30 * 86400);
    *request.mutable_completion_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(Day(-105)));
    *request.mutable_completion_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(Day(-55)));
    return request;
  }

  absl::StatusOr<v1::ComputeCourseEffectivenessResponse> Compute(
      const v1::ComputeCourseEffectivenessRequest& request) {
    return handler_.ComputeCourseEffectiveness(trainer_, request);
  }

  FakeCompletionRepository completions_;
  FakeCourseRepository courses_;
  FakePeopleRepository people_;
  FakeEvaluationRepository evaluations_;
  FakeScorecardRepository scorecards_;
  ManualClock clock_;
  server::TrainingEffectivenessHandler handler_;
  server::CallContext trainer_;
  int64_t last_evaluation_ = 0;
};

TEST_F(TrainingEffectivenessHandlerTest, HandComputedDifferenceInDifferences) {
  HandComputedWorld();
  absl::StatusOr<v1::ComputeCourseEffectivenessResponse> response = Compute(HandComputedRequest());
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->course_title(), "Tone on the phone");
  EXPECT_EQ(response->trained_people(), 5);
  EXPECT_EQ(db::TimestampToMillis(response->reference_time()), absl::ToUnixMillis(Day(-80)));
  EXPECT_EQ(response->comparison_people(), 5);
  EXPECT_EQ(response->comparison_left_out_completed(), 2);  // X1, X2
  ASSERT_EQ(response->compared_size(), 1);
  EXPECT_EQ(response->compared(0).role(), v1::ROLE_AGENT);
  EXPECT_EQ(response->compared(0).level(), 1);
  EXPECT_EQ(response->before_window_duration().seconds(), 90 * 86400);
  EXPECT_EQ(response->after_window_duration().seconds(), 30 * 86400);

  ASSERT_EQ(response->criteria_size(), 1);
  const v1::CriterionEffectiveness& tone = response->criteria(0);
  EXPECT_EQ(tone.criterion_key(), "tone");
  EXPECT_TRUE(tone.taught());
  EXPECT_EQ(tone.trained().people(), 5);
  EXPECT_EQ(tone.trained().people_left_out(), 0);
  EXPECT_EQ(tone.trained().evaluations_before(), 5);
  EXPECT_EQ(tone.trained().evaluations_after(), 6);  // T5's two
  EXPECT_DOUBLE_EQ(tone.trained().mean_before_percent(), 25);
  EXPECT_DOUBLE_EQ(tone.trained().mean_after_percent(), 50);  // (25 + 50 + 50 + 50 + 75) / 5
  EXPECT_DOUBLE_EQ(tone.trained().mean_change_points(), 25);
  EXPECT_EQ(tone.comparison().people(), 5);
  EXPECT_EQ(tone.comparison().evaluations_before(), 5);
  EXPECT_EQ(tone.comparison().evaluations_after(), 5);
  EXPECT_DOUBLE_EQ(tone.comparison().mean_before_percent(), 50);
  EXPECT_DOUBLE_EQ(tone.comparison().mean_after_percent(), 50);
  EXPECT_DOUBLE_EQ(tone.comparison().mean_change_points(), 0);
  // Estimate 25 − 0 = 25 points. Standard error √(312.5 / 5 + 312.5 / 5) = √125 = 11.1803.
  // Welch's degrees: 125² / ((62.5² + 62.5²) / 4) = 15625 / 1953.125 = 8; t(0.975, 8) = 2.306004,
  // so the half width is 2.306004 × 11.18034 = 25.78191: [−0.78191, 50.78191].
  EXPECT_DOUBLE_EQ(tone.estimate_points(), 25);
  EXPECT_NEAR(tone.standard_error_points(), std::sqrt(125.0), 1e-9);
  EXPECT_NEAR(tone.degrees_of_freedom(), 8, 1e-9);
  EXPECT_NEAR(tone.low_points(), -0.78191, 1e-4);
  EXPECT_NEAR(tone.high_points(), 50.78191, 1e-4);
  EXPECT_TRUE(tone.not_enough_data().empty());
  EXPECT_EQ(tone.minimum_people(), 5);
}

TEST_F(TrainingEffectivenessHandlerTest, FourTrainedIsNotEnoughData) {
  HandComputedWorld();
  // The period now starts after T1's completion: four trained remain (median −75: the
  // comparison windows [−165, −75) and [−75, −45) still hold C1–C5's results).
  v1::ComputeCourseEffectivenessRequest request = HandComputedRequest();
  *request.mutable_completion_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(Day(-95)));
  absl::StatusOr<v1::ComputeCourseEffectivenessResponse> response = Compute(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->trained_people(), 4);
  const v1::CriterionEffectiveness& tone = response->criteria(0);
  EXPECT_EQ(tone.trained().people(), 4);
  EXPECT_EQ(tone.comparison().people(), 5);
  EXPECT_EQ(tone.not_enough_data(),
            "the trained group has 4 people with scores before and after, fewer than 5");
  EXPECT_FALSE(tone.has_estimate_points());
  EXPECT_FALSE(tone.has_low_points());
  // The group means are still there to read.
  EXPECT_DOUBLE_EQ(tone.trained().mean_change_points(), 125.0 / 4);  // 25, 25, 25, 50
}

TEST_F(TrainingEffectivenessHandlerTest, TrainedWithResultsInOneWindowOnlyAreLeftOut) {
  HandComputedWorld();
  AddPerson("T6");
  Complete("T6", -65);
  Evaluate("T6", -60, 5);  // after only
  absl::StatusOr<v1::ComputeCourseEffectivenessResponse> response = Compute(HandComputedRequest());
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->trained_people(), 6);
  const v1::CriterionEffectiveness& tone = response->criteria(0);
  EXPECT_EQ(tone.trained().people(), 5);
  EXPECT_EQ(tone.trained().people_left_out(), 1);
  EXPECT_EQ(tone.trained().evaluations_after(), 6);  // T6's is not counted
}

TEST_F(TrainingEffectivenessHandlerTest, ACriterionTheCourseDoesNotTeachIsACheck) {
  HandComputedWorld();
  v1::ComputeCourseEffectivenessRequest request = HandComputedRequest();
  request.set_criterion_key("greet");
  absl::StatusOr<v1::ComputeCourseEffectivenessResponse> response = Compute(request);
  ASSERT_THAT(response, IsOk());
  ASSERT_EQ(response->criteria_size(), 1);
  const v1::CriterionEffectiveness& greet = response->criteria(0);
  EXPECT_EQ(greet.criterion_key(), "greet");
  EXPECT_FALSE(greet.taught());
  // Everyone greeted every time: no change on either side, and no spread to reason from.
  EXPECT_DOUBLE_EQ(greet.estimate_points(), 0);
  EXPECT_DOUBLE_EQ(greet.low_points(), 0);
  EXPECT_DOUBLE_EQ(greet.high_points(), 0);
  EXPECT_FALSE(greet.has_degrees_of_freedom());
}

TEST_F(TrainingEffectivenessHandlerTest, AsOfHidesLaterCompletionsAndResults) {
  HandComputedWorld();
  // As of day −55: T5's results of days −50 and −40, and the completions of X2 (day −52) and
  // C5 (day −40) are not known yet. T5 then has a before result only; X2, untrained as far as
  // anyone knew, joins the comparison group.
  v1::ComputeCourseEffectivenessRequest request = HandComputedRequest();
  *request.mutable_as_of_time() = db::MillisToTimestamp(absl::ToUnixMillis(Day(-55)));
  absl::StatusOr<v1::ComputeCourseEffectivenessResponse> response = Compute(request);
  ASSERT_THAT(response, IsOk());
  const v1::CriterionEffectiveness& tone = response->criteria(0);
  EXPECT_EQ(tone.trained().people(), 4);
  EXPECT_EQ(tone.trained().people_left_out(), 1);
  EXPECT_EQ(response->comparison_people(), 6);
  EXPECT_EQ(response->comparison_left_out_completed(), 1);  // X1
  EXPECT_THAT(tone.not_enough_data(), HasSubstr("the trained group has 4 people"));
}

TEST_F(TrainingEffectivenessHandlerTest, DefaultsAreTheYearBeforeNowAndNinetyDayWindows) {
  HandComputedWorld();
  v1::ComputeCourseEffectivenessRequest request;
  request.set_course_id(kCourse);
  absl::StatusOr<v1::ComputeCourseEffectivenessResponse> response = Compute(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(db::TimestampToMillis(response->as_of_time()), absl::ToUnixMillis(clock_.Now()));
  EXPECT_EQ(db::TimestampToMillis(response->completion_end_time()),
            absl::ToUnixMillis(clock_.Now()));
  EXPECT_EQ(db::TimestampToMillis(response->completion_start_time()),
            absl::ToUnixMillis(Day(-365)));
  EXPECT_EQ(response->before_window_duration().seconds(), 90 * 86400);
  EXPECT_EQ(response->after_window_duration().seconds(), 90 * 86400);
  // Over the whole year X2 (day −52) and C5 (day −40) completed in the period too, and X1's
  // first completion (day −200) is in it as well.
  EXPECT_EQ(response->trained_people(), 8);
}

TEST_F(TrainingEffectivenessHandlerTest, NobodyTrainedMeansNoReferenceAndNotEnoughData) {
  AddPerson("C1");
  Evaluate("C1", -90, 3);
  v1::ComputeCourseEffectivenessRequest request;
  request.set_course_id(kCourse);
  absl::StatusOr<v1::ComputeCourseEffectivenessResponse> response = Compute(request);
  ASSERT_THAT(response, IsOk());
  EXPECT_FALSE(response->has_reference_time());
  EXPECT_EQ(response->trained_people(), 0);
  EXPECT_EQ(response->comparison_people(), 0);
  EXPECT_EQ(response->criteria(0).not_enough_data(),
            "the trained group has 0 people with scores before and after, fewer than 5; the "
            "comparison group has 0 people with scores before and after, fewer than 5");
}

TEST_F(TrainingEffectivenessHandlerTest, RefusesMalformedRequestsNamingEveryField) {
  v1::ComputeCourseEffectivenessRequest request;
  request.set_course_id("x' OR '1'='1");
  request.set_criterion_key("to ne");
  request.mutable_before_window_duration()->set_seconds(6 * 86400);
  request.mutable_after_window_duration()->set_seconds(366 * 86400);
  *request.mutable_as_of_time() = db::MillisToTimestamp(absl::ToUnixMillis(Day(1)));
  absl::StatusOr<v1::ComputeCourseEffectivenessResponse> response = Compute(request);
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kInvalidArgument));
  const std::vector<std::string> violations = FieldViolations(response);
  ASSERT_EQ(violations.size(), 5u) << ::testing::PrintToString(violations);
  EXPECT_THAT(violations[0], HasSubstr("course_id: "));
  EXPECT_THAT(violations[1], HasSubstr("criterion_key: "));
  EXPECT_EQ(violations[2],
            "before_window_duration: must be between 7 and 365 days, got 518400 seconds");
  EXPECT_EQ(violations[3],
            "after_window_duration: must be between 7 and 365 days, got 31622400 seconds");
  EXPECT_EQ(violations[4], "as_of_time: must not be in the future");

  v1::ComputeCourseEffectivenessRequest bounds;
  bounds.set_course_id(kCourse);
  bounds.mutable_before_window_duration()->set_nanos(5);
  *bounds.mutable_completion_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(Day(1)));
  *bounds.mutable_completion_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(Day(2)));
  EXPECT_THAT(FieldViolations(Compute(bounds)),
              ElementsAre("before_window_duration: must be a whole number of seconds",
                          "completion_end_time: must not be after as_of_time",
                          "completion_start_time: must be before completion_end_time"));

  v1::ComputeCourseEffectivenessRequest missing;
  EXPECT_THAT(FieldViolations(Compute(missing)), ElementsAre(HasSubstr("course_id: ")));
}

TEST_F(TrainingEffectivenessHandlerTest, UnknownCourseIsNotFoundAndACourseWithoutCriteriaNeedsOne) {
  v1::ComputeCourseEffectivenessRequest request;
  request.set_course_id("NO-SUCH");
  EXPECT_THAT(Compute(request),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("course 'NO-SUCH' not found")));

  v1::Course bare = ValidTestCourse("BARE-1", "Nothing measurable");
  bare.clear_criterion_keys();
  ASSERT_THAT(courses_.Create(bare, {}, db::AuditStamp{}, clock_.Now()), IsOk());
  request.set_course_id("BARE-1");
  absl::StatusOr<v1::ComputeCourseEffectivenessResponse> response = Compute(request);
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(FieldViolations(response), ElementsAre(HasSubstr("criterion_key: ")));
  // Naming a criterion measures it all the same.
  request.set_criterion_key("tone");
  EXPECT_THAT(Compute(request), IsOk());
}

TEST_F(TrainingEffectivenessHandlerTest, OnlyCallersWhoReachEveryoneCompute) {
  server::CallContext lead = trainer_;
  lead.caller.role = v1::ROLE_TEAM_LEAD;
  lead.scope = server::Scope::kTeam;
  v1::ComputeCourseEffectivenessRequest request;
  request.set_course_id(kCourse);
  EXPECT_THAT(handler_.ComputeCourseEffectiveness(lead, request),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace escala::testing
