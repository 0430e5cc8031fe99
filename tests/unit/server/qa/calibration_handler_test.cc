#include "server/qa/calibration_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/audited_fakes.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_calibration_repository.h"
#include "tests/testing/fakes/fake_interaction_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_scorecard_repository.h"
#include "tests/testing/fakes/manual_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_scorecards.h"

namespace escala::server {
namespace {

using ::escala::testing::FakeCalibrationRepository;
using ::escala::testing::FakeInteractionRepository;
using ::escala::testing::FakeScorecardRepository;
using ::escala::testing::IsOk;
using ::escala::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// Scorecard "card" (greet yes/no, tone 1–5) in `version` and `state`.
v1::Scorecard CalibrationCard(int32_t version, v1::ScorecardState state) {
  v1::Scorecard card = escala::testing::GreetToneCard("card");
  card.set_version(version);
  card.set_state(state);
  return card;
}

v1::Person MakePerson(const std::string& id, v1::Role role, bool active = true) {
  v1::Person person;
  person.set_employee_id(id);
  person.set_role(role);
  person.set_active(active);
  return person;
}

CallContext As(const std::string& employee_id, v1::Role role) {
  CallContext call;
  call.caller.principal = "people/" + employee_id;
  call.caller.employee_id = employee_id;
  call.caller.role = role;
  call.method = "escala.v1.CalibrationService/Test";
  return call;
}

class CalibrationHandlerTest : public ::testing::Test {
 protected:
  CalibrationHandlerTest()
      : handler_(calibration_, scorecards_, people_, interactions_, audit_, clock_.AsClock()) {
    // Version 1 published, version 2 a draft.
    scorecards_.Seed(CalibrationCard(1, v1::SCORECARD_STATE_PUBLISHED));
    scorecards_.Seed(CalibrationCard(2, v1::SCORECARD_STATE_DRAFT));
    interactions_.AddIds(1, 10);
    people_.Add(MakePerson("L1", v1::ROLE_TEAM_LEAD));
    people_.Add(MakePerson("Q1", v1::ROLE_QA_ANALYST));
    people_.Add(MakePerson("Q2", v1::ROLE_QA_ANALYST));
    people_.Add(MakePerson("Q9", v1::ROLE_QA_ANALYST));
    people_.Add(MakePerson("M1", v1::ROLE_MANAGER));
    people_.Add(MakePerson("A1", v1::ROLE_AGENT));
    people_.Add(MakePerson("GONE", v1::ROLE_QA_ANALYST, false));
  }

  v1::CreateCalibrationSessionRequest Request() const {
    v1::CreateCalibrationSessionRequest request;
    v1::CalibrationSession* session = request.mutable_session();
    session->set_title("t");
    session->add_interaction_ids(1);
    session->add_interaction_ids(2);
    session->set_scorecard_id("card");
    session->add_evaluator_employee_ids("L1");
    session->add_evaluator_employee_ids("Q1");
    session->set_expert_employee_id("Q2");
    *session->mutable_deadline_time() = db::TimeToTimestamp(clock_.Now() + absl::Hours(1));
    return request;
  }

  int64_t CreateSession() {
    absl::StatusOr<v1::CalibrationSession> created =
        handler_.CreateCalibrationSession(As("L1", v1::ROLE_TEAM_LEAD), Request());
    EXPECT_THAT(created, IsOk());
    return created.ok() ? created->id() : 0;
  }

  absl::StatusOr<v1::CalibrationScore> Submit(const CallContext& call, int64_t session,
                                              int64_t interaction) {
    v1::SubmitCalibrationScoreRequest request;
    request.mutable_score()->set_session_id(session);
    request.mutable_score()->set_interaction_id(interaction);
    v1::CriterionAnswer* greet = request.mutable_score()->add_answers();
    greet->set_criterion_key("greet");
    greet->set_value(1);
    v1::CriterionAnswer* tone = request.mutable_score()->add_answers();
    tone->set_criterion_key("tone");
    tone->set_value(3);
    return handler_.SubmitCalibrationScore(call, request);
  }

  std::set<std::pair<int64_t, std::string>> Seen(const CallContext& call, int64_t session) {
    v1::ListCalibrationScoresRequest request;
    request.set_session_id(session);
    absl::StatusOr<v1::ListCalibrationScoresResponse> response =
        handler_.ListCalibrationScores(call, request);
    EXPECT_THAT(response, IsOk());
    std::set<std::pair<int64_t, std::string>> seen;
    if (!response.ok()) return seen;
    for (const auto& score : response->scores())
      seen.emplace(score.interaction_id(), score.evaluator_employee_id());
    return seen;
  }

  ::escala::testing::ManualClock clock_;
  ::escala::testing::FakeAuditRepository audit_;
  ::escala::testing::AuditedCalibrationRepository calibration_{audit_};
  FakeScorecardRepository scorecards_;
  ::escala::testing::FakePeopleRepository people_;
  FakeInteractionRepository interactions_;
  CalibrationHandler handler_;
};

TEST_F(CalibrationHandlerTest, CreateUsesTheNewestPublishedVersion) {
  absl::StatusOr<v1::CalibrationSession> created =
      handler_.CreateCalibrationSession(As("L1", v1::ROLE_TEAM_LEAD), Request());
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->scorecard_version(), 1);
  EXPECT_EQ(created->created_by(), "people/L1");
}

TEST_F(CalibrationHandlerTest, CreateRefusesPeopleWhoCannotEvaluate) {
  v1::CreateCalibrationSessionRequest request = Request();
  request.mutable_session()->set_evaluator_employee_ids(1, "A1");
  EXPECT_THAT(handler_.CreateCalibrationSession(As("L1", v1::ROLE_TEAM_LEAD), request),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("session.evaluator_employee_ids[1]: 'A1' is a ROLE_AGENT")));
  request = Request();
  request.mutable_session()->set_expert_employee_id("GONE");
  EXPECT_THAT(handler_.CreateCalibrationSession(As("L1", v1::ROLE_TEAM_LEAD), request),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("session.expert_employee_id: 'GONE' is not active")));
  request = Request();
  request.mutable_session()->set_evaluator_employee_ids(0, "NOBODY");
  EXPECT_THAT(
      handler_.CreateCalibrationSession(As("L1", v1::ROLE_TEAM_LEAD), request),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not in the people directory")));
}

TEST_F(CalibrationHandlerTest, CreateRefusesUnknownInteractionsAndUnpublishedVersions) {
  v1::CreateCalibrationSessionRequest request = Request();
  request.mutable_session()->set_interaction_ids(1, 99);
  EXPECT_THAT(handler_.CreateCalibrationSession(As("L1", v1::ROLE_TEAM_LEAD), request),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("session.interaction_ids[1]: interaction 99 does not exist")));
  request = Request();
  request.mutable_session()->set_scorecard_version(2);
  EXPECT_THAT(handler_.CreateCalibrationSession(As("L1", v1::ROLE_TEAM_LEAD), request),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("SCORECARD_STATE_DRAFT")));
  request = Request();
  request.mutable_session()->set_scorecard_id("other");
  EXPECT_THAT(handler_.CreateCalibrationSession(As("L1", v1::ROLE_TEAM_LEAD), request),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("session.scorecard_id")));
}

TEST_F(CalibrationHandlerTest, ParticipantsSeeOthersScoresOnlyAfterScoringTheInteraction) {
  const int64_t session = CreateSession();
  const CallContext l1 = As("L1", v1::ROLE_TEAM_LEAD), q1 = As("Q1", v1::ROLE_QA_ANALYST);
  ASSERT_THAT(Submit(l1, session, 1), IsOk());
  EXPECT_TRUE(Seen(q1, session).empty());
  ASSERT_THAT(Submit(q1, session, 2), IsOk());
  EXPECT_THAT(Seen(q1, session), UnorderedElementsAre(std::make_pair(int64_t{2}, "Q1")));
  ASSERT_THAT(Submit(q1, session, 1), IsOk());
  EXPECT_THAT(Seen(q1, session), UnorderedElementsAre(std::make_pair(int64_t{1}, "L1"),
                                                      std::make_pair(int64_t{1}, "Q1"),
                                                      std::make_pair(int64_t{2}, "Q1")));
  // A manager sees the session but no score until it closes; then every score.
  const CallContext m1 = As("M1", v1::ROLE_MANAGER);
  EXPECT_TRUE(Seen(m1, session).empty());
  clock_.Advance(absl::Hours(2));  // past the deadline: closed when read
  EXPECT_EQ(Seen(m1, session).size(), 3u);
}

TEST_F(CalibrationHandlerTest, OnlyParticipantsScoreAndOutsidersDoNotSeeTheSession) {
  const int64_t session = CreateSession();
  EXPECT_THAT(Submit(As("M1", v1::ROLE_MANAGER), session, 1),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Submit(As("Q9", v1::ROLE_QA_ANALYST), session, 1),
              StatusIs(absl::StatusCode::kNotFound));
  v1::GetCalibrationSessionRequest get;
  get.set_id(session);
  EXPECT_THAT(handler_.GetCalibrationSession(As("Q9", v1::ROLE_QA_ANALYST), get),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(handler_.GetCalibrationSession(As("Q2", v1::ROLE_QA_ANALYST), get),
              IsOk());  // the expert
  EXPECT_THAT(Submit(As("Q1", v1::ROLE_QA_ANALYST), session, 7),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("score.interaction_id: 7")));
}

TEST_F(CalibrationHandlerTest, TheServerComputesTheScoreAndTheEngineChecksTheAnswers) {
  const int64_t session = CreateSession();
  absl::StatusOr<v1::CalibrationScore> stored = Submit(As("Q1", v1::ROLE_QA_ANALYST), session, 1);
  ASSERT_THAT(stored, IsOk());
  EXPECT_DOUBLE_EQ(stored->score(), 75.0);  // (1 + (3-1)/4) / 2
  EXPECT_EQ(stored->evaluator_employee_id(), "Q1");
  v1::SubmitCalibrationScoreRequest partial;
  partial.mutable_score()->set_session_id(session);
  partial.mutable_score()->set_interaction_id(1);
  partial.mutable_score()->add_answers()->set_criterion_key("greet");
  partial.mutable_score()->mutable_answers(0)->set_value(1);
  EXPECT_THAT(handler_.SubmitCalibrationScore(As("Q1", v1::ROLE_QA_ANALYST), partial),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tone")));
}

TEST_F(CalibrationHandlerTest, ClosingNeedsTheCreatorOrAManagerAndAnOpenSession) {
  const int64_t session = CreateSession();
  v1::CloseCalibrationSessionRequest close;
  close.set_id(session);
  EXPECT_THAT(handler_.CloseCalibrationSession(As("Q1", v1::ROLE_QA_ANALYST), close),
              StatusIs(absl::StatusCode::kPermissionDenied));
  v1::ComputeCalibrationResultsRequest results;
  results.set_session_id(session);
  EXPECT_THAT(handler_.ComputeCalibrationResults(As("L1", v1::ROLE_TEAM_LEAD), results),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("is open")));
  EXPECT_THAT(handler_.CloseCalibrationSession(As("M1", v1::ROLE_MANAGER), close), IsOk());
  EXPECT_THAT(handler_.CloseCalibrationSession(As("L1", v1::ROLE_TEAM_LEAD), close),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed already")));
  EXPECT_THAT(Submit(As("Q1", v1::ROLE_QA_ANALYST), session, 1),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(handler_.ComputeCalibrationResults(As("L1", v1::ROLE_TEAM_LEAD), results), IsOk());
}

TEST_F(CalibrationHandlerTest, ASessionPastItsDeadlineReadsAsClosedAtTheDeadline) {
  const int64_t session = CreateSession();
  clock_.Advance(absl::Hours(1));
  v1::GetCalibrationSessionRequest get;
  get.set_id(session);
  absl::StatusOr<v1::CalibrationSession> read =
      handler_.GetCalibrationSession(As("L1", v1::ROLE_TEAM_LEAD), get);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->state(), v1::CALIBRATION_STATE_CLOSED);
  EXPECT_EQ(db::TimestampToMillis(read->close_time()),
            db::TimestampToMillis(read->deadline_time()));
  v1::CloseCalibrationSessionRequest close;
  close.set_id(session);
  EXPECT_THAT(handler_.CloseCalibrationSession(As("L1", v1::ROLE_TEAM_LEAD), close),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(CalibrationHandlerTest, ListPagesNewestFirstAndNarrowsToTheCallersSessions) {
  for (int i = 0; i < 3; ++i) CreateSession();
  v1::ListCalibrationSessionsRequest request;
  request.set_page_size(2);
  absl::StatusOr<v1::ListCalibrationSessionsResponse> first =
      handler_.ListCalibrationSessions(As("Q1", v1::ROLE_QA_ANALYST), request);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(calibration_.last_filter.visible_to_employee_id, "Q1");
  ASSERT_EQ(first->sessions_size(), 2);
  EXPECT_EQ(first->sessions(0).id(), 3);
  ASSERT_FALSE(first->next_page_token().empty());
  request.set_page_token(first->next_page_token());
  absl::StatusOr<v1::ListCalibrationSessionsResponse> second =
      handler_.ListCalibrationSessions(As("Q1", v1::ROLE_QA_ANALYST), request);
  ASSERT_THAT(second, IsOk());
  ASSERT_EQ(second->sessions_size(), 1);
  EXPECT_EQ(second->sessions(0).id(), 1);
  EXPECT_TRUE(second->next_page_token().empty());
  // The token is bound to the caller's narrowing: a manager cannot replay it.
  EXPECT_THAT(handler_.ListCalibrationSessions(As("M1", v1::ROLE_MANAGER), request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  // Q9 takes part in nothing; a manager sees everything.
  v1::ListCalibrationSessionsRequest all;
  EXPECT_EQ(handler_.ListCalibrationSessions(As("Q9", v1::ROLE_QA_ANALYST), all)->sessions_size(),
            0);
  EXPECT_EQ(handler_.ListCalibrationSessions(As("M1", v1::ROLE_MANAGER), all)->sessions_size(), 3);
  EXPECT_EQ(calibration_.last_filter.visible_to_employee_id, "");
}

TEST_F(CalibrationHandlerTest, ScoresArePagedInSessionOrderEachOnce) {
  const int64_t session = CreateSession();
  const CallContext l1 = As("L1", v1::ROLE_TEAM_LEAD), q1 = As("Q1", v1::ROLE_QA_ANALYST);
  for (int64_t interaction : {1, 2}) {
    ASSERT_THAT(Submit(l1, session, interaction), IsOk());
    ASSERT_THAT(Submit(q1, session, interaction), IsOk());
  }
  ASSERT_THAT(Submit(As("Q2", v1::ROLE_QA_ANALYST), session, 2), IsOk());
  clock_.Advance(absl::Hours(2));  // closed: every score is visible
  const CallContext m1 = As("M1", v1::ROLE_MANAGER);
  v1::ListCalibrationScoresRequest request;
  request.set_session_id(session);
  request.set_page_size(2);
  std::vector<std::pair<int64_t, std::string>> seen;
  for (int pages = 0; pages < 10; ++pages) {
    absl::StatusOr<v1::ListCalibrationScoresResponse> page =
        handler_.ListCalibrationScores(m1, request);
    ASSERT_THAT(page, IsOk());
    EXPECT_LE(page->scores_size(), 2);
    for (const auto& score : page->scores())
      seen.emplace_back(score.interaction_id(), score.evaluator_employee_id());
    if (page->next_page_token().empty()) break;
    request.set_page_token(page->next_page_token());
  }
  EXPECT_EQ(seen, (std::vector<std::pair<int64_t, std::string>>{
                      {1, "L1"}, {1, "Q1"}, {2, "L1"}, {2, "Q1"}, {2, "Q2"}}));
  // The token belongs to this session and this caller.
  v1::ListCalibrationScoresRequest other = request;
  other.set_session_id(CreateSession());
  EXPECT_THAT(handler_.ListCalibrationScores(m1, other),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  EXPECT_THAT(handler_.ListCalibrationScores(As("L1", v1::ROLE_TEAM_LEAD), request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

TEST_F(CalibrationHandlerTest, LeniencyIsPagedAndKeepsTheExtremesOfTheWholeRanking) {
  const int64_t session = CreateSession();
  const CallContext l1 = As("L1", v1::ROLE_TEAM_LEAD), q1 = As("Q1", v1::ROLE_QA_ANALYST);
  const CallContext q2 = As("Q2", v1::ROLE_QA_ANALYST);  // the expert
  for (int64_t interaction : {1, 2}) {
    ASSERT_THAT(Submit(l1, session, interaction), IsOk());
    ASSERT_THAT(Submit(q1, session, interaction), IsOk());
    ASSERT_THAT(Submit(q2, session, interaction), IsOk());
  }
  clock_.Advance(absl::Hours(2));
  v1::ComputeEvaluatorLeniencyRequest request;
  request.set_page_size(1);
  std::vector<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    absl::StatusOr<v1::ComputeEvaluatorLeniencyResponse> page =
        handler_.ComputeEvaluatorLeniency(As("M1", v1::ROLE_MANAGER), request);
    ASSERT_THAT(page, IsOk());
    ASSERT_LE(page->evaluators_size(), 1);
    for (const auto& row : page->evaluators()) seen.push_back(row.evaluator_employee_id());
    // Equal answers, equal deviations: ties go by employee id, and both pages name the extremes.
    EXPECT_EQ(page->most_lenient_employee_id(), "L1");
    EXPECT_EQ(page->strictest_employee_id(), "Q1");
    if (page->next_page_token().empty()) break;
    request.set_page_token(page->next_page_token());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"L1", "Q1"}));
}

TEST_F(CalibrationHandlerTest, ARequestIdReplaysTheOriginalSessionAndRefusesAnotherPayload) {
  v1::CreateCalibrationSessionRequest request = Request();
  request.set_request_id("session-req-1");
  const CallContext l1 = As("L1", v1::ROLE_TEAM_LEAD);
  absl::StatusOr<v1::CalibrationSession> first = handler_.CreateCalibrationSession(l1, request);
  ASSERT_THAT(first, IsOk());
  // The replay is answered even once the deadline has passed, which a new create would refuse.
  clock_.Advance(absl::Hours(2));
  absl::StatusOr<v1::CalibrationSession> replay = handler_.CreateCalibrationSession(l1, request);
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->id(), first->id());
  EXPECT_EQ(replay->state(), v1::CALIBRATION_STATE_CLOSED);  // as of now
  v1::CreateCalibrationSessionRequest other = request;
  other.mutable_session()->set_title("another");
  EXPECT_THAT(handler_.CreateCalibrationSession(l1, other),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id: 'session-req-1'")));
  EXPECT_THAT(handler_.CreateCalibrationSession(As("M1", v1::ROLE_MANAGER), request),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
}

TEST_F(CalibrationHandlerTest, LeniencyRefusesAnEmptyRange) {
  v1::ComputeEvaluatorLeniencyRequest request;
  *request.mutable_closed_after() = db::TimeToTimestamp(clock_.Now());
  *request.mutable_closed_before() = db::TimeToTimestamp(clock_.Now());
  EXPECT_THAT(handler_.ComputeEvaluatorLeniency(As("M1", v1::ROLE_MANAGER), request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("closed_before")));
}

// ---- request_id on SubmitCalibrationScore and CloseCalibrationSession (AIP-155) ----

CallContext CallingCalibration(CallContext call, const std::string& method) {
  call.method = absl::StrCat("escala.v1.CalibrationService/", method);
  return call;
}

TEST_F(CalibrationHandlerTest, ACloseReplayAnswersTheSessionWithoutASecondClose) {
  const int64_t session = CreateSession();
  const CallContext lead =
      CallingCalibration(As("L1", v1::ROLE_TEAM_LEAD), "CloseCalibrationSession");
  v1::CloseCalibrationSessionRequest close;
  close.set_id(session);
  close.set_request_id("close-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CalibrationSession closed,
                              handler_.CloseCalibrationSession(lead, close));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CalibrationSession replay,
                              handler_.CloseCalibrationSession(lead, close));
  EXPECT_EQ(replay.SerializeAsString(), closed.SerializeAsString());
  EXPECT_EQ(audit_.CountEvents(lead.method, "close-1"), 1);
  // Another caller's request_id is not a replay of this one: a manager's close is refused.
  EXPECT_THAT(handler_.CloseCalibrationSession(
                  CallingCalibration(As("M1", v1::ROLE_MANAGER), "CloseCalibrationSession"), close),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("closed already")));
  close.clear_request_id();
  EXPECT_THAT(handler_.CloseCalibrationSession(lead, close),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(CalibrationHandlerTest, AScoreReplayAnswersTheScoreWithoutASecondWrite) {
  const int64_t session = CreateSession();
  const CallContext q1 =
      CallingCalibration(As("Q1", v1::ROLE_QA_ANALYST), "SubmitCalibrationScore");
  v1::SubmitCalibrationScoreRequest request;
  request.mutable_score()->set_session_id(session);
  request.mutable_score()->set_interaction_id(1);
  for (auto [key, value] : {std::pair<const char*, int>{"greet", 1}, {"tone", 3}}) {
    v1::CriterionAnswer* answer = request.mutable_score()->add_answers();
    answer->set_criterion_key(key);
    answer->set_value(value);
  }
  request.set_request_id("score-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CalibrationScore first,
                              handler_.SubmitCalibrationScore(q1, request));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CalibrationScore replay,
                              handler_.SubmitCalibrationScore(q1, request));
  EXPECT_EQ(replay.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(calibration_.submit_calls, 1);
  EXPECT_EQ(audit_.CountEvents(q1.method, "score-1"), 1);

  request.mutable_score()->mutable_answers(1)->set_value(4);
  const absl::StatusOr<v1::CalibrationScore> reused = handler_.SubmitCalibrationScore(q1, request);
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(escala::testing::Reason(reused), "REQUEST_ID_REUSED");
  // Without a request_id a resubmission replaces the score, as before.
  request.clear_request_id();
  ASSERT_THAT(handler_.SubmitCalibrationScore(q1, request), IsOk());
  EXPECT_EQ(calibration_.submit_calls, 2);
}

}  // namespace
}  // namespace escala::server
