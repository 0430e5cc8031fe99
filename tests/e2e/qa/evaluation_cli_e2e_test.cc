// `escala evaluations` and `escala disputes` against the real escala-server, on each backend: a
// QA analyst submits from a file, the agent sees it and disputes one criterion, a team lead
// resolves it, the score changes and the audit log keeps the before and after. Also: what an
// agent may not see; over gRPC, concurrent submits of one draft and a partial draft update.

#include <google/protobuf/util/json_util.h>

#include <atomic>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "escala/v1/audit.pb.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/identity.pb.h"
#include "escala/v1/people.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/qa_cli_fixture.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::DoubleNear;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class EvaluationCliEndToEndTest : public QaCliTest {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    StartQaServer({{"Q1", v1::ROLE_QA_ANALYST},
                   {"A1", v1::ROLE_AGENT},
                   {"A2", v1::ROLE_AGENT},
                   {"L1", v1::ROLE_TEAM_LEAD}});
    if (HasFatalFailure()) return;
    absl::StatusOr<int64_t> interaction =
        AddInteraction(channel_, server_->admin_token(), "A1", "e-1");
    ASSERT_TRUE(interaction.ok()) << interaction.status();
    interaction_ = *interaction;
  }

  int64_t interaction_ = 0;
};

TEST_P(EvaluationCliEndToEndTest, SubmitDisputeResolveChangesTheScoreAndAuditsIt) {
  const std::string answers = absl::StrCat(server_->dir().path(), "/answers.json");
  // greet yes, tone 1 of 1–5: score 100 × (1 + 0) / 2 = 50.
  std::ofstream(answers) << CalibrationAnswersJson(1, 1);
  ProcessResult r = JsonAs("Q1", {"evaluations", "submit", absl::StrCat(interaction_),
                                  "--scorecard", kCalibrationScorecard, "--answers", answers});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const v1::Evaluation submitted = FromJson<v1::Evaluation>(r.out);
  EXPECT_EQ(submitted.state(), v1::EVALUATION_STATE_SUBMITTED);
  EXPECT_THAT(submitted.score(), DoubleNear(50.0, 1e-9));
  EXPECT_EQ(submitted.agent_employee_id(), "A1");
  EXPECT_EQ(submitted.evaluator_employee_id(), "Q1");
  const std::string id = absl::StrCat(submitted.id());

  // The same interaction again by the same analyst: refused, naming both.
  r = As("Q1", {"evaluations", "submit", absl::StrCat(interaction_), "--scorecard",
                kCalibrationScorecard, "--answers", answers});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("ALREADY_EXISTS"));
  EXPECT_THAT(r.err, HasSubstr("'Q1'"));

  // The agent sees it, with titles from the scorecard and the score to one decimal.
  r = JsonAs("A1", {"evaluations", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(FromJson<v1::ListEvaluationsResponse>(r.out).evaluations_size(), 1);
  r = As("A1", {"evaluations", "show", id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Greeted the customer"));
  EXPECT_THAT(r.out, HasSubstr("50.0"));
  EXPECT_THAT(r.out, HasSubstr("basic"));
  // As CSV: one row per evaluation, then one row per answered criterion.
  r = As("A1", {"--output", "csv", "evaluations", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("id,interaction_id,agent_employee_id,"));
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("\n", id, ",", interaction_, ",A1,")));
  r = As("A1", {"--output", "csv", "evaluations", "show", id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("evaluation_id,"));
  EXPECT_THAT(r.out, HasSubstr(",tone,"));
  EXPECT_THAT(r.out, Not(HasSubstr("SECTION")));
  // A teammate agent does not.
  r = As("A2", {"evaluations", "show", id});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND"));

  // The agent disputes the tone; acknowledging is then no longer possible.
  r = As("A1",
         {"disputes", "open", id, "--criterion", "tone", "--reason", "I stayed calm throughout"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = As("A1", {"evaluations", "acknowledge", id});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(r.err, HasSubstr("already disputed"));

  // The evaluator may not resolve it; the team lead does, adjusting tone to 5.
  r = As("Q1", {"disputes", "resolve", id, "--criterion", "tone", "--outcome", "adjusted",
                "--value", "5", "--reason", "Recording confirms"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("evaluator"));
  r = As("L1", {"disputes", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("tone"));
  r = As("L1", {"--output", "csv", "disputes", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("evaluation_id,"));
  EXPECT_THAT(r.out, HasSubstr(",tone,I stayed calm throughout,"));
  r = JsonAs("L1", {"disputes", "resolve", id, "--criterion", "tone", "--outcome", "adjusted",
                    "--value", "5", "--reason", "Recording confirms"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const v1::Evaluation resolved = FromJson<v1::Evaluation>(r.out);
  EXPECT_EQ(resolved.state(), v1::EVALUATION_STATE_DISPUTE_RESOLVED);
  EXPECT_THAT(resolved.score(), DoubleNear(100.0, 1e-9));
  EXPECT_THAT(resolved.dispute().score_before(), DoubleNear(50.0, 1e-9));
  EXPECT_EQ(resolved.dispute().items(0).original_value(), 1);
  EXPECT_EQ(resolved.dispute().resolved_by(), "L1");
  r = As("A1", {"evaluations", "show", id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("100.0"));
  EXPECT_THAT(r.out, HasSubstr("Recording confirms"));

  // The audit log: who changed the score, why, and the values before and after.
  r = server_->Cli({"--output", "json", "audit", "list", "--resource", "evaluations/" + id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const v1::ListAuditEventsResponse events = FromJson<v1::ListAuditEventsResponse>(r.out);
  ASSERT_EQ(events.events_size(), 3);  // submit, dispute, resolve (newest first)
  const v1::AuditEvent& resolution = events.events(0);
  EXPECT_EQ(resolution.principal(), "people/L1");
  EXPECT_EQ(resolution.method(), "escala.v1.EvaluationService/ResolveDispute");
  EXPECT_THAT(resolution.before_json(), HasSubstr("\"score\":50"));
  EXPECT_THAT(resolution.after_json(), HasSubstr("\"score\":100"));
  EXPECT_THAT(resolution.after_json(), HasSubstr("Recording confirms"));
  EXPECT_THAT(resolution.before_json(), HasSubstr("\"answers\""));
}

TEST_P(EvaluationCliEndToEndTest, RepeatedFlagsDisputeAndResolveSeveralCriteriaAtOnce) {
  const std::string answers = absl::StrCat(server_->dir().path(), "/answers.json");
  // greet no, tone 1 of 1–5: score 0.
  std::ofstream(answers) << CalibrationAnswersJson(0, 1);
  ProcessResult r = JsonAs("Q1", {"evaluations", "submit", absl::StrCat(interaction_),
                                  "--scorecard", kCalibrationScorecard, "--answers", answers});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string id = absl::StrCat(FromJson<v1::Evaluation>(r.out).id());

  // Counts that do not pair up are refused before anything is sent.
  r = As("A1", {"disputes", "open", id, "--criterion", "greet", "--criterion", "tone", "--reason",
                "I did greet"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--criterion 2x, --reason 1x"));

  // Both criteria in one command, each with its own reason.
  r = JsonAs("A1", {"disputes", "open", id, "--criterion", "greet", "--reason", "I did greet",
                    "--criterion", "tone", "--reason", "I stayed calm"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const v1::Evaluation disputed = FromJson<v1::Evaluation>(r.out);
  ASSERT_EQ(disputed.dispute().items_size(), 2);
  EXPECT_EQ(disputed.dispute().items(0).criterion_key(), "greet");
  EXPECT_EQ(disputed.dispute().items(0).reason(), "I did greet");
  EXPECT_EQ(disputed.dispute().items(1).criterion_key(), "tone");
  EXPECT_EQ(disputed.dispute().items(1).reason(), "I stayed calm");

  // An adjusted decision without its new answer is refused by the CLI, naming the counts.
  r = As("L1",
         {"disputes", "resolve", id, "--criterion", "greet", "--outcome", "adjusted", "--reason",
          "Heard it", "--criterion", "tone", "--outcome", "upheld", "--reason", "Curt"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("1 such decision(s), 0 answer(s) given"));
  r = As("L1", {"disputes", "resolve", id, "--criterion", "greet", "--outcome", "upheld",
                "--criterion", "tone", "--reason", "Curt"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--outcome 1x"));

  // Greet adjusted to yes, tone upheld, in one command: score 100 × (1 + 0) / 2 = 50.
  r = JsonAs("L1", {"disputes", "resolve", id, "--criterion", "greet", "--outcome", "adjusted",
                    "--value", "1", "--reason", "Heard it", "--criterion", "tone", "--outcome",
                    "upheld", "--reason", "Curt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const v1::Evaluation resolved = FromJson<v1::Evaluation>(r.out);
  EXPECT_EQ(resolved.state(), v1::EVALUATION_STATE_DISPUTE_RESOLVED);
  EXPECT_THAT(resolved.score(), DoubleNear(50.0, 1e-9));
  EXPECT_THAT(resolved.dispute().score_before(), DoubleNear(0.0, 1e-9));
  ASSERT_EQ(resolved.dispute().items_size(), 2);
  EXPECT_EQ(resolved.dispute().items(0).outcome(), v1::DISPUTE_OUTCOME_ADJUSTED);
  EXPECT_EQ(resolved.dispute().items(0).resolution_reason(), "Heard it");
  EXPECT_EQ(resolved.dispute().items(1).outcome(), v1::DISPUTE_OUTCOME_UPHELD);
  EXPECT_EQ(resolved.dispute().items(1).resolution_reason(), "Curt");
}

TEST_P(EvaluationCliEndToEndTest, AResolveRetriedWithTheSameRequestIdPrintsTheSameResult) {
  const std::string answers = absl::StrCat(server_->dir().path(), "/answers.json");
  std::ofstream(answers) << CalibrationAnswersJson(1, 1);
  ProcessResult r = JsonAs("Q1", {"evaluations", "submit", absl::StrCat(interaction_),
                                  "--scorecard", kCalibrationScorecard, "--answers", answers});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string id = absl::StrCat(FromJson<v1::Evaluation>(r.out).id());
  r = As("A1", {"disputes", "open", id, "--criterion", "tone", "--reason", "I stayed calm"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  // Without --etag the command reads the evaluation's etag first; the retry reads the etag the
  // first resolution left, and is still the same request.
  const std::vector<std::string> resolve = {
      "disputes",       "resolve", id,  "--criterion", "tone",         "--outcome",
      "adjusted",       "--value", "5", "--reason",    "Recording ok", "--request-id",
      "resolve-retry-1"};
  const ProcessResult first = As("L1", resolve);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const ProcessResult retry = As("L1", resolve);
  ASSERT_EQ(retry.exit_code, 0) << retry.err;
  EXPECT_EQ(retry.out, first.out);
  EXPECT_THAT(retry.out, HasSubstr("100.0"));

  // One resolution in the audit log: submit, dispute, resolve.
  r = server_->Cli({"--output", "json", "audit", "list", "--resource", "evaluations/" + id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const v1::ListAuditEventsResponse events = FromJson<v1::ListAuditEventsResponse>(r.out);
  ASSERT_EQ(events.events_size(), 3);
  EXPECT_EQ(events.events(0).method(), "escala.v1.EvaluationService/ResolveDispute");
  EXPECT_EQ(events.events(0).request_id(), "resolve-retry-1");
}

TEST_P(EvaluationCliEndToEndTest, AnAgentNeverSeesDraftsAndCannotEvaluate) {
  const std::string answers = absl::StrCat(server_->dir().path(), "/draft.json");
  std::ofstream(answers) << CalibrationAnswersJson(1, 3);
  {
    grpc::ClientContext context;
    Authorize(context, tokens_.at("Q1"));
    v1::CreateEvaluationRequest request;
    request.mutable_evaluation()->set_interaction_id(interaction_);
    request.mutable_evaluation()->set_scorecard_id(kCalibrationScorecard);
    v1::Evaluation draft;
    ASSERT_TRUE(
        NewStub<v1::EvaluationService>(channel_)->CreateEvaluation(&context, request, &draft).ok());
    ProcessResult r = As("A1", {"evaluations", "show", absl::StrCat(draft.id())});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.err, HasSubstr("NOT_FOUND"));
    r = JsonAs("A1", {"evaluations", "list"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(FromJson<v1::ListEvaluationsResponse>(r.out).evaluations_size(), 0);
    r = JsonAs("Q1", {"evaluations", "submit", "--draft", absl::StrCat(draft.id())});
    // The draft has no answers: the engine names the missing criterion.
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.err, HasSubstr("greet"));
  }
  ProcessResult r = As("A1", {"evaluations", "submit", absl::StrCat(interaction_), "--scorecard",
                              kCalibrationScorecard, "--answers", answers});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
}

TEST_P(EvaluationCliEndToEndTest, ConcurrentSubmitsOfOneDraftLetExactlyOneThrough) {
  v1::Evaluation draft;
  {
    grpc::ClientContext context;
    Authorize(context, tokens_.at("Q1"));
    v1::CreateEvaluationRequest request;
    request.mutable_evaluation()->set_interaction_id(interaction_);
    request.mutable_evaluation()->set_scorecard_id(kCalibrationScorecard);
    for (auto [key, value] : {std::pair<const char*, int>{"greet", 1}, {"tone", 4}}) {
      v1::CriterionAnswer* answer = request.mutable_evaluation()->add_answers();
      answer->set_criterion_key(key);
      answer->set_value(value);
    }
    ASSERT_TRUE(
        NewStub<v1::EvaluationService>(channel_)->CreateEvaluation(&context, request, &draft).ok());
  }
  constexpr int kCallers = 6;
  std::vector<grpc::Status> results(kCallers);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      grpc::ClientContext context;
      Authorize(context, tokens_.at("Q1"));
      v1::SubmitEvaluationRequest request;
      request.set_id(draft.id());
      request.set_etag(draft.etag());
      v1::Evaluation submitted;
      results[i] =
          NewStub<v1::EvaluationService>(channel_)->SubmitEvaluation(&context, request, &submitted);
    });
  }
  go = true;
  for (std::thread& thread : threads) thread.join();
  int ok = 0;
  for (const grpc::Status& status : results) {
    if (status.ok()) {
      ++ok;
    } else {
      EXPECT_TRUE(status.error_code() == grpc::StatusCode::ABORTED ||
                  status.error_code() == grpc::StatusCode::FAILED_PRECONDITION)
          << status.error_code() << " " << status.error_message();
    }
  }
  EXPECT_EQ(ok, 1);
}

TEST_P(EvaluationCliEndToEndTest, AMaskedDraftUpdateKeepsTheStoredAnswers) {
  const auto stub = NewStub<v1::EvaluationService>(channel_);
  v1::Evaluation draft;
  {
    grpc::ClientContext context;
    Authorize(context, tokens_.at("Q1"));
    v1::CreateEvaluationRequest request;
    request.mutable_evaluation()->set_interaction_id(interaction_);
    request.mutable_evaluation()->set_scorecard_id(kCalibrationScorecard);
    request.mutable_evaluation()->set_overall_comment("Clear and calm");
    for (auto [key, value] : {std::pair<const char*, int>{"greet", 1}, {"tone", 4}}) {
      v1::CriterionAnswer* answer = request.mutable_evaluation()->add_answers();
      answer->set_criterion_key(key);
      answer->set_value(value);
    }
    ASSERT_TRUE(stub->CreateEvaluation(&context, request, &draft).ok());
  }
  v1::UpdateEvaluationRequest update;
  update.mutable_evaluation()->set_id(draft.id());
  update.mutable_evaluation()->set_etag(draft.etag());
  update.mutable_evaluation()->set_coaching_notes("Summarise before closing");
  // Sent, but not named in the mask: neither reaches the draft.
  v1::CriterionAnswer* ignored = update.mutable_evaluation()->add_answers();
  ignored->set_criterion_key("greet");
  ignored->set_value(0);
  update.mutable_evaluation()->set_overall_comment("Replaced?");
  update.mutable_update_mask()->add_paths("coaching_notes");
  v1::Evaluation updated;
  {
    grpc::ClientContext context;
    Authorize(context, tokens_.at("Q1"));
    const grpc::Status status = stub->UpdateEvaluation(&context, update, &updated);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  // As stored: read back rather than trusting the answer of the update.
  v1::Evaluation stored;
  {
    grpc::ClientContext context;
    Authorize(context, tokens_.at("Q1"));
    v1::GetEvaluationRequest get;
    get.set_id(draft.id());
    ASSERT_TRUE(stub->GetEvaluation(&context, get, &stored).ok());
  }
  EXPECT_EQ(stored.etag(), updated.etag());
  EXPECT_EQ(stored.coaching_notes(), "Summarise before closing");
  EXPECT_EQ(stored.overall_comment(), "Clear and calm");
  ASSERT_EQ(stored.answers_size(), 2);
  EXPECT_EQ(stored.answers(0).criterion_key(), "greet");
  EXPECT_EQ(stored.answers(0).value(), 1);
  EXPECT_EQ(stored.answers(1).criterion_key(), "tone");
  EXPECT_EQ(stored.answers(1).value(), 4);

  // The old etag is stale now; a path outside the allow-list is refused naming update_mask.
  {
    grpc::ClientContext context;
    Authorize(context, tokens_.at("Q1"));
    v1::Evaluation response;
    const grpc::Status stale = stub->UpdateEvaluation(&context, update, &response);
    EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED) << stale.error_message();
  }
  {
    grpc::ClientContext context;
    Authorize(context, tokens_.at("Q1"));
    v1::UpdateEvaluationRequest bad = update;
    bad.mutable_evaluation()->set_etag(stored.etag());
    bad.mutable_update_mask()->add_paths("score");
    v1::Evaluation response;
    const grpc::Status refused = stub->UpdateEvaluation(&context, bad, &response);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(refused.error_message(), StartsWith("update_mask: 'score'"));
  }

  // Submitted, it is scored from the answers kept: greet yes, tone 4 of 1–5: 100 × (1 + 0.75) / 2.
  {
    grpc::ClientContext context;
    Authorize(context, tokens_.at("Q1"));
    v1::SubmitEvaluationRequest submit;
    submit.set_id(draft.id());
    submit.set_etag(stored.etag());
    v1::Evaluation submitted;
    const grpc::Status status = stub->SubmitEvaluation(&context, submit, &submitted);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_THAT(submitted.score(), DoubleNear(87.5, 1e-9));
    EXPECT_EQ(submitted.coaching_notes(), "Summarise before closing");
  }
}

// The event feed carries an evaluation's submission, dispute and resolution, in that order, to
// the agent's team lead; an HR system never sees evaluation events: the first event it gets
// is the level change made after them.
TEST_P(EvaluationCliEndToEndTest, TheFeedCarriesTheEvaluationStepsToTheLeadAndNoneToHr) {
  ProcessResult listed = server_->Cli({"--output", "json", "people", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const std::string start = FromJson<v1::ListPeopleResponse>(listed.out).event_watermark();
  ASSERT_FALSE(start.empty());
  ASSERT_EQ(server_
                ->Cli({"service-accounts", "create", "--account-id", "hr", "--display-name", "HR",
                       "--role", "hr-system"})
                .exit_code,
            0);
  ProcessResult token =
      server_->Cli({"--output", "json", "tokens", "create", "--principal", "serviceAccounts/hr"});
  ASSERT_EQ(token.exit_code, 0) << token.err;
  const std::string hr_token = FromJson<v1::CreateTokenResponse>(token.out).secret();

  const std::string answers = absl::StrCat(server_->dir().path(), "/feed-answers.json");
  std::ofstream(answers) << CalibrationAnswersJson(1, 1);
  ProcessResult r = JsonAs("Q1", {"evaluations", "submit", absl::StrCat(interaction_),
                                  "--scorecard", kCalibrationScorecard, "--answers", answers});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string id = absl::StrCat(FromJson<v1::Evaluation>(r.out).id());
  ASSERT_EQ(
      As("A1", {"disputes", "open", id, "--criterion", "tone", "--reason", "I was calm"}).exit_code,
      0);
  ASSERT_EQ(As("L1", {"disputes", "resolve", id, "--criterion", "tone", "--outcome", "adjusted",
                      "--value", "5", "--reason", "Recording confirms"})
                .exit_code,
            0);
  ASSERT_EQ(server_->Cli({"people", "update", "A1", "--level", "2"}).exit_code, 0);

  ProcessResult lead =
      As("L1", {"events", "watch", "--from", start, "--type", "escala.qa.", "--count", "3"});
  ASSERT_EQ(lead.exit_code, 0) << lead.err;
  const std::vector<std::string> lines = absl::StrSplit(lead.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u) << lead.out;
  const std::string subject = absl::StrCat("  evaluations/", id, "  agent A1 ");
  EXPECT_THAT(lines[0], HasSubstr(absl::StrCat("escala.qa.evaluation.submitted.v1", subject,
                                               "submitted score 50")));
  EXPECT_THAT(lines[1], HasSubstr(absl::StrCat("escala.qa.evaluation.disputed.v1", subject)));
  EXPECT_THAT(lines[2], HasSubstr(absl::StrCat("escala.qa.evaluation.dispute_resolved.v1", subject,
                                               "dispute-resolved score 100")));

  ProcessResult hr = server_->CliAs(hr_token, {"events", "watch", "--from", start, "--count", "1"});
  ASSERT_EQ(hr.exit_code, 0) << hr.err;
  EXPECT_THAT(hr.out, HasSubstr("escala.people.level.changed.v1  people/A1  level 1 -> 2"));
  EXPECT_THAT(hr.out, Not(HasSubstr("escala.qa.")));
}

INSTANTIATE_TEST_SUITE_P(Backends, EvaluationCliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
