// `escala queue`, `escala assignments …`, `escala plans …` and `escala qa averages`: sampling
// plans, evaluators' review queues and agents' QA averages (AssignmentService).

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/core/command.h"
#include "client/core/csv_writer.h"
#include "client/core/enum_names.h"
#include "client/core/request_id.h"
#include "client/core/time_text.h"
#include "escala/v1/assignments.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::Assignment;
using escala::v1::AssignmentService;

std::unique_ptr<AssignmentService::Stub> Stub(const CommandEnv& env) {
  return AssignmentService::NewStub(env.channel);
}

std::string Time(const google::protobuf::Timestamp& time) { return FormatTimestamp(time); }
// To the minute, for the start column of a queue that has to fit a terminal.
std::string Minute(const google::protobuf::Timestamp& time) {
  const std::string text = FormatTimestamp(time);
  return absl::StrCat(text.substr(0, 10), " ", text.substr(11, 5));
}
// The week as its Monday's date.
std::string Week(const google::protobuf::Timestamp& week_start) {
  return Time(week_start).substr(0, 10);
}
std::string Score(double value) { return absl::StrFormat("%.1f", value); }

Table AssignmentTable(const google::protobuf::RepeatedPtrField<Assignment>& assignments,
                      bool queue) {
  Table table;
  table.header =
      queue ? std::vector<std::string>{"ID",          "INTERACTION", "AGENT",    "CHANNEL",
                                       "START (UTC)", "WEEK",        "SCORECARD"}
            : std::vector<std::string>{"ID",        "PLAN",     "INTERACTION", "AGENT",
                                       "EVALUATOR", "STATE",    "CHANNEL",     "START (UTC)",
                                       "WEEK",      "REPLACES", "NOTE"};
  // Interaction, agent and (in the full list) evaluator ids.
  table.whole_columns = queue ? std::vector<size_t>{1, 2} : std::vector<size_t>{2, 3, 4};
  for (const Assignment& a : assignments) {
    if (queue) {
      table.rows.push_back({absl::StrCat(a.id()), absl::StrCat(a.interaction_id()),
                            a.agent_employee_id(), ShortEnumName(a.channel()),
                            Minute(a.interaction_start_time()), Week(a.week_start_time()),
                            a.scorecard_id()});
      continue;
    }
    std::string note = a.skip_reason();
    if (a.evaluation_id() != 0) note = absl::StrCat("evaluation ", a.evaluation_id());
    table.rows.push_back(
        {absl::StrCat(a.id()), absl::StrCat(a.plan_id()), absl::StrCat(a.interaction_id()),
         a.agent_employee_id(), a.evaluator_employee_id(), ShortEnumName(a.state()),
         ShortEnumName(a.channel()), Minute(a.interaction_start_time()), Week(a.week_start_time()),
         a.replaces_assignment_id() ? absl::StrCat(a.replaces_assignment_id()) : "", note});
  }
  return table;
}

grpc::Status ListAll(const CommandEnv& env, bool all, const v1::ListAssignmentsRequest& request,
                     v1::ListAssignmentsResponse* response) {
  std::unique_ptr<AssignmentService::Stub> stub = Stub(env);
  return ListPages<v1::ListAssignmentsRequest, v1::ListAssignmentsResponse>(
      env, all, request,
      [&stub](grpc::ClientContext* context, const v1::ListAssignmentsRequest& page_request,
              v1::ListAssignmentsResponse* page) {
        return stub->ListAssignments(context, page_request, page);
      },
      response);
}

std::vector<FlagSpec> PageFlags(const std::string& what) {
  return {FieldFlag("page-size", "N", "page_size",
                    absl::StrCat(what, " per page (server default 50, at most 1000).")),
          FieldFlag("page-token", "TOKEN", "page_token",
                    "Continue from a previous page's next_page_token."),
          SwitchFlag("all", "Fetch every page and print them as one list.")};
}

// ---- queue ----

int RunQueue(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListAssignmentsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  request.set_evaluator_employee_id("me");
  request.set_state(v1::ASSIGNMENT_STATE_OPEN);
  v1::ListAssignmentsResponse response;
  grpc::Status status = ListAll(env, args.Has("all"), request, &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  PrintTable(env, AssignmentTable(response.assignments(), true));
  if (env.options.output == OutputFormat::kTable) {
    if (response.assignments().empty()) {
      *env.out << "Your queue is empty.\n";
    } else {
      *env.out << "Start one with: escala evaluate " << response.assignments(0).interaction_id()
               << "\n";
    }
  }
  return kExitOk;
}

// ---- assignments ----

int RunAssignmentsList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListAssignmentsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  v1::ListAssignmentsResponse response;
  grpc::Status status = ListAll(env, args.Has("all"), request, &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
  } else {
    PrintTable(env, AssignmentTable(response.assignments(), false));
  }
  return kExitOk;
}

// A week boundary as people type it: a date (midnight UTC) or an RFC 3339 time.
absl::StatusOr<google::protobuf::Timestamp> ParseDay(const std::string& text) {
  if (text.size() == 10) return ParseTimestamp(absl::StrCat(text, "T00:00:00Z"));
  return ParseTimestamp(text);
}

absl::StatusOr<int64_t> ParseId(absl::string_view what, const std::string& text) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " must be a positive number, got '", text, "'"));
  }
  return id;
}

int RunGenerate(const CommandEnv& env, const ParsedArgs& args) {
  v1::GenerateAssignmentsRequest request;
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  absl::StatusOr<int64_t> plan_id = ParseId("PLAN_ID", args.positional[0]);
  if (!plan_id.ok()) return UsageError(env, plan_id.status().message());
  request.set_plan_id(*plan_id);
  for (const auto& [flag, field] : {std::pair<const char*, google::protobuf::Timestamp*>{
                                        "from", request.mutable_period_start_time()},
                                    {"until", request.mutable_period_end_time()}}) {
    absl::StatusOr<google::protobuf::Timestamp> time = ParseDay(*args.Value(flag));
    if (!time.ok()) return UsageError(env, absl::StrCat("--", flag, ": ", time.status().message()));
    *field = *time;
  }
  if (std::optional<std::string> seed = args.Value("seed")) {
    uint64_t value = 0;
    if (!absl::SimpleAtoi(*seed, &value)) {
      return UsageError(
          env, absl::StrCat("--seed: must be a whole number from 0 to 2^64-1, got '", *seed, "'"));
    }
    request.set_seed(value);
  }
  request.set_dry_run(args.Has("dry-run"));
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  v1::GenerateAssignmentsResponse response;
  grpc::Status status = Stub(env)->GenerateAssignments(&context, request, &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  PrintTable(env, AssignmentTable(response.assignments(), false));
  if (env.options.output == OutputFormat::kCsv) return kExitOk;
  Table quotas;
  quotas.header = {"AGENT", "WEEK", "WANTED", "ASSIGNED", "AVAILABLE", ""};
  int short_weeks = 0;
  for (const v1::QuotaResult& q : response.quotas()) {
    const bool shortfall = q.assigned() < q.wanted();
    short_weeks += shortfall;
    quotas.rows.push_back({q.agent_employee_id(), Week(q.week_start_time()),
                           absl::StrCat(q.wanted()), absl::StrCat(q.assigned()),
                           absl::StrCat(q.available()), shortfall ? "short" : ""});
  }
  *env.out << "\n" << RenderTable(quotas, env.width);
  *env.out << (request.dry_run() ? "Dry run: would assign " : "Assigned ")
           << response.assignments_size() << " interaction(s)";
  if (short_weeks > 0) *env.out << "; " << short_weeks << " agent-week(s) below quota";
  *env.out << ".\n";
  return kExitOk;
}

int RunSkip(const CommandEnv& env, const ParsedArgs& args) {
  v1::SkipAssignmentRequest request;
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  absl::StatusOr<int64_t> id = ParseId("ASSIGNMENT_ID", args.positional[0]);
  if (!id.ok()) return UsageError(env, id.status().message());
  request.set_id(*id);
  request.set_reason(*args.Value("reason"));
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  v1::SkipAssignmentResponse response;
  grpc::Status status = Stub(env)->SkipAssignment(&context, request, &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  *env.out << "Skipped assignment " << response.skipped().id() << " (interaction "
           << response.skipped().interaction_id() << ").\n";
  if (response.has_replacement()) {
    const Assignment& r = response.replacement();
    *env.out << "Replacement: assignment " << r.id() << ", interaction " << r.interaction_id()
             << " (" << ShortEnumName(r.channel()) << ", " << Time(r.interaction_start_time())
             << ").\n"
             << "Start it with: escala evaluate " << r.interaction_id() << "\n";
  } else {
    *env.out << "No interaction of that agent and week is left to replace it.\n";
  }
  return kExitOk;
}

// ---- plans ----

std::string Quota(const v1::SamplingPlan& plan) {
  if (plan.per_agent_per_week() > 0)
    return absl::StrCat(plan.per_agent_per_week(), " per agent per week");
  std::string text = absl::StrCat(plan.percent(), "% per agent per week");
  if (plan.minimum_per_agent() > 0) absl::StrAppend(&text, ", at least ", plan.minimum_per_agent());
  return text;
}

std::string Channels(const v1::SamplingPlan& plan) {
  if (plan.channels().empty()) return "all";
  std::vector<std::string> names;
  for (int channel : plan.channels())
    names.push_back(ShortEnumName(static_cast<v1::Channel>(channel)));
  return absl::StrJoin(names, ";");
}

std::string Sampled(const v1::SamplingPlan& plan) {
  return plan.team_id().empty()
             ? absl::StrCat("agents ", absl::StrJoin(plan.agent_employee_ids(), ";"))
             : absl::StrCat("team ", plan.team_id());
}

int PrintPlan(const CommandEnv& env, const v1::SamplingPlan& plan) {
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(plan);
    return kExitOk;
  }
  Table table;
  if (env.options.output == OutputFormat::kCsv) table.header = {"field", "value"};
  table.rows = {{"id", absl::StrCat(plan.id())},
                {"display_name", plan.display_name()},
                {"sampled", Sampled(plan)},
                {"quota", Quota(plan)},
                {"channels", Channels(plan)},
                {"stratify_by_channel", plan.stratify_by_channel() ? "true" : "false"},
                {"scorecard_id", plan.scorecard_id()},
                {"evaluators", absl::StrJoin(plan.evaluator_employee_ids(), ";")},
                {"created_by", plan.created_by()},
                {"create_time", Time(plan.create_time())}};
  PrintTable(env, table);
  return kExitOk;
}

int RunPlanCreate(const CommandEnv& env, const ParsedArgs& args) {
  v1::CreateSamplingPlanRequest request;
  v1::SamplingPlan* plan = request.mutable_plan();
  if (auto request_id = args.Value("request-id")) request.set_request_id(*request_id);
  plan->set_display_name(*args.Value("name"));
  if (auto team = args.Value("team")) plan->set_team_id(*team);
  if (auto agents = args.Value("agents")) {
    for (const std::string& agent : SplitList(*agents)) plan->add_agent_employee_ids(agent);
  }
  if (auto per_week = args.Value("per-week")) {
    int32_t value = 0;
    if (!absl::SimpleAtoi(*per_week, &value))
      return UsageError(env, absl::StrCat("--per-week: not a whole number: '", *per_week, "'"));
    plan->set_per_agent_per_week(value);
  }
  if (auto percent = args.Value("percent")) {
    double value = 0;
    if (!absl::SimpleAtod(*percent, &value))
      return UsageError(env, absl::StrCat("--percent: not a number: '", *percent, "'"));
    plan->set_percent(value);
  }
  if (auto minimum = args.Value("minimum")) {
    int32_t value = 0;
    if (!absl::SimpleAtoi(*minimum, &value))
      return UsageError(env, absl::StrCat("--minimum: not a whole number: '", *minimum, "'"));
    plan->set_minimum_per_agent(value);
  }
  if (auto channels = args.Value("channels")) {
    for (const std::string& name : SplitList(*channels)) {
      absl::StatusOr<v1::Channel> channel = ParseEnum<v1::Channel>(name);
      if (!channel.ok())
        return UsageError(env, absl::StrCat("--channels: ", channel.status().message()));
      plan->add_channels(*channel);
    }
  }
  plan->set_stratify_by_channel(args.Has("stratify"));
  plan->set_scorecard_id(*args.Value("scorecard"));
  for (const std::string& evaluator : SplitList(*args.Value("evaluators")))
    plan->add_evaluator_employee_ids(evaluator);
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  v1::SamplingPlan created;
  grpc::Status status = Stub(env)->CreateSamplingPlan(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPlan(env, created);
}

int RunPlanShow(const CommandEnv& env, const ParsedArgs& args) {
  v1::GetSamplingPlanRequest request;
  absl::StatusOr<int64_t> id = ParseId("PLAN_ID", args.positional[0]);
  if (!id.ok()) return UsageError(env, id.status().message());
  request.set_id(*id);
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  v1::SamplingPlan plan;
  grpc::Status status = Stub(env)->GetSamplingPlan(&context, request, &plan);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPlan(env, plan);
}

int RunPlanList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListSamplingPlansRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<AssignmentService::Stub> stub = Stub(env);
  v1::ListSamplingPlansResponse response;
  grpc::Status status = ListPages<v1::ListSamplingPlansRequest, v1::ListSamplingPlansResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const v1::ListSamplingPlansRequest& page_request,
              v1::ListSamplingPlansResponse* page) {
        return stub->ListSamplingPlans(context, page_request, page);
      },
      &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  Table table;
  table.header = {"ID", "NAME", "SAMPLED", "QUOTA", "CHANNELS", "SCORECARD", "EVALUATORS"};
  for (const v1::SamplingPlan& plan : response.plans()) {
    table.rows.push_back({absl::StrCat(plan.id()), plan.display_name(), Sampled(plan), Quota(plan),
                          Channels(plan), plan.scorecard_id(),
                          absl::StrJoin(plan.evaluator_employee_ids(), ";")});
  }
  PrintTable(env, table);
  return kExitOk;
}

// ---- qa averages ----

int RunAverages(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListAgentQaSummariesRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  if (auto confidence = args.Value("confidence")) {
    double value = 0;
    if (!absl::SimpleAtod(*confidence, &value)) {
      return UsageError(env, absl::StrCat("--confidence: not a number: '", *confidence, "'"));
    }
    request.set_confidence_level(value);
  }
  std::unique_ptr<AssignmentService::Stub> stub = Stub(env);
  v1::ListAgentQaSummariesResponse response;
  grpc::Status status =
      ListPages<v1::ListAgentQaSummariesRequest, v1::ListAgentQaSummariesResponse>(
          env, args.Has("all"), request,
          [&stub](grpc::ClientContext* context, const v1::ListAgentQaSummariesRequest& page_request,
                  v1::ListAgentQaSummariesResponse* page) {
            return stub->ListAgentQaSummaries(context, page_request, page);
          },
          &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  const double confidence = request.confidence_level() == 0 ? 0.95 : request.confidence_level();
  Table table;
  table.header = {"AGENT", "TEAM", "N",
                  "MEAN",  "SD",   absl::StrCat("CI ", std::round(confidence * 100), "%"),
                  "BAND"};
  for (const v1::AgentQaSummary& s : response.summaries()) {
    table.rows.push_back(
        {s.agent_employee_id(), s.team_id(), absl::StrCat(s.evaluations()),
         s.has_mean_score() ? Score(s.mean_score()) : "",
         s.has_standard_deviation() ? Score(s.standard_deviation()) : "",
         s.has_ci_low() ? absl::StrCat(Score(s.ci_low()), "–", Score(s.ci_high())) : "",
         ShortEnumName(s.band())});
  }
  PrintTable(env, table);
  return kExitOk;
}

}  // namespace

GroupSpec QueueGroup() {
  VerbSpec queue;
  queue.summary = "Your open review assignments.";
  queue.description =
      "Lists the open assignments in your queue (assignments whose evaluator is you and that\n"
      "you have neither evaluated nor skipped), oldest first, and how to start one.";
  queue.flags = PageFlags("Assignments");
  queue.run = RunQueue;
  return GroupSpec{"queue", queue.summary, {queue}};
}

GroupSpec AssignmentsGroup() {
  GroupSpec group{"assignments", "Review assignments: list, generate from a plan, skip.", {}};
  std::vector<FlagSpec> list_flags = {
      FieldFlag("evaluator", "EMPLOYEE_ID|me", "evaluator_employee_id",
                "Only this evaluator's; 'me' is you."),
      FieldFlag("state", "open|done|skipped", "state", "Only assignments in this state."),
      FieldFlag("plan", "PLAN_ID", "plan_id", "Only this plan's assignments.")};
  for (FlagSpec& flag : PageFlags("Assignments")) list_flags.push_back(std::move(flag));
  VerbSpec list{"list",
                "List assignments by id.",
                "",
                0,
                0,
                "Lists assignments by id (a team lead sees their own queue only), one page\n"
                "unless --all is given.",
                list_flags,
                RunAssignmentsList};
  FlagSpec from =
      ValueFlag("from", "DATE", "First Monday of the period (YYYY-MM-DD, UTC), inclusive.");
  from.required = true;
  FlagSpec until =
      ValueFlag("until", "DATE", "Monday after the period's last week (YYYY-MM-DD, UTC).");
  until.required = true;
  VerbSpec generate{
      "generate",
      "Sample a plan's interactions and fill queues.",
      "PLAN_ID",
      1,
      1,
      "Samples every agent-week of [--from, --until) under the plan, spread over each\n"
      "week, among the contacts on the plan's channels that its scorecard's\n"
      "published version covers, and assigns the sample to the plan's evaluators,\n"
      "balancing their open work. The same --seed and data give the same sample;\n"
      "interactions already evaluated or assigned in the plan are left out, so a\n"
      "second run adds nothing.\n"
      "Prints the new assignments and, per agent-week, how the quota was met.",
      {from, until, ValueFlag("seed", "N", "Seed of the random draw (default 0)."),
       SwitchFlag("dry-run", "Show the sample without storing it."),
       ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
      RunGenerate};
  generate.field_names = {{"period_start_time", "--from"}, {"period_end_time", "--until"}};
  FlagSpec reason = ValueFlag("reason", "TEXT", "Why you skip it (1–1000 characters).");
  reason.required = true;
  VerbSpec skip{
      "skip",
      "Skip one of your open assignments.",
      "ASSIGNMENT_ID",
      1,
      1,
      "Skips an open assignment of yours with a reason. Another interaction of the\n"
      "same agent and week (and channel, when the plan stratifies) replaces it in your\n"
      "queue when one is left.",
      {reason, ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
      RunSkip};
  group.verbs = {list, generate, skip};
  return group;
}

GroupSpec PlansGroup() {
  GroupSpec group{"plans", "Sampling plans: which interactions get reviewed, by whom.", {}};
  FlagSpec name = ValueFlag("name", "TEXT", "Name of the plan.");
  name.required = true;
  FlagSpec scorecard =
      ValueFlag("scorecard", "SCORECARD_ID", "Published scorecard the reviews use.");
  scorecard.required = true;
  FlagSpec evaluators =
      ValueFlag("evaluators", "ID;ID…", "Evaluators sharing the work (';'-separated).");
  evaluators.required = true;
  VerbSpec create{
      "create",
      "Create a sampling plan.",
      "",
      0,
      0,
      "Creates a plan. Give exactly one of --team and --agents, and exactly one of\n"
      "--per-week and --percent. A plan samples only contacts on channels its\n"
      "scorecard's published version has criteria for: --channels may list only\n"
      "those, and without --channels every channel the scorecard covers is sampled.",
      {name, ValueFlag("team", "TEAM_ID", "Sample the team's active agents."),
       ValueFlag("agents", "ID;ID…", "Sample these agents (';'-separated)."),
       ValueFlag("per-week", "N", "Interactions per agent per week (1–100)."),
       ValueFlag("percent", "P", "Share of each agent's interactions per week (0 < P ≤ 100)."),
       ValueFlag("minimum", "N", "With --percent: at least this many per agent per week."),
       ValueFlag("channels", "CHANNEL;…",
                 "Only these channels, each one the scorecard covers (default: every "
                 "channel it covers)."),
       SwitchFlag("stratify", "Draw from each channel in proportion to its share."), scorecard,
       evaluators,
       ValueFlag("request-id", "ID",
                 "Idempotency key: repeating the command with it returns the same plan.")},
      RunPlanCreate};
  VerbSpec list{
      "list",     "List sampling plans by id.", "", 0, 0, "Lists plans by id.", PageFlags("Plans"),
      RunPlanList};
  VerbSpec show{"show", "Show one sampling plan.",      "PLAN_ID", 1,
                1,      "Shows the plan with this id.", {},        RunPlanShow};
  group.verbs = {create, list, show};
  return group;
}

GroupSpec QaGroup() {
  GroupSpec group{"qa", "QA results: agents' averages with confidence intervals.", {}};
  std::vector<FlagSpec> flags = {
      FieldFlag("team", "TEAM_ID", "team_id", "Only agents currently in this team."),
      FieldFlag("agent", "EMPLOYEE_ID", "agent_employee_id", "Only this agent."),
      FieldFlag("since", "TIME", "submitted_after",
                "Evaluations submitted at or after this RFC 3339 time."),
      FieldFlag("until", "TIME", "submitted_before",
                "Evaluations submitted before this RFC 3339 time."),
      ValueFlag("confidence", "LEVEL",
                "Confidence level of the interval, 0.80–0.99 (default 0.95).")};
  for (FlagSpec& flag : PageFlags("Agents")) flags.push_back(std::move(flag));
  VerbSpec averages{"averages",
                    "Each agent's QA average with its confidence interval.",
                    "",
                    0,
                    0,
                    "Per agent: the number of submitted evaluations, their mean score, sample\n"
                    "standard deviation and the Student's t confidence interval of the mean\n"
                    "(clamped to 0–100), and the band of the mean. Few evaluations give a wide\n"
                    "interval: read the average with it.",
                    flags,
                    RunAverages};
  group.verbs = {averages};
  return group;
}

}  // namespace escala::client
