// `escala evaluations …` and `escala disputes …` against an in-process EvaluationService that
// records what it was sent: the flags' and files' mapping onto the requests.

#include <gmock/gmock.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli.h"
#include "escala/v1/evaluations.grpc.pb.h"

namespace escala::client {
namespace {

using ::testing::HasSubstr;

class RecordingEvaluationService final : public v1::EvaluationService::Service {
 public:
  grpc::Status GetEvaluation(grpc::ServerContext*, const v1::GetEvaluationRequest* request,
                             v1::Evaluation* response) override {
    *response = Stored(request->id());
    return grpc::Status::OK;
  }
  grpc::Status ListEvaluations(grpc::ServerContext*, const v1::ListEvaluationsRequest* request,
                               v1::ListEvaluationsResponse* response) override {
    std::lock_guard<std::mutex> lock(mutex_);
    lists.push_back(*request);
    *response->add_evaluations() = Stored(5);
    return grpc::Status::OK;
  }
  grpc::Status SubmitEvaluation(grpc::ServerContext*, const v1::SubmitEvaluationRequest* request,
                                v1::Evaluation* response) override {
    std::lock_guard<std::mutex> lock(mutex_);
    submits.push_back(*request);
    *response = Stored(5);
    return grpc::Status::OK;
  }
  grpc::Status OpenDispute(grpc::ServerContext*, const v1::OpenDisputeRequest* request,
                           v1::Evaluation* response) override {
    std::lock_guard<std::mutex> lock(mutex_);
    opens.push_back(*request);
    *response = Stored(request->id());
    return grpc::Status::OK;
  }
  grpc::Status ResolveDispute(grpc::ServerContext*, const v1::ResolveDisputeRequest* request,
                              v1::Evaluation* response) override {
    std::lock_guard<std::mutex> lock(mutex_);
    resolves.push_back(*request);
    *response = Stored(request->id());
    response->set_state(v1::EVALUATION_STATE_DISPUTE_RESOLVED);
    response->mutable_dispute()->set_score_before(50);
    response->mutable_dispute()->set_score_after(87.49);
    return grpc::Status::OK;
  }

  static v1::Evaluation Stored(int64_t id) {
    v1::Evaluation evaluation;
    evaluation.set_id(id);
    evaluation.set_etag("7");
    evaluation.set_state(v1::EVALUATION_STATE_SUBMITTED);
    evaluation.set_score(87.46);
    evaluation.set_band(v1::QUALITY_BAND_EXCELLENT);
    evaluation.set_scorecard_id("calls");
    evaluation.set_scorecard_version(2);
    v1::CriterionAnswer* answer = evaluation.add_answers();
    answer->set_criterion_key("tone");
    answer->set_value(4);
    answer->set_comment("calm");
    return evaluation;
  }

  std::mutex mutex_;
  std::vector<v1::ListEvaluationsRequest> lists;
  std::vector<v1::SubmitEvaluationRequest> submits;
  std::vector<v1::OpenDisputeRequest> opens;
  std::vector<v1::ResolveDisputeRequest> resolves;
};

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

class EvaluationCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("COLUMNS", "120", 1);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }
  void TearDown() override { server_->Shutdown(); }

  Outcome Run(std::vector<std::string> args) {
    args.insert(args.begin(), absl::StrCat("--server=127.0.0.1:", port_));
    std::ostringstream out;
    std::ostringstream err;
    const int code = RunCli(args, out, err);
    return {code, out.str(), err.str()};
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = absl::StrCat(::testing::TempDir(), "/", name);
    std::ofstream(path) << text;
    return path;
  }

  RecordingEvaluationService service_;

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(EvaluationCommandsTest, ListFlagsSetTheFilters) {
  Outcome outcome = Run({"evaluations", "list", "--agent", "E1", "--team", "t1", "--evaluator",
                         "Q1", "--scorecard", "calls", "--band", "good", "--state", "disputed",
                         "--since", "2026-11-01T00:00:00Z", "--until", "2026-11-02T00:00:00Z"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.lists.size(), 1u);
  const v1::ListEvaluationsRequest& request = service_.lists[0];
  EXPECT_EQ(request.agent_employee_id(), "E1");
  EXPECT_EQ(request.team_id(), "t1");
  EXPECT_EQ(request.evaluator_employee_id(), "Q1");
  EXPECT_EQ(request.scorecard_id(), "calls");
  EXPECT_EQ(request.band(), v1::QUALITY_BAND_GOOD);
  EXPECT_EQ(request.state(), v1::EVALUATION_STATE_DISPUTED);
  EXPECT_EQ(request.submitted_after().seconds(), 1793491200);
  EXPECT_EQ(request.submitted_before().seconds(), 1793577600);
  // The score is shown with one decimal.
  EXPECT_THAT(outcome.out, HasSubstr("87.5"));
}

TEST_F(EvaluationCommandsTest, SubmitFromAFileSendsOnlyAnswersAndComments) {
  const std::string path = WriteFile(
      "answers.json",
      R"({"answers": [{"criterionKey": "tone", "value": 4, "comment": "calm"}], "overallComment": "ok",)"
      R"( "coachingNotes": "slow down", "score": 100, "state": "EVALUATION_STATE_ACKNOWLEDGED"})");
  Outcome outcome = Run({"evaluations", "submit", "42", "--scorecard", "calls", "--answers", path});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.submits.size(), 1u);
  const v1::SubmitEvaluationRequest& request = service_.submits[0];
  ASSERT_TRUE(request.has_evaluation());
  EXPECT_EQ(request.evaluation().interaction_id(), 42);
  EXPECT_EQ(request.evaluation().scorecard_id(), "calls");
  EXPECT_EQ(request.evaluation().answers_size(), 1);
  EXPECT_EQ(request.evaluation().overall_comment(), "ok");
  EXPECT_EQ(request.evaluation().coaching_notes(), "slow down");
  EXPECT_FALSE(request.evaluation().has_score());
  EXPECT_EQ(request.evaluation().state(), v1::EVALUATION_STATE_UNSPECIFIED);
  EXPECT_FALSE(request.request_id().empty());
}

TEST_F(EvaluationCommandsTest, SubmitADraftSendsItsIdAndEtag) {
  Outcome outcome = Run({"evaluations", "submit", "--draft", "9"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.submits.size(), 1u);
  EXPECT_EQ(service_.submits[0].id(), 9);
  EXPECT_EQ(service_.submits[0].etag(), "7");
}

TEST_F(EvaluationCommandsTest, SubmitNeedsScorecardAndAnswers) {
  EXPECT_EQ(Run({"evaluations", "submit", "42", "--scorecard", "calls"}).code, 2);
  EXPECT_EQ(
      Run({"evaluations", "submit", "42", "--scorecard", "calls", "--answers", "/no/such/file"})
          .code,
      2);
  EXPECT_TRUE(service_.submits.empty());
}

TEST_F(EvaluationCommandsTest, ShowPrintsAnswersScoreAndBand) {
  Outcome outcome = Run({"evaluations", "show", "5"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("tone"));
  EXPECT_THAT(outcome.out, HasSubstr("calm"));
  EXPECT_THAT(outcome.out, HasSubstr("87.5"));
  EXPECT_THAT(outcome.out, HasSubstr("excellent"));
}

TEST_F(EvaluationCommandsTest, DisputeOpenSendsTheCriterionAndReason) {
  Outcome outcome = Run({"disputes", "open", "5", "--criterion", "tone", "--reason", "I was calm"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.opens.size(), 1u);
  ASSERT_EQ(service_.opens[0].items_size(), 1);
  EXPECT_EQ(service_.opens[0].items(0).criterion_key(), "tone");
  EXPECT_EQ(service_.opens[0].items(0).reason(), "I was calm");
  EXPECT_EQ(Run({"disputes", "open", "5"}).code, 2);
}

TEST_F(EvaluationCommandsTest, DisputeResolveSendsTheDecisionWithTheEtag) {
  Outcome outcome = Run({"disputes", "resolve", "5", "--criterion", "tone", "--outcome",
                         "partly-accepted", "--value", "3", "--reason", "Half right"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.resolves.size(), 1u);
  const v1::ResolveDisputeRequest& request = service_.resolves[0];
  EXPECT_EQ(request.etag(), "7");
  ASSERT_EQ(request.items_size(), 1);
  EXPECT_EQ(request.items(0).outcome(), v1::DISPUTE_OUTCOME_PARTLY_ACCEPTED);
  EXPECT_EQ(request.items(0).adjusted_value(), 3);
  EXPECT_EQ(request.items(0).resolution_reason(), "Half right");
  EXPECT_THAT(outcome.out, HasSubstr("50.0 -> 87.5"));
  EXPECT_EQ(Run({"disputes", "resolve", "5", "--criterion", "tone", "--outcome", "maybe",
                 "--reason", "x"})
                .code,
            2);
}

TEST_F(EvaluationCommandsTest, RepeatedDisputeFlagsPairUpInOrder) {
  Outcome outcome = Run({"disputes", "open", "5", "--criterion", "greet", "--reason", "I did",
                         "--criterion", "tone", "--reason", "I was calm"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.opens.size(), 1u);
  ASSERT_EQ(service_.opens[0].items_size(), 2);
  EXPECT_EQ(service_.opens[0].items(1).criterion_key(), "tone");
  EXPECT_EQ(service_.opens[0].items(1).reason(), "I was calm");

  // Three decisions; the answers go to the adjusted and partly-accepted ones in their order.
  outcome =
      Run({"disputes",  "resolve",         "5",        "--criterion", "a",           "--outcome",
           "adjusted",  "--reason",        "ra",       "--criterion", "b",           "--outcome",
           "upheld",    "--reason",        "rb",       "--na",        "--criterion", "c",
           "--outcome", "partly-accepted", "--reason", "rc",          "--value",     "4"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.resolves.size(), 1u);
  const v1::ResolveDisputeRequest& request = service_.resolves[0];
  ASSERT_EQ(request.items_size(), 3);
  EXPECT_TRUE(request.items(0).adjusted_not_applicable());
  EXPECT_FALSE(request.items(0).has_adjusted_value());
  EXPECT_FALSE(request.items(1).adjusted_not_applicable());
  EXPECT_FALSE(request.items(1).has_adjusted_value());
  EXPECT_EQ(request.items(1).resolution_reason(), "rb");
  EXPECT_EQ(request.items(2).adjusted_value(), 4);
}

TEST_F(EvaluationCommandsTest, RepeatedDisputeFlagsThatDoNotPairUpAreUsageErrors) {
  Outcome outcome =
      Run({"disputes", "open", "5", "--criterion", "a", "--criterion", "b", "--reason", "r"});
  EXPECT_EQ(outcome.code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("--criterion 2x, --reason 1x"));
  outcome = Run({"disputes", "resolve", "5", "--criterion", "a", "--outcome", "upheld", "--reason",
                 "r", "--value", "3"});
  EXPECT_EQ(outcome.code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("0 such decision(s), 1 answer(s) given"));
  outcome = Run({"disputes", "resolve", "5", "--criterion", "a", "--outcome", "adjusted",
                 "--reason", "r", "--value", "three"});
  EXPECT_EQ(outcome.code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("--value: 'three' is not a whole number"));
  EXPECT_TRUE(service_.opens.empty());
  EXPECT_TRUE(service_.resolves.empty());
}

TEST_F(EvaluationCommandsTest, DisputesListAsksForDisputedEvaluations) {
  Outcome outcome = Run({"disputes", "list", "--team", "t1"});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  ASSERT_EQ(service_.lists.size(), 1u);
  EXPECT_EQ(service_.lists[0].state(), v1::EVALUATION_STATE_DISPUTED);
  EXPECT_EQ(service_.lists[0].team_id(), "t1");
}

}  // namespace
}  // namespace escala::client
