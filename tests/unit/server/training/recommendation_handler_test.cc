// TrainingRecommendationHandler over in-memory repositories and a manual clock: rules checked
// against the catalogue, generation from submitted evaluations normalised with their scorecard
// version (means worked out by hand below), the open and cool-down guards, reach by scope,
// dismissal and request_id replays.
#include "server/training/recommendation_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_completion_repository.h"
#include "tests/testing/fakes/fake_course_repository.h"
#include "tests/testing/fakes/fake_enrolment_repository.h"
#include "tests/testing/fakes/fake_evaluation_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_recommendation_repository.h"
#include "tests/testing/fakes/fake_scorecard_repository.h"
#include "tests/testing/fakes/fake_team_repository.h"
#include "tests/testing/fakes/fake_training_session_repository.h"
#include "tests/testing/fakes/manual_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_courses.h"
#include "tests/testing/test_scorecards.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr char kCard[] = "calls";
constexpr char kToneCourse[] = "L1-TONE-110";
constexpr char kGreetCourse[] = "L1-GREET-100";

std::vector<int64_t> EvidenceIds(const v1::TrainingRecommendation& r) {
  std::vector<int64_t> ids;
  for (const v1::RecommendationEvidence& e : r.evidence()) ids.push_back(e.evaluation_id());
  return ids;
}

int QuietCount(const v1::GenerateTrainingRecommendationsResponse& response,
               v1::QuietReason reason) {
  for (const v1::QuietReasonCount& entry : response.quiet()) {
    if (entry.reason() == reason) return entry.count();
  }
  return 0;
}

class TrainingRecommendationHandlerTest : public ::testing::Test {
 protected:
  TrainingRecommendationHandlerTest()
      : recommendations_(&audit_),
        handler_(server::RecommendationStores{.recommendations = recommendations_,
                                              .courses = courses_,
                                              .people = people_,
                                              .teams = teams_,
                                              .evaluations = evaluations_,
                                              .scorecards = scorecards_,
                                              .requests = audit_,
                                              .enrolments = enrolments_,
                                              .sessions = sessions_,
                                              .completions = completions_},
                 clock_.AsClock()) {
    for (const char* team : {"t-a", "t-b"}) {
      v1::Team t;
      t.set_team_id(team);
      t.set_display_name(team);
      teams_.Add(t);
    }
    AddPerson("A1", v1::ROLE_AGENT, "t-a");
    AddPerson("A2", v1::ROLE_AGENT, "t-a");
    AddPerson("B1", v1::ROLE_AGENT, "t-b");
    AddPerson("L1", v1::ROLE_TEAM_LEAD, "t-a");
    scorecards_.Put(GreetToneCard(kCard), v1::SCORECARD_STATE_PUBLISHED);
    v1::Course tone = ValidTestCourse(kToneCourse, "Tone on the phone");
    tone.clear_criterion_keys();
    tone.add_criterion_keys("tone");
    EXPECT_THAT(courses_.Create(tone, {}, db::AuditStamp{}, clock_.Now()), IsOk());
    v1::Course greet = ValidTestCourse(kGreetCourse, "Greeting");
    greet.clear_criterion_keys();
    greet.add_criterion_keys("greet");
    EXPECT_THAT(courses_.Create(greet, {}, db::AuditStamp{}, clock_.Now()), IsOk());

    trainer_.caller.principal = "people/T1";
    trainer_.caller.employee_id = "T1";
    trainer_.caller.role = v1::ROLE_TRAINER;
    trainer_.method = "escala.v1.TrainingRecommendationService/X";
    lead_.caller.principal = "people/L1";
    lead_.caller.employee_id = "L1";
    lead_.caller.team_id = "t-a";
    lead_.caller.role = v1::ROLE_TEAM_LEAD;
    lead_.scope = server::Scope::kTeam;
    lead_.method = trainer_.method;
    agent_.caller.principal = "people/A1";
    agent_.caller.employee_id = "A1";
    agent_.caller.team_id = "t-a";
    agent_.caller.role = v1::ROLE_AGENT;
    agent_.scope = server::Scope::kOwn;
    agent_.method = trainer_.method;
  }

  void AddPerson(const std::string& id, v1::Role role, const std::string& team) {
    v1::Person person;
    person.set_employee_id(id);
    person.set_display_name(id);
    person.set_role(role);
    person.set_level(1);
    person.set_team_id(team);
    person.set_active(true);
    people_.Add(person);
  }

  // A submitted evaluation of `agent`, `days_ago` days before now, with these answers (nullopt
  // for tone: N/A).
  int64_t Evaluate(const std::string& agent, double days_ago, int greet, std::optional<int> tone,
                   v1::EvaluationState state = v1::EVALUATION_STATE_SUBMITTED) {
    v1::Evaluation evaluation;
    evaluation.set_id(++last_evaluation_);
    evaluation.set_interaction_id(1000 + last_evaluation_);
    evaluation.set_agent_employee_id(agent);
    evaluation.set_team_id(agent[0] == 'B' ? "t-b" : "t-a");
    evaluation.set_evaluator_employee_id("Q1");
    evaluation.set_scorecard_id(kCard);
    evaluation.set_scorecard_version(1);
    evaluation.set_state(state);
    v1::CriterionAnswer* g = evaluation.add_answers();
    g->set_criterion_key("greet");
    g->set_value(greet);
    v1::CriterionAnswer* t = evaluation.add_answers();
    t->set_criterion_key("tone");
    if (tone.has_value()) {
      t->set_value(*tone);
    } else {
      t->set_not_applicable(true);
    }
    if (state != v1::EVALUATION_STATE_DRAFT) {
      *evaluation.mutable_submit_time() =
          db::MillisToTimestamp(absl::ToUnixMillis(clock_.Now() - absl::Hours(24 * days_ago)));
    }
    evaluations_.Add(evaluation);
    return evaluation.id();
  }

  static v1::CriterionTrainingRule Rule(const std::string& criterion, const std::string& course) {
    v1::CriterionTrainingRule rule;
    rule.set_criterion_key(criterion);
    rule.set_course_id(course);
    rule.set_below_percent(50);
    rule.set_last_results(3);
    rule.set_min_results(3);
    rule.mutable_cool_down_duration()->set_seconds(14 * 24 * 3600);
    rule.set_action(v1::TRAINING_RULE_ACTION_RECOMMEND);
    return rule;
  }

  absl::StatusOr<v1::CriterionTrainingRule> CreateRule(const v1::CriterionTrainingRule& rule,
                                                       const std::string& request_id = "") {
    v1::CreateCriterionTrainingRuleRequest request;
    *request.mutable_rule() = rule;
    request.set_request_id(request_id);
    return handler_.CreateCriterionTrainingRule(trainer_, request);
  }

  absl::StatusOr<v1::GenerateTrainingRecommendationsResponse> Generate(
      const server::CallContext& call, const std::string& employee_id = "",
      const std::string& request_id = "") {
    v1::GenerateTrainingRecommendationsRequest request;
    if (!employee_id.empty()) request.set_employee_id(employee_id);
    request.set_request_id(request_id);
    return handler_.GenerateTrainingRecommendations(call, request);
  }

  absl::StatusOr<v1::TrainingRecommendation> Dismiss(const server::CallContext& call, int64_t id,
                                                     const std::string& reason,
                                                     const std::string& request_id = "") {
    v1::DismissTrainingRecommendationRequest request;
    request.set_id(id);
    request.set_reason(reason);
    request.set_request_id(request_id);
    return handler_.DismissTrainingRecommendation(call, request);
  }

  std::vector<v1::TrainingRecommendation> List(const server::CallContext& call) {
    v1::ListTrainingRecommendationsRequest request;
    absl::StatusOr<v1::ListTrainingRecommendationsResponse> response =
        handler_.ListTrainingRecommendations(call, request);
    EXPECT_THAT(response, IsOk());
    if (!response.ok()) return {};
    return {response->recommendations().begin(), response->recommendations().end()};
  }

  FakeAuditRepository audit_;
  FakeTrainingRecommendationRepository recommendations_;
  FakeCourseRepository courses_;
  FakePeopleRepository people_;
  FakeTeamRepository teams_;
  FakeEvaluationRepository evaluations_;
  FakeScorecardRepository scorecards_;
  FakeTrainingSessionRepository sessions_;
  FakeEnrolmentRepository enrolments_{sessions_};
  FakeCompletionRepository completions_;
  ManualClock clock_;
  server::TrainingRecommendationHandler handler_;
  server::CallContext trainer_;
  server::CallContext lead_;
  server::CallContext agent_;
  int64_t last_evaluation_ = 0;
};

TEST_F(TrainingRecommendationHandlerTest, ARuleIsStoredActiveWithItsAuthor) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CriterionTrainingRule rule,
                              CreateRule(Rule("tone", kToneCourse)));
  EXPECT_GT(rule.id(), 0);
  EXPECT_TRUE(rule.active());
  EXPECT_EQ(rule.created_by(), "people/T1");
  EXPECT_EQ(rule.etag(), "1");
}

TEST_F(TrainingRecommendationHandlerTest, TheCourseMustExistBeActiveAndTeachTheCriterion) {
  absl::Status missing = CreateRule(Rule("tone", "NOPE-1")).status();
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(FieldViolations(missing),
              ElementsAre(AllOf(StartsWith("rule.course_id: "), HasSubstr("does not exist"))));

  absl::Status not_taught = CreateRule(Rule("greet", kToneCourse)).status();
  EXPECT_THAT(not_taught, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(FieldViolations(not_taught),
              ElementsAre(AllOf(StartsWith("rule.course_id: "),
                                HasSubstr("does not teach criterion 'greet'"))));

  ASSERT_THAT(courses_.Retire(kToneCourse, 0, "old", db::AuditStamp{}, clock_.Now()), IsOk());
  absl::Status retired = CreateRule(Rule("tone", kToneCourse)).status();
  EXPECT_THAT(retired, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(db::ErrorReason(retired), db::kReasonCourseRetired);
}

TEST_F(TrainingRecommendationHandlerTest, AnUpdateChecksTheEtagAndDeactivates) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CriterionTrainingRule rule,
                              CreateRule(Rule("tone", kToneCourse)));
  v1::UpdateCriterionTrainingRuleRequest request;
  request.mutable_rule()->set_id(rule.id());
  request.mutable_rule()->set_etag(rule.etag());
  request.mutable_rule()->set_active(false);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CriterionTrainingRule off,
                              handler_.UpdateCriterionTrainingRule(trainer_, request));
  EXPECT_FALSE(off.active());
  EXPECT_EQ(off.last_results(), 3);
  EXPECT_THAT(handler_.UpdateCriterionTrainingRule(trainer_, request),
              StatusIs(absl::StatusCode::kAborted));

  // A window replaces the last-N span; the mask may not name an output-only field.
  request.mutable_rule()->set_etag(off.etag());
  request.mutable_rule()->clear_active();
  request.mutable_rule()->mutable_window_duration()->set_seconds(30 * 24 * 3600);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CriterionTrainingRule windowed,
                              handler_.UpdateCriterionTrainingRule(trainer_, request));
  EXPECT_EQ(windowed.span_case(), v1::CriterionTrainingRule::kWindowDuration);
  EXPECT_FALSE(windowed.active());
  request.mutable_rule()->clear_etag();
  request.mutable_update_mask()->add_paths("created_by");
  EXPECT_THAT(handler_.UpdateCriterionTrainingRule(trainer_, request),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(TrainingRecommendationHandlerTest, AFiredRuleNamesItsEvidenceAndTheMeanWorkedOutByHand) {
  ASSERT_THAT(CreateRule(Rule("tone", kToneCourse)), IsOk());
  ASSERT_THAT(CreateRule(Rule("greet", kGreetCourse)), IsOk());
  // Tone 1–5 normalises (v - 1) / 4: 5 → 100, 2 → 25, 3 → 50, 1 → 0. Greet yes/no: 1 → 100.
  const int64_t oldest = Evaluate("A1", 10, 1, 5);
  const int64_t e2 = Evaluate("A1", 6, 0, 2);
  const int64_t e3 = Evaluate("A1", 4, 1, 3);
  const int64_t e4 = Evaluate("A1", 2, 0, 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse response,
                              Generate(trainer_, "A1"));
  ASSERT_EQ(response.recommendations_size(), 2);
  const v1::TrainingRecommendation& tone = response.recommendations(0);
  EXPECT_EQ(tone.course_id(), kToneCourse);
  EXPECT_EQ(tone.criterion_key(), "tone");
  EXPECT_EQ(tone.employee_id(), "A1");
  EXPECT_EQ(tone.team_id(), "t-a");
  EXPECT_EQ(tone.state(), v1::TRAINING_RECOMMENDATION_STATE_OPEN);
  // The last three, newest first: (0 + 50 + 25) / 3 = 25.
  EXPECT_THAT(EvidenceIds(tone), ElementsAre(e4, e3, e2));
  EXPECT_DOUBLE_EQ(tone.mean_percent(), 25);
  EXPECT_DOUBLE_EQ(tone.evidence(0).percent(), 0);
  EXPECT_DOUBLE_EQ(tone.evidence(1).percent(), 50);
  EXPECT_DOUBLE_EQ(tone.evidence(2).percent(), 25);
  const v1::TrainingRecommendation& greet = response.recommendations(1);
  EXPECT_EQ(greet.course_id(), kGreetCourse);
  // Greet: no, yes, no → (0 + 100 + 0) / 3 = 33.33…
  EXPECT_THAT(EvidenceIds(greet), ElementsAre(e4, e3, e2));
  EXPECT_NEAR(greet.mean_percent(), 100.0 / 3, 1e-9);
  EXPECT_NE(oldest, 0);
  EXPECT_EQ(response.people_judged(), 1);
}

TEST_F(TrainingRecommendationHandlerTest, NotApplicableAnswersAreNoResults) {
  ASSERT_THAT(CreateRule(Rule("tone", kToneCourse)), IsOk());
  const int64_t e1 = Evaluate("A1", 8, 1, 1);
  const int64_t e2 = Evaluate("A1", 6, 1, 2);
  Evaluate("A1", 4, 1, std::nullopt);
  const int64_t e4 = Evaluate("A1", 2, 1, 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse response,
                              Generate(trainer_, "A1"));
  ASSERT_EQ(response.recommendations_size(), 1);
  // The N/A of the third is skipped, so the last three results reach back to the first.
  EXPECT_THAT(EvidenceIds(response.recommendations(0)), ElementsAre(e4, e2, e1));
  EXPECT_NEAR(response.recommendations(0).mean_percent(), 25.0 / 3, 1e-9);
}

TEST_F(TrainingRecommendationHandlerTest, DraftsAndLaterSubmissionsAreNotEvidence) {
  ASSERT_THAT(CreateRule(Rule("tone", kToneCourse)), IsOk());
  Evaluate("A1", 6, 1, 1);
  Evaluate("A1", 4, 1, 1);
  Evaluate("A1", 2, 1, 1, v1::EVALUATION_STATE_DRAFT);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse response,
                              Generate(trainer_, "A1"));
  EXPECT_THAT(response.recommendations(), IsEmpty());
  EXPECT_EQ(QuietCount(response, v1::QUIET_REASON_NOT_ENOUGH_RESULTS), 1);

  // A third submitted after as_of does not count either.
  Evaluate("A1", -1, 1, 1);
  v1::GenerateTrainingRecommendationsRequest request;
  request.set_employee_id("A1");
  ESCALA_ASSERT_OK_AND_ASSIGN(response,
                              handler_.GenerateTrainingRecommendations(trainer_, request));
  EXPECT_THAT(response.recommendations(), IsEmpty());
}

TEST_F(TrainingRecommendationHandlerTest, ASecondRunMakesNothingAndDismissalWaitsForTheCoolDown) {
  ASSERT_THAT(CreateRule(Rule("tone", kToneCourse)), IsOk());
  for (int day : {6, 4, 2}) Evaluate("A1", day, 1, 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse first,
                              Generate(trainer_));
  ASSERT_EQ(first.recommendations_size(), 1);
  const int64_t id = first.recommendations(0).id();

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse again,
                              Generate(trainer_));
  EXPECT_THAT(again.recommendations(), IsEmpty());
  EXPECT_EQ(QuietCount(again, v1::QUIET_REASON_ALREADY_OPEN), 1);
  EXPECT_EQ(recommendations_.inserted(), 1);

  // Open suppresses whatever the cool-down: a month later, still nothing.
  clock_.Advance(absl::Hours(24 * 30));
  for (int day : {3, 2, 1}) Evaluate("A1", day, 1, 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(again, Generate(trainer_));
  EXPECT_THAT(again.recommendations(), IsEmpty());

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingRecommendation dismissed,
                              Dismiss(trainer_, id, "coached in person"));
  EXPECT_EQ(dismissed.state(), v1::TRAINING_RECOMMENDATION_STATE_DISMISSED);
  EXPECT_EQ(dismissed.dismiss_reason(), "coached in person");
  EXPECT_EQ(dismissed.dismissed_by(), "people/T1");
  // Made 30 days ago; the cool-down is 14: dismissed, the rule fires again at once.
  ESCALA_ASSERT_OK_AND_ASSIGN(again, Generate(trainer_));
  ASSERT_EQ(again.recommendations_size(), 1);
  const int64_t second = again.recommendations(0).id();
  EXPECT_NE(second, id);

  // Dismissed the same day it was made, it stays quiet for the 14 days.
  ASSERT_THAT(Dismiss(trainer_, second, "not now"), IsOk());
  clock_.Advance(absl::Hours(24 * 13));
  for (int day : {3, 2, 1}) Evaluate("A1", day, 1, 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(again, Generate(trainer_));
  EXPECT_THAT(again.recommendations(), IsEmpty());
  EXPECT_EQ(QuietCount(again, v1::QUIET_REASON_COOLING_DOWN), 1);
  clock_.Advance(absl::Hours(24 * 1));
  ESCALA_ASSERT_OK_AND_ASSIGN(again, Generate(trainer_));
  EXPECT_EQ(again.recommendations_size(), 1);
}

TEST_F(TrainingRecommendationHandlerTest, NoRuleFiresForACourseThePersonIsEnrolledIn) {
  ASSERT_THAT(CreateRule(Rule("tone", kToneCourse)), IsOk());
  // Tone 1 three times: a mean of 0, below 50. The rule would fire.
  for (int day : {6, 4, 2}) Evaluate("A1", day, 1, 1);
  // A session of the course a month ahead, with A1 booked in it.
  v1::TrainingSession planned = ValidTestSession(kToneCourse);
  planned.clear_blocks();
  *planned.add_blocks() = TestBlock(clock_.Now() + absl::Hours(24 * 30), absl::Hours(2));
  planned.set_course_version(1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession session,
                              sessions_.Create(planned, {}, db::AuditStamp{}, clock_.Now()));
  db::NewEnrolment enrolment;
  enrolment.session_id = session.id();
  enrolment.person_employee_id = "A1";
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment booked,
                              enrolments_.Enrol(enrolment, db::AuditStamp{}, clock_.Now()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse enrolled,
                              Generate(trainer_, "A1"));
  EXPECT_THAT(enrolled.recommendations(), IsEmpty());
  EXPECT_EQ(QuietCount(enrolled, v1::QUIET_REASON_ENROLLED), 1);
  // Withdrawn, the course is no longer on its way: the rule fires.
  ASSERT_THAT(enrolments_.Withdraw(booked.id(), "", false, db::AuditStamp{}, clock_.Now()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse withdrawn,
                              Generate(trainer_, "A1"));
  ASSERT_EQ(withdrawn.recommendations_size(), 1);
  EXPECT_EQ(withdrawn.recommendations(0).course_id(), kToneCourse);
}

TEST_F(TrainingRecommendationHandlerTest, ResultsBeforeTheLastCompletionAreNotCounted) {
  ASSERT_THAT(CreateRule(Rule("tone", kToneCourse)), IsOk());
  for (int day : {10, 8, 6}) Evaluate("A1", day, 1, 1);
  const int64_t after = Evaluate("A1", 2, 1, 1);
  // A1 completed the course five days ago (recorded then): only the result of two days ago is
  // after it, fewer than the rule's three.
  v1::TrainingCompletion completion;
  completion.set_person_employee_id("A1");
  completion.set_course_id(kToneCourse);
  completion.set_course_version(1);
  *completion.mutable_completion_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(clock_.Now() - absl::Hours(24 * 5)));
  completion.set_source(v1::COMPLETION_SOURCE_IMPORT);
  ASSERT_THAT(completions_.AddAll({completion}, db::AuditStamp{"people/M1"},
                                  clock_.Now() - absl::Hours(24 * 5)),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse quiet,
                              Generate(trainer_, "A1"));
  EXPECT_THAT(quiet.recommendations(), IsEmpty());
  EXPECT_EQ(QuietCount(quiet, v1::QUIET_REASON_NOT_ENOUGH_RESULTS), 1);
  // Two more low results after the completion: three, and the evidence is those three only.
  const int64_t e2 = Evaluate("A1", 1.5, 1, 1);
  const int64_t e3 = Evaluate("A1", 1, 1, 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse fired,
                              Generate(trainer_, "A1"));
  ASSERT_EQ(fired.recommendations_size(), 1);
  EXPECT_THAT(EvidenceIds(fired.recommendations(0)), ElementsAre(e3, e2, after));
}

TEST_F(TrainingRecommendationHandlerTest, InactiveRulesAndRetiredCoursesStayQuiet) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CriterionTrainingRule tone,
                              CreateRule(Rule("tone", kToneCourse)));
  v1::CriterionTrainingRule off = Rule("greet", kGreetCourse);
  off.set_active(false);
  ASSERT_THAT(CreateRule(off), IsOk());
  for (int day : {6, 4, 2}) Evaluate("A1", day, 0, 1);
  ASSERT_THAT(courses_.Retire(kToneCourse, 0, "old", db::AuditStamp{}, clock_.Now()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse response,
                              Generate(trainer_, "A1"));
  EXPECT_THAT(response.recommendations(), IsEmpty());
  EXPECT_EQ(QuietCount(response, v1::QUIET_REASON_COURSE_RETIRED), 1);
}

TEST_F(TrainingRecommendationHandlerTest, EnrolRulesAreRecordedAsRecommendationsThatSaySo) {
  v1::CriterionTrainingRule rule = Rule("tone", kToneCourse);
  rule.set_action(v1::TRAINING_RULE_ACTION_ENROL);
  ASSERT_THAT(CreateRule(rule), IsOk());
  for (int day : {6, 4, 2}) Evaluate("A1", day, 1, 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse response,
                              Generate(trainer_, "A1"));
  ASSERT_EQ(response.recommendations_size(), 1);
  EXPECT_EQ(response.recommendations(0).action(), v1::TRAINING_RULE_ACTION_ENROL);
}

TEST_F(TrainingRecommendationHandlerTest, EveryoneReachesWhatTheirScopeAllows) {
  ASSERT_THAT(CreateRule(Rule("tone", kToneCourse)), IsOk());
  for (const char* agent : {"A1", "A2", "B1"}) {
    for (int day : {6, 4, 2}) Evaluate(agent, day, 1, 1);
  }
  // A lead's "everyone" is their team; another team's person is out of reach.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse team, Generate(lead_));
  EXPECT_EQ(team.recommendations_size(), 2);
  EXPECT_EQ(team.people_judged(), 2);
  EXPECT_THAT(Generate(lead_, "B1"), StatusIs(absl::StatusCode::kNotFound));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse other,
                              Generate(trainer_, "B1"));
  ASSERT_EQ(other.recommendations_size(), 1);
  const int64_t b1 = other.recommendations(0).id();

  std::vector<std::string> seen;
  for (const v1::TrainingRecommendation& r : List(agent_)) seen.push_back(r.employee_id());
  EXPECT_THAT(seen, ElementsAre("A1"));
  seen.clear();
  for (const v1::TrainingRecommendation& r : List(lead_)) seen.push_back(r.employee_id());
  EXPECT_THAT(seen, ElementsAre("A2", "A1"));
  EXPECT_EQ(List(trainer_).size(), 3u);

  v1::GetTrainingRecommendationRequest get;
  get.set_id(b1);
  EXPECT_THAT(handler_.GetTrainingRecommendation(agent_, get),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(handler_.GetTrainingRecommendation(lead_, get),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Dismiss(lead_, b1, "not mine"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(TrainingRecommendationHandlerTest, GenerationRefusesAFutureAsOfAndUnknownScopes) {
  v1::GenerateTrainingRecommendationsRequest request;
  *request.mutable_as_of_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(clock_.Now() + absl::Hours(1)));
  absl::Status future = handler_.GenerateTrainingRecommendations(trainer_, request).status();
  EXPECT_THAT(FieldViolations(future),
              ElementsAre(AllOf(StartsWith("as_of_time: "), HasSubstr("future"))));
  EXPECT_THAT(Generate(trainer_, "NOBODY"), StatusIs(absl::StatusCode::kNotFound));
  request.Clear();
  request.set_team_id("t-zzz");
  EXPECT_THAT(handler_.GenerateTrainingRecommendations(trainer_, request),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(TrainingRecommendationHandlerTest, ARetriedGenerationAnswersWhatItMadeWithoutMakingMore) {
  ASSERT_THAT(CreateRule(Rule("tone", kToneCourse)), IsOk());
  for (int day : {6, 4, 2}) Evaluate("A1", day, 1, 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse first,
                              Generate(trainer_, "A1", "gen-1"));
  ASSERT_EQ(first.recommendations_size(), 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse again,
                              Generate(trainer_, "A1", "gen-1"));
  ASSERT_EQ(again.recommendations_size(), 1);
  EXPECT_EQ(again.recommendations(0).id(), first.recommendations(0).id());
  EXPECT_EQ(recommendations_.inserted(), 1);
  absl::Status reused = Generate(trainer_, "A2", "gen-1").status();
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(db::ErrorReason(reused), db::kReasonRequestIdReused);
}

TEST_F(TrainingRecommendationHandlerTest, DismissalNeedsAReasonAndAnOpenRecommendation) {
  ASSERT_THAT(CreateRule(Rule("tone", kToneCourse)), IsOk());
  for (int day : {6, 4, 2}) Evaluate("A1", day, 1, 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::GenerateTrainingRecommendationsResponse made,
                              Generate(trainer_, "A1"));
  const int64_t id = made.recommendations(0).id();
  EXPECT_THAT(FieldViolations(Dismiss(lead_, id, "").status()),
              ElementsAre(AllOf(StartsWith("reason: "), HasSubstr("required"))));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingRecommendation first,
                              Dismiss(lead_, id, "coached", "d-1"));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingRecommendation replay,
                              Dismiss(lead_, id, "coached", "d-1"));
  EXPECT_EQ(replay.dismiss_time().seconds(), first.dismiss_time().seconds());
  absl::Status twice = Dismiss(lead_, id, "again").status();
  EXPECT_THAT(twice, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(db::ErrorReason(twice), db::kReasonInvalidStateTransition);
}

}  // namespace
}  // namespace escala::testing
