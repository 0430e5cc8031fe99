#include "tools/bench/submit_workload.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/core/channel.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"
#include "server/qa/scoring/scorecard_mapping.h"
#include "tools/bench/evaluation_workload.h"

namespace escala::bench {
namespace {

absl::Status FromGrpc(const grpc::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

std::chrono::system_clock::time_point In(int seconds) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> Connect(const std::string& address,
                                                       const std::string& token) {
  client::ChannelSettings settings;
  settings.address = address;
  settings.token = token;
  return client::MakeServerChannel(settings);
}

absl::StatusOr<std::vector<MysqlRow>> QueryDatabase(const MysqlTarget& target,
                                                    const std::string& database,
                                                    absl::string_view sql) {
  absl::StatusOr<std::unique_ptr<MysqlConnection>> connection =
      MysqlConnection::Open(target, database);
  if (!connection.ok()) return connection.status();
  return (*connection)->Query(sql);
}

}  // namespace

absl::StatusOr<std::unique_ptr<SubmitWorkload>> SubmitWorkload::Prepare(const SubmitSetup& setup) {
  std::unique_ptr<SubmitWorkload> workload(new SubmitWorkload());
  workload->setup_ = setup;
  auto qa = std::find_if(setup.people.begin(), setup.people.end(), [](const v1::Person& person) {
    return person.role() == v1::ROLE_QA_ANALYST && person.active();
  });
  if (qa == setup.people.end()) {
    return absl::FailedPreconditionError("the directory has no active QA analyst to evaluate with");
  }
  workload->evaluator_ = qa->employee_id();

  // The administrator issues the QA analyst a token, as an operator would.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> admin =
      Connect(setup.server_address, setup.admin_token);
  if (!admin.ok()) return admin.status();
  v1::CreateTokenRequest token_request;
  token_request.mutable_token()->set_principal(absl::StrCat("people/", workload->evaluator_));
  token_request.mutable_token()->set_description("escala-bench SubmitEvaluation");
  v1::CreateTokenResponse token;
  {
    grpc::ClientContext context;
    context.set_deadline(In(30));
    if (absl::Status s = FromGrpc(
            v1::IdentityService::NewStub(*admin)->CreateToken(&context, token_request, &token),
            "CreateToken for the QA analyst");
        !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      Connect(setup.server_address, token.secret());
  if (!channel.ok()) return channel.status();
  workload->channel_ = *std::move(channel);
  workload->evaluations_ = v1::EvaluationService::NewStub(workload->channel_);

  // The scorecard, created and published through the API.
  std::unique_ptr<v1::ScorecardService::Stub> scorecards =
      v1::ScorecardService::NewStub(workload->channel_);
  v1::Scorecard draft;
  {
    grpc::ClientContext context;
    context.set_deadline(In(30));
    v1::CreateScorecardRequest request;
    *request.mutable_scorecard() = BenchScorecard();
    if (absl::Status s =
            FromGrpc(scorecards->CreateScorecard(&context, request, &draft), "CreateScorecard");
        !s.ok()) {
      return s;
    }
  }
  {
    grpc::ClientContext context;
    context.set_deadline(In(30));
    v1::PublishScorecardRequest request;
    request.set_scorecard_id(draft.scorecard_id());
    request.set_etag(draft.etag());
    v1::Scorecard published;
    if (absl::Status s = FromGrpc(scorecards->PublishScorecard(&context, request, &published),
                                  "PublishScorecard");
        !s.ok()) {
      return s;
    }
  }

  // The same scorecard in the baseline database.
  {
    absl::StatusOr<std::unique_ptr<MysqlConnection>> raw =
        MysqlConnection::Open(setup.target, setup.raw_db);
    if (!raw.ok()) return raw.status();
    absl::StatusOr<uint64_t> inserted = (*raw)->Execute(
        RawScorecardInsert(**raw, BenchScorecard(), absl::ToUnixMillis(absl::Now())));
    if (!inserted.ok()) return inserted.status();
  }

  absl::StatusOr<std::vector<MysqlRow>> server_rows =
      QueryDatabase(setup.target, setup.server_db, "SELECT id FROM interactions ORDER BY id");
  if (!server_rows.ok()) return server_rows.status();
  for (const MysqlRow& row : *server_rows) {
    workload->server_ids_.push_back(std::strtoll(row[0].value_or("0").c_str(), nullptr, 10));
  }
  absl::StatusOr<std::vector<MysqlRow>> raw_rows =
      QueryDatabase(setup.target, setup.raw_db,
                    "SELECT i.id, i.agent_employee_id, p.team_id FROM interactions i "
                    "JOIN people p ON p.employee_id = i.agent_employee_id ORDER BY i.id");
  if (!raw_rows.ok()) return raw_rows.status();
  for (const MysqlRow& row : *raw_rows) {
    workload->raw_interactions_.push_back(
        RawInteraction{std::strtoll(row[0].value_or("0").c_str(), nullptr, 10), row[1].value_or(""),
                       row[2].value_or("")});
  }
  const std::size_t fewest =
      std::min(workload->server_ids_.size(), workload->raw_interactions_.size());
  workload->slice_ = static_cast<int64_t>(fewest) / std::max(1, setup.repeats);
  if (workload->slice_ < 1) return absl::FailedPreconditionError("no interactions to evaluate");
  return workload;
}

std::string SubmitWorkload::Describe() const {
  return absl::StrCat("as QA analyst ", evaluator_, ", scorecard ", kBenchScorecardId,
                      " (12 criteria), at most ", slice_, " interactions per run");
}

LoadLimits SubmitWorkload::RunLimits() const {
  LoadLimits limits = setup_.limits;
  if (limits.max_calls <= 0 || limits.max_calls > slice_) limits.max_calls = slice_;
  return limits;
}

LoadResult SubmitWorkload::ThroughServer(int run) {
  struct Call {
    grpc::ClientContext context;
    v1::SubmitEvaluationRequest request;
    v1::Evaluation response;
  };
  const int64_t offset = static_cast<int64_t>(run - 1) * slice_;
  return RunClosedLoop(RunLimits(), [this, offset](int64_t sequence,
                                                   std::function<void(absl::Status)> done) {
    auto call = std::make_shared<Call>();
    call->context.set_deadline(In(30));
    v1::Evaluation* evaluation = call->request.mutable_evaluation();
    evaluation->set_interaction_id(server_ids_[static_cast<std::size_t>(offset + sequence)]);
    evaluation->set_scorecard_id(kBenchScorecardId);
    FillBenchAnswers(sequence, *evaluation);
    evaluations_->async()->SubmitEvaluation(&call->context, &call->request, &call->response,
                                            [call, done = std::move(done)](grpc::Status status) {
                                              done(FromGrpc(status, "SubmitEvaluation"));
                                            });
  });
}

LoadResult SubmitWorkload::Raw(int run) {
  absl::StatusOr<server::ScoringForm> form = server::ToScoringForm(BenchScorecard());
  std::vector<std::unique_ptr<MysqlConnection>> connections(
      static_cast<std::size_t>(setup_.limits.in_flight));
  auto connect = [&](int thread) -> absl::Status {
    if (!form.ok()) return form.status();
    absl::StatusOr<std::unique_ptr<MysqlConnection>> connection =
        MysqlConnection::Open(setup_.target, setup_.raw_db);
    if (!connection.ok()) return connection.status();
    connections[static_cast<std::size_t>(thread)] = *std::move(connection);
    return absl::OkStatus();
  };
  const int64_t offset = static_cast<int64_t>(run - 1) * slice_;
  auto insert = [&, offset](int thread, int64_t sequence) -> absl::Status {
    const RawInteraction& interaction =
        raw_interactions_[static_cast<std::size_t>(offset + sequence)];
    v1::Evaluation evaluation;
    FillBenchAnswers(sequence, evaluation);
    if (absl::Status s = server::ApplyScore(*form, evaluation.answers(), evaluation); !s.ok())
      return s;
    RawEvaluationRow row;
    row.interaction_id = interaction.id;
    row.agent_employee_id = interaction.agent;
    row.team_id = interaction.team;
    row.evaluator_employee_id = evaluator_;
    row.score = evaluation.score();
    row.band = static_cast<int>(evaluation.band());
    (void)google::protobuf::util::MessageToJsonString(evaluation, &row.detail_json);
    row.now_ms = absl::ToUnixMillis(absl::Now());
    MysqlConnection& connection = *connections[static_cast<std::size_t>(thread)];
    // Autocommit: one durable commit per evaluation, as a unary submit must make.
    absl::StatusOr<uint64_t> rows = connection.Execute(RawEvaluationInsert(connection, row));
    if (!rows.ok()) return rows.status();
    if (*rows != 1) return absl::InternalError(absl::StrCat("INSERT changed ", *rows, " rows"));
    return absl::OkStatus();
  };
  return RunThreads(RunLimits(), connect, insert);
}

}  // namespace escala::bench
