// `escala evaluate` typed into a pseudo-terminal, against the real escala-server on each backend:
// a QA analyst answers two criteria, presses Ctrl-C (the terminal turns the 0x03 byte into
// SIGINT) and the answers are stored as a draft; the next run resumes the draft with its answers
// as defaults and submits, and the server's stored score is the one the CLI showed.

#include <grpcpp/grpcpp.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/pty_session.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_paths.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;

v1::Criterion MakeCriterion(const std::string& key, const std::string& title, double weight,
                            v1::ScaleKind kind, int min, int max) {
  v1::Criterion criterion;
  criterion.set_key(key);
  criterion.set_title(title);
  criterion.set_weight(weight);
  criterion.mutable_scale()->set_kind(kind);
  if (kind == v1::SCALE_KIND_RANGE) criterion.mutable_scale()->set_min(min);
  if (kind != v1::SCALE_KIND_YES_NO) criterion.mutable_scale()->set_max(max);
  return criterion;
}

// greet yes/no ×1, verify yes/no ×2 critical, accuracy 1–5 ×3, upsell 0–10 points ×1 N/A allowed;
// meant for phone interactions.
v1::Scorecard PhoneCard() {
  v1::Scorecard card;
  card.set_scorecard_id("phone-qa");
  card.set_title("Phone QA");
  card.add_channels(v1::CHANNEL_PHONE);
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

class EvaluatePtyEndToEndTest : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    channel_ = PlaintextChannel(server_->address());
    const std::string admin = server_->admin_token();

    ASSERT_EQ(
        server_->Cli({"teams", "create", "--team-id", "t1", "--display-name", "Calls"}).exit_code,
        0);
    AddPerson("E1001", v1::ROLE_AGENT);
    AddPerson("Q1", v1::ROLE_QA_ANALYST);
    if (HasFatalFailure()) return;
    qa_token_ = TokenFor("Q1");

    {
      grpc::ClientContext context;
      Authorize(context, admin);
      v1::CreateInteractionRequest request;
      *request.mutable_interaction() = NewInteraction("pbx", "call-1", "E1001");
      request.mutable_interaction()->set_channel(v1::CHANNEL_PHONE);
      request.mutable_interaction()->set_queue("billing");
      request.mutable_interaction()->mutable_recording()->set_uri("https://media.example/c1.ogg");
      v1::Interaction created;
      grpc::Status status =
          NewStub<v1::InteractionService>(channel_)->CreateInteraction(&context, request, &created);
      ASSERT_TRUE(status.ok()) << status.error_message();
      interaction_ = absl::StrCat(created.id());
    }
    {
      grpc::ClientContext context;
      Authorize(context, qa_token_);
      v1::CreateScorecardRequest request;
      *request.mutable_scorecard() = PhoneCard();
      v1::Scorecard created;
      grpc::Status status =
          NewStub<v1::ScorecardService>(channel_)->CreateScorecard(&context, request, &created);
      ASSERT_TRUE(status.ok()) << status.error_message();
      grpc::ClientContext publish_context;
      Authorize(publish_context, qa_token_);
      v1::PublishScorecardRequest publish;
      publish.set_scorecard_id("phone-qa");
      publish.set_etag(created.etag());
      v1::Scorecard published;
      status = NewStub<v1::ScorecardService>(channel_)->PublishScorecard(&publish_context, publish,
                                                                         &published);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
  }
  void TearDown() override {
    channel_.reset();
    ServerUnderTestFixture::TearDown();
  }

  void AddPerson(const std::string& id, v1::Role role) {
    grpc::ClientContext context;
    Authorize(context, server_->admin_token());
    v1::CreatePersonRequest request;
    v1::Person* person = request.mutable_person();
    person->set_employee_id(id);
    person->set_display_name(absl::StrCat("Person ", id));
    person->set_role(role);
    person->set_level(role == v1::ROLE_AGENT ? 1 : 3);
    person->set_team_id("t1");
    person->set_active(true);
    v1::Person created;
    grpc::Status status =
        NewStub<v1::PeopleService>(channel_)->CreatePerson(&context, request, &created);
    ASSERT_TRUE(status.ok()) << id << ": " << status.error_message();
  }

  std::string TokenFor(const std::string& id) {
    grpc::ClientContext context;
    Authorize(context, server_->admin_token());
    v1::CreateTokenRequest request;
    request.mutable_token()->set_principal(absl::StrCat("people/", id));
    v1::CreateTokenResponse response;
    grpc::Status status =
        NewStub<v1::IdentityService>(channel_)->CreateToken(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.secret();
  }

  // The CLI as the QA analyst on a pseudo-terminal, with no config file of the user's in reach.
  std::unique_ptr<PtySession> Evaluate() {
    return StartIsolatedCli({CliBinary(), "--server", server_->address(), "--token", qa_token_,
                             "evaluate", interaction_},
                            server_->dir().path());
  }

  std::vector<v1::Evaluation> Evaluations() {
    grpc::ClientContext context;
    Authorize(context, qa_token_);
    v1::ListEvaluationsRequest request;
    request.set_interaction_id(std::stoll(interaction_));
    v1::ListEvaluationsResponse response;
    grpc::Status status =
        NewStub<v1::EvaluationService>(channel_)->ListEvaluations(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.evaluations().begin(), response.evaluations().end()};
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::string qa_token_;
  std::string interaction_;
};

TEST_P(EvaluatePtyEndToEndTest, CtrlCSavesADraftThatTheNextRunResumesAndSubmits) {
  auto first = Evaluate();
  ASSERT_TRUE(first->started());
  ASSERT_TRUE(first->WaitFor(
      absl::StrCat("Interaction ", interaction_, " · phone inbound · agent E1001 · queue billing")))
      << first->screen();
  ASSERT_TRUE(first->WaitFor("Recording: https://media.example/c1.ogg")) << first->screen();
  // The one published card meant for phone calls is taken without asking.
  ASSERT_TRUE(first->WaitFor("Scorecard: Phone QA (phone-qa v1), 4 criteria")) << first->screen();
  ASSERT_TRUE(first->WaitFor("Guidance: Standard greeting and the customer's name."))
      << first->screen();
  ASSERT_TRUE(first->WaitFor("Answer [y/n, b=back, ?=help]: ")) << first->screen();
  first->Type("na");
  ASSERT_TRUE(first->WaitFor("N/A is not allowed for \"greet\"")) << first->screen();
  first->Type("y");
  ASSERT_TRUE(first->WaitFor("Running score: 100.0 (Above expectations) over 1 of 4 criteria"))
      << first->screen();
  first->Type("warm greeting");
  ASSERT_TRUE(first->WaitFor("Scale: yes/no · weight 2 · CRITICAL")) << first->screen();
  first->Type("y");
  ASSERT_TRUE(first->WaitFor("over 2 of 4 criteria")) << first->screen();
  first->Type("");
  ASSERT_TRUE(first->WaitFor("Answer [1-5, b=back, ?=help]: ")) << first->screen();
  first->Send("\x03");
  ASSERT_TRUE(first->WaitFor("Interrupted.")) << first->screen();
  ASSERT_TRUE(first->WaitFor("Draft saved as evaluation ")) << first->screen();
  ASSERT_TRUE(
      first->WaitFor(absl::StrCat("; run 'escala evaluate ", interaction_, "' to continue")))
      << first->screen();
  EXPECT_EQ(first->Wait(), 1);

  std::vector<v1::Evaluation> stored = Evaluations();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].state(), v1::EVALUATION_STATE_DRAFT);
  EXPECT_EQ(stored[0].evaluator_employee_id(), "Q1");
  EXPECT_EQ(stored[0].scorecard_version(), 1);
  ASSERT_EQ(stored[0].answers_size(), 2);
  EXPECT_EQ(stored[0].answers(0).criterion_key(), "greet");
  EXPECT_EQ(stored[0].answers(0).comment(), "warm greeting");
  const int64_t draft_id = stored[0].id();

  auto second = Evaluate();
  ASSERT_TRUE(second->WaitFor("Resuming your draft: 2 of 4 criteria answered")) << second->screen();
  ASSERT_TRUE(second->WaitFor("Answer [y/n, b=back, ?=help] (Enter keeps y): "))
      << second->screen();
  second->Type("");
  ASSERT_TRUE(second->WaitFor("Comment (Enter keeps \"warm greeting\", - clears): "))
      << second->screen();
  second->Type("");
  ASSERT_TRUE(second->WaitFor("(Enter keeps y): ")) << second->screen();
  second->Type("");
  ASSERT_TRUE(second->WaitFor("Comment (Enter for none): ")) << second->screen();
  second->Type("");
  ASSERT_TRUE(second->WaitFor("Answer [1-5, b=back, ?=help]: ")) << second->screen();
  second->Type("4");
  // (1 + 2 + 3 × 0.75) / 6
  ASSERT_TRUE(second->WaitFor("Running score: 87.5 (Excellent) over 3 of 4 criteria"))
      << second->screen();
  second->Type("");
  ASSERT_TRUE(second->WaitFor("Answer [0-10, na, b=back, ?=help]: ")) << second->screen();
  second->Type("na");
  ASSERT_TRUE(second->WaitFor("Running score: 87.5 (Excellent) over 4 of 4 criteria"))
      << second->screen();
  second->Type("no upgrade on this plan");
  ASSERT_TRUE(second->WaitFor("Overall comment (Enter for none): ")) << second->screen();
  second->Type("Clear and friendly");
  ASSERT_TRUE(second->WaitFor("Coaching notes (Enter for none): ")) << second->screen();
  second->Type("Keep the ID check first");
  ASSERT_TRUE(second->WaitFor("Score: 87.5 (Excellent)")) << second->screen();
  ASSERT_TRUE(second->WaitFor("Submit? [y/N/d=save draft] ")) << second->screen();
  second->Type("y");
  ASSERT_TRUE(
      second->WaitFor(absl::StrCat("Submitted evaluation ", draft_id, ": score 87.5 (Excellent)")))
      << second->screen();
  EXPECT_EQ(second->Wait(), 0);

  stored = Evaluations();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].id(), draft_id);
  EXPECT_EQ(stored[0].state(), v1::EVALUATION_STATE_SUBMITTED);
  ASSERT_TRUE(stored[0].has_score());
  EXPECT_DOUBLE_EQ(stored[0].score(), 87.5);
  EXPECT_EQ(stored[0].band(), v1::QUALITY_BAND_EXCELLENT);
  EXPECT_EQ(stored[0].overall_comment(), "Clear and friendly");
  EXPECT_EQ(stored[0].coaching_notes(), "Keep the ID check first");
  ASSERT_EQ(stored[0].answers_size(), 4);
  EXPECT_TRUE(stored[0].answers(3).not_applicable());

  // One evaluation per evaluator and interaction: a third run stops before any question.
  ProcessResult again = server_->CliAs(qa_token_, {"evaluate", interaction_});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr(absl::StrCat("You already evaluated interaction ", interaction_,
                                                ": evaluation ", draft_id, " is submitted")));
  EXPECT_THAT(again.out, ::testing::Not(HasSubstr("Answer [")));
}

TEST_P(EvaluatePtyEndToEndTest, AnswersFileSubmitsWithoutQuestions) {
  const std::string path = server_->dir().File("answers.json");
  std::ofstream(path) << R"({"answers": [
      {"criterionKey": "greet", "value": 1},
      {"criterionKey": "verify", "value": 0, "comment": "no PIN asked"},
      {"criterionKey": "accuracy", "value": 5},
      {"criterionKey": "upsell", "notApplicable": true}],
    "overallComment": "ID check missing"})";
  ProcessResult r =
      server_->CliAs(qa_token_, {"evaluate", interaction_, "--answers", path, "--submit"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("score 0.0 (Unacceptable)"));
  EXPECT_THAT(r.out, HasSubstr("Failed critical criteria: verify"));
  std::vector<v1::Evaluation> stored = Evaluations();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].state(), v1::EVALUATION_STATE_SUBMITTED);
  EXPECT_EQ(stored[0].band(), v1::QUALITY_BAND_UNACCEPTABLE);
}

INSTANTIATE_TEST_SUITE_P(Backends, EvaluatePtyEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
