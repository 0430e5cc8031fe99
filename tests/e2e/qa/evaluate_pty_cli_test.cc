// The real `escala evaluate` binary on a pseudo-terminal against in-process fake Interaction,
// Identity, Scorecard and Evaluation services: typing answers, the running score on screen,
// Ctrl-C saving a draft, resuming it with its answers as defaults, and submitting. The fake
// evaluation service scores with the same engine the server uses
// (server/qa/scoring/scorecard_mapping.h), so the "stored" score is computed independently of what
// the CLI showed. The same walk against the real server on MariaDB is
// tests/e2e/qa/evaluate_pty_e2e_test.cc.

#include <gmock/gmock.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"
#include "server/qa/scoring/scorecard_mapping.h"
#include "tests/testing/pty_session.h"
#include "tests/testing/test_paths.h"

namespace escala::client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr int64_t kInteraction = 42;

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

// greet yes/no ×1, verify yes/no ×2 critical, accuracy 1–5 ×3, upsell 0–10 points ×1 N/A allowed.
v1::Scorecard PhoneCard(const std::string& id, int64_t publish_seconds) {
  v1::Scorecard card;
  card.set_scorecard_id(id);
  card.set_version(2);
  card.set_title(absl::StrCat("Card ", id));
  card.set_state(v1::SCORECARD_STATE_PUBLISHED);
  card.mutable_publish_time()->set_seconds(publish_seconds);
  card.add_channels(v1::CHANNEL_PHONE);
  v1::ScorecardSection* opening = card.add_sections();
  opening->set_key("opening");
  opening->set_title("Opening");
  *opening->add_criteria() = MakeCriterion("greet", "Greeting", 1, v1::SCALE_KIND_YES_NO, 0, 0);
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

// Everything `escala evaluate` calls, in one place, with a memory of evaluations.
class FakeQa final {
 public:
  class Interactions final : public v1::InteractionService::Service {
    grpc::Status GetInteraction(grpc::ServerContext*, const v1::GetInteractionRequest* request,
                                v1::Interaction* response) override {
      if (request->id() != kInteraction) return {grpc::StatusCode::NOT_FOUND, "no interaction"};
      response->set_id(kInteraction);
      response->set_channel(v1::CHANNEL_PHONE);
      response->set_direction(v1::DIRECTION_INBOUND);
      response->set_agent_employee_id("E1001");
      response->set_queue("billing");
      response->mutable_start_time()->set_seconds(1793524500);
      response->mutable_talk_duration()->set_seconds(310);
      response->set_csat(4);
      response->mutable_recording()->set_uri("https://media.example/rec/42.ogg");
      return grpc::Status::OK;
    }
  };
  class Identity final : public v1::IdentityService::Service {
    grpc::Status WhoAmI(grpc::ServerContext*, const v1::WhoAmIRequest*,
                        v1::Principal* response) override {
      response->set_name("people/E2001");
      response->set_role(v1::ROLE_QA_ANALYST);
      return grpc::Status::OK;
    }
  };
  class Scorecards final : public v1::ScorecardService::Service {
   public:
    grpc::Status GetScorecard(grpc::ServerContext*, const v1::GetScorecardRequest* request,
                              v1::Scorecard* response) override {
      for (const v1::Scorecard& card : Cards()) {
        if (card.scorecard_id() == request->scorecard_id() &&
            (request->version() == 0 || request->version() == card.version())) {
          *response = card;
          return grpc::Status::OK;
        }
      }
      return {grpc::StatusCode::NOT_FOUND, "no scorecard"};
    }
    grpc::Status ListScorecards(grpc::ServerContext*, const v1::ListScorecardsRequest* request,
                                v1::ListScorecardsResponse* response) override {
      if (request->state() != v1::SCORECARD_STATE_PUBLISHED ||
          request->channel() != v1::CHANNEL_PHONE) {
        return {grpc::StatusCode::INVALID_ARGUMENT, "expected published phone cards"};
      }
      for (const v1::Scorecard& card : Cards()) *response->add_scorecards() = card;
      return grpc::Status::OK;
    }
    // Listed oldest first: the CLI must put the newest publication first itself.
    static std::vector<v1::Scorecard> Cards() {
      return {PhoneCard("phone-old", 1700000000), PhoneCard("phone-qa", 1790000000)};
    }
  };
  class Evaluations final : public v1::EvaluationService::Service {
   public:
    grpc::Status CreateEvaluation(grpc::ServerContext*, const v1::CreateEvaluationRequest* request,
                                  v1::Evaluation* response) override {
      std::lock_guard<std::mutex> lock(mutex_);
      ++creates;
      v1::Evaluation stored = request->evaluation();
      stored.set_id(++last_id_);
      stored.set_state(v1::EVALUATION_STATE_DRAFT);
      stored.set_evaluator_employee_id("E2001");
      stored.set_etag("1");
      stored_[stored.id()] = stored;
      *response = stored;
      return grpc::Status::OK;
    }
    grpc::Status ListEvaluations(grpc::ServerContext*, const v1::ListEvaluationsRequest* request,
                                 v1::ListEvaluationsResponse* response) override {
      std::lock_guard<std::mutex> lock(mutex_);
      for (const auto& [id, evaluation] : stored_) {
        if (evaluation.interaction_id() == request->interaction_id() &&
            evaluation.evaluator_employee_id() == request->evaluator_employee_id() &&
            (request->state() == v1::EVALUATION_STATE_UNSPECIFIED ||
             evaluation.state() == request->state())) {
          *response->add_evaluations() = evaluation;
        }
      }
      return grpc::Status::OK;
    }
    grpc::Status UpdateEvaluation(grpc::ServerContext*, const v1::UpdateEvaluationRequest* request,
                                  v1::Evaluation* response) override {
      std::lock_guard<std::mutex> lock(mutex_);
      ++updates;
      auto found = stored_.find(request->evaluation().id());
      if (found == stored_.end()) return {grpc::StatusCode::NOT_FOUND, "no evaluation"};
      v1::Evaluation& stored = found->second;
      if (request->evaluation().etag() != stored.etag()) return {grpc::StatusCode::ABORTED, "etag"};
      // The CLI replaces the whole draft; without "*" the server would keep stored answers.
      if (request->update_mask().paths_size() != 1 || request->update_mask().paths(0) != "*") {
        return {grpc::StatusCode::INVALID_ARGUMENT, "update_mask: expected '*'"};
      }
      *stored.mutable_answers() = request->evaluation().answers();
      stored.set_overall_comment(request->evaluation().overall_comment());
      stored.set_coaching_notes(request->evaluation().coaching_notes());
      stored.set_etag(absl::StrCat(std::stoi(stored.etag()) + 1));
      *response = stored;
      return grpc::Status::OK;
    }
    grpc::Status SubmitEvaluation(grpc::ServerContext*, const v1::SubmitEvaluationRequest* request,
                                  v1::Evaluation* response) override {
      std::lock_guard<std::mutex> lock(mutex_);
      v1::Evaluation evaluation;
      if (request->has_evaluation()) {
        evaluation = request->evaluation();
        evaluation.set_id(++last_id_);
        evaluation.set_evaluator_employee_id("E2001");
      } else {
        auto found = stored_.find(request->id());
        if (found == stored_.end()) return {grpc::StatusCode::NOT_FOUND, "no evaluation"};
        if (request->etag() != found->second.etag()) return {grpc::StatusCode::ABORTED, "etag"};
        evaluation = found->second;
      }
      v1::Scorecard card;
      Scorecards scorecards;
      v1::GetScorecardRequest get;
      get.set_scorecard_id(evaluation.scorecard_id());
      get.set_version(evaluation.scorecard_version());
      if (grpc::Status s = scorecards.GetScorecard(nullptr, &get, &card); !s.ok()) return s;
      absl::StatusOr<server::ScoringForm> form = server::ToScoringForm(card);
      if (!form.ok()) return {grpc::StatusCode::INTERNAL, std::string(form.status().message())};
      if (absl::Status s = server::ApplyScore(*form, evaluation.answers(), evaluation); !s.ok()) {
        return {grpc::StatusCode::INVALID_ARGUMENT, std::string(s.message())};
      }
      evaluation.set_state(v1::EVALUATION_STATE_SUBMITTED);
      stored_[evaluation.id()] = evaluation;
      *response = evaluation;
      return grpc::Status::OK;
    }

    std::map<int64_t, v1::Evaluation> Stored() {
      std::lock_guard<std::mutex> lock(mutex_);
      return stored_;
    }
    std::atomic<int> creates{0};
    std::atomic<int> updates{0};

   private:
    std::mutex mutex_;
    std::map<int64_t, v1::Evaluation> stored_;
    int64_t last_id_ = 0;
  };

  Interactions interactions;
  Identity identity;
  Scorecards scorecards;
  Evaluations evaluations;
};

class EvaluatePtyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&fake_.interactions);
    builder.RegisterService(&fake_.identity);
    builder.RegisterService(&fake_.scorecards);
    builder.RegisterService(&fake_.evaluations);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    char dir_template[] = "/tmp/escala-evaluate-XXXXXX";
    ASSERT_NE(::mkdtemp(dir_template), nullptr);
    home_ = dir_template;
  }
  void TearDown() override {
    server_->Shutdown();
    std::system(absl::StrCat("rm -rf '", home_, "'").c_str());
  }

  std::vector<std::string> Argv(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {::escala::testing::CliBinary(), "--server",
                                     absl::StrCat("127.0.0.1:", port_), "--token", "qa-token"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
  std::unique_ptr<testing::PtySession> Start(const std::vector<std::string>& args) {
    return testing::StartIsolatedCli(Argv(args), home_);
  }

  // Runs the CLI with stdin from `input` (not a terminal); returns exit code and stdout.
  std::pair<int, std::string> RunScripted(const std::vector<std::string>& args,
                                          const std::string& input) {
    const std::string in_path = home_ + "/stdin.txt";
    const std::string out_path = home_ + "/stdout.txt";
    std::ofstream(in_path) << input;
    std::string command;
    for (const std::string& a : Argv(args)) absl::StrAppend(&command, "'", a, "' ");
    absl::StrAppend(&command, "< '", in_path, "' > '", out_path, "' 2>&1");
    const int status = std::system(command.c_str());
    std::ifstream out(out_path);
    std::string text((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
  }

  FakeQa fake_;
  std::string home_;

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(EvaluatePtyTest, CtrlCSavesADraftThatTheNextRunResumesAndSubmits) {
  auto first = Start({"evaluate", "42"});
  ASSERT_TRUE(first->started());
  ASSERT_TRUE(first->WaitFor("Interaction 42 · phone inbound · agent E1001 · queue billing"))
      << first->screen();
  ASSERT_TRUE(first->WaitFor("Recording: https://media.example/rec/42.ogg")) << first->screen();
  // Two cards fit: the newest publication is offered first.
  ASSERT_TRUE(first->WaitFor("1) phone-qa v2")) << first->screen();
  ASSERT_TRUE(first->WaitFor("2) phone-old v2")) << first->screen();
  ASSERT_TRUE(first->WaitFor("(Enter: 1): ")) << first->screen();
  first->Type("");
  ASSERT_TRUE(first->WaitFor("Criterion 1/4: Greeting [greet]")) << first->screen();
  ASSERT_TRUE(first->WaitFor("Answer [y/n, b=back, ?=help]: ")) << first->screen();
  first->Type("maybe");
  ASSERT_TRUE(first->WaitFor("\"maybe\" is not an answer here: type y or n.")) << first->screen();
  first->Type("y");
  ASSERT_TRUE(first->WaitFor("Running score: 100.0 (Above expectations) over 1 of 4 criteria"))
      << first->screen();
  ASSERT_TRUE(first->WaitFor("Comment (Enter for none): ")) << first->screen();
  first->Type("warm greeting");
  ASSERT_TRUE(first->WaitFor("Scale: yes/no · weight 2 · CRITICAL")) << first->screen();
  first->Type("y");
  ASSERT_TRUE(first->WaitFor("over 2 of 4 criteria")) << first->screen();
  first->Type("");
  ASSERT_TRUE(first->WaitFor("Answer [1-5, b=back, ?=help]: ")) << first->screen();
  first->Send("\x03");  // Ctrl-C: the terminal sends SIGINT
  ASSERT_TRUE(first->WaitFor("Interrupted.")) << first->screen();
  ASSERT_TRUE(first->WaitFor("Draft saved as evaluation 1; run 'escala evaluate 42' to continue"))
      << first->screen();
  EXPECT_EQ(first->Wait(), 1);

  std::map<int64_t, v1::Evaluation> stored = fake_.evaluations.Stored();
  ASSERT_EQ(stored.size(), 1u);
  const v1::Evaluation& draft = stored.at(1);
  EXPECT_EQ(draft.state(), v1::EVALUATION_STATE_DRAFT);
  EXPECT_EQ(draft.scorecard_id(), "phone-qa");
  EXPECT_EQ(draft.scorecard_version(), 2);
  ASSERT_EQ(draft.answers_size(), 2);
  EXPECT_EQ(draft.answers(0).criterion_key(), "greet");
  EXPECT_EQ(draft.answers(0).value(), 1);
  EXPECT_EQ(draft.answers(0).comment(), "warm greeting");
  EXPECT_EQ(draft.answers(1).criterion_key(), "verify");

  auto second = Start({"evaluate", "42"});
  ASSERT_TRUE(second->WaitFor("Resuming your draft: 2 of 4 criteria answered")) << second->screen();
  ASSERT_TRUE(second->WaitFor("Running score: 100.0 (Above expectations) over 2 of 4 criteria"))
      << second->screen();
  ASSERT_TRUE(second->WaitFor("Answer [y/n, b=back, ?=help] (Enter keeps y): "))
      << second->screen();
  second->Type("");
  ASSERT_TRUE(second->WaitFor("Comment (Enter keeps \"warm greeting\", - clears): "))
      << second->screen();
  second->Type("");
  ASSERT_TRUE(second->WaitFor("(Enter keeps y): ")) << second->screen();
  second->Type("");
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
  second->Type("");
  ASSERT_TRUE(second->WaitFor("Score: 87.5 (Excellent)")) << second->screen();
  ASSERT_TRUE(second->WaitFor("Failed critical criteria: none")) << second->screen();
  ASSERT_TRUE(second->WaitFor("Submit? [y/N/d=save draft] ")) << second->screen();
  second->Type("y");
  ASSERT_TRUE(second->WaitFor("Submitted evaluation 1: score 87.5 (Excellent)"))
      << second->screen();
  EXPECT_EQ(second->Wait(), 0);

  stored = fake_.evaluations.Stored();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored.at(1).state(), v1::EVALUATION_STATE_SUBMITTED);
  EXPECT_DOUBLE_EQ(stored.at(1).score(), 87.5);
  EXPECT_EQ(stored.at(1).overall_comment(), "Clear and friendly");
  EXPECT_EQ(stored.at(1).answers(3).comment(), "no upgrade on this plan");
  EXPECT_EQ(fake_.evaluations.creates.load(), 1);
  EXPECT_EQ(fake_.evaluations.updates.load(), 1);

  // Evaluated once: a third run says so before asking anything.
  auto third = Start({"evaluate", "42"});
  ASSERT_TRUE(third->WaitFor("You already evaluated interaction 42: evaluation 1 is submitted"))
      << third->screen();
  EXPECT_EQ(third->Wait(), 1);
  EXPECT_THAT(third->screen(), Not(HasSubstr("Answer [")));
}

TEST_F(EvaluatePtyTest, AnswersFileDraftIsResumedInteractively) {
  const std::string path = home_ + "/answers.json";
  std::ofstream(path) << R"({"answers": [{"criterionKey": "accuracy", "value": 2}],
                             "coachingNotes": "listen first"})";
  auto [code, out] =
      RunScripted({"evaluate", "42", "--scorecard", "phone-qa", "--answers", path, "--draft"}, "");
  EXPECT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("Draft saved as evaluation 1"));
  // Saving again from a file replaces the draft's answers instead of making a second one.
  std::tie(code, out) =
      RunScripted({"evaluate", "42", "--scorecard", "phone-qa", "--answers", path, "--draft"}, "");
  EXPECT_EQ(code, 0) << out;
  EXPECT_THAT(out, HasSubstr("Replacing the answers of your draft evaluation 1."));
  EXPECT_EQ(fake_.evaluations.creates.load(), 1);
  EXPECT_EQ(fake_.evaluations.updates.load(), 1);

  std::tie(code, out) = RunScripted({"evaluate", "42"}, "y\n\n");
  EXPECT_THAT(out, HasSubstr("Resuming your draft: 1 of 4 criteria answered"));
  // accuracy 2 of 1–5 alone: 0.25.
  EXPECT_THAT(out, HasSubstr("Running score: 25.0 (Unacceptable) over 1 of 4 criteria"));
  // greet yes joins: (1 + 3 × 0.25) / 4 = 43.75.
  EXPECT_THAT(out, HasSubstr("Running score: 43.8 (Unacceptable) over 2 of 4 criteria"));
  EXPECT_THAT(out, HasSubstr("Draft saved as evaluation 1"));
  EXPECT_EQ(fake_.evaluations.Stored().at(1).coaching_notes(), "listen first");
}

TEST_F(EvaluatePtyTest, CtrlCBeforeAnyAnswerSavesNothing) {
  auto session = Start({"evaluate", "42", "--scorecard", "phone-qa"});
  ASSERT_TRUE(session->WaitFor("Answer [y/n, b=back, ?=help]: ")) << session->screen();
  session->Send("\x03");
  ASSERT_TRUE(session->WaitFor("Nothing was answered; nothing saved.")) << session->screen();
  EXPECT_EQ(session->Wait(), 1);
  EXPECT_TRUE(fake_.evaluations.Stored().empty());
}

TEST_F(EvaluatePtyTest, ScriptedInputIsReadLineByLineAndEndOfInputSavesADraft) {
  const auto [code, out] =
      RunScripted({"evaluate", "42", "--scorecard", "phone-qa"}, "y\n\nn\nmissed PIN\n");
  EXPECT_EQ(code, 1) << out;
  EXPECT_THAT(out, HasSubstr("Answer [y/n, b=back, ?=help]: y\n"));
  EXPECT_THAT(out, HasSubstr("Running score: 0.0 (Unacceptable) over 2 of 4 criteria; critical "
                             "failed: verify"));
  EXPECT_THAT(out, HasSubstr("End of input."));
  EXPECT_THAT(out, HasSubstr("Draft saved as evaluation 1; run 'escala evaluate 42' to continue"));
  const std::map<int64_t, v1::Evaluation> stored = fake_.evaluations.Stored();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored.at(1).answers(1).comment(), "missed PIN");
}

TEST_F(EvaluatePtyTest, AnswersFileSubmitsInOneCall) {
  const std::string path = home_ + "/answers.json";
  std::ofstream(path) << R"({"answers": [
      {"criterionKey": "greet", "value": 1},
      {"criterionKey": "verify", "value": 1},
      {"criterionKey": "accuracy", "value": 5, "comment": "spot on"},
      {"criterionKey": "upsell", "value": 5}],
    "overallComment": "ok", "score": 12})";
  const auto [code, out] =
      RunScripted({"evaluate", "42", "--scorecard", "phone-qa", "--answers", path, "--submit"}, "");
  EXPECT_EQ(code, 0) << out;
  // (1 + 2 + 3 + 0.5) / 7
  EXPECT_THAT(out, HasSubstr("Submitted evaluation 1: score 92.9 (Excellent)"));
  EXPECT_THAT(out, Not(HasSubstr("Answer [")));
  EXPECT_EQ(fake_.evaluations.creates.load(), 0);
}

TEST_F(EvaluatePtyTest, AnswersFileNeedsSubmitOrDraft) {
  const auto [code, out] = RunScripted({"evaluate", "42", "--answers", "/nonexistent"}, "");
  EXPECT_EQ(code, 2);
  EXPECT_THAT(out, HasSubstr("--answers needs --submit or --draft"));
}

}  // namespace
}  // namespace escala::client
