#include "server/qa/evaluation_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/audited_fakes.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_evaluation_repository.h"
#include "tests/testing/fakes/fake_scorecard_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_scorecards.h"

namespace escala::server {
namespace {

using ::escala::testing::AuditedEvaluationRepository;
using ::escala::testing::FakeAuditRepository;
using ::escala::testing::FakeEvaluationRepository;
using ::escala::testing::FakeScorecardRepository;
using ::escala::testing::FieldViolations;
using ::escala::testing::IsOk;
using ::escala::testing::Reason;
using ::escala::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::Scorecard Card(int version, v1::ScorecardState state) {
  v1::Scorecard card = escala::testing::GreetingSolutionCard("support");
  card.set_version(version);
  card.set_state(state);
  card.set_dispute_window_days(3);
  return card;
}

CallContext Caller(const std::string& employee_id, const std::string& team, Scope scope) {
  CallContext call;
  call.caller.principal = "people/" + employee_id;
  call.caller.employee_id = employee_id;
  call.caller.team_id = team;
  call.scope = scope;
  call.method = "escala.v1.EvaluationService/Test";
  return call;
}

class EvaluationHandlerTest : public ::testing::Test {
 protected:
  EvaluationHandlerTest()
      : cache_(scorecards_, [this] { return now_; }),
        handler_(evaluations_, cache_, audit_, [this] { return now_; }) {
    scorecards_.Seed(Card(1, v1::SCORECARD_STATE_SUPERSEDED));
    scorecards_.Seed(Card(2, v1::SCORECARD_STATE_PUBLISHED));
    evaluations_.owners[100] = {"A1", "t-a"};
    evaluations_.owners[101] = {"B1", "t-b"};
    evaluations_.owners[102] = {"Q1", "t-a"};
  }

  static v1::Evaluation Answers(int64_t interaction, int greeting, int solution) {
    v1::Evaluation evaluation;
    evaluation.set_interaction_id(interaction);
    evaluation.set_scorecard_id("support");
    for (auto [key, value] :
         {std::pair<const char*, int>{"greeting", greeting}, {"solution", solution}}) {
      v1::CriterionAnswer* answer = evaluation.add_answers();
      answer->set_criterion_key(key);
      answer->set_value(value);
    }
    return evaluation;
  }

  absl::StatusOr<v1::Evaluation> SubmitAs(const CallContext& call,
                                          const v1::Evaluation& evaluation) {
    v1::SubmitEvaluationRequest request;
    *request.mutable_evaluation() = evaluation;
    return handler_.SubmitEvaluation(call, request);
  }

  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
  FakeAuditRepository audit_;
  FakeScorecardRepository scorecards_;
  AuditedEvaluationRepository evaluations_{audit_};
  ScorecardCache cache_;
  EvaluationHandler handler_;
  const CallContext qa_ = Caller("Q1", "t-a", Scope::kAll);
  const CallContext agent_ = Caller("A1", "t-a", Scope::kOwn);
  const CallContext lead_ = Caller("L1", "t-a", Scope::kTeam);
  const CallContext manager_ = Caller("M1", "t-m", Scope::kAll);
};

TEST_F(EvaluationHandlerTest, OneShotSubmitComputesTheScoreAndIgnoresOutputFields) {
  v1::Evaluation input = Answers(100, 5, 3);
  input.set_score(100);
  input.set_state(v1::EVALUATION_STATE_ACKNOWLEDGED);
  input.set_agent_employee_id("X9");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation submitted, SubmitAs(qa_, input));
  EXPECT_EQ(submitted.state(), v1::EVALUATION_STATE_SUBMITTED);
  EXPECT_DOUBLE_EQ(submitted.score(), 75.0);  // (1 + 0.5) / 2
  EXPECT_EQ(submitted.band(), v1::QUALITY_BAND_GOOD);
  EXPECT_EQ(submitted.agent_employee_id(), "A1");
  EXPECT_EQ(submitted.team_id(), "t-a");
  EXPECT_EQ(submitted.evaluator_employee_id(), "Q1");
  EXPECT_EQ(submitted.scorecard_version(), 2);
  EXPECT_EQ(submitted.dispute_deadline_time().seconds() - submitted.submit_time().seconds(),
            3 * 86400);
}

TEST_F(EvaluationHandlerTest, SubmitNeedsEveryCriterionAnswered) {
  v1::Evaluation input = Answers(100, 5, 3);
  input.mutable_answers()->RemoveLast();
  EXPECT_THAT(SubmitAs(qa_, input),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("solution")));
}

TEST_F(EvaluationHandlerTest, NobodyEvaluatesThemself) {
  const absl::StatusOr<v1::Evaluation> own = SubmitAs(qa_, Answers(102, 5, 5));
  EXPECT_THAT(own, StatusIs(absl::StatusCode::kPermissionDenied,
                            "interaction 102 is the evaluator's own: nobody evaluates their own "
                            "interactions"));
  EXPECT_EQ(Reason(own), "SELF_EVALUATION");
}

TEST_F(EvaluationHandlerTest, EveryViolationOfTheRequestIsReportedAtOnce) {
  v1::SubmitEvaluationRequest request;
  request.set_request_id("has space");
  v1::Evaluation* evaluation = request.mutable_evaluation();
  evaluation->set_scorecard_version(-1);
  evaluation->set_overall_comment(std::string(4001, 'x'));
  v1::CriterionAnswer* answer = evaluation->add_answers();
  answer->set_value(3);
  answer->set_not_applicable(true);
  const absl::StatusOr<v1::Evaluation> refused = handler_.SubmitEvaluation(qa_, request);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolations(refused),
              ElementsAre("request_id: must be printable ASCII without spaces",
                          "evaluation.interaction_id: must be a positive id, got 0",
                          "evaluation.scorecard_id: is required",
                          "evaluation.scorecard_version: must be 0 (the newest published) or a "
                          "version number, got -1",
                          "evaluation.answers[0].criterion_key: is required",
                          "evaluation.answers[0].value: must not be set together with "
                          "not_applicable",
                          "evaluation.overall_comment: must be at most 4000 characters, got 4001"));
  EXPECT_EQ(evaluations_.size(), 0u);
}

TEST_F(EvaluationHandlerTest, AnswersThatBreakTheFormAreAllNamed) {
  v1::Evaluation input = Answers(100, 9, 5);
  input.mutable_answers(1)->set_criterion_key("courtesy");
  EXPECT_THAT(FieldViolations(SubmitAs(qa_, input)),
              ElementsAre("evaluation.answers[0].value: 9 is outside 1..5 of criterion 'greeting'",
                          "evaluation.answers[1].criterion_key: 'courtesy' is not a criterion of "
                          "the scorecard"));
}

TEST_F(EvaluationHandlerTest, OnlyPeopleEvaluate) {
  CallContext service = qa_;
  service.caller.principal = "serviceAccounts/feeder";
  service.caller.employee_id.clear();
  EXPECT_THAT(SubmitAs(service, Answers(100, 5, 5)),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "serviceAccounts/feeder is not a person: only people evaluate"));
}

TEST_F(EvaluationHandlerTest, TeamLeadEvaluatesOnlyTheTeam) {
  EXPECT_THAT(SubmitAs(lead_, Answers(100, 5, 5)), IsOk());
  EXPECT_THAT(SubmitAs(lead_, Answers(101, 5, 5)), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(EvaluationHandlerTest, AnExplicitOlderVersionIsSuperseded) {
  v1::Evaluation input = Answers(100, 5, 5);
  input.set_scorecard_version(1);
  EXPECT_THAT(SubmitAs(qa_, input),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "scorecard 'support' version 1 is superseded by version 2"));
  EXPECT_EQ(Reason(SubmitAs(qa_, input)), "SCORECARD_SUPERSEDED");
  input.set_scorecard_version(2);
  EXPECT_THAT(SubmitAs(qa_, input), IsOk());
}

TEST_F(EvaluationHandlerTest, SecondEvaluationOfOneInteractionByOneEvaluatorIsRefused) {
  EXPECT_THAT(SubmitAs(qa_, Answers(100, 5, 5)), IsOk());
  EXPECT_THAT(SubmitAs(qa_, Answers(100, 4, 4)), StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(EvaluationHandlerTest, ARequestIdReplayAnswersTheOriginal) {
  v1::SubmitEvaluationRequest request;
  *request.mutable_evaluation() = Answers(100, 5, 5);
  request.set_request_id("r-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation first, handler_.SubmitEvaluation(qa_, request));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation again, handler_.SubmitEvaluation(qa_, request));
  EXPECT_EQ(first.id(), again.id());
  EXPECT_EQ(evaluations_.size(), 1u);
}

TEST_F(EvaluationHandlerTest, DraftsAreHiddenFromTheAgent) {
  v1::CreateEvaluationRequest create;
  *create.mutable_evaluation() = Answers(100, 5, 5);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation draft, handler_.CreateEvaluation(qa_, create));
  EXPECT_EQ(draft.state(), v1::EVALUATION_STATE_DRAFT);
  EXPECT_FALSE(draft.has_score());
  v1::GetEvaluationRequest get;
  get.set_id(draft.id());
  EXPECT_THAT(handler_.GetEvaluation(agent_, get), StatusIs(absl::StatusCode::kNotFound));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListEvaluationsResponse listed,
                              handler_.ListEvaluations(agent_, v1::ListEvaluationsRequest()));
  EXPECT_EQ(listed.evaluations_size(), 0);
  EXPECT_THAT(handler_.GetEvaluation(lead_, get), IsOk());
}

TEST_F(EvaluationHandlerTest, DraftSubmitNeedsTheEtagAndStaysOnItsVersion) {
  v1::CreateEvaluationRequest create;
  *create.mutable_evaluation() = Answers(100, 5, 5);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation draft, handler_.CreateEvaluation(qa_, create));
  // A newer version is published meanwhile: the draft keeps version 2.
  scorecards_.Mutable("support", 2).set_state(v1::SCORECARD_STATE_SUPERSEDED);
  scorecards_.Seed(Card(3, v1::SCORECARD_STATE_PUBLISHED));
  cache_.Invalidate("support");
  v1::SubmitEvaluationRequest submit;
  submit.set_id(draft.id());
  EXPECT_THAT(handler_.SubmitEvaluation(qa_, submit),
              StatusIs(absl::StatusCode::kInvalidArgument, "etag: is required (the etag as read)"));
  submit.set_etag("999");
  const absl::StatusOr<v1::Evaluation> stale = handler_.SubmitEvaluation(qa_, submit);
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(Reason(stale), "ETAG_MISMATCH");
  EXPECT_EQ(db::ErrorInfoOf(stale.status())->metadata().at("resource"),
            absl::StrCat("evaluations/", draft.id()));
  submit.set_etag(draft.etag());
  EXPECT_THAT(handler_.SubmitEvaluation(manager_, submit),
              StatusIs(absl::StatusCode::kPermissionDenied));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation submitted, handler_.SubmitEvaluation(qa_, submit));
  EXPECT_EQ(submitted.scorecard_version(), 2);
  EXPECT_DOUBLE_EQ(submitted.score(), 100.0);
  const absl::StatusOr<v1::Evaluation> again = handler_.SubmitEvaluation(qa_, submit);
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(Reason(again), "INVALID_STATE_TRANSITION");
}

// The request-level etag from before Evaluation.etag, set where the deprecation is expected.
void SetRequestLevelEtag(v1::UpdateEvaluationRequest& request, const std::string& etag) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  request.set_etag(etag);
#pragma GCC diagnostic pop
}

class EvaluationUpdateTest : public EvaluationHandlerTest {
 protected:
  // A draft of interaction 100 answered greeting 5, solution 3 (75 once submitted), with an
  // overall comment.
  v1::Evaluation Draft() {
    v1::CreateEvaluationRequest create;
    *create.mutable_evaluation() = Answers(100, 5, 3);
    create.mutable_evaluation()->set_overall_comment("Friendly");
    absl::StatusOr<v1::Evaluation> draft = handler_.CreateEvaluation(qa_, create);
    EXPECT_THAT(draft, IsOk());
    return draft.value_or(v1::Evaluation());
  }

  // An update of `draft` carrying its etag on the evaluation.
  static v1::UpdateEvaluationRequest UpdateOf(const v1::Evaluation& draft) {
    v1::UpdateEvaluationRequest request;
    request.mutable_evaluation()->set_id(draft.id());
    request.mutable_evaluation()->set_etag(draft.etag());
    return request;
  }

  absl::StatusOr<v1::Evaluation> SubmitDraft(const v1::Evaluation& draft) {
    v1::SubmitEvaluationRequest submit;
    submit.set_id(draft.id());
    submit.set_etag(draft.etag());
    return handler_.SubmitEvaluation(qa_, submit);
  }
};

TEST_F(EvaluationUpdateTest, TheEtagTravelsOnTheEvaluation) {
  const v1::Evaluation draft = Draft();
  v1::UpdateEvaluationRequest request = UpdateOf(draft);
  request.mutable_evaluation()->set_coaching_notes("Greet by name");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation updated, handler_.UpdateEvaluation(qa_, request));
  EXPECT_EQ(updated.coaching_notes(), "Greet by name");
  EXPECT_NE(updated.etag(), draft.etag());
}

TEST_F(EvaluationUpdateTest, TheEtagIsRequiredAndAStaleOneIsAborted) {
  const v1::Evaluation draft = Draft();
  v1::UpdateEvaluationRequest request = UpdateOf(draft);
  request.mutable_evaluation()->clear_etag();
  request.mutable_evaluation()->set_coaching_notes("Greet by name");
  const absl::StatusOr<v1::Evaluation> missing = handler_.UpdateEvaluation(qa_, request);
  EXPECT_THAT(FieldViolations(missing),
              ElementsAre("evaluation.etag: is required (the etag as read)"));
  request.mutable_evaluation()->set_etag("999");
  const absl::StatusOr<v1::Evaluation> stale = handler_.UpdateEvaluation(qa_, request);
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted,
                              ::testing::StartsWith("evaluation.etag: '999' is stale")));
  EXPECT_EQ(Reason(stale), "ETAG_MISMATCH");
  EXPECT_EQ(db::ErrorInfoOf(stale.status())->metadata().at("resource"),
            absl::StrCat("evaluations/", draft.id()));
}

TEST_F(EvaluationUpdateTest, TheDeprecatedRequestLevelEtagStillWorksUnlessItContradicts) {
  const v1::Evaluation draft = Draft();
  v1::UpdateEvaluationRequest request = UpdateOf(draft);
  request.mutable_evaluation()->clear_etag();
  request.mutable_evaluation()->set_coaching_notes("Greet by name");
  SetRequestLevelEtag(request, "999");
  // A stale request-level etag is named as the caller sent it.
  const absl::StatusOr<v1::Evaluation> stale = handler_.UpdateEvaluation(qa_, request);
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted, ::testing::StartsWith("etag: '999'")));
  EXPECT_EQ(Reason(stale), "ETAG_MISMATCH");
  request.mutable_evaluation()->set_etag(draft.etag());
  const absl::StatusOr<v1::Evaluation> both = handler_.UpdateEvaluation(qa_, request);
  EXPECT_THAT(both, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolations(both),
              ElementsAre(absl::StrCat("etag: '999' differs from evaluation.etag '", draft.etag(),
                                       "': send the etag once, as evaluation.etag (the "
                                       "request-level etag is deprecated)")));
  request.mutable_evaluation()->clear_etag();
  SetRequestLevelEtag(request, draft.etag());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation updated, handler_.UpdateEvaluation(qa_, request));
  EXPECT_EQ(updated.coaching_notes(), "Greet by name");
}

TEST_F(EvaluationUpdateTest, AMaskOfCoachingNotesKeepsTheAnswersAndTheirScore) {
  const v1::Evaluation draft = Draft();
  v1::UpdateEvaluationRequest request = UpdateOf(draft);
  // Answers and a comment are sent as well, but only the notes are named.
  *request.mutable_evaluation()->mutable_answers() = Answers(100, 1, 1).answers();
  request.mutable_evaluation()->set_overall_comment("Rude");
  request.mutable_evaluation()->set_coaching_notes("Greet by name");
  request.mutable_update_mask()->add_paths("coaching_notes");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation updated, handler_.UpdateEvaluation(qa_, request));
  EXPECT_EQ(updated.coaching_notes(), "Greet by name");
  EXPECT_EQ(updated.overall_comment(), "Friendly");
  ASSERT_EQ(updated.answers_size(), 2);
  EXPECT_EQ(updated.answers(0).value(), 5);
  EXPECT_EQ(updated.answers(1).value(), 3);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation submitted, SubmitDraft(updated));
  EXPECT_DOUBLE_EQ(submitted.score(), 75.0);
  EXPECT_EQ(submitted.coaching_notes(), "Greet by name");
}

TEST_F(EvaluationUpdateTest, WithoutAMaskThePopulatedFieldsAreReplaced) {
  const v1::Evaluation draft = Draft();
  v1::UpdateEvaluationRequest request = UpdateOf(draft);
  request.mutable_evaluation()->set_coaching_notes("Greet by name");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation updated, handler_.UpdateEvaluation(qa_, request));
  EXPECT_EQ(updated.overall_comment(), "Friendly");
  EXPECT_EQ(updated.answers_size(), 2);
  v1::UpdateEvaluationRequest answers = UpdateOf(updated);
  *answers.mutable_evaluation()->mutable_answers() = Answers(100, 5, 5).answers();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation rescored, handler_.UpdateEvaluation(qa_, answers));
  EXPECT_EQ(rescored.coaching_notes(), "Greet by name");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation submitted, SubmitDraft(rescored));
  EXPECT_DOUBLE_EQ(submitted.score(), 100.0);
}

TEST_F(EvaluationUpdateTest, AStarMaskClearsWhatIsNotSent) {
  const v1::Evaluation draft = Draft();
  v1::UpdateEvaluationRequest request = UpdateOf(draft);
  request.mutable_evaluation()->set_coaching_notes("Start again");
  request.mutable_update_mask()->add_paths("*");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation cleared, handler_.UpdateEvaluation(qa_, request));
  EXPECT_EQ(cleared.answers_size(), 0);
  EXPECT_EQ(cleared.overall_comment(), "");
  EXPECT_EQ(cleared.coaching_notes(), "Start again");
  EXPECT_THAT(SubmitDraft(cleared),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("evaluation.answers")));
}

TEST_F(EvaluationUpdateTest, AMaskNamingAnythingElseIsRefusedBeforeAnyRead) {
  const v1::Evaluation draft = Draft();
  for (const char* path : {"score", "state", "id", "etag", "scorecard_version", "answers.value"}) {
    v1::UpdateEvaluationRequest request = UpdateOf(draft);
    request.mutable_evaluation()->set_score(100);
    request.mutable_update_mask()->add_paths(path);
    const absl::StatusOr<v1::Evaluation> refused = handler_.UpdateEvaluation(qa_, request);
    EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument)) << path;
    EXPECT_THAT(FieldViolations(refused),
                ElementsAre(absl::StrCat("update_mask: '", path,
                                         "' is not a field that can be updated; allowed: answers, "
                                         "coaching_notes, overall_comment (or '*' alone for all "
                                         "of them)")))
        << path;
  }
  // Reported with the request's other violations at once.
  v1::UpdateEvaluationRequest request;
  request.mutable_update_mask()->add_paths("state");
  EXPECT_THAT(FieldViolations(handler_.UpdateEvaluation(qa_, request)),
              ElementsAre("evaluation.id: must be a positive id, got 0",
                          "evaluation.etag: is required (the etag as read)",
                          ::testing::StartsWith("update_mask: 'state'")));
}

TEST_F(EvaluationUpdateTest, TheMergedAnswersAreCheckedAgainstTheForm) {
  const v1::Evaluation draft = Draft();
  v1::UpdateEvaluationRequest request = UpdateOf(draft);
  *request.mutable_evaluation()->mutable_answers() = Answers(100, 5, 7).answers();
  request.mutable_update_mask()->add_paths("answers");
  const absl::StatusOr<v1::Evaluation> refused = handler_.UpdateEvaluation(qa_, request);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("evaluation.answers[1].value")));
  request.mutable_evaluation()->set_overall_comment(std::string(4001, 'x'));
  request.mutable_update_mask()->add_paths("overall_comment");
  EXPECT_THAT(
      handler_.UpdateEvaluation(qa_, request),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("evaluation.overall_comment")));
}

TEST_F(EvaluationHandlerTest, DisputeAndAdjustedResolutionRecomputeTheScore) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation submitted, SubmitAs(qa_, Answers(100, 5, 1)));
  EXPECT_DOUBLE_EQ(submitted.score(), 50.0);
  v1::OpenDisputeRequest open;
  open.set_id(submitted.id());
  v1::ContestedCriterion* item = open.add_items();
  item->set_criterion_key("solution");
  item->set_reason("The customer's problem was solved");
  EXPECT_THAT(handler_.OpenDispute(Caller("A2", "t-a", Scope::kOwn), open),
              StatusIs(absl::StatusCode::kNotFound));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation disputed, handler_.OpenDispute(agent_, open));
  EXPECT_EQ(disputed.state(), v1::EVALUATION_STATE_DISPUTED);
  EXPECT_EQ(disputed.dispute().opened_by(), "A1");

  v1::ResolveDisputeRequest resolve;
  resolve.set_id(disputed.id());
  resolve.set_etag(disputed.etag());
  v1::ContestedCriterion* decision = resolve.add_items();
  decision->set_criterion_key("solution");
  decision->set_outcome(v1::DISPUTE_OUTCOME_ADJUSTED);
  decision->set_adjusted_value(5);
  decision->set_resolution_reason("Confirmed on the recording");
  EXPECT_THAT(handler_.ResolveDispute(qa_, resolve),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       absl::StrCat("the evaluator of evaluation ", disputed.id(),
                                    " may not resolve its dispute: a third person decides")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation resolved, handler_.ResolveDispute(lead_, resolve));
  EXPECT_EQ(resolved.state(), v1::EVALUATION_STATE_DISPUTE_RESOLVED);
  EXPECT_DOUBLE_EQ(resolved.score(), 100.0);
  EXPECT_DOUBLE_EQ(resolved.dispute().score_before(), 50.0);
  EXPECT_DOUBLE_EQ(resolved.dispute().score_after(), 100.0);
  EXPECT_EQ(resolved.dispute().items(0).original_value(), 1);
  EXPECT_EQ(resolved.dispute().items(0).adjusted_value(), 5);
  EXPECT_EQ(resolved.dispute().resolved_by(), "L1");
  resolve.set_etag(resolved.etag());
  EXPECT_THAT(handler_.ResolveDispute(manager_, resolve),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already resolved")));
}

TEST_F(EvaluationHandlerTest, TheAgentCannotResolveAndDisputesCloseAtTheDeadline) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation submitted, SubmitAs(qa_, Answers(100, 5, 1)));
  now_ += absl::Hours(24 * 3) + absl::Seconds(1);
  v1::OpenDisputeRequest open;
  open.set_id(submitted.id());
  open.add_items()->set_criterion_key("solution");
  open.mutable_items(0)->set_reason("late");
  const absl::StatusOr<v1::Evaluation> late = handler_.OpenDispute(agent_, open);
  EXPECT_THAT(late, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("deadline")));
  EXPECT_EQ(Reason(late), "DISPUTE_WINDOW_CLOSED");
  v1::AcknowledgeEvaluationRequest ack;
  ack.set_id(submitted.id());
  ack.set_comment("Fair");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation acknowledged,
                              handler_.AcknowledgeEvaluation(agent_, ack));
  EXPECT_EQ(acknowledged.agent_comment(), "Fair");
  EXPECT_THAT(handler_.AcknowledgeEvaluation(agent_, ack),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already acknowledged")));
}

TEST_F(EvaluationHandlerTest, ReviewerWhoIsTheAgentIsRefused) {
  // Only an all-scope caller can reach the agent's own evaluation as a reviewer.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation submitted, SubmitAs(qa_, Answers(100, 2, 2)));
  v1::OpenDisputeRequest open;
  open.set_id(submitted.id());
  open.add_items()->set_criterion_key("greeting");
  open.mutable_items(0)->set_reason("no");
  ASSERT_THAT(handler_.OpenDispute(agent_, open), IsOk());
  v1::ResolveDisputeRequest resolve;
  resolve.set_id(submitted.id());
  resolve.set_etag("2");
  EXPECT_THAT(handler_.ResolveDispute(Caller("A1", "t-a", Scope::kAll), resolve),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("the agent of evaluation")));
  CallContext service = qa_;
  service.caller.principal = "serviceAccounts/feeder";
  service.caller.employee_id.clear();
  EXPECT_THAT(handler_.ResolveDispute(service, resolve),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("is not a person")));
}

TEST_F(EvaluationHandlerTest, TheNewestPublishedVersionIsCachedForFiveSeconds) {
  ASSERT_THAT(SubmitAs(qa_, Answers(100, 5, 5)), IsOk());
  ASSERT_THAT(SubmitAs(manager_, Answers(100, 5, 5)), IsOk());
  EXPECT_EQ(scorecards_.published_gets, 1);
  now_ += absl::Seconds(6);
  ASSERT_THAT(SubmitAs(lead_, Answers(100, 5, 5)), IsOk());
  EXPECT_EQ(scorecards_.published_gets, 2);
}

// ---- request_id on the state changes (AIP-155) ----

// `call` as a call of EvaluationService method `method`.
CallContext CallingEvaluation(CallContext call, const std::string& method) {
  call.method = absl::StrCat("escala.v1.EvaluationService/", method);
  return call;
}

TEST_F(EvaluationHandlerTest, AnAcknowledgementReplayAnswersTheEvaluationWithoutASecondChange) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation submitted, SubmitAs(qa_, Answers(100, 5, 1)));
  const CallContext agent = CallingEvaluation(agent_, "AcknowledgeEvaluation");
  v1::AcknowledgeEvaluationRequest ack;
  ack.set_id(submitted.id());
  ack.set_comment("Fair");
  ack.set_request_id("ack-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation first, handler_.AcknowledgeEvaluation(agent, ack));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation replay, handler_.AcknowledgeEvaluation(agent, ack));
  EXPECT_EQ(replay.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(replay.state(), v1::EVALUATION_STATE_ACKNOWLEDGED);
  EXPECT_EQ(audit_.CountEvents(agent.method, "ack-1"), 1);

  // The same request_id for another comment is a reuse, not a replay.
  ack.set_comment("Unfair");
  const absl::StatusOr<v1::Evaluation> reused = handler_.AcknowledgeEvaluation(agent, ack);
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  EXPECT_EQ(Reason(reused), "REQUEST_ID_REUSED");

  // Without a request_id a retry is refused as before.
  ack.clear_request_id();
  EXPECT_THAT(handler_.AcknowledgeEvaluation(agent, ack),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("already acknowledged")));
  int acknowledgements = 0;
  for (const v1::AuditEvent& event : audit_.events())
    acknowledgements += event.method() == agent.method;
  EXPECT_EQ(acknowledgements, 1);
}

TEST_F(EvaluationHandlerTest, AnotherCallersRequestIdIsNotAReplay) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation submitted, SubmitAs(qa_, Answers(100, 5, 1)));
  v1::AcknowledgeEvaluationRequest ack;
  ack.set_id(submitted.id());
  ack.set_request_id("shared-id");
  ASSERT_THAT(
      handler_.AcknowledgeEvaluation(CallingEvaluation(agent_, "AcknowledgeEvaluation"), ack),
      IsOk());
  // An all-scope caller who is not the agent, with the same request_id and payload: their own
  // request, checked as such (only the agent acknowledges).
  EXPECT_THAT(
      handler_.AcknowledgeEvaluation(CallingEvaluation(manager_, "AcknowledgeEvaluation"), ack),
      StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(EvaluationHandlerTest, DisputeAndResolutionReplaysChangeNothingTwice) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation submitted, SubmitAs(qa_, Answers(100, 5, 1)));
  const CallContext agent = CallingEvaluation(agent_, "OpenDispute");
  v1::OpenDisputeRequest open;
  open.set_id(submitted.id());
  open.add_items()->set_criterion_key("solution");
  open.mutable_items(0)->set_reason("Solved");
  open.set_request_id("open-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation disputed, handler_.OpenDispute(agent, open));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation again, handler_.OpenDispute(agent, open));
  EXPECT_EQ(again.SerializeAsString(), disputed.SerializeAsString());
  EXPECT_EQ(audit_.CountEvents(agent.method, "open-1"), 1);
  open.mutable_items(0)->set_reason("Solved, see the notes");
  EXPECT_THAT(handler_.OpenDispute(agent, open), StatusIs(absl::StatusCode::kAlreadyExists));

  const CallContext lead = CallingEvaluation(lead_, "ResolveDispute");
  v1::ResolveDisputeRequest resolve;
  resolve.set_id(disputed.id());
  resolve.set_etag(disputed.etag());
  v1::ContestedCriterion* decision = resolve.add_items();
  decision->set_criterion_key("solution");
  decision->set_outcome(v1::DISPUTE_OUTCOME_UPHELD);
  decision->set_resolution_reason("Heard the recording");
  resolve.set_request_id("resolve-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation resolved, handler_.ResolveDispute(lead, resolve));
  // The etag sent is stale now; a replay is answered before it is compared.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation replay, handler_.ResolveDispute(lead, resolve));
  EXPECT_EQ(replay.SerializeAsString(), resolved.SerializeAsString());
  EXPECT_EQ(audit_.CountEvents(lead.method, "resolve-1"), 1);
}

TEST_F(EvaluationHandlerTest, AResolutionRetryWithTheEtagReadAfterwardsIsAReplayNotAReuse) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation submitted, SubmitAs(qa_, Answers(100, 5, 1)));
  v1::OpenDisputeRequest open;
  open.set_id(submitted.id());
  open.add_items()->set_criterion_key("solution");
  open.mutable_items(0)->set_reason("Solved");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation disputed,
                              handler_.OpenDispute(CallingEvaluation(agent_, "OpenDispute"), open));
  const CallContext lead = CallingEvaluation(lead_, "ResolveDispute");
  v1::ResolveDisputeRequest resolve;
  resolve.set_id(disputed.id());
  resolve.set_etag(disputed.etag());
  v1::ContestedCriterion* decision = resolve.add_items();
  decision->set_criterion_key("solution");
  decision->set_outcome(v1::DISPUTE_OUTCOME_UPHELD);
  decision->set_resolution_reason("Heard the recording");
  resolve.set_request_id("resolve-2");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation resolved, handler_.ResolveDispute(lead, resolve));
  ASSERT_NE(resolved.etag(), disputed.etag());
  // A client that lost the answer reads the evaluation again before retrying (the CLI's
  // `disputes resolve`): the retry carries the resolved evaluation's etag.
  resolve.set_etag(resolved.etag());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation replay, handler_.ResolveDispute(lead, resolve));
  EXPECT_EQ(replay.SerializeAsString(), resolved.SerializeAsString());
  EXPECT_EQ(audit_.CountEvents(lead.method, "resolve-2"), 1);
  int resolutions = 0;
  for (const v1::AuditEvent& event : audit_.events()) resolutions += event.method() == lead.method;
  EXPECT_EQ(resolutions, 1);
  // The etag is all the fingerprint leaves out: another decision is still another request.
  resolve.mutable_items(0)->set_resolution_reason("Read the transcript");
  const absl::StatusOr<v1::Evaluation> reused = handler_.ResolveDispute(lead, resolve);
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  EXPECT_EQ(Reason(reused), "REQUEST_ID_REUSED");
}

TEST_F(EvaluationHandlerTest, AStateChangeRequestIdFollowsTheRequestIdRule) {
  v1::AcknowledgeEvaluationRequest ack;
  ack.set_id(1);
  ack.set_request_id("has space");
  EXPECT_THAT(
      handler_.AcknowledgeEvaluation(CallingEvaluation(agent_, "AcknowledgeEvaluation"), ack),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")));
}

TEST_F(EvaluationHandlerTest, TheLoserOfARaceIsAnsweredAsAReplay) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation submitted, SubmitAs(qa_, Answers(100, 5, 1)));
  const CallContext agent = CallingEvaluation(agent_, "AcknowledgeEvaluation");
  v1::AcknowledgeEvaluationRequest ack;
  ack.set_id(submitted.id());
  ack.set_request_id("race-1");
  // The winner's event lands between the loser's lookup and its change: the loser's change
  // then finds the evaluation acknowledged already.
  v1::AcknowledgeEvaluationRequest winner = ack;
  evaluations_.before_change = [&] {
    ASSERT_THAT(handler_.AcknowledgeEvaluation(agent, winner), IsOk());
  };
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation loser, handler_.AcknowledgeEvaluation(agent, ack));
  EXPECT_EQ(loser.state(), v1::EVALUATION_STATE_ACKNOWLEDGED);
  EXPECT_EQ(audit_.CountEvents(agent.method, "race-1"), 1);
}

}  // namespace
}  // namespace escala::server
