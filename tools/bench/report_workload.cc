#include "tools/bench/report_workload.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/core/channel.h"
#include "db/common/proto_time.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/reports.grpc.pb.h"
#include "escala/v1/sla_policies.grpc.pb.h"
#include "tools/bench/bench_units.h"
#include "tools/bench/eligibility_timing.h"
#include "tools/bench/evaluation_workload.h"
#include "tools/bench/history_load.h"
#include "tools/bench/raw_sql.h"

namespace escala::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int kTeamSize = 15;
constexpr int kQuarterDays = 91;
// Monday 2026-01-05 00:00 UTC: the quarter's first day.
constexpr int64_t kQuarterStartMs = 1'767'571'200'000;

void Say(const std::string& line) { std::cout << line << std::endl; }

double MillisSince(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

std::string Agent(int i) { return AgentId(i); }
std::string Team(int i) { return TeamId(i); }

// The QA analyst who scored the bulk-loaded evaluations.
constexpr char kEvaluator[] = "RQA01";
// Days after the history's last that its evaluations' submits may fall on (scored one to three
// days after the contact).
constexpr int kSubmitLagDays = 3;
// Days per RecomputeReportSummaries call while the summaries are built (the call's limit is
// 400); the server works through each a day at a time.
constexpr int kRecomputeCallDays = 56;

struct Latencies {
  std::vector<double> ms;
  double Quantile(double q) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))];
  }
};

absl::Status LoadDirectory(const ReportSetup& setup, v1::PeopleService::Stub& people) {
  const int teams = (setup.agents + kTeamSize - 1) / kTeamSize;
  for (int t = 0; t < teams; ++t) {
    grpc::ClientContext context;
    v1::CreateTeamRequest request;
    request.mutable_team()->set_team_id(Team(t));
    request.mutable_team()->set_display_name(Team(t));
    v1::Team created;
    grpc::Status s = people.CreateTeam(&context, request, &created);
    if (!s.ok()) return absl::InternalError(absl::StrCat("CreateTeam: ", s.error_message()));
  }
  // The agents, a thousand per request (the call's limit), then the QA analyst of the
  // bulk-loaded evaluations.
  for (int start = 0; start < setup.agents + 1000; start += 1000) {
    grpc::ClientContext context;
    v1::UpsertPeopleRequest request;
    for (int i = start; i < std::min(setup.agents, start + 1000); ++i) {
      v1::Person* person = request.add_people();
      person->set_employee_id(Agent(i));
      person->set_display_name(Agent(i));
      person->set_role(v1::ROLE_AGENT);
      person->set_level(1);
      person->set_team_id(Team(i / kTeamSize));
    }
    if (request.people_size() == 0) {
      v1::Person* qa = request.add_people();
      qa->set_employee_id(kEvaluator);
      qa->set_display_name("Bench QA analyst");
      qa->set_role(v1::ROLE_QA_ANALYST);
      qa->set_level(1);
    }
    v1::UpsertPeopleResponse response;
    grpc::Status s = people.UpsertPeople(&context, request, &response);
    if (!s.ok()) return absl::InternalError(absl::StrCat("UpsertPeople: ", s.error_message()));
    if (request.people(0).employee_id() == kEvaluator) break;
  }
  return absl::OkStatus();
}

// Imports the interactions in messages of 500; returns the seconds it took.
absl::StatusOr<double> Import(const ReportSetup& setup, v1::InteractionService::Stub& stub) {
  std::mt19937_64 random(setup.seed);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(6));
  v1::ImportInteractionsResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::ImportInteractionsRequest>> writer =
      stub.ImportInteractions(&context, &response);
  const SteadyClock::time_point start = SteadyClock::now();
  v1::ImportInteractionsRequest message;
  for (int64_t i = 0; i < setup.interactions; ++i) {
    v1::Interaction* r = message.add_interactions();
    r->set_source_system("bench-reports");
    r->set_source_id(absl::StrCat(i));
    r->set_channel(static_cast<v1::Channel>(1 + random() % 5));
    r->set_direction(v1::DIRECTION_INBOUND);
    r->set_queue(absl::StrCat("q", random() % 20));
    r->set_priority(static_cast<v1::Priority>(1 + random() % 4));
    r->set_agent_employee_id(Agent(static_cast<int>(random() % setup.agents)));
    const int64_t start_ms =
        kQuarterStartMs + static_cast<int64_t>(random() % (setup.days * kDayMs));
    *r->mutable_start_time() = db::MillisToTimestamp(start_ms);
    if (random() % 10 != 0) *r->mutable_answer_time() = db::MillisToTimestamp(start_ms + 20'000);
    if (random() % 3 != 0) {
      *r->mutable_resolve_time() = db::MillisToTimestamp(start_ms + 600'000);
      r->set_first_contact_resolution(random() % 4 != 0);
    }
    r->mutable_talk_duration()->set_seconds(static_cast<int64_t>(60 + random() % 600));
    if (random() % 5 == 0) r->set_csat(static_cast<int32_t>(1 + random() % 5));
    r->set_language("en");
    if (message.interactions_size() == 500 || i + 1 == setup.interactions) {
      if (!writer->Write(message)) break;
      message.Clear();
    }
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!status.ok()) return absl::InternalError(absl::StrCat("import: ", status.error_message()));
  if (response.imported_count() != setup.interactions) {
    return absl::InternalError(
        absl::StrCat("imported ", response.imported_count(), " of ", setup.interactions));
  }
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// The bulk path: the facts by multi-row INSERTs (history_load.h), then the summaries by the
// server's own recompute, each timed.
absl::Status BulkLoad(const ReportSetup& setup, MysqlConnection& raw,
                      v1::ReportService::Stub& reports) {
  absl::StatusOr<uint64_t> card =
      raw.Execute(RawScorecardInsert(raw, BenchScorecard(), absl::ToUnixMillis(absl::Now())));
  if (!card.ok()) return card.status();
  HistorySetup history;
  history.target = setup.target;
  history.database = setup.server_db;
  history.interactions = setup.interactions;
  history.evaluations = setup.evaluations;
  history.agents = setup.agents;
  history.team_size = kTeamSize;
  history.days = setup.days;
  history.first_day_ms = kQuarterStartMs;
  history.evaluator = kEvaluator;
  history.seed = setup.seed;
  history.local_infile = setup.local_infile;
  absl::StatusOr<HistoryLoadTimes> times = LoadHistory(history);
  if (!times.ok()) return times.status();
  Say(absl::StrFormat(
      "  facts loaded by %s: %d interactions in %.1f s (%.0f rows/s), "
      "%d evaluations in %.1f s (%.0f rows/s)",
      setup.local_infile ? "LOAD DATA LOCAL INFILE" : "multi-row INSERTs", setup.interactions,
      times->interaction_seconds,
      static_cast<double>(setup.interactions) / times->interaction_seconds, setup.evaluations,
      times->evaluation_seconds,
      setup.evaluations > 0 ? static_cast<double>(setup.evaluations) / times->evaluation_seconds
                            : 0.0));
  // One call after the other: two at once on neighbouring days made the second wait for (or
  // deadlock on) the first's locks.
  const SteadyClock::time_point start = SteadyClock::now();
  int64_t rows = 0, differences = 0;
  const int total_days = setup.days + kSubmitLagDays;
  for (int first = 0; first < total_days; first += kRecomputeCallDays) {
    const int last = std::min(total_days, first + kRecomputeCallDays);
    v1::RecomputeReportSummariesRequest request;
    *request.mutable_start_time() = db::MillisToTimestamp(kQuarterStartMs + first * kDayMs);
    *request.mutable_end_time() = db::MillisToTimestamp(kQuarterStartMs + last * kDayMs);
    request.set_fix(true);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(2));
    v1::RecomputeReportSummariesResponse response;
    grpc::Status s = reports.RecomputeReportSummaries(&context, request, &response);
    if (!s.ok()) {
      return absl::InternalError(absl::StrCat("RecomputeReportSummaries: ", s.error_message()));
    }
    rows += response.recomputed_rows();
    differences += response.difference_count();
  }
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  Say(
      absl::StrFormat("  summaries built by RecomputeReportSummaries (fix, a day per transaction): "
                      "%d rows (%d counters set) in %.1f s",
                      rows, differences, seconds));
  return absl::OkStatus();
}

// What summary upkeep costs an import: `import_check` new interactions of the history's last
// week (contacts arriving as the summaries of their days exist) imported through the server,
// against the same rows by multi-row INSERTs into the same loaded table (500 rows per statement
// and transaction, as the import's batches), which are deleted again before the server's turn.
absl::Status ImportCheck(const ReportSetup& setup, MysqlConnection& raw,
                         v1::InteractionService::Stub& stub) {
  HistorySetup week;
  week.interactions = setup.import_check;
  week.agents = setup.agents;
  week.team_size = kTeamSize;
  week.days = 7;
  week.first_day_ms = kQuarterStartMs + static_cast<int64_t>(setup.days - 7) * kDayMs;
  week.seed = setup.seed + 7;
  std::vector<v1::ImportInteractionsRequest> messages;
  for (int64_t k = 0; k < setup.import_check; ++k) {
    if (k % 500 == 0) messages.emplace_back();
    v1::Interaction* record = messages.back().add_interactions();
    *record = HistoryInteraction(week, k);
    record->set_source_system("bench-import");
  }

  // Raw: the same rows under another source system, so that they cannot collide.
  SteadyClock::time_point start = SteadyClock::now();
  const long long now_ms = absl::ToUnixMillis(absl::Now());
  for (const v1::ImportInteractionsRequest& message : messages) {
    std::string sql = InteractionInsertPrefix();
    bool first = true;
    for (v1::Interaction record : message.interactions()) {
      record.set_source_system("bench-import-raw");
      if (!first) sql += ", ";
      first = false;
      AppendInteractionRow(raw, record, now_ms, sql);
    }
    for (const std::string& statement :
         {std::string("START TRANSACTION"), sql, std::string("COMMIT")}) {
      if (absl::StatusOr<uint64_t> s = raw.Execute(statement); !s.ok()) return s.status();
    }
  }
  const double raw_seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  if (absl::StatusOr<uint64_t> s =
          raw.Execute("DELETE FROM interactions WHERE source_system = 'bench-import-raw'");
      !s.ok()) {
    return s.status();
  }

  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
  v1::ImportInteractionsResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::ImportInteractionsRequest>> writer =
      stub.ImportInteractions(&context, &response);
  start = SteadyClock::now();
  for (const v1::ImportInteractionsRequest& message : messages) {
    if (!writer->Write(message)) break;
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  const double server_seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  if (!status.ok()) return absl::InternalError(absl::StrCat("import: ", status.error_message()));
  if (response.imported_count() != setup.import_check) {
    return absl::InternalError(
        absl::StrCat("imported ", response.imported_count(), " of ", setup.import_check));
  }
  const double server_rate = static_cast<double>(setup.import_check) / server_seconds;
  const double raw_rate = static_cast<double>(setup.import_check) / raw_seconds;
  Say(absl::StrFormat(
      "  import with summary upkeep: %d interactions of the last week into the loaded tables: "
      "server %.1f s (%.0f records/s), raw INSERT %.1f s (%.0f records/s)",
      setup.import_check, server_seconds, server_rate, raw_seconds, raw_rate));
  Say(absl::StrFormat("report_import_ratio=%.2f", server_rate / raw_rate));
  return absl::OkStatus();
}

struct Shape {
  const char* name;
  v1::ReportScope scope;
  int days;
};

// A published policy for the SLA reads: calendar-hour targets of 1/8, 4/24, 8/48 and 24/120
// hours (first response/resolution, urgent … low), business days 08:00–18:00 UTC.
absl::Status PublishPolicy(v1::SlaPolicyService::Stub& policies) {
  v1::CreateSlaPolicyRequest create;
  v1::SlaPolicy& policy = *create.mutable_sla_policy();
  policy.set_sla_policy_id("bench");
  policy.set_title("Bench SLA");
  const int64_t hours[4][2] = {{1, 8}, {4, 24}, {8, 48}, {24, 120}};
  for (int p = 0; p < 4; ++p) {
    v1::SlaPriorityTargets* targets = policy.add_targets();
    targets->set_priority(static_cast<v1::Priority>(4 - p));
    targets->mutable_first_response()->mutable_within()->set_seconds(hours[p][0] * 3600);
    targets->mutable_first_response()->set_clock(v1::SLA_CLOCK_BUSINESS_HOURS);
    targets->mutable_resolution()->mutable_within()->set_seconds(hours[p][1] * 3600);
    targets->mutable_resolution()->set_clock(v1::SLA_CLOCK_BUSINESS_HOURS);
  }
  policy.mutable_calendar()->set_time_zone("UTC");
  for (int day = v1::WEEKDAY_MONDAY; day <= v1::WEEKDAY_FRIDAY; ++day) {
    v1::OpeningHours* open = policy.mutable_calendar()->add_opening_hours();
    open->set_weekday(static_cast<v1::Weekday>(day));
    open->set_open_minute(8 * 60);
    open->set_close_minute(18 * 60);
  }
  grpc::ClientContext create_context;
  v1::SlaPolicy draft;
  grpc::Status s = policies.CreateSlaPolicy(&create_context, create, &draft);
  if (!s.ok()) return absl::InternalError(absl::StrCat("CreateSlaPolicy: ", s.error_message()));
  v1::PublishSlaPolicyRequest publish;
  publish.set_sla_policy_id("bench");
  publish.set_etag(draft.etag());
  grpc::ClientContext publish_context;
  v1::SlaPolicy published;
  s = policies.PublishSlaPolicy(&publish_context, publish, &published);
  if (!s.ok()) return absl::InternalError(absl::StrCat("PublishSlaPolicy: ", s.error_message()));
  return absl::OkStatus();
}

// The SLA report reads the interactions of its range (it has no summaries: see the README), so
// its cost grows with the contacts in the range. Timed for the shapes a supervisor asks for, a
// tenth as many reads as the KPI shapes (at least 3); the department reads one day.
absl::Status TimeSlaReports(const ReportSetup& setup, v1::SlaPolicyService::Stub& policies,
                            std::mt19937_64& random) {
  if (absl::Status s = PublishPolicy(policies); !s.ok()) return s;
  const int teams = (setup.agents + kTeamSize - 1) / kTeamSize;
  struct SlaShape {
    const char* name;
    v1::SlaReportScope scope;
    int days;
  };
  const int reads = std::max(3, setup.reads / 10);
  for (const SlaShape& shape : {SlaShape{"agent-week", v1::SLA_REPORT_SCOPE_AGENT, 7},
                                SlaShape{"team-month", v1::SLA_REPORT_SCOPE_TEAM, 28},
                                SlaShape{"department-day", v1::SLA_REPORT_SCOPE_DEPARTMENT, 1}}) {
    Latencies latencies;
    int64_t measured = 0;
    for (int i = 0; i < reads; ++i) {
      v1::ComputeSlaReportRequest request;
      request.set_sla_policy_id("bench");
      request.set_scope(shape.scope);
      if (shape.scope == v1::SLA_REPORT_SCOPE_AGENT) {
        request.set_agent_employee_id(Agent(static_cast<int>(random() % setup.agents)));
      } else if (shape.scope == v1::SLA_REPORT_SCOPE_TEAM) {
        request.set_team_id(Team(static_cast<int>(random() % teams)));
      }
      request.set_period(v1::REPORT_PERIOD_RANGE);
      const int first = static_cast<int>(random() % (setup.days - shape.days + 1)) / 7 * 7;
      const int64_t from_ms = kQuarterStartMs + first * kDayMs;
      *request.mutable_period_start_time() = db::MillisToTimestamp(from_ms);
      *request.mutable_period_end_time() = db::MillisToTimestamp(from_ms + shape.days * kDayMs);
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
      v1::ComputeSlaReportResponse response;
      const SteadyClock::time_point start = SteadyClock::now();
      grpc::Status s = policies.ComputeSlaReport(&context, request, &response);
      if (!s.ok())
        return absl::InternalError(absl::StrCat("ComputeSlaReport: ", s.error_message()));
      latencies.ms.push_back(MillisSince(start));
      measured += response.interaction_count();
    }
    Say(absl::StrFormat("sla_%s p50_ms=%.1f p99_ms=%.1f interactions_per_read=%.0f", shape.name,
                        latencies.Quantile(0.5), latencies.Quantile(0.99),
                        static_cast<double>(measured) / reads));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RunReportWorkload(const ReportSetup& setup) {
  client::ChannelSettings settings;
  settings.address = setup.server_address;
  settings.token = setup.admin_token;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client::MakeServerChannel(settings);
  if (!channel.ok()) return channel.status();
  auto people = v1::PeopleService::NewStub(*channel);
  auto interactions = v1::InteractionService::NewStub(*channel);
  auto reports = v1::ReportService::NewStub(*channel);
  auto policies = v1::SlaPolicyService::NewStub(*channel);
  const int raw_reads = setup.raw_reads > 0 ? setup.raw_reads : std::max(3, setup.reads / 10);
  Say(absl::StrFormat(
      "(g) reports: %d interactions and %d evaluations over %d agents (teams of %d) and %d days, "
      "%s; %d reads of each shape through GetKpiReport vs %d by aggregates over the "
      "interactions table",
      setup.interactions, setup.bulk ? setup.evaluations : 0, setup.agents, kTeamSize, setup.days,
      setup.bulk ? "bulk-loaded, summaries by the server's recompute"
                 : "imported through escala-server",
      setup.reads, raw_reads));
  if (absl::Status s = LoadDirectory(setup, *people); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<MysqlConnection>> raw =
      MysqlConnection::Open(setup.target, setup.server_db);
  if (!raw.ok()) return raw.status();
  if (setup.bulk) {
    if (absl::Status s = BulkLoad(setup, **raw, *reports); !s.ok()) return s;
  } else {
    absl::StatusOr<double> seconds = Import(setup, *interactions);
    if (!seconds.ok()) return seconds.status();
    Say(absl::StrFormat("  loaded in %.1f s (%.0f records/s, summaries kept on the way)", *seconds,
                        static_cast<double>(setup.interactions) / *seconds));
  }

  std::mt19937_64 random(setup.seed + 1);
  const int teams = (setup.agents + kTeamSize - 1) / kTeamSize;
  const std::vector<Shape> shapes = {
      {"agent-week", v1::REPORT_SCOPE_AGENT, 7},
      {"team-month", v1::REPORT_SCOPE_TEAM, 28},
      {"department-quarter", v1::REPORT_SCOPE_DEPARTMENT, kQuarterDays}};
  for (const Shape& shape : shapes) {
    Latencies summary, scan;
    for (int i = 0; i < setup.reads + raw_reads; ++i) {
      const std::string id =
          shape.scope == v1::REPORT_SCOPE_AGENT  ? Agent(static_cast<int>(random() % setup.agents))
          : shape.scope == v1::REPORT_SCOPE_TEAM ? Team(static_cast<int>(random() % teams))
                                                 : std::string();
      const int first = static_cast<int>(random() % (setup.days - shape.days + 1)) / 7 * 7;
      const int64_t from_ms = kQuarterStartMs + first * kDayMs;
      const int64_t to_ms = from_ms + shape.days * kDayMs;
      const SteadyClock::time_point start = SteadyClock::now();
      if (i < setup.reads) {
        v1::GetKpiReportRequest request;
        request.set_scope(shape.scope);
        request.set_scope_id(id);
        request.set_period(v1::REPORT_PERIOD_RANGE);
        *request.mutable_start_time() = db::MillisToTimestamp(from_ms);
        *request.mutable_end_time() = db::MillisToTimestamp(to_ms);
        grpc::ClientContext context;
        v1::KpiReport report;
        grpc::Status s = reports->GetKpiReport(&context, request, &report);
        if (!s.ok()) return absl::InternalError(absl::StrCat("GetKpiReport: ", s.error_message()));
        summary.ms.push_back(MillisSince(start));
      } else {
        // The same counts the summaries keep, from the facts (generated ids only: no quoting).
        std::string sql = absl::StrCat(
            "SELECT COUNT(*), SUM(resolve_ms IS NOT NULL), SUM(first_contact_resolution), "
            "SUM(escalated), SUM(csat IS NOT NULL), SUM(csat), SUM(csat >= 4), "
            "SUM(COALESCE(talk_ms, 0) + COALESCE(hold_ms, 0) + COALESCE(after_contact_ms, 0)), "
            "SUM(resolve_ms - start_ms) FROM interactions WHERE start_ms >= ",
            from_ms, " AND start_ms < ", to_ms);
        if (shape.scope == v1::REPORT_SCOPE_AGENT) {
          absl::StrAppend(&sql, " AND agent_employee_id = '", id, "'");
        } else if (shape.scope == v1::REPORT_SCOPE_TEAM) {
          absl::StrAppend(&sql, " AND team_id = '", id, "'");
        }
        absl::StatusOr<std::vector<MysqlRow>> rows = (*raw)->Query(sql);
        if (!rows.ok()) return rows.status();
        scan.ms.push_back(MillisSince(start));
      }
    }
    const double summary_p50 = summary.Quantile(0.5), summary_p99 = summary.Quantile(0.99);
    const double scan_p50 = scan.Quantile(0.5), scan_p99 = scan.Quantile(0.99);
    Say(absl::StrFormat(
        "report_%s summary_p50_ms=%.2f summary_p99_ms=%.2f raw_p50_ms=%.1f raw_p99_ms=%.1f "
        "raw_over_summary_p50=%.1f",
        shape.name, summary_p50, summary_p99, scan_p50, scan_p99,
        summary_p50 > 0 ? scan_p50 / summary_p50 : 0));
  }
  if (setup.eligibility_runs > 0) {
    EligibilitySetup eligibility;
    eligibility.agents = setup.agents;
    // Noon of the day after the last submits: the whole history is in the windows' past.
    eligibility.as_of_ms = kQuarterStartMs + (setup.days + kSubmitLagDays) * kDayMs + kDayMs / 2;
    eligibility.runs = setup.eligibility_runs;
    if (absl::Status s = TimeEligibility(eligibility, *channel, **raw); !s.ok()) return s;
  }
  if (setup.import_check > 0) {
    if (absl::Status s = ImportCheck(setup, **raw, *interactions); !s.ok()) return s;
  }
  return TimeSlaReports(setup, *policies, random);
}

}  // namespace escala::bench
