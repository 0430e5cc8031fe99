// `escala staffing`: agents needed for one interval's contacts, by Erlang C and (with --patience)
// Erlang A, computed in the client.

#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/core/channel.h"
#include "client/core/command.h"
#include "client/core/day_or_time.h"
#include "client/core/enum_names.h"
#include "client/core/time_text.h"
#include "client/reports/staffing_calculation.h"
#include "client/reports/staffing_plan.h"
#include "escala/v1/staffing.grpc.pb.h"

namespace escala::client {
namespace {

// The JSON of one result (its own shape: the calculation has no API message).
std::string StaffingJson(const StaffingResult& result) {
  const server::ErlangCMetrics& c = result.erlang_c.metrics;
  std::string json = absl::StrCat(
      "{\n  \"offeredErlangs\": ", result.offered_erlangs,
      ",\n  \"erlangC\": {\"agents\": ", result.erlang_c.agents,
      ", \"scheduledAgents\": ", result.erlang_c.scheduled_agents,
      ", \"serviceLevel\": ", c.service_level,
      ", \"averageSpeedOfAnswerSeconds\": ", absl::ToDoubleSeconds(c.average_speed_of_answer),
      ", \"occupancy\": ", c.occupancy, ", \"waitProbability\": ", c.wait_probability, "}");
  if (result.erlang_a) {
    const server::ErlangAMetrics& a = result.erlang_a->metrics;
    absl::StrAppend(&json, ",\n  \"erlangA\": {\"agents\": ", result.erlang_a->agents,
                    ", \"scheduledAgents\": ", result.erlang_a->scheduled_agents,
                    ", \"serviceLevel\": ", a.service_level, ", \"averageSpeedOfAnswerSeconds\": ",
                    absl::ToDoubleSeconds(a.average_speed_of_answer),
                    ", \"occupancy\": ", a.occupancy, ", \"waitProbability\": ", a.wait_probability,
                    ", \"abandonProbability\": ", a.abandon_probability, "}");
  }
  absl::StrAppend(&json, "\n}\n");
  return json;
}

absl::Status ReadShare(const ParsedArgs& args, const std::string& flag, double low_exclusive,
                       double high_inclusive, double* out) {
  std::optional<std::string> text = args.Value(flag);
  if (!text) return absl::OkStatus();
  double value = 0;
  if (!absl::SimpleAtod(*text, &value) || value <= low_exclusive || value > high_inclusive) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, ": must be a share above ",
                                                   low_exclusive, " and at most ", high_inclusive,
                                                   ", got '", *text, "'"));
  }
  *out = value;
  return absl::OkStatus();
}

// --from-history: the server counts the stored contacts per interval of the week and sizes each.
int RunFromHistory(const CommandEnv& env, const ParsedArgs& args, const StaffingInput& input) {
  v1::PlanStaffingFromHistoryRequest request;
  for (const auto& [flag, field] : {std::pair<const char*, google::protobuf::Timestamp*>{
                                        "from", request.mutable_period_start_time()},
                                    {"to", request.mutable_period_end_time()}}) {
    std::optional<std::string> text = args.Value(flag);
    if (!text) return UsageError(env, absl::StrCat("--from-history needs --", flag));
    absl::StatusOr<google::protobuf::Timestamp> time = ParseDayOrTime(*text);
    if (!time.ok()) return UsageError(env, absl::StrCat("--", flag, ": ", time.status().message()));
    *field = *time;
  }
  request.set_queue(args.Value("queue").value_or(""));
  if (std::optional<std::string> text = args.Value("channel")) {
    absl::StatusOr<v1::Channel> channel = ParseEnum<v1::Channel>(*text);
    if (!channel.ok()) {
      return UsageError(env, absl::StrCat("--channel: ", channel.status().message()));
    }
    request.set_channel(*channel);
  }
  request.set_time_zone(args.Value("time-zone").value_or(""));
  request.mutable_interval()->set_seconds(absl::ToInt64Seconds(input.traffic.interval));
  request.set_service_level(input.target.service_level);
  request.mutable_answer_time()->set_seconds(absl::ToInt64Seconds(input.target.answer_time));
  request.set_max_occupancy(input.target.max_occupancy);
  request.set_max_abandonment(input.target.max_abandonment);
  request.set_shrinkage(input.target.shrinkage);
  if (input.patience) {
    request.mutable_mean_patience()->set_seconds(absl::ToInt64Seconds(*input.patience));
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeServerChannel(env.connection);
  if (!channel.ok()) return UsageError(env, channel.status().message());
  v1::PlanStaffingFromHistoryResponse plan;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      v1::StaffingService::NewStub(*channel)->PlanStaffingFromHistory(&context, request, &plan);
  if (!status.ok()) return RpcFailure(env, status);
  if (std::optional<std::string> chart = args.Value("chart")) {
    if (absl::Status written = WriteStaffingChart(plan, *chart, request.interval().seconds());
        !written.ok()) {
      return InputError(env, written.message());
    }
  }
  switch (env.options.output) {
    case OutputFormat::kJson:
      *env.out << ToPrettyJson(plan);
      break;
    case OutputFormat::kCsv:
      *env.out << CsvOfTable(StaffingPlanTable(plan, request.interval().seconds()));
      break;
    case OutputFormat::kTable:
      *env.out << plan.interaction_count() << " inbound contacts over " << plan.weeks()
               << " weeks, " << plan.time_zone() << "; intervals without contacts need nobody\n"
               << RenderTable(StaffingPlanTable(plan, request.interval().seconds()), env.width);
      break;
  }
  return kExitOk;
}

int RunStaffing(const CommandEnv& env, const ParsedArgs& args) {
  StaffingInput input;
  const bool history = args.Has("from-history");
  if (!history && (!args.Value("contacts") || !args.Value("aht"))) {
    return UsageError(env, "--contacts and --aht are required (or --from-history)");
  }
  double contacts = 0;
  if (history) {
    // Read from the history instead.
  } else if (!absl::SimpleAtod(*args.Value("contacts"), &contacts) || contacts < 0) {
    return UsageError(env, absl::StrCat("--contacts: must be a number of contacts, at least 0, "
                                        "got '",
                                        *args.Value("contacts"), "'"));
  }
  input.traffic.contacts = contacts;
  if (!history) {
    absl::StatusOr<absl::Duration> aht = ParseFlagDuration("aht", *args.Value("aht"));
    if (!aht.ok()) return UsageError(env, aht.status().message());
    input.traffic.average_handle_time = *aht;
  }
  absl::StatusOr<absl::Duration> interval =
      ParseFlagDuration("interval", args.Value("interval").value_or("30m"));
  if (!interval.ok()) return UsageError(env, interval.status().message());
  input.traffic.interval = *interval;
  if (absl::Status s = ParseServiceTarget(args.Value("target").value_or("80/20"), &input.target);
      !s.ok()) {
    return UsageError(env, s.message());
  }
  double shrinkage = 0;
  if (std::optional<std::string> text = args.Value("shrinkage")) {
    if (!absl::SimpleAtod(*text, &shrinkage) || shrinkage < 0 || shrinkage >= 1) {
      return UsageError(
          env, absl::StrCat("--shrinkage: must be a share from 0 to below 1, got '", *text, "'"));
    }
  }
  input.target.shrinkage = shrinkage;
  if (absl::Status s = ReadShare(args, "occupancy-cap", 0, 1, &input.target.max_occupancy);
      !s.ok()) {
    return UsageError(env, s.message());
  }
  if (absl::Status s = ReadShare(args, "abandon-cap", 0, 1, &input.target.max_abandonment);
      !s.ok()) {
    return UsageError(env, s.message());
  }
  if (std::optional<std::string> text = args.Value("patience")) {
    absl::StatusOr<absl::Duration> patience = ParseFlagDuration("patience", *text);
    if (!patience.ok()) return UsageError(env, patience.status().message());
    input.patience = *patience;
  }
  if (history) return RunFromHistory(env, args, input);
  absl::StatusOr<StaffingResult> result = CalculateStaffing(input);
  if (!result.ok()) return InputError(env, result.status().message());
  switch (env.options.output) {
    case OutputFormat::kJson:
      *env.out << StaffingJson(*result);
      break;
    case OutputFormat::kCsv:
      *env.out << CsvOfTable(StaffingTable(*result));
      break;
    case OutputFormat::kTable:
      *env.out << RenderTable(StaffingTable(*result), env.width);
      break;
  }
  return kExitOk;
}

}  // namespace

GroupSpec StaffingGroup() {
  FlagSpec contacts = ValueFlag("contacts", "N", "Contacts arriving in the interval.");
  FlagSpec aht = ValueFlag("aht", "DURATION", "Mean handle time per contact: 6m, 180s, 3m30s.");
  VerbSpec verb{
      "",
      "",
      "",
      0,
      0,
      "Agents needed on the queue for one interval's contacts to meet the service-level\n"
      "target, by Erlang C (callers wait as long as it takes) and, with --patience, by\n"
      "Erlang A (callers hang up after a mean patience), side by side; SCHEDULED is the\n"
      "headcount after shrinkage. Computed here: no server is called.\n\n"
      "With --from-history the server counts the inbound contacts that started in\n"
      "[--from, --to) (at most 92 days) per interval of the week, with their mean handle\n"
      "time, and sizes every interval that had contacts the same way; --channel and\n"
      "--queue size one channel's or one queue's contacts.",
      {contacts, aht, ValueFlag("interval", "DURATION", "The interval's length (default 30m)."),
       ValueFlag("target", "PERCENT/SECONDS",
                 "Service-level target: 80/20 is 80 % answered within 20 s (the default)."),
       ValueFlag("shrinkage", "SHARE",
                 "Share of paid time agents are off the queue, 0 to below 1 (default 0)."),
       ValueFlag("occupancy-cap", "SHARE", "Highest acceptable occupancy (default 1)."),
       ValueFlag("abandon-cap", "SHARE",
                 "Highest acceptable share of callers hanging up (Erlang A; default 1)."),
       ValueFlag("patience", "DURATION",
                 "Mean patience of callers: adds the Erlang A row (history: default 2m)."),
       SwitchFlag("from-history", "Size every interval of the week from the stored contacts."),
       ValueFlag("from", "DAY|TIME", "History: contacts that started at or after this."),
       ValueFlag("to", "DAY|TIME", "History: contacts that started before this."),
       ValueFlag("channel", "CHANNEL", "History: only this channel (phone, email, chat, …)."),
       ValueFlag("queue", "QUEUE", "History: only this queue."),
       ValueFlag("time-zone", "ZONE", "History: the zone the week is cut in (default UTC)."),
       ValueFlag("chart", "FILE.svg",
                 "History: also write an SVG bar chart of the agents each interval needs.")},
      RunStaffing};
  verb.needs_channel = false;
  return GroupSpec{"staffing", "Staffing calculator: Erlang C and Erlang A.", {verb}};
}

}  // namespace escala::client
