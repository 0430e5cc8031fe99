// `escala report kpis`, `escala report qa` and `escala report recompute`: the KPI and QA reports
// over the report summaries (ReportService), and their rebuild from the facts.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/core/command.h"
#include "client/core/day_or_time.h"
#include "client/core/enum_names.h"
#include "client/core/output.h"
#include "client/core/time_text.h"
#include "client/reports/criterion_failures.h"
#include "client/reports/kpi_chart.h"
#include "client/reports/report_trends.h"
#include "client/reports/report_verbs.h"
#include "client/reports/sparkline.h"
#include "client/reports/training_coverage_table.h"
#include "escala/v1/reports.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::ReportService;

std::unique_ptr<ReportService::Stub> Stub(const CommandEnv& env) {
  return ReportService::NewStub(env.channel);
}

google::protobuf::Timestamp DayStart(absl::CivilDay day) {
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(absl::ToUnixSeconds(absl::FromCivil(day, absl::UTCTimeZone())));
  return timestamp;
}

// "YYYY-MM-DD" of the UTC day a bucket starts.
std::string DayOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(timestamp.seconds()),
                          absl::UTCTimeZone());
}

// Reads --from and --to into the request; without them the range ends tomorrow (today
// included) and starts 28 days earlier (13 weeks for months and ranges). Returns kExitOk or the
// usage error's code.
template <typename Request>
int ApplyRange(const CommandEnv& env, const ParsedArgs& args, v1::ReportPeriod period,
               Request* request) {
  const absl::CivilDay tomorrow = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + 1;
  const int default_days =
      period == v1::REPORT_PERIOD_DAY || period == v1::REPORT_PERIOD_WEEK ? 28 : 91;
  *request->mutable_end_time() = DayStart(tomorrow);
  *request->mutable_start_time() = DayStart(tomorrow - default_days);
  for (const char* flag : {"from", "to"}) {
    std::optional<std::string> value = args.Value(flag);
    if (!value) continue;
    absl::StatusOr<google::protobuf::Timestamp> parsed = ParseDayOrTime(*value);
    if (!parsed.ok()) {
      return UsageError(env, absl::StrCat("--", flag, ": ", parsed.status().message()));
    }
    *(std::string(flag) == "from" ? request->mutable_start_time() : request->mutable_end_time()) =
        *parsed;
  }
  return kExitOk;
}

// Reads the scope flags: at most one of --agent, --team, --queue, --channel, --department.
template <typename Request>
int ApplyScope(const CommandEnv& env, const ParsedArgs& args, bool kpi, Request* request) {
  struct Choice {
    const char* flag;
    v1::ReportScope scope;
  };
  std::vector<Choice> choices = {{"agent", v1::REPORT_SCOPE_AGENT},
                                 {"team", v1::REPORT_SCOPE_TEAM},
                                 {"department", v1::REPORT_SCOPE_DEPARTMENT}};
  if (kpi) {
    choices.push_back({"queue", v1::REPORT_SCOPE_QUEUE});
    choices.push_back({"channel", v1::REPORT_SCOPE_CHANNEL});
  }
  int given = 0;
  for (const Choice& choice : choices) {
    if (!args.Has(choice.flag)) continue;
    ++given;
    request->set_scope(choice.scope);
    request->set_scope_id(args.Value(choice.flag).value_or(""));
  }
  if (given != 1) {
    return UsageError(env, kpi ? "give exactly one of --agent, --team, --queue, --channel and "
                                 "--department"
                               : "give exactly one of --agent, --team and --department");
  }
  if (request->scope() == v1::REPORT_SCOPE_CHANNEL) {
    absl::StatusOr<v1::Channel> channel = ParseEnum<v1::Channel>(request->scope_id());
    if (!channel.ok())
      return UsageError(env, absl::StrCat("--channel: ", channel.status().message()));
    request->set_scope_id(absl::StrCat(static_cast<int>(*channel)));
  }
  return kExitOk;
}

int ApplyPeriod(const CommandEnv& env, const ParsedArgs& args, v1::ReportPeriod* period) {
  absl::StatusOr<v1::ReportPeriod> parsed =
      ParseEnum<v1::ReportPeriod>(args.Value("period").value_or("week"));
  if (!parsed.ok()) return UsageError(env, absl::StrCat("--period: ", parsed.status().message()));
  *period = *parsed;
  return kExitOk;
}

// The training coverage of a report in a table, under a line naming its as-of day and people.
void PrintTrainingCoverage(const CommandEnv& env, const v1::KpiReport& report) {
  if (env.options.output == OutputFormat::kTable) {
    *env.out << "Training coverage on " << DayOf(report.training().as_of_time()) << " of "
             << report.training().people() << " people:\n";
  }
  PrintTable(env, TrainingCoverageTable(report.training(), report.low_sample_threshold()));
}

int RunKpis(const CommandEnv& env, const ParsedArgs& args) {
  v1::GetKpiReportRequest request;
  if (int code = ApplyScope(env, args, true, &request); code != kExitOk) return code;
  v1::ReportPeriod period = v1::REPORT_PERIOD_UNSPECIFIED;
  if (int code = ApplyPeriod(env, args, &period); code != kExitOk) return code;
  request.set_period(period);
  if (int code = ApplyRange(env, args, period, &request); code != kExitOk) return code;
  if (std::optional<std::string> preset = args.Value("preset")) {
    absl::StatusOr<v1::KpiPreset> parsed = ParseEnum<v1::KpiPreset>(*preset);
    if (!parsed.ok()) return UsageError(env, absl::StrCat("--preset: ", parsed.status().message()));
    request.set_preset(*parsed);
  }
  request.set_include_training(args.Has("training"));
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  v1::KpiReport report;
  grpc::Status status = Stub(env)->GetKpiReport(&context, request, &report);
  if (!status.ok()) return RpcFailure(env, status);
  if (std::optional<std::string> chart = args.Value("chart")) {
    absl::Status written = WriteChartFile(RenderLineChart(KpiShareChart(report)), *chart);
    if (!written.ok()) return InputError(env, written.message());
  }
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(report);
    return kExitOk;
  }
  // One row per bucket and metric: the n stands beside every value, whatever the width.
  Table table;
  table.header = {"FROM", "CONTACTS", "METRIC", "VALUE", "N", "LOW"};
  for (const v1::KpiBucket& bucket : report.buckets()) {
    for (const v1::KpiValue& value : bucket.values()) {
      table.rows.push_back({DayOf(bucket.start_time()), absl::StrCat(bucket.contacts()),
                            ShortEnumName(value.metric()), FormatKpi(value),
                            absl::StrCat(value.n()), value.low_sample() ? "*" : ""});
    }
  }
  PrintTable(env, table);
  if (env.options.output == OutputFormat::kTable) {
    *env.out << "* fewer than " << report.low_sample_threshold()
             << " in n: read the value with care.\n";
    *env.out << KpiTrendLines(report, TerminalIsUtf8());
    if (report.has_training()) {
      *env.out << "\n";
      PrintTrainingCoverage(env, report);
    }
  }
  return kExitOk;
}

int RunQa(const CommandEnv& env, const ParsedArgs& args) {
  v1::GetQaReportRequest request;
  if (int code = ApplyScope(env, args, false, &request); code != kExitOk) return code;
  v1::ReportPeriod period = v1::REPORT_PERIOD_UNSPECIFIED;
  if (int code = ApplyPeriod(env, args, &period); code != kExitOk) return code;
  request.set_period(period);
  if (int code = ApplyRange(env, args, period, &request); code != kExitOk) return code;
  request.set_scorecard_id(args.Value("scorecard").value_or(""));
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  v1::QaReport report;
  grpc::Status status = Stub(env)->GetQaReport(&context, request, &report);
  if (!status.ok()) return RpcFailure(env, status);
  if (std::optional<std::string> chart = args.Value("chart")) {
    // The score over time, and below it the failure rate per criterion when there is one.
    std::vector<std::pair<ChartKind, ChartSpec>> charts = {
        {ChartKind::kLine, QaScoreChart(report)}};
    if (report.criteria_size() > 0) {
      charts.push_back({ChartKind::kBar, CriterionFailureChart(report)});
    }
    absl::Status written = WriteChartFile(RenderStackedCharts(charts), *chart);
    if (!written.ok()) return InputError(env, written.message());
  }
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(report);
    return kExitOk;
  }
  // One table per CSV: the criteria replace the buckets there.
  if (args.Has("criteria")) {
    PrintTable(env, CriterionFailureTable(report));
    return kExitOk;
  }
  Table table;
  table.header = {"FROM", "N", "MEAN", "CI 95%", "U/B/G/E/A", "CRITICAL", "LOW"};
  for (const v1::QaBucket& bucket : report.buckets()) {
    std::vector<std::string> bands;
    for (const v1::BandCount& band : bucket.bands())
      bands.push_back(absl::StrCat(band.evaluations()));
    table.rows.push_back(
        {DayOf(bucket.start_time()), absl::StrCat(bucket.evaluations()),
         bucket.has_mean_score() ? absl::StrFormat("%.1f", bucket.mean_score()) : "-",
         bucket.has_ci_low() ? absl::StrFormat("%.1f–%.1f", bucket.ci_low(), bucket.ci_high())
                             : "-",
         absl::StrJoin(bands, "/"),
         bucket.has_critical_failure_rate()
             ? absl::StrFormat("%d (%.1f%%)", bucket.critical_failures(),
                               bucket.critical_failure_rate())
             : "0",
         bucket.low_sample() ? "*" : ""});
  }
  PrintTable(env, table);
  if (env.options.output == OutputFormat::kTable) {
    *env.out << "* fewer than " << report.low_sample_threshold()
             << " evaluations: read the mean with care.\n";
    *env.out << QaTrendLines(report, TerminalIsUtf8());
    if (report.criteria_size() > 0) {
      *env.out << "\nFailures per criterion over the whole range, highest rate first:\n";
      PrintTable(env, CriterionFailureTable(report));
    }
  }
  return kExitOk;
}

int RunTraining(const CommandEnv& env, const ParsedArgs& args) {
  v1::GetKpiReportRequest request;
  if (int code = ApplyScope(env, args, false, &request); code != kExitOk) return code;
  // The KPI report of the as-of day alone: its training coverage is judged at that day's end.
  absl::CivilDay as_of = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  if (std::optional<std::string> value = args.Value("as-of")) {
    if (!absl::ParseCivilTime(*value, &as_of)) {
      return UsageError(env, absl::StrCat("--as-of: not a day (YYYY-MM-DD): ", *value));
    }
  }
  request.set_period(v1::REPORT_PERIOD_RANGE);
  *request.mutable_start_time() = DayStart(as_of);
  *request.mutable_end_time() = DayStart(as_of + 1);
  request.add_metrics(v1::KPI_METRIC_RESOLUTION_RATE);
  request.set_include_training(true);
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  v1::KpiReport report;
  grpc::Status status = Stub(env)->GetKpiReport(&context, request, &report);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(report.training());
    return kExitOk;
  }
  PrintTrainingCoverage(env, report);
  if (env.options.output == OutputFormat::kTable) {
    *env.out << "* fewer than " << report.low_sample_threshold()
             << " people in n: read the rate with care.\n";
  }
  return kExitOk;
}

int RunRecompute(const CommandEnv& env, const ParsedArgs& args) {
  v1::RecomputeReportSummariesRequest request;
  if (int code = ApplyRange(env, args, v1::REPORT_PERIOD_RANGE, &request); code != kExitOk)
    return code;
  request.set_fix(args.Has("fix"));
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  v1::RecomputeReportSummariesResponse response;
  grpc::Status status = Stub(env)->RecomputeReportSummaries(&context, request, &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  Table table;
  table.header = {"TABLE", "KEY", "COLUMN", "STORED", "RECOMPUTED"};
  for (const v1::SummaryDifference& d : response.differences()) {
    std::string key = absl::StrCat(d.scope(), "/", d.scope_id(), "/", d.day());
    if (d.shard() != 0) absl::StrAppend(&key, "#", d.shard());
    if (!d.scorecard_id().empty()) absl::StrAppend(&key, "/", d.scorecard_id());
    if (!d.criterion_key().empty()) absl::StrAppend(&key, "/", d.criterion_key());
    table.rows.push_back(
        {d.table(), key, d.column(), absl::StrCat(d.stored()), absl::StrCat(d.recomputed())});
  }
  if (!table.rows.empty()) PrintTable(env, table);
  if (env.options.output == OutputFormat::kTable) {
    *env.out << response.difference_count() << " differences";
    if (response.difference_count() > response.differences_size()) {
      *env.out << " (the first " << response.differences_size() << " listed)";
    }
    *env.out << " in " << response.recomputed_rows() << " recomputed rows"
             << (response.fixed() ? "; the stored rows that differed were replaced" : "") << ".\n";
  }
  return kExitOk;
}

std::vector<FlagSpec> RangeFlags() {
  return {ValueFlag("from", "DATE", "First day (YYYY-MM-DD, UTC) or an RFC 3339 time."),
          ValueFlag("to", "DATE", "Day after the last (YYYY-MM-DD, UTC) or an RFC 3339 time.")};
}

}  // namespace

GroupSpec ReportGroup() {
  GroupSpec group{"report", "KPI, QA and SLA reports, and the recompute of their summaries.", {}};
  std::vector<FlagSpec> kpi_flags = {
      ValueFlag("agent", "EMPLOYEE_ID", "This agent's figures."),
      ValueFlag("team", "TEAM_ID", "This team's figures (the team at the time of each contact)."),
      ValueFlag("queue", "QUEUE", "This queue's figures."),
      ValueFlag("channel", "CHANNEL", "This channel's figures (phone, email, chat, …)."),
      SwitchFlag("department", "The whole department."),
      ValueFlag("preset", "l1|l2|team-lead|manager", "The KPIs of a role (default: all)."),
      ValueFlag("period", "day|week|month|range", "Bucket size (default week)."),
      ValueFlag("chart", "FILE.svg",
                "Also write an SVG line chart of the KPIs that are shares of contacts."),
      SwitchFlag("training",
                 "Also show the training coverage of the scope's people (the team-lead preset "
                 "always does)."),
  };
  std::vector<FlagSpec> qa_flags = {
      ValueFlag("agent", "EMPLOYEE_ID", "This agent's evaluations."),
      ValueFlag("team", "TEAM_ID", "This team's evaluations."),
      SwitchFlag("department", "The whole department."),
      ValueFlag("scorecard", "SCORECARD_ID", "Only evaluations on this scorecard."),
      ValueFlag("period", "day|week|month|range", "Bucket size (default week)."),
      ValueFlag("chart", "FILE.svg",
                "Also write an SVG of the mean score and its 95 % interval, and of the failure "
                "rate per criterion."),
      SwitchFlag("criteria",
                 "Print the failure rate per criterion instead of the buckets (for --output csv)."),
  };
  for (FlagSpec& flag : RangeFlags()) {
    kpi_flags.push_back(flag);
    qa_flags.push_back(flag);
  }
  VerbSpec kpis{"kpis",
                "KPIs of an agent, team, queue, channel or the department.",
                "",
                0,
                0,
                "One row per bucket (UTC days, ISO weeks, calendar months or the whole range)\n"
                "and KPI: its value, the n it was computed from, and '*' when n is small;\n"
                "under the table, each KPI's trend across the buckets as a sparkline.\n"
                "Without --from/--to: the 28 days up to today (91 for months).",
                kpi_flags,
                RunKpis};
  VerbSpec qa{"qa",
              "QA averages, bands and critical failures per bucket.",
              "",
              0,
              0,
              "Per bucket: evaluations, mean score with its 95 % interval, the count per\n"
              "band (unacceptable/basic/good/excellent/above expectations) and the\n"
              "critical failures; their trend as sparklines under the table; then per\n"
              "criterion over the whole range: evaluations scored, failed and the rate.",
              qa_flags,
              RunQa};
  std::vector<FlagSpec> recompute_flags = RangeFlags();
  recompute_flags.push_back(
      SwitchFlag("fix", "Replace the stored summaries of the range with the recomputed ones."));
  VerbSpec recompute{"recompute",
                     "Rebuild the report summaries from the facts and compare.",
                     "",
                     0,
                     0,
                     "Rebuilds the summary rows of [--from, --to) from the interactions and\n"
                     "evaluations and lists every counter that differs (stored vs recomputed);\n"
                     "--fix replaces the stored rows. Without --from/--to: the last 91 days.",
                     recompute_flags,
                     RunRecompute};
  VerbSpec training{"training",
                    "Training coverage: required courses done, certifications held.",
                    "",
                    0,
                    0,
                    "Of an agent, a team's active members or the department's active people:\n"
                    "who completed every required course of the learning paths of their role\n"
                    "and level, and who holds each certification their role and level require\n"
                    "valid at the end of --as-of (default today, UTC), with n and the employee\n"
                    "ids missing.",
                    {ValueFlag("agent", "EMPLOYEE_ID", "This agent."),
                     ValueFlag("team", "TEAM_ID", "This team's active members."),
                     SwitchFlag("department", "Every active person."),
                     ValueFlag("as-of", "DATE", "The day (YYYY-MM-DD, UTC) judged at its end.")},
                    RunTraining};
  group.verbs = {kpis, qa, training, recompute, SlaReportVerb()};
  return group;
}

}  // namespace escala::client
