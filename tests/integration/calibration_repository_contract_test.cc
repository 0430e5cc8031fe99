// The CalibrationRepository contract, against SQLite and MariaDB.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "db/common/proto_time.h"
#include "db/directory/soci_people_repository.h"
#include "db/directory/soci_team_repository.h"
#include "db/interactions/soci_interaction_repository.h"
#include "db/qa/soci_calibration_repository.h"
#include "db/qa/soci_scorecard_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

v1::Scorecard CalibrationCard() {
  v1::Scorecard scorecard;
  scorecard.set_scorecard_id("calls");
  scorecard.set_title("Calls");
  v1::ScorecardSection* section = scorecard.add_sections();
  section->set_key("all");
  section->set_title("All");
  v1::Criterion* greet = section->add_criteria();
  greet->set_key("greet");
  greet->set_title("Greeted");
  greet->set_weight(1);
  greet->mutable_scale()->set_kind(v1::SCALE_KIND_YES_NO);
  greet->set_allow_na(true);
  return scorecard;
}

std::vector<int64_t> SessionIds(const std::vector<v1::CalibrationSession>& sessions) {
  std::vector<int64_t> ids;
  for (const v1::CalibrationSession& session : sessions) ids.push_back(session.id());
  return ids;
}

class CalibrationRepositoryContract : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    repository_ = std::make_unique<db::SociCalibrationRepository>(database().pool());
    db::SociTeamRepository teams(database().pool());
    db::SociPeopleRepository people(database().pool());
    db::SociInteractionRepository interactions(database().pool());
    db::SociScorecardRepository scorecards(database().pool());
    ASSERT_THAT(teams.Create(MakeTeam("t1", "Team"), TestStamp(), TestNow()), IsOk());
    ASSERT_THAT(people.Create(MakePerson("A1", "t1"), TestStamp(), TestNow()), IsOk());
    for (int i = 0; i < 3; ++i) {
      absl::StatusOr<v1::Interaction> created = interactions.Create(
          MakeInteraction("A1", 1'690'000'000'000 + i * 1000), "", TestStamp(), TestNow());
      ASSERT_THAT(created, IsOk());
      interaction_ids_.push_back(created->id());
    }
    absl::StatusOr<v1::Scorecard> card =
        scorecards.Create(CalibrationCard(), TestStamp(), TestNow());
    ASSERT_THAT(card, IsOk());
    ASSERT_THAT(scorecards.Publish("calls", std::stoll(card->etag()), TestStamp(), TestNow()),
                IsOk());
  }

  db::SociCalibrationRepository& calibration() { return *repository_; }

  v1::CalibrationSession NewSession(const std::string& title,
                                    int64_t deadline_offset_ms = 86'400'000) {
    v1::CalibrationSession session;
    session.set_title(title);
    session.add_interaction_ids(interaction_ids_[1]);
    session.add_interaction_ids(interaction_ids_[0]);
    session.set_scorecard_id("calls");
    session.set_scorecard_version(1);
    session.add_evaluator_employee_ids("E2");
    session.add_evaluator_employee_ids("E1");
    session.set_expert_employee_id("X9");
    *session.mutable_deadline_time() = db::TimeToTimestamp(TestNow(deadline_offset_ms));
    return session;
  }

  v1::CalibrationScore NewScore(int64_t session_id, int64_t interaction_id, const std::string& who,
                                int value) {
    v1::CalibrationScore score;
    score.set_session_id(session_id);
    score.set_interaction_id(interaction_id);
    score.set_evaluator_employee_id(who);
    v1::CriterionAnswer* answer = score.add_answers();
    answer->set_criterion_key("greet");
    answer->set_value(value);
    answer->set_comment("said hello");
    score.set_overall_comment("fine");
    score.set_score(100.0 * value / 3.0);  // a value with many digits, to check it round-trips
    return score;
  }

  std::vector<int64_t> interaction_ids_;

 private:
  std::unique_ptr<db::SociCalibrationRepository> repository_;
};

TEST_P(CalibrationRepositoryContract, CreateStoresTheSessionWithItsMembersAndAudits) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail tail, AuditTail::Start(database().pool()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::CalibrationSession created,
      calibration().Create(NewSession("March"), db::CreateRequest(), TestStamp(), TestNow()));
  EXPECT_GT(created.id(), 0);
  EXPECT_EQ(created.title(), "March");
  EXPECT_THAT(created.interaction_ids(), ElementsAre(interaction_ids_[1], interaction_ids_[0]));
  EXPECT_THAT(created.evaluator_employee_ids(), ElementsAre("E1", "E2"));
  EXPECT_EQ(created.expert_employee_id(), "X9");
  EXPECT_EQ(created.scorecard_version(), 1);
  EXPECT_EQ(created.state(), v1::CALIBRATION_STATE_OPEN);
  EXPECT_EQ(created.created_by(), "serviceAccounts/contract-test");
  EXPECT_EQ(db::TimestampToMillis(created.create_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(db::TimestampToMillis(created.deadline_time()),
            absl::ToUnixMillis(TestNow(86'400'000)));
  EXPECT_FALSE(created.has_close_time());

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CalibrationSession fetched, calibration().Get(created.id()));
  EXPECT_EQ(ProtoDiff(created, fetched), "");

  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, tail.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].resource_type(), "calibration_session");
  EXPECT_EQ(events[0].resource_name(), absl::StrCat("calibrationSessions/", created.id()));
  EXPECT_THAT(events[0].after_json(), HasSubstr("March"));
}

TEST_P(CalibrationRepositoryContract, CreateWithAnUnknownInteractionStoresNothing) {
  v1::CalibrationSession session = NewSession("Broken");
  session.add_interaction_ids(999'999);
  EXPECT_THAT(calibration().Create(session, db::CreateRequest(), TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(database().QueryInt("SELECT COUNT(*) FROM calibration_sessions"), IsOkAndHolds(0));
}

TEST_P(CalibrationRepositoryContract, ARequestIdIsStoredOnceWithItsHash) {
  const db::CreateRequest key{"session-request-1", "987"};
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::CalibrationSession created,
      calibration().Create(NewSession("Once"), key, TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto found, calibration().FindByRequestId("session-request-1"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(ProtoDiff(created, found->resource), "");
  EXPECT_EQ(found->request_hash, "987");
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail tail, AuditTail::Start(database().pool()));
  EXPECT_THAT(
      calibration().Create(NewSession("Twice"), key, TestStamp(), TestNow()),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id: 'session-request-1'")));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, tail.Next());
  EXPECT_TRUE(events.empty());
  EXPECT_THAT(database().QueryInt("SELECT COUNT(*) FROM calibration_sessions"), IsOkAndHolds(1));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto missing, calibration().FindByRequestId("session-request-2"));
  EXPECT_FALSE(missing.has_value());
}

TEST_P(CalibrationRepositoryContract, GettingAMissingSessionIsNotFound) {
  EXPECT_THAT(calibration().Get(42), StatusIs(absl::StatusCode::kNotFound, HasSubstr("42")));
}

TEST_P(CalibrationRepositoryContract, ListIsNewestFirstAndFiltersStateAndVisibility) {
  ESCALA_ASSERT_OK_AND_ASSIGN(auto s1, calibration().Create(NewSession("one"), db::CreateRequest(),
                                                            TestStamp(), TestNow()));
  v1::CalibrationSession second = NewSession("two");
  second.clear_evaluator_employee_ids();
  second.add_evaluator_employee_ids("E7");
  second.add_evaluator_employee_ids("E8");
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto s2, calibration().Create(second, db::CreateRequest(), TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto s3,
      calibration().Create(NewSession("three", 1000), db::CreateRequest(), TestStamp(), TestNow()));
  ASSERT_THAT(calibration().Close(s1.id(), TestStamp(), TestNow(10)), IsOk());
  const absl::Time later = TestNow(5000);  // s3's deadline has passed

  db::CalibrationSessionFilter any;
  ESCALA_ASSERT_OK_AND_ASSIGN(auto all, calibration().List(any, 0, 10, later));
  EXPECT_THAT(SessionIds(all), ElementsAre(s3.id(), s2.id(), s1.id()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page2, calibration().List(any, s3.id(), 1, later));
  EXPECT_THAT(SessionIds(page2), ElementsAre(s2.id()));

  db::CalibrationSessionFilter open{v1::CALIBRATION_STATE_OPEN, ""};
  ESCALA_ASSERT_OK_AND_ASSIGN(auto opened, calibration().List(open, 0, 10, later));
  EXPECT_THAT(SessionIds(opened), ElementsAre(s2.id()));
  db::CalibrationSessionFilter closed{v1::CALIBRATION_STATE_CLOSED, ""};
  ESCALA_ASSERT_OK_AND_ASSIGN(auto done, calibration().List(closed, 0, 10, later));
  EXPECT_THAT(SessionIds(done), ElementsAre(s3.id(), s1.id()));

  db::CalibrationSessionFilter mine{v1::CALIBRATION_STATE_UNSPECIFIED, "E7"};
  ESCALA_ASSERT_OK_AND_ASSIGN(auto e7, calibration().List(mine, 0, 10, later));
  EXPECT_THAT(SessionIds(e7), ElementsAre(s2.id()));
  db::CalibrationSessionFilter expert{v1::CALIBRATION_STATE_UNSPECIFIED, "X9"};
  ESCALA_ASSERT_OK_AND_ASSIGN(auto x9, calibration().List(expert, 0, 10, later));
  EXPECT_THAT(SessionIds(x9), ElementsAre(s3.id(), s2.id(), s1.id()));
  db::CalibrationSessionFilter stranger{v1::CALIBRATION_STATE_UNSPECIFIED, "Z0"};
  ESCALA_ASSERT_OK_AND_ASSIGN(auto none, calibration().List(stranger, 0, 10, later));
  EXPECT_THAT(none, IsEmpty());
}

TEST_P(CalibrationRepositoryContract, SubmitStoresThenReplacesTheScoreWithAuditedBeforeAndAfter) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto session,
      calibration().Create(NewSession("s"), db::CreateRequest(), TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail tail, AuditTail::Start(database().pool()));
  const int64_t unit = interaction_ids_[0];
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::CalibrationScore first,
      calibration().SubmitScore(NewScore(session.id(), unit, "E1", 1), TestStamp(), TestNow(1)));
  EXPECT_EQ(first.evaluator_employee_id(), "E1");
  EXPECT_DOUBLE_EQ(first.score(), 100.0 / 3.0);
  EXPECT_EQ(first.answers(0).comment(), "said hello");
  EXPECT_EQ(first.overall_comment(), "fine");
  EXPECT_FALSE(first.expert());
  EXPECT_EQ(db::TimestampToMillis(first.submit_time()), absl::ToUnixMillis(TestNow(1)));

  v1::CalibrationScore replaced = NewScore(session.id(), unit, "E1", 0);
  replaced.clear_score();  // e.g. every criterion N/A: no score
  ASSERT_THAT(calibration().SubmitScore(replaced, TestStamp(), TestNow(2)), IsOk());
  ASSERT_THAT(
      calibration().SubmitScore(NewScore(session.id(), unit, "X9", 1), TestStamp(), TestNow(3)),
      IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto scores, calibration().ListScores(session.id()));
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_EQ(scores[0].evaluator_employee_id(), "E1");
  EXPECT_EQ(scores[0].answers(0).value(), 0);
  EXPECT_FALSE(scores[0].has_score());
  EXPECT_EQ(scores[1].evaluator_employee_id(), "X9");
  EXPECT_TRUE(scores[1].expert());

  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, tail.Next());
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].resource_type(), "calibration_score");
  EXPECT_EQ(events[0].resource_name(),
            absl::StrCat("calibrationSessions/", session.id(), "/scores/", unit, "/E1"));
  EXPECT_EQ(events[0].before_json(), "");
  EXPECT_THAT(events[1].before_json(), HasSubstr("score"));
  EXPECT_THAT(events[1].after_json(), HasSubstr("answers"));
}

TEST_P(CalibrationRepositoryContract, ScoresAreRefusedOnceClosedOrPastTheDeadline) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto closed,
      calibration().Create(NewSession("c"), db::CreateRequest(), TestStamp(), TestNow()));
  ASSERT_THAT(calibration().Close(closed.id(), TestStamp(), TestNow(1)), IsOk());
  EXPECT_THAT(calibration().SubmitScore(NewScore(closed.id(), interaction_ids_[0], "E1", 1),
                                        TestStamp(), TestNow(2)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto due,
      calibration().Create(NewSession("d", 1000), db::CreateRequest(), TestStamp(), TestNow()));
  EXPECT_THAT(calibration().SubmitScore(NewScore(due.id(), interaction_ids_[0], "E1", 1),
                                        TestStamp(), TestNow(1000)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("deadline")));
  EXPECT_THAT(database().QueryInt("SELECT COUNT(*) FROM calibration_scores"), IsOkAndHolds(0));
  EXPECT_THAT(
      calibration().SubmitScore(NewScore(77, interaction_ids_[0], "E1", 1), TestStamp(), TestNow()),
      StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(CalibrationRepositoryContract, CloseSetsTheTimeOnceAndAudits) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto session,
      calibration().Create(NewSession("s"), db::CreateRequest(), TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail tail, AuditTail::Start(database().pool()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto closed,
                              calibration().Close(session.id(), TestStamp(), TestNow(7)));
  EXPECT_EQ(closed.state(), v1::CALIBRATION_STATE_CLOSED);
  EXPECT_EQ(db::TimestampToMillis(closed.close_time()), absl::ToUnixMillis(TestNow(7)));
  EXPECT_THAT(calibration().Close(session.id(), TestStamp(), TestNow(8)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
  EXPECT_THAT(calibration().Close(12345, TestStamp(), TestNow(8)),
              StatusIs(absl::StatusCode::kNotFound));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, tail.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].before_json(), HasSubstr("OPEN"));
  EXPECT_THAT(events[0].after_json(), HasSubstr("CLOSED"));
}

TEST_P(CalibrationRepositoryContract, ListClosedTakesExplicitAndDeadlineClosuresInTheRange) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto early,
      calibration().Create(NewSession("early"), db::CreateRequest(), TestStamp(), TestNow()));
  ASSERT_THAT(calibration().Close(early.id(), TestStamp(), TestNow(100)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto lapsed,
      calibration().Create(NewSession("lapsed", 200), db::CreateRequest(), TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto open, calibration().Create(NewSession("open", 10'000), db::CreateRequest(), TestStamp(),
                                      TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto late,
      calibration().Create(NewSession("late"), db::CreateRequest(), TestStamp(), TestNow()));
  ASSERT_THAT(calibration().Close(late.id(), TestStamp(), TestNow(300)), IsOk());
  const absl::Time now = TestNow(1000);

  ESCALA_ASSERT_OK_AND_ASSIGN(auto all, calibration().ListClosed(std::nullopt, std::nullopt, now));
  EXPECT_THAT(SessionIds(all), ElementsAre(early.id(), lapsed.id(), late.id()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto middle,
                              calibration().ListClosed(TestNow(150), TestNow(300), now));
  EXPECT_THAT(SessionIds(middle), ElementsAre(lapsed.id()));
  (void)open;
}

INSTANTIATE_TEST_SUITE_P(Backends, CalibrationRepositoryContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
