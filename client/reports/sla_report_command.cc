// `escala report sla`: SLA compliance per bucket and priority, computed by the server.

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "client/core/command.h"
#include "client/core/day_or_time.h"
#include "client/core/enum_names.h"
#include "client/core/time_text.h"
#include "client/reports/report_verbs.h"
#include "client/reports/sla_chart.h"
#include "client/reports/sla_report_table.h"
#include "client/reports/sparkline.h"
#include "escala/v1/sla_policies.grpc.pb.h"

namespace escala::client {
namespace {

int RunSlaReport(const CommandEnv& env, const ParsedArgs& args) {
  v1::ComputeSlaReportRequest request;
  request.set_sla_policy_id(*args.Value("policy"));
  const std::optional<std::string> agent = args.Value("agent");
  const std::optional<std::string> team = args.Value("team");
  if (agent && team) return UsageError(env, "--agent and --team cannot be combined");
  if (agent) {
    request.set_scope(v1::SLA_REPORT_SCOPE_AGENT);
    request.set_agent_employee_id(*agent);
  } else if (team) {
    request.set_scope(v1::SLA_REPORT_SCOPE_TEAM);
    request.set_team_id(*team);
  } else {
    request.set_scope(v1::SLA_REPORT_SCOPE_DEPARTMENT);
  }
  absl::StatusOr<v1::ReportPeriod> period =
      ParseEnum<v1::ReportPeriod>(args.Value("period").value_or("week"));
  if (!period.ok()) return UsageError(env, absl::StrCat("--period: ", period.status().message()));
  request.set_period(*period);
  for (const auto& [flag, field] : {std::pair<const char*, google::protobuf::Timestamp*>{
                                        "from", request.mutable_period_start_time()},
                                    {"to", request.mutable_period_end_time()}}) {
    absl::StatusOr<google::protobuf::Timestamp> time = ParseDayOrTime(*args.Value(flag));
    if (!time.ok()) return UsageError(env, absl::StrCat("--", flag, ": ", time.status().message()));
    *field = *time;
  }
  v1::ComputeSlaReportResponse report;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      v1::SlaPolicyService::NewStub(env.channel)->ComputeSlaReport(&context, request, &report);
  if (!status.ok()) return RpcFailure(env, status);
  if (std::optional<std::string> chart = args.Value("chart")) {
    if (absl::Status written = WriteSlaChart(report, *chart); !written.ok()) {
      return InputError(env, written.message());
    }
  }
  switch (env.options.output) {
    case OutputFormat::kJson:
      *env.out << ToPrettyJson(report);
      break;
    case OutputFormat::kCsv:
      *env.out << CsvOfTable(SlaReportTable(report));
      break;
    case OutputFormat::kTable:
      *env.out << "SLA compliance, " << report.time_zone() << ", computed "
               << FormatTimestamp(report.compute_time()) << ": " << report.interaction_count()
               << " interactions";
      if (report.skipped_count() > 0) *env.out << " (" << report.skipped_count() << " skipped)";
      *env.out << "\n" << RenderTable(SlaReportTable(report), env.width);
      *env.out << SlaTrendLines(report, TerminalIsUtf8());
      break;
  }
  return kExitOk;
}

}  // namespace

VerbSpec SlaReportVerb() {
  FlagSpec policy = ValueFlag("policy", "SLA_POLICY_ID", "The SLA policy to measure against.");
  policy.required = true;
  FlagSpec from = ValueFlag("from", "DAY|TIME",
                            "Interactions that started at or after this day (UTC midnight) or "
                            "RFC 3339 time.");
  from.required = true;
  FlagSpec to = ValueFlag("to", "DAY|TIME",
                          "Interactions that started before this day or time; at most 92 days "
                          "after --from.");
  to.required = true;
  VerbSpec verb{
      "sla",
      "SLA compliance per period and priority.",
      "",
      0,
      0,
      "Measures the interactions that started in [--from, --to) against the SLA policy\n"
      "version in force at each one's start: first response and resolution, met, breached\n"
      "and pending, with compliance = met / (met + breached) and n = met + breached.\n"
      "Without --agent or --team the whole department is measured. Buckets are local days,\n"
      "weeks (Monday first) or months in the policy's time zone.",
      {policy, ValueFlag("agent", "EMPLOYEE_ID", "Only this agent's interactions."),
       ValueFlag("team", "TEAM_ID", "Only the interactions of this team's members."),
       ValueFlag("period", "day|week|month|range", "Bucket size (default week)."), from, to,
       ValueFlag("chart", "FILE.svg",
                 "Also write an SVG line chart of first-response compliance per bucket and "
                 "priority.")},
      RunSlaReport};
  verb.field_names = {{"period_start_time", "--from"},
                      {"period_end_time", "--to"},
                      {"agent_employee_id", "--agent"},
                      {"team_id", "--team"},
                      {"sla_policy_id", "--policy"}};
  return verb;
}

}  // namespace escala::client
