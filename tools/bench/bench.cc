#include "tools/bench/bench.h"

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "client/core/channel.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "tools/bench/admin_token.h"
#include "tools/bench/bench_units.h"
#include "tools/bench/empty_interaction_service.h"
#include "tools/bench/enrol_workload.h"
#include "tools/bench/load.h"
#include "tools/bench/mysql_connection.h"
#include "tools/bench/raw_sql.h"
#include "tools/bench/report_workload.h"
#include "tools/bench/server_process.h"
#include "tools/bench/submit_workload.h"
#include "tools/demo/demo_data.h"

namespace escala::bench {
namespace {

// Records per ImportInteractions message and per baseline transaction: the server's own batch.
constexpr int kBatch = 500;
// Source system of the records CreateInteraction writes, apart from the imported ones.
constexpr char kCreateSourceSystem[] = "escala-bench";

using SteadyClock = std::chrono::steady_clock;

void Say(const std::string& line) { std::cout << line << std::endl; }

absl::Status FromGrpc(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

// A well-spread index for call number `sequence`, so that concurrent GetInteraction calls read
// rows scattered over the table without sharing a random generator (splitmix64).
uint64_t Scramble(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string Rate(double value) { return absl::StrFormat("%.0f", value); }
std::string Ratio(double numerator, double denominator) {
  return denominator > 0 ? absl::StrFormat("%.2f", numerator / denominator) : "nan";
}

// One side of a throughput comparison: the best run so far.
struct Best {
  double per_second = 0;
  LoadResult load;  // for the unary comparisons: the best run's latencies

  void Offer(double rate) { per_second = std::max(per_second, rate); }
  void Offer(LoadResult result) {
    if (result.CallsPerSecond() > per_second) {
      per_second = result.CallsPerSecond();
      load = std::move(result);
    }
  }
};

std::string DescribeLoad(const LoadResult& result) {
  std::string line = absl::StrFormat("%d calls in %.2f s = %s calls/s, p50 %.3f ms, p99 %.3f ms",
                                     result.calls, result.seconds, Rate(result.CallsPerSecond()),
                                     result.LatencyMs(0.50), result.LatencyMs(0.99));
  if (result.errors > 0) {
    absl::StrAppend(&line, ", ", result.errors, " errors (first: ", result.first_error, ")");
  }
  return line;
}

class Benchmark {
 public:
  explicit Benchmark(const BenchOptions& options) : options_(options) {}
  ~Benchmark() { (void)TearDown(); }

  // Everything up to the summary; a non-OK status means the benchmark could not go on.
  absl::Status Run();
  // Stops the servers and drops the databases; the first thing that failed, if anything did.
  absl::Status TearDown();
  void PrintSummary() const;
  const std::vector<std::string>& failures() const { return failures_; }

 private:
  absl::Status Connect();
  // The one place channels are made: every call on them carries the administrator token.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& address) const;
  absl::Status Generate();
  absl::Status CreateDatabases();
  absl::Status PrepareRawDatabase();
  absl::Status StartServer();
  absl::Status LoadDirectoryThroughApi();
  absl::Status RunImports();
  absl::StatusOr<double> ImportThroughServer();
  absl::StatusOr<double> ImportRaw();
  absl::Status Truncate(const std::string& database);
  absl::Status CollectIds();
  absl::Status RunGets();
  absl::Status RunCreates();
  absl::Status RunSubmits();
  absl::Status RunEnrols();
  // The summary lines of (a)–(e), ending with import_ratio.
  void PrintSubmitToImport() const;
  // Whether --workloads selects `name` (all when it names none).
  bool Selected(const std::string& name) const {
    return options_.workloads.empty() || options_.workloads.count(name) > 0;
  }
  // Alternates `server` and `raw` runs (`options_.repeats` of each) and keeps the best of each.
  void RunUnaryComparison(const std::string& call, const std::function<LoadResult(int run)>& server,
                          const std::function<LoadResult(int run)>& raw, Best& best_server,
                          Best& best_raw);
  LoadResult GetLoad(v1::InteractionService::Stub& stub);
  LoadResult CreateThroughServer(int run);
  LoadResult CreateRaw(int run);
  // The record for CreateInteraction call `sequence` of run `run`: an imported record under a
  // source id of its own.
  v1::Interaction CreateRecord(int run, int64_t sequence) const;
  const v1::Interaction& Record(int64_t index) const {
    return messages_[static_cast<std::size_t>(index / kBatch)].interactions(
        static_cast<int>(index % kBatch));
  }
  void Fail(std::string failure) {
    Say(absl::StrCat("FAILED: ", failure));
    failures_.push_back(std::move(failure));
  }

  BenchOptions options_;
  MysqlTarget target_;
  std::unique_ptr<MysqlConnection> admin_;
  std::string work_dir_;
  std::string server_db_;
  std::string raw_db_;
  std::vector<std::string> created_databases_;
  std::unique_ptr<MysqlConnection> raw_;
  std::unique_ptr<ServerProcess> server_;
  // The bearer secret of the administrator account bootstrapped in the server's database.
  std::string token_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::InteractionService::Stub> interactions_;
  std::unique_ptr<grpc::Server> empty_server_;
  std::unique_ptr<EmptyInteractionService> empty_service_;

  std::vector<v1::Team> teams_;
  std::vector<v1::Person> people_;
  // The records, already cut into the import stream's messages; the baselines read them here.
  std::vector<v1::ImportInteractionsRequest> messages_;
  std::vector<int64_t> ids_;

  Best import_server_, import_raw_, get_server_, get_empty_, create_server_, create_raw_,
      submit_server_, submit_raw_, enrol_server_, enrol_raw_, waitlist_server_, waitlist_raw_;
  std::vector<std::string> failures_;
  bool torn_down_ = false;
};

absl::Status Benchmark::Run() {
  if (absl::Status s = Connect(); !s.ok()) return s;
  if (absl::Status s = Generate(); !s.ok()) return s;
  if (absl::Status s = CreateDatabases(); !s.ok()) return s;
  if (absl::Status s = PrepareRawDatabase(); !s.ok()) return s;
  if (absl::Status s = StartServer(); !s.ok()) return s;
  if (absl::Status s = LoadDirectoryThroughApi(); !s.ok()) return s;
  // Gets read imported records and evaluations evaluate them: those need the imports.
  if (Selected("import") || Selected("get") || Selected("create") || Selected("submit")) {
    if (absl::Status s = RunImports(); !s.ok()) return s;
    if (absl::Status s = CollectIds(); !s.ok()) return s;
  }
  if (Selected("get")) {
    if (absl::Status s = RunGets(); !s.ok()) return s;
  }
  if (Selected("create")) {
    if (absl::Status s = RunCreates(); !s.ok()) return s;
  }
  if (Selected("submit")) {
    if (absl::Status s = RunSubmits(); !s.ok()) return s;
  }
  if (Selected("enrol")) {
    if (absl::Status s = RunEnrols(); !s.ok()) return s;
  }
  // Minutes of loading: only when asked for by name.
  if (options_.workloads.count("reports") > 0) {
    ReportSetup setup;
    setup.server_address = server_->address();
    setup.admin_token = token_;
    setup.target = target_;
    setup.server_db = server_db_;
    setup.interactions = options_.report_interactions;
    setup.agents = options_.report_agents;
    setup.days = options_.report_days;
    setup.reads = options_.report_reads;
    setup.raw_reads = options_.report_raw_reads;
    setup.evaluations = options_.report_evaluations;
    setup.bulk = options_.report_bulk;
    setup.local_infile = options_.report_local_infile;
    setup.import_check = options_.report_import_check;
    setup.eligibility_runs = options_.report_eligibility_runs;
    setup.seed = options_.seed;
    return RunReportWorkload(setup);
  }
  return absl::OkStatus();
}

absl::Status Benchmark::Connect() {
  std::string password;
  if (!options_.mysql_password_file.empty()) {
    absl::StatusOr<std::string> read = ReadPasswordFile(options_.mysql_password_file);
    if (!read.ok()) return read.status();
    password = *std::move(read);
  }
  absl::StatusOr<MysqlTarget> target = ParseMysqlUrl(options_.mysql_url, std::move(password));
  if (!target.ok()) return target.status();
  target_ = *std::move(target);
  absl::StatusOr<std::unique_ptr<MysqlConnection>> admin = MysqlConnection::Open(target_, "");
  if (!admin.ok()) return admin.status();
  admin_ = *std::move(admin);
  absl::StatusOr<std::vector<MysqlRow>> info = admin_->Query(
      "SELECT VERSION(), @@innodb_flush_log_at_trx_commit, @@innodb_buffer_pool_size");
  if (!info.ok()) return info.status();
  const MysqlRow& row = info->at(0);
  Say(absl::StrCat("MariaDB ", row[0].value_or("?"), ", innodb_flush_log_at_trx_commit=",
                   row[1].value_or("?"), ", innodb_buffer_pool_size=", row[2].value_or("?"), "; ",
                   std::thread::hardware_concurrency(), " CPUs"));

  std::string pattern =
      absl::StrCat(std::filesystem::temp_directory_path().string(), "/escala-bench.XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("cannot create a directory like ", pattern));
  }
  work_dir_ = pattern;
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> Benchmark::MakeChannel(
    const std::string& address) const {
  client::ChannelSettings settings;
  settings.address = address;
  settings.token = token_;
  return client::MakeServerChannel(settings);
}

absl::Status Benchmark::Generate() {
  const SteadyClock::time_point start = SteadyClock::now();
  // About a month of contacts, with more per day for larger runs; cut to exactly `records`.
  demo::DemoOptions demo;
  demo.seed = options_.seed;
  const int64_t per_day =
      std::clamp<int64_t>((options_.records + 29) / 30, 1, demo::kMaxDemoPerDay);
  demo.interactions_per_day = static_cast<int>(per_day);
  demo.days = static_cast<int>((options_.records + per_day - 1) / per_day);
  if (absl::Status s = demo::ValidateDemoOptions(demo); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("records: too many for the generator: ", s.message()));
  }
  demo::DemoData data = demo::GenerateDemoData(demo);
  if (static_cast<int64_t>(data.interactions.size()) < options_.records) {
    return absl::InternalError(absl::StrCat("the generator made ", data.interactions.size(),
                                            " records, fewer than ", options_.records));
  }
  data.interactions.resize(static_cast<std::size_t>(options_.records));
  teams_ = std::move(data.teams);
  people_ = std::move(data.people);
  for (std::size_t i = 0; i < data.interactions.size(); ++i) {
    if (i % kBatch == 0) messages_.emplace_back();
    *messages_.back().add_interactions() = std::move(data.interactions[i]);
  }
  messages_.front().set_mode(v1::IMPORT_MODE_KEEP_VALID);
  std::size_t bytes = 0;
  for (const v1::ImportInteractionsRequest& message : messages_) bytes += message.ByteSizeLong();
  Say(absl::StrFormat(
      "data: %d teams, %d people, %d interactions (%d messages of up to %d, %.1f MB serialized, "
      "%.0f B/record), generated in %.1f s",
      teams_.size(), people_.size(), options_.records, messages_.size(), kBatch, bytes / 1e6,
      static_cast<double>(bytes) / static_cast<double>(options_.records), SecondsSince(start)));
  return absl::OkStatus();
}

absl::Status Benchmark::CreateDatabases() {
  server_db_ = absl::StrCat("escala_bench_", ::getpid());
  raw_db_ = absl::StrCat(server_db_, "_raw");
  for (const std::string& name : {server_db_, raw_db_}) {
    // A database of this name can only be left over from a killed run with the same pid.
    if (absl::StatusOr<uint64_t> s =
            admin_->Execute(absl::StrCat("DROP DATABASE IF EXISTS ", QuoteIdentifier(name)));
        !s.ok()) {
      return s.status();
    }
    if (absl::StatusOr<uint64_t> s =
            admin_->Execute(absl::StrCat("CREATE DATABASE ", QuoteIdentifier(name)));
        !s.ok()) {
      return s.status();
    }
    created_databases_.push_back(name);
  }
  Say(absl::StrCat("databases: ", server_db_, " (escala-server), ", raw_db_, " (baseline)"));
  return absl::OkStatus();
}

absl::Status Benchmark::PrepareRawDatabase() {
  absl::StatusOr<std::unique_ptr<MysqlConnection>> raw = MysqlConnection::Open(target_, raw_db_);
  if (!raw.ok()) return raw.status();
  raw_ = *std::move(raw);
  if (absl::Status s = ApplyServerSchema(*raw_); !s.ok()) return s;
  const long long now_ms = absl::ToUnixMillis(absl::Now());
  for (const std::string& sql :
       {TeamsInsert(*raw_, teams_, now_ms), PeopleInsert(*raw_, people_, now_ms)}) {
    if (absl::StatusOr<uint64_t> s = raw_->Execute(sql); !s.ok()) return s.status();
  }
  return absl::OkStatus();
}

absl::Status Benchmark::StartServer() {
  std::vector<std::string> flags = {
      absl::StrCat("--db=mysql://db=", server_db_, " ", target_.url_parameters)};
  if (!options_.mysql_password_file.empty()) {
    flags.push_back(absl::StrCat("--db_password_file=", options_.mysql_password_file));
  }
  // Every call needs a token; a fresh database gets its first one the way an operator's would.
  absl::StatusOr<std::string> token = BootstrapAdminToken(
      options_.server_binary, flags, absl::StrCat(work_dir_, "/server.log"), absl::Seconds(60));
  if (!token.ok()) return token.status();
  token_ = *std::move(token);
  flags.insert(flags.end(), options_.server_flags.begin(), options_.server_flags.end());
  absl::StatusOr<std::unique_ptr<ServerProcess>> server =
      ServerProcess::Start(options_.server_binary, flags, work_dir_, absl::Seconds(60));
  if (!server.ok()) return server.status();
  server_ = *std::move(server);
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeChannel(server_->address());
  if (!channel.ok()) return channel.status();
  channel_ = *std::move(channel);
  if (!channel_->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
    return absl::UnavailableError(
        absl::StrCat("cannot connect to escala-server at ", server_->address()));
  }
  interactions_ = v1::InteractionService::NewStub(channel_);
  Say(absl::StrCat("escala-server: listening on ", server_->address(),
                   options_.server_flags.empty() ? "" : " with ",
                   absl::StrJoin(options_.server_flags, " "), ", log in ", work_dir_,
                   "/server.log"));
  return absl::OkStatus();
}

absl::Status Benchmark::LoadDirectoryThroughApi() {
  std::unique_ptr<v1::PeopleService::Stub> people = v1::PeopleService::NewStub(channel_);
  // Teams first without their leads: a lead must exist as a person before a team can name it.
  for (const v1::Team& team : teams_) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::CreateTeamRequest request;
    *request.mutable_team() = team;
    request.mutable_team()->clear_lead_employee_id();
    v1::Team created;
    if (grpc::Status s = people->CreateTeam(&context, request, &created); !s.ok()) {
      return absl::Status(FromGrpc(s).code(),
                          absl::StrCat("CreateTeam ", team.team_id(), ": ", s.error_message()));
    }
  }
  int created = 0;
  for (std::size_t start = 0; start < people_.size(); start += kPeopleBatch) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::UpsertPeopleRequest request;
    for (std::size_t i = start; i < std::min(people_.size(), start + kPeopleBatch); ++i) {
      *request.add_people() = people_[i];
    }
    v1::UpsertPeopleResponse response;
    if (grpc::Status s = people->UpsertPeople(&context, request, &response); !s.ok()) {
      return absl::Status(FromGrpc(s).code(), absl::StrCat("UpsertPeople: ", s.error_message()));
    }
    created += response.created_count();
  }
  if (created != static_cast<int>(people_.size())) {
    return absl::InternalError(
        absl::StrCat("UpsertPeople created ", created, " people of ", people_.size()));
  }
  return absl::OkStatus();
}

absl::Status Benchmark::Truncate(const std::string& database) {
  // The QA tables (evaluations, assignments, calibration) refer to interactions; they are empty
  // while imports run, but MariaDB refuses TRUNCATE of any table other tables refer to.
  if (absl::StatusOr<uint64_t> s = admin_->Execute("SET SESSION foreign_key_checks = 0"); !s.ok()) {
    return s.status();
  }
  absl::StatusOr<uint64_t> done =
      admin_->Execute(absl::StrCat("TRUNCATE TABLE ", QuoteIdentifier(database), ".interactions"));
  absl::StatusOr<uint64_t> restored = admin_->Execute("SET SESSION foreign_key_checks = 1");
  if (!done.ok()) return done.status();
  return restored.status();
}

absl::Status Benchmark::RunImports() {
  Say(absl::StrCat("(a)/(b) import of ", options_.records, " records in messages/transactions of ",
                   kBatch, ", ", options_.repeats, " runs each, alternating, into an empty table"));
  for (int run = 1; run <= options_.repeats; ++run) {
    // The baseline goes first in odd runs and second in even ones, so that neither side always
    // meets a database still busy flushing the other's pages.
    for (int side = 0; side < 2; ++side) {
      const bool server_side = (side == 1) == (run % 2 == 1);
      if (absl::Status s = Truncate(server_side ? server_db_ : raw_db_); !s.ok()) return s;
      absl::StatusOr<double> seconds = server_side ? ImportThroughServer() : ImportRaw();
      if (!seconds.ok()) return seconds.status();
      const double rate = static_cast<double>(options_.records) / *seconds;
      (server_side ? import_server_ : import_raw_).Offer(rate);
      Say(absl::StrFormat("  run %d %-6s %d records in %.2f s = %s records/s", run,
                          server_side ? "server" : "raw", options_.records, *seconds, Rate(rate)));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<double> Benchmark::ImportThroughServer() {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(30));
  v1::ImportInteractionsResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::ImportInteractionsRequest>> writer =
      interactions_->ImportInteractions(&context, &response);
  const SteadyClock::time_point start = SteadyClock::now();
  for (const v1::ImportInteractionsRequest& message : messages_) {
    // A failed write means the server ended the stream; Finish() says why.
    if (!writer->Write(message)) break;
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  const double seconds = SecondsSince(start);
  if (!status.ok()) {
    return absl::Status(FromGrpc(status).code(),
                        absl::StrCat("ImportInteractions: ", status.error_message()));
  }
  if (response.imported_count() != options_.records ||
      response.received_count() != options_.records) {
    std::string failure = absl::StrCat(
        "ImportInteractions received ", response.received_count(), " and imported ",
        response.imported_count(), " of ", options_.records, " records (already present ",
        response.already_present_count(), ", rejected ", response.rejections_size(), ")");
    if (response.rejections_size() > 0) {
      const v1::ImportRejection& first = response.rejections(0);
      absl::StrAppend(&failure, "; first rejection: record ", first.position(), " ", first.field(),
                      ": ", first.reason());
    }
    Fail(std::move(failure));
  }
  return seconds;
}

absl::StatusOr<double> Benchmark::ImportRaw() {
  const std::string& prefix = InteractionInsertPrefix();
  std::string sql;
  uint64_t inserted = 0;
  const SteadyClock::time_point start = SteadyClock::now();
  for (const v1::ImportInteractionsRequest& message : messages_) {
    const long long now_ms = absl::ToUnixMillis(absl::Now());
    sql.assign(prefix);
    bool first = true;
    for (const v1::Interaction& record : message.interactions()) {
      if (!first) sql += ", ";
      first = false;
      AppendInteractionRow(*raw_, record, now_ms, sql);
    }
    if (absl::StatusOr<uint64_t> s = raw_->Execute("START TRANSACTION"); !s.ok()) return s.status();
    absl::StatusOr<uint64_t> rows = raw_->Execute(sql);
    if (!rows.ok()) return rows.status();
    inserted += *rows;
    if (absl::StatusOr<uint64_t> s = raw_->Execute("COMMIT"); !s.ok()) return s.status();
  }
  const double seconds = SecondsSince(start);
  if (static_cast<int64_t>(inserted) != options_.records) {
    Fail(absl::StrCat("baseline import inserted ", inserted, " of ", options_.records, " rows"));
  }
  return seconds;
}

absl::Status Benchmark::CollectIds() {
  absl::StatusOr<std::vector<MysqlRow>> rows =
      admin_->Query(absl::StrCat("SELECT id FROM ", QuoteIdentifier(server_db_), ".interactions"));
  if (!rows.ok()) return rows.status();
  for (const MysqlRow& row : *rows)
    ids_.push_back(std::strtoll(row[0].value_or("0").c_str(), nullptr, 10));
  if (ids_.empty()) return absl::FailedPreconditionError("no imported interaction to read back");
  return absl::OkStatus();
}

LoadResult Benchmark::GetLoad(v1::InteractionService::Stub& stub) {
  struct Call {
    grpc::ClientContext context;
    v1::GetInteractionRequest request;
    v1::Interaction response;
  };
  return RunClosedLoop(
      options_.unary, [&](int64_t sequence, std::function<void(absl::Status)> done) {
        auto call = std::make_shared<Call>();
        call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        call->request.set_id(ids_[Scramble(static_cast<uint64_t>(sequence)) % ids_.size()]);
        stub.async()->GetInteraction(
            &call->context, &call->request, &call->response,
            [call, done = std::move(done)](grpc::Status status) { done(FromGrpc(status)); });
      });
}

absl::Status Benchmark::RunGets() {
  empty_service_ = std::make_unique<EmptyInteractionService>();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(empty_service_.get());
  empty_server_ = builder.BuildAndStart();
  if (empty_server_ == nullptr || port == 0) {
    return absl::UnavailableError("cannot start the in-process empty GetInteraction server");
  }
  // The empty side gets the token too, so that both sides are sent the same calls.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> made =
      MakeChannel(absl::StrCat("127.0.0.1:", port));
  if (!made.ok()) return made.status();
  std::shared_ptr<grpc::Channel> empty_channel = *std::move(made);
  if (!empty_channel->WaitForConnected(std::chrono::system_clock::now() +
                                       std::chrono::seconds(10))) {
    return absl::UnavailableError("cannot connect to the in-process empty server");
  }
  std::unique_ptr<v1::InteractionService::Stub> empty =
      v1::InteractionService::NewStub(empty_channel);

  Say(absl::StrFormat(
      "(d) GetInteraction of random ids among %d, %d in flight, %s per run: "
      "escala-server vs an empty in-process handler",
      ids_.size(), options_.unary.in_flight, absl::FormatDuration(options_.unary.duration)));
  for (int run = 1; run <= options_.repeats; ++run) {
    for (int side = 0; side < 2; ++side) {
      const bool server_side = (side == 0) == (run % 2 == 1);
      LoadResult result = GetLoad(server_side ? *interactions_ : *empty);
      Say(absl::StrFormat("  run %d %-6s %s", run, server_side ? "server" : "empty",
                          DescribeLoad(result)));
      if (result.errors > 0) {
        Fail(absl::StrCat("GetInteraction (", server_side ? "server" : "empty",
                          "): ", result.errors, " errors, first: ", result.first_error));
      }
      (server_side ? get_server_ : get_empty_).Offer(std::move(result));
    }
  }
  return absl::OkStatus();
}

v1::Interaction Benchmark::CreateRecord(int run, int64_t sequence) const {
  v1::Interaction record = Record(sequence % options_.records);
  record.set_source_system(kCreateSourceSystem);
  record.set_source_id(absl::StrCat("run", run, "-", sequence));
  return record;
}

LoadResult Benchmark::CreateThroughServer(int run) {
  struct Call {
    grpc::ClientContext context;
    v1::CreateInteractionRequest request;
    v1::Interaction response;
  };
  return RunClosedLoop(
      options_.unary, [&, run](int64_t sequence, std::function<void(absl::Status)> done) {
        auto call = std::make_shared<Call>();
        call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        *call->request.mutable_interaction() = CreateRecord(run, sequence);
        interactions_->async()->CreateInteraction(
            &call->context, &call->request, &call->response,
            [call, done = std::move(done)](grpc::Status status) { done(FromGrpc(status)); });
      });
}

LoadResult Benchmark::CreateRaw(int run) {
  std::vector<std::unique_ptr<MysqlConnection>> connections(
      static_cast<std::size_t>(options_.unary.in_flight));
  auto connect = [&](int thread) -> absl::Status {
    absl::StatusOr<std::unique_ptr<MysqlConnection>> connection =
        MysqlConnection::Open(target_, raw_db_);
    if (!connection.ok()) return connection.status();
    connections[static_cast<std::size_t>(thread)] = *std::move(connection);
    return absl::OkStatus();
  };
  auto insert = [&, run](int thread, int64_t sequence) -> absl::Status {
    MysqlConnection& connection = *connections[static_cast<std::size_t>(thread)];
    std::string sql = InteractionInsertPrefix();
    AppendInteractionRow(connection, CreateRecord(run, sequence), absl::ToUnixMillis(absl::Now()),
                         sql);
    // Autocommit: one durable commit per row, as a unary create must make.
    absl::StatusOr<uint64_t> rows = connection.Execute(sql);
    if (!rows.ok()) return rows.status();
    if (*rows != 1) return absl::InternalError(absl::StrCat("INSERT changed ", *rows, " rows"));
    return absl::OkStatus();
  };
  return RunThreads(options_.unary, connect, insert);
}

void Benchmark::RunUnaryComparison(const std::string& call,
                                   const std::function<LoadResult(int run)>& server,
                                   const std::function<LoadResult(int run)>& raw, Best& best_server,
                                   Best& best_raw) {
  for (int run = 1; run <= options_.repeats; ++run) {
    // The raw side goes first in odd runs and second in even ones (see RunImports).
    for (int side = 0; side < 2; ++side) {
      const bool server_side = (side == 1) == (run % 2 == 1);
      LoadResult result = server_side ? server(run) : raw(run);
      Say(absl::StrFormat("  run %d %-6s %s", run, server_side ? "server" : "raw",
                          DescribeLoad(result)));
      if (result.errors > 0) {
        Fail(absl::StrCat(call, " (", server_side ? "server" : "raw", "): ", result.errors,
                          " errors, first: ", result.first_error));
      }
      (server_side ? best_server : best_raw).Offer(std::move(result));
    }
  }
}

absl::Status Benchmark::RunCreates() {
  Say(
      absl::StrFormat("(c) CreateInteraction, %d in flight, %s per run: escala-server vs "
                      "single-row autocommit INSERTs on %d connections",
                      options_.unary.in_flight, absl::FormatDuration(options_.unary.duration),
                      options_.unary.in_flight));
  RunUnaryComparison(
      "CreateInteraction", [this](int run) { return CreateThroughServer(run); },
      [this](int run) { return CreateRaw(run); }, create_server_, create_raw_);
  return absl::OkStatus();
}

absl::Status Benchmark::RunSubmits() {
  SubmitSetup setup;
  setup.server_address = server_->address();
  setup.admin_token = token_;
  setup.target = target_;
  setup.server_db = server_db_;
  setup.raw_db = raw_db_;
  setup.people = people_;
  setup.limits = options_.unary;
  setup.repeats = options_.repeats;
  absl::StatusOr<std::unique_ptr<SubmitWorkload>> workload = SubmitWorkload::Prepare(setup);
  if (!workload.ok()) return workload.status();
  Say(absl::StrFormat(
      "(e) SubmitEvaluation (created, scored and submitted in one call), %d in flight, "
      "%s per run: escala-server vs single-row autocommit INSERTs of the same "
      "evaluations on %d connections; %s",
      options_.unary.in_flight, absl::FormatDuration(options_.unary.duration),
      options_.unary.in_flight, (*workload)->Describe()));
  RunUnaryComparison(
      "SubmitEvaluation", [&](int run) { return (*workload)->ThroughServer(run); },
      [&](int run) { return (*workload)->Raw(run); }, submit_server_, submit_raw_);
  return absl::OkStatus();
}

absl::Status Benchmark::RunEnrols() {
  for (const bool waitlists : {false, true}) {
    if (waitlists && (!options_.enrol_waitlist || options_.enrol_seats < 2)) break;
    EnrolSetup setup;
    setup.server_address = server_->address();
    setup.admin_token = token_;
    setup.target = target_;
    setup.server_db = server_db_;
    setup.raw_db = raw_db_;
    setup.limits = options_.unary;
    setup.repeats = options_.repeats;
    setup.learners = options_.enrol_learners;
    setup.sessions = options_.enrol_sessions;
    // Half the seats: half of each session's learners wait in line.
    setup.seats = waitlists ? options_.enrol_seats / 2 : options_.enrol_seats;
    setup.tag = waitlists ? "w" : "a";
    absl::StatusOr<std::unique_ptr<EnrolWorkload>> workload = EnrolWorkload::Prepare(setup);
    if (!workload.ok()) return workload.status();
    Say(absl::StrFormat(
        "(f%s) Enrol%s, %d in flight, at most %s per run: escala-server vs INSERTs of the "
        "enrolment and its history entry (one transaction each) on %d connections; %s",
        waitlists ? "2" : "", waitlists ? " onto waitlists" : "", options_.unary.in_flight,
        absl::FormatDuration(options_.unary.duration), options_.unary.in_flight,
        (*workload)->Describe()));
    RunUnaryComparison(
        "Enrol", [&](int run) { return (*workload)->ThroughServer(run); },
        [&](int run) { return (*workload)->Raw(run); },
        waitlists ? waitlist_server_ : enrol_server_, waitlists ? waitlist_raw_ : enrol_raw_);
    absl::StatusOr<std::string> outcome = (*workload)->Outcome();
    if (!outcome.ok()) return outcome.status();
    Say(absl::StrCat("  server enrolments: ", *outcome));
  }
  return absl::OkStatus();
}

absl::Status Benchmark::TearDown() {
  if (torn_down_) return absl::OkStatus();
  torn_down_ = true;
  absl::Status first;
  auto note = [&](absl::Status status) {
    if (!status.ok() && first.ok()) first = status;
  };
  interactions_.reset();
  channel_.reset();
  if (server_ != nullptr) {
    // SIGTERM: the server's graceful stop, which must end with exit status 0.
    note(server_->Stop(absl::Seconds(30)));
    server_.reset();
    // How far concurrent submits shared transactions, as the server reports it when it stops.
    std::ifstream log(absl::StrCat(work_dir_, "/server.log"));
    for (std::string line; std::getline(log, line);) {
      if (absl::StrContains(line, "evaluation creates:"))
        Say(absl::StrCat("escala-server: ", line));
    }
  }
  if (empty_server_ != nullptr) {
    empty_server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    empty_server_.reset();
    empty_service_.reset();
  }
  raw_.reset();
  if (admin_ != nullptr) {
    for (const std::string& name : created_databases_) {
      note(admin_->Execute(absl::StrCat("DROP DATABASE IF EXISTS ", QuoteIdentifier(name)))
               .status());
    }
    created_databases_.clear();
  }
  if (!work_dir_.empty()) {
    if (first.ok() && failures_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(work_dir_, ignored);
    } else {
      Say(absl::StrCat("escala-server's log is kept in ", work_dir_, "/server.log"));
    }
  }
  return first;
}

void Benchmark::PrintSummary() const {
  if (Selected("enrol")) {
    for (const auto& [name, server, raw] :
         {std::tuple{"enrol", &enrol_server_, &enrol_raw_},
          std::tuple{"enrol_waitlist", &waitlist_server_, &waitlist_raw_}}) {
      if (server->per_second == 0 && raw->per_second == 0) continue;
      Say(absl::StrFormat(
          "%s_server_cps=%s %s_raw_cps=%s %s_server_p50_ms=%.3f %s_server_p99_ms=%.3f", name,
          Rate(server->per_second), name, Rate(raw->per_second), name, server->load.LatencyMs(0.5),
          name, server->load.LatencyMs(0.99)));
      Say(absl::StrCat(name, "_ratio=", Ratio(server->per_second, raw->per_second)));
    }
  }
  if (Selected("import") || Selected("get") || Selected("create") || Selected("submit")) {
    PrintSubmitToImport();
  }
}

void Benchmark::PrintSubmitToImport() const {
  const LoadResult& ss = submit_server_.load;
  const LoadResult& sr = submit_raw_.load;
  Say(absl::StrFormat(
      "submit_server_cps=%s submit_raw_cps=%s submit_server_p50_ms=%.3f submit_server_p99_ms=%.3f "
      "submit_raw_p50_ms=%.3f submit_raw_p99_ms=%.3f",
      Rate(submit_server_.per_second), Rate(submit_raw_.per_second), ss.LatencyMs(0.5),
      ss.LatencyMs(0.99), sr.LatencyMs(0.5), sr.LatencyMs(0.99)));
  Say(absl::StrCat("submit_ratio=", Ratio(submit_server_.per_second, submit_raw_.per_second)));
  const LoadResult& cs = create_server_.load;
  const LoadResult& cr = create_raw_.load;
  Say(absl::StrFormat(
      "create_server_cps=%s create_raw_cps=%s create_server_p50_ms=%.3f create_server_p99_ms=%.3f "
      "create_raw_p50_ms=%.3f create_raw_p99_ms=%.3f",
      Rate(create_server_.per_second), Rate(create_raw_.per_second), cs.LatencyMs(0.5),
      cs.LatencyMs(0.99), cr.LatencyMs(0.5), cr.LatencyMs(0.99)));
  Say(absl::StrCat("create_ratio=", Ratio(create_server_.per_second, create_raw_.per_second)));
  const LoadResult& gs = get_server_.load;
  const LoadResult& ge = get_empty_.load;
  Say(absl::StrFormat(
      "get_server_cps=%s get_empty_cps=%s get_server_p50_ms=%.3f get_server_p99_ms=%.3f "
      "get_empty_p50_ms=%.3f get_empty_p99_ms=%.3f",
      Rate(get_server_.per_second), Rate(get_empty_.per_second), gs.LatencyMs(0.5),
      gs.LatencyMs(0.99), ge.LatencyMs(0.5), ge.LatencyMs(0.99)));
  Say(absl::StrCat("get_ratio=", Ratio(get_server_.per_second, get_empty_.per_second)));
  Say(absl::StrCat("import_server_rps=", Rate(import_server_.per_second),
                   " import_raw_rps=", Rate(import_raw_.per_second)));
  Say(absl::StrCat("import_ratio=", Ratio(import_server_.per_second, import_raw_.per_second)));
}

}  // namespace

int RunBench(const BenchOptions& options) {
  Benchmark benchmark(options);
  const absl::Status run = benchmark.Run();
  const absl::Status teardown = benchmark.TearDown();
  if (!run.ok()) {
    std::cerr << "escala-bench: " << run.ToString() << std::endl;
    if (!teardown.ok())
      std::cerr << "escala-bench: while cleaning up: " << teardown.ToString() << std::endl;
    return 1;
  }
  bool failed = !benchmark.failures().empty();
  if (!teardown.ok()) {
    Say(absl::StrCat("FAILED: while cleaning up: ", teardown.ToString()));
    failed = true;
  } else {
    Say("escala-server stopped cleanly (SIGTERM, exit status 0); bench databases dropped");
  }
  benchmark.PrintSummary();
  return failed ? 1 : 0;
}

}  // namespace escala::bench
