// The CalibrationRepository contract, against SQLite, MariaDB and the in-memory fake.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "db/qa/soci_calibration_repository.h"
#include "tests/integration/qa_backend.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_calibration_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

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

// Runs on SQLite, MariaDB and the fake (FakeCalibrationRepository checking interactions and
// scorecard versions against the fakes of qa_backend.h).
class CalibrationRepositoryContract : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    if (fake()) {
      backend_ = QaBackend::Fake();
      repository_ = std::make_unique<FakeCalibrationRepository>(backend_->interactions.get(),
                                                                backend_->scorecards.get());
    } else {
      backend_ = QaBackend::Sql(database().pool());
      repository_ = std::make_unique<db::SociCalibrationRepository>(database().pool());
    }
    ASSERT_THAT(backend_->teams->Create(MakeTeam("t1", "Team"), TestStamp(), TestNow()), IsOk());
    ASSERT_THAT(backend_->people->Create(MakePerson("A1", "t1"), TestStamp(), TestNow()), IsOk());
    for (int i = 0; i < 3; ++i) {
      absl::StatusOr<v1::Interaction> created = backend_->interactions->Create(
          MakeInteraction("A1", 1'690'000'000'000 + i * 1000), "", TestStamp(), TestNow());
      ASSERT_THAT(created, IsOk());
      interaction_ids_.push_back(created->id());
    }
    absl::StatusOr<v1::Scorecard> card =
        backend_->scorecards->Create(CalibrationCard(), TestStamp(), TestNow());
    ASSERT_THAT(card, IsOk());
    ASSERT_THAT(
        backend_->scorecards->Publish("calls", std::stoll(card->etag()), TestStamp(), TestNow()),
        IsOk());
  }

  db::CalibrationRepository& calibration() { return *repository_; }

  // Every stored session, read through List.
  std::vector<v1::CalibrationSession> AllSessions() {
    absl::StatusOr<std::vector<v1::CalibrationSession>> all =
        calibration().List(db::CalibrationSessionFilter(), 0, 1000, TestNow());
    EXPECT_THAT(all, IsOk());
    return all.ok() ? *all : std::vector<v1::CalibrationSession>();
  }

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
  std::unique_ptr<QaBackend> backend_;
  std::unique_ptr<db::CalibrationRepository> repository_;
};

// The cases that read the audit log, which the SQL repository writes in the transaction of the
// change and the fake does not keep: SQLite and MariaDB only.
class CalibrationRepositorySqlContract : public CalibrationRepositoryContract {};

TEST_P(CalibrationRepositoryContract, CreateStoresTheSessionWithItsMembers) {
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
}

// What a caller sends in the output fields (state, close time, creator) is not stored.
TEST_P(CalibrationRepositoryContract, CreateSetsTheOutputFieldsItself) {
  v1::CalibrationSession session = NewSession("Sent closed");
  session.set_id(777);
  session.set_state(v1::CALIBRATION_STATE_CLOSED);
  session.set_created_by("people/someone-else");
  *session.mutable_close_time() = db::TimeToTimestamp(TestNow(5));
  *session.mutable_create_time() = db::TimeToTimestamp(TestNow(-5));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::CalibrationSession created,
      calibration().Create(session, db::CreateRequest(), TestStamp(), TestNow()));
  EXPECT_NE(created.id(), 777);
  EXPECT_EQ(created.state(), v1::CALIBRATION_STATE_OPEN);
  EXPECT_EQ(created.created_by(), TestStamp().principal);
  EXPECT_FALSE(created.has_close_time());
  EXPECT_EQ(db::TimestampToMillis(created.create_time()), absl::ToUnixMillis(TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CalibrationSession fetched, calibration().Get(created.id()));
  EXPECT_EQ(ProtoDiff(created, fetched), "");
}

TEST_P(CalibrationRepositoryContract, CreateWithAnUnknownInteractionStoresNothing) {
  v1::CalibrationSession session = NewSession("Broken");
  session.add_interaction_ids(999'999);
  EXPECT_THAT(calibration().Create(session, db::CreateRequest(), TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(AllSessions(), IsEmpty());
}

TEST_P(CalibrationRepositoryContract, CreateWithAnUnknownScorecardVersionStoresNothing) {
  v1::CalibrationSession session = NewSession("No such card");
  session.set_scorecard_version(4);
  EXPECT_THAT(calibration().Create(session, db::CreateRequest(), TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(AllSessions(), IsEmpty());
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
  EXPECT_THAT(
      calibration().Create(NewSession("Twice"), key, TestStamp(), TestNow()),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id: 'session-request-1'")));
  EXPECT_THAT(AllSessions(), SizeIs(1));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto missing, calibration().FindByRequestId("session-request-2"));
  EXPECT_FALSE(missing.has_value());
  // Sessions without a request_id do not collide with each other.
  ASSERT_THAT(calibration().Create(NewSession("a"), db::CreateRequest(), TestStamp(), TestNow()),
              IsOk());
  ASSERT_THAT(calibration().Create(NewSession("b"), db::CreateRequest(), TestStamp(), TestNow()),
              IsOk());
  EXPECT_THAT(AllSessions(), SizeIs(3));
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
  // The stored state stays OPEN until an explicit close: the caller judges the deadline.
  EXPECT_EQ(done[0].state(), v1::CALIBRATION_STATE_OPEN);
  EXPECT_EQ(done[1].state(), v1::CALIBRATION_STATE_CLOSED);

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

// A creator sees the sessions they made even without taking part.
TEST_P(CalibrationRepositoryContract, TheCreatorSeesTheirSessions) {
  db::AuditStamp lead = TestStamp();
  lead.principal = "people/L1";
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto made, calibration().Create(NewSession("by L1"), db::CreateRequest(), lead, TestNow()));
  ASSERT_THAT(
      calibration().Create(NewSession("other"), db::CreateRequest(), TestStamp(), TestNow()),
      IsOk());
  db::CalibrationSessionFilter l1{v1::CALIBRATION_STATE_UNSPECIFIED, "L1"};
  ESCALA_ASSERT_OK_AND_ASSIGN(auto seen, calibration().List(l1, 0, 10, TestNow()));
  EXPECT_THAT(SessionIds(seen), ElementsAre(made.id()));
}

TEST_P(CalibrationRepositoryContract, SubmitStoresThenReplacesTheScore) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto session,
      calibration().Create(NewSession("s"), db::CreateRequest(), TestStamp(), TestNow()));
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
  EXPECT_EQ(db::TimestampToMillis(scores[0].submit_time()), absl::ToUnixMillis(TestNow(2)));
  EXPECT_EQ(scores[1].evaluator_employee_id(), "X9");
  EXPECT_TRUE(scores[1].expert());
}

// By the session's interaction order (the second interaction of the session comes first here),
// then by evaluator.
TEST_P(CalibrationRepositoryContract, ListScoresFollowsTheSessionOrderThenTheEvaluator) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto session,
      calibration().Create(NewSession("s"), db::CreateRequest(), TestStamp(), TestNow()));
  for (const auto& [interaction, who] :
       std::vector<std::pair<int64_t, std::string>>{{interaction_ids_[0], "E2"},
                                                    {interaction_ids_[0], "E1"},
                                                    {interaction_ids_[1], "X9"},
                                                    {interaction_ids_[1], "E2"}}) {
    ASSERT_THAT(calibration().SubmitScore(NewScore(session.id(), interaction, who, 1), TestStamp(),
                                          TestNow(1)),
                IsOk());
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(auto scores, calibration().ListScores(session.id()));
  std::vector<std::string> order;
  for (const v1::CalibrationScore& score : scores) {
    order.push_back(absl::StrCat(score.interaction_id() == interaction_ids_[1] ? "first" : "second",
                                 "/", score.evaluator_employee_id()));
  }
  EXPECT_THAT(order, ElementsAre("first/E2", "first/X9", "second/E1", "second/E2"));
  EXPECT_THAT(calibration().ListScores(session.id() + 100), IsOkAndHolds(IsEmpty()));
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
  EXPECT_THAT(calibration().ListScores(closed.id()), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(calibration().ListScores(due.id()), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(
      calibration().SubmitScore(NewScore(77, interaction_ids_[0], "E1", 1), TestStamp(), TestNow()),
      StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(CalibrationRepositoryContract, CloseSetsTheTimeOnce) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto session,
      calibration().Create(NewSession("s"), db::CreateRequest(), TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto closed,
                              calibration().Close(session.id(), TestStamp(), TestNow(7)));
  EXPECT_EQ(closed.state(), v1::CALIBRATION_STATE_CLOSED);
  EXPECT_EQ(db::TimestampToMillis(closed.close_time()), absl::ToUnixMillis(TestNow(7)));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto fetched, calibration().Get(session.id()));
  EXPECT_EQ(ProtoDiff(closed, fetched), "");
  EXPECT_THAT(calibration().Close(session.id(), TestStamp(), TestNow(8)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed")));
  EXPECT_THAT(calibration().Close(12345, TestStamp(), TestNow(8)),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(CalibrationRepositoryContract, ASessionPastItsDeadlineCannotBeClosed) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto due,
      calibration().Create(NewSession("d", 1000), db::CreateRequest(), TestStamp(), TestNow()));
  EXPECT_THAT(calibration().Close(due.id(), TestStamp(), TestNow(1000)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("deadline")));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto fetched, calibration().Get(due.id()));
  EXPECT_EQ(fetched.state(), v1::CALIBRATION_STATE_OPEN);
  EXPECT_FALSE(fetched.has_close_time());
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
  // Each bound alone.
  ESCALA_ASSERT_OK_AND_ASSIGN(auto from, calibration().ListClosed(TestNow(200), std::nullopt, now));
  EXPECT_THAT(SessionIds(from), ElementsAre(lapsed.id(), late.id()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto until,
                              calibration().ListClosed(std::nullopt, TestNow(200), now));
  EXPECT_THAT(SessionIds(until), ElementsAre(early.id()));
  (void)open;
}

TEST_P(CalibrationRepositorySqlContract, CreateWritesItsAuditEvent) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail tail, AuditTail::Start(database().pool()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::CalibrationSession created,
      calibration().Create(NewSession("March"), db::CreateRequest(), TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, tail.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].resource_type(), "calibration_session");
  EXPECT_EQ(events[0].resource_name(), absl::StrCat("calibrationSessions/", created.id()));
  EXPECT_THAT(events[0].after_json(), HasSubstr("March"));
}

TEST_P(CalibrationRepositorySqlContract, AReusedRequestIdWritesNoAuditEvent) {
  const db::CreateRequest key{"session-request-1", "987"};
  ASSERT_THAT(calibration().Create(NewSession("Once"), key, TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail tail, AuditTail::Start(database().pool()));
  EXPECT_THAT(calibration().Create(NewSession("Twice"), key, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kAlreadyExists));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, tail.Next());
  EXPECT_TRUE(events.empty());
}

TEST_P(CalibrationRepositorySqlContract, SubmitAuditsTheScoreBeforeAndAfter) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto session,
      calibration().Create(NewSession("s"), db::CreateRequest(), TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail tail, AuditTail::Start(database().pool()));
  const int64_t unit = interaction_ids_[0];
  ASSERT_THAT(
      calibration().SubmitScore(NewScore(session.id(), unit, "E1", 1), TestStamp(), TestNow(1)),
      IsOk());
  v1::CalibrationScore replaced = NewScore(session.id(), unit, "E1", 0);
  replaced.clear_score();
  ASSERT_THAT(calibration().SubmitScore(replaced, TestStamp(), TestNow(2)), IsOk());
  ASSERT_THAT(
      calibration().SubmitScore(NewScore(session.id(), unit, "X9", 1), TestStamp(), TestNow(3)),
      IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, tail.Next());
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].resource_type(), "calibration_score");
  EXPECT_EQ(events[0].resource_name(),
            absl::StrCat("calibrationSessions/", session.id(), "/scores/", unit, "/E1"));
  EXPECT_EQ(events[0].before_json(), "");
  EXPECT_THAT(events[1].before_json(), HasSubstr("score"));
  EXPECT_THAT(events[1].after_json(), HasSubstr("answers"));
}

TEST_P(CalibrationRepositorySqlContract, CloseAuditsTheStateOnce) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto session,
      calibration().Create(NewSession("s"), db::CreateRequest(), TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail tail, AuditTail::Start(database().pool()));
  ASSERT_THAT(calibration().Close(session.id(), TestStamp(), TestNow(7)), IsOk());
  EXPECT_THAT(calibration().Close(session.id(), TestStamp(), TestNow(8)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(calibration().Close(12345, TestStamp(), TestNow(8)),
              StatusIs(absl::StatusCode::kNotFound));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, tail.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].before_json(), HasSubstr("OPEN"));
  EXPECT_THAT(events[0].after_json(), HasSubstr("CLOSED"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CalibrationRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, CalibrationRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
