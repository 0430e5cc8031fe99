// `escala training …`: QA → training rules and the recommendations they make
// (TrainingRecommendationService).

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/request_id.h"
#include "client/core/table_printer.h"
#include "client/core/time_text.h"
#include "client/training/training_cli.h"
#include "escala/v1/training_recommendations.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::CriterionTrainingRule;
using escala::v1::TrainingRecommendation;
using escala::v1::TrainingRecommendationService;

std::unique_ptr<TrainingRecommendationService::Stub> RecommendationStub(const CommandEnv& env) {
  return TrainingRecommendationService::NewStub(env.channel);
}

// "14d" for whole days, else seconds ("90s").
std::string RecommendationSpan(const google::protobuf::Duration& duration) {
  if (duration.seconds() % 86400 == 0) return absl::StrCat(duration.seconds() / 86400, "d");
  return absl::StrCat(duration.seconds(), "s");
}

std::string Judged(const CriterionTrainingRule& rule) {
  if (rule.span_case() == CriterionTrainingRule::kLastResults) {
    return absl::StrCat("last ", rule.last_results());
  }
  if (rule.span_case() == CriterionTrainingRule::kWindowDuration) {
    return absl::StrCat("within ", RecommendationSpan(rule.window_duration()));
  }
  return "";
}

std::string RecommendationPercent(double value) { return absl::StrFormat("%.1f", value); }

int PrintRule(const CommandEnv& env, const CriterionTrainingRule& rule) {
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(rule);
    return kExitOk;
  }
  Table table;
  if (env.options.output == OutputFormat::kCsv) table.header = {"field", "value"};
  table.rows = {{"id", absl::StrCat(rule.id())},
                {"criterion", rule.criterion_key()},
                {"course", rule.course_id()},
                {"below", absl::StrCat(RecommendationPercent(rule.below_percent()), "%")},
                {"judges", Judged(rule)},
                {"min_results", absl::StrCat(rule.min_results())},
                {"cool_down", RecommendationSpan(rule.cool_down_duration())},
                {"action", ShortEnumName(rule.action())},
                {"active", rule.active() ? "yes" : "no"},
                {"created_by", rule.created_by()},
                {"create_time", FormatTimestamp(rule.create_time())},
                {"update_time", FormatTimestamp(rule.update_time())},
                {"etag", rule.etag()}};
  PrintTable(env, table);
  return kExitOk;
}

// The rule flags of create and update. Each sets one field and names it in the update mask; a
// usage error names the flag.
int ApplyRuleFlags(const CommandEnv& env, const ParsedArgs& args, CriterionTrainingRule* rule,
                   std::vector<std::string>* paths) {
  auto given = [&](const char* flag, const char* field) -> std::optional<std::string> {
    std::optional<std::string> value = args.Value(flag);
    if (value) paths->push_back(field);
    return value;
  };
  if (auto criterion = given("criterion", "criterion_key")) rule->set_criterion_key(*criterion);
  if (auto course = given("course", "course_id")) rule->set_course_id(*course);
  if (auto below = given("below", "below_percent")) {
    double percent = 0;
    if (!absl::SimpleAtod(absl::StripSuffix(*below, "%"), &percent)) {
      return UsageError(env, absl::StrCat("--below: a percent (e.g. 60), got '", *below, "'"));
    }
    rule->set_below_percent(percent);
  }
  if (args.Has("last") && args.Has("window")) {
    return UsageError(env, "--last and --window: give one of them");
  }
  if (auto last = given("last", "last_results")) {
    int32_t n = 0;
    if (!absl::SimpleAtoi(*last, &n)) {
      return UsageError(env, absl::StrCat("--last: a whole number, got '", *last, "'"));
    }
    rule->set_last_results(n);
  }
  if (auto window = given("window", "window_duration")) {
    std::optional<int64_t> seconds = ParseSpanSeconds(*window);
    if (!seconds) {
      return UsageError(env, absl::StrCat("--window: days (e.g. 30d), got '", *window, "'"));
    }
    rule->mutable_window_duration()->set_seconds(*seconds);
  }
  if (auto min = given("min", "min_results")) {
    int32_t n = 0;
    if (!absl::SimpleAtoi(*min, &n)) {
      return UsageError(env, absl::StrCat("--min: a whole number, got '", *min, "'"));
    }
    rule->set_min_results(n);
  }
  if (auto cool_down = given("cool-down", "cool_down_duration")) {
    std::optional<int64_t> seconds = ParseSpanSeconds(*cool_down);
    if (!seconds) {
      return UsageError(env, absl::StrCat("--cool-down: days (e.g. 14d), got '", *cool_down, "'"));
    }
    rule->mutable_cool_down_duration()->set_seconds(*seconds);
  }
  if (auto action = given("action", "action")) {
    absl::StatusOr<v1::TrainingRuleAction> parsed = ParseEnum<v1::TrainingRuleAction>(*action);
    if (!parsed.ok()) {
      return UsageError(env, absl::StrCat("--action: ", parsed.status().message()));
    }
    rule->set_action(*parsed);
  }
  return kExitOk;
}

std::vector<FlagSpec> RuleFlags(bool create) {
  FlagSpec criterion = ValueFlag("criterion", "KEY", "The scorecard criterion key it watches.");
  FlagSpec course = ValueFlag("course", "COURSE_ID", "The course that teaches the criterion.");
  FlagSpec below = ValueFlag("below", "PERCENT", "Fires when the mean is below this (0–100].");
  FlagSpec min = ValueFlag("min", "N", "Fewest results that count as evidence (1–50).");
  if (create) {
    criterion = Required(criterion);
    course = Required(course);
    below = Required(below);
    min = Required(min);
  }
  return {criterion,
          course,
          below,
          ValueFlag("last", "N", "Judge the person's last N results (1–50)."),
          ValueFlag("window", "DAYS", "Or the results within this span: 30d (1–365 days)."),
          min,
          ValueFlag("cool-down", "DAYS",
                    "Quiet this long after the course was recommended: 14d (0–365 days)."),
          ValueFlag("action", "recommend|enrol", "What it does when it fires (recommend).")};
}

std::vector<std::pair<std::string, std::string>> RuleFieldNames() {
  return {{"rule.criterion_key", "--criterion"},
          {"rule.course_id", "--course"},
          {"rule.below_percent", "--below"},
          {"rule.last_results", "--last"},
          {"rule.window_duration", "--window"},
          {"rule.min_results", "--min"},
          {"rule.cool_down_duration", "--cool-down"},
          {"rule.action", "--action"},
          {"rule.active", "--inactive"},
          {"rule.etag", "--etag"},
          {"rule.id", "ID"}};
}

std::optional<int64_t> ParseId(const std::string& text) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) return std::nullopt;
  return id;
}

int RunRuleCreate(const CommandEnv& env, const ParsedArgs& args) {
  v1::CreateCriterionTrainingRuleRequest request;
  CriterionTrainingRule* rule = request.mutable_rule();
  std::vector<std::string> paths;
  if (int code = ApplyRuleFlags(env, args, rule, &paths); code != kExitOk) return code;
  if (rule->action() == v1::TRAINING_RULE_ACTION_UNSPECIFIED) {
    rule->set_action(v1::TRAINING_RULE_ACTION_RECOMMEND);
  }
  rule->set_active(!args.Has("inactive"));
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  CriterionTrainingRule created;
  grpc::Status status =
      RecommendationStub(env)->CreateCriterionTrainingRule(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintRule(env, created);
}

int Update(const CommandEnv& env, v1::UpdateCriterionTrainingRuleRequest& request) {
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  CriterionTrainingRule updated;
  grpc::Status status =
      RecommendationStub(env)->UpdateCriterionTrainingRule(&context, request, &updated);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintRule(env, updated);
}

int RunRuleUpdate(const CommandEnv& env, const ParsedArgs& args) {
  std::optional<int64_t> id = ParseId(args.positional[0]);
  if (!id) return UsageError(env, absl::StrCat("ID: a rule id, got '", args.positional[0], "'"));
  v1::UpdateCriterionTrainingRuleRequest request;
  CriterionTrainingRule* rule = request.mutable_rule();
  rule->set_id(*id);
  std::vector<std::string> paths;
  if (int code = ApplyRuleFlags(env, args, rule, &paths); code != kExitOk) return code;
  if (args.Has("active")) {
    rule->set_active(true);
    paths.push_back("active");
  }
  if (paths.empty()) return UsageError(env, "nothing to change: give at least one rule flag");
  for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
  if (auto etag = args.Value("etag")) rule->set_etag(*etag);
  return Update(env, request);
}

int RunRuleDeactivate(const CommandEnv& env, const ParsedArgs& args) {
  std::optional<int64_t> id = ParseId(args.positional[0]);
  if (!id) return UsageError(env, absl::StrCat("ID: a rule id, got '", args.positional[0], "'"));
  v1::UpdateCriterionTrainingRuleRequest request;
  request.mutable_rule()->set_id(*id);
  request.mutable_rule()->set_active(false);
  request.mutable_update_mask()->add_paths("active");
  if (auto etag = args.Value("etag")) request.mutable_rule()->set_etag(*etag);
  return Update(env, request);
}

int RunRuleShow(const CommandEnv& env, const ParsedArgs& args) {
  std::optional<int64_t> id = ParseId(args.positional[0]);
  if (!id) return UsageError(env, absl::StrCat("ID: a rule id, got '", args.positional[0], "'"));
  v1::GetCriterionTrainingRuleRequest request;
  request.set_id(*id);
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  CriterionTrainingRule rule;
  grpc::Status status = RecommendationStub(env)->GetCriterionTrainingRule(&context, request, &rule);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintRule(env, rule);
}

int RunRuleList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListCriterionTrainingRulesRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  request.set_active_only(args.Has("active-only"));
  std::unique_ptr<TrainingRecommendationService::Stub> stub = RecommendationStub(env);
  v1::ListCriterionTrainingRulesResponse response;
  grpc::Status status =
      ListPages<v1::ListCriterionTrainingRulesRequest, v1::ListCriterionTrainingRulesResponse>(
          env, args.Has("all"), request,
          [&stub](grpc::ClientContext* context,
                  const v1::ListCriterionTrainingRulesRequest& page_request,
                  v1::ListCriterionTrainingRulesResponse* page) {
            return stub->ListCriterionTrainingRules(context, page_request, page);
          },
          &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  Table table;
  table.header = {"ID",  "CRITERION", "COURSE", "BELOW", "JUDGES",
                  "MIN", "COOL-DOWN", "ACTION", "ACTIVE"};
  for (const CriterionTrainingRule& rule : response.rules()) {
    table.rows.push_back({absl::StrCat(rule.id()), rule.criterion_key(), rule.course_id(),
                          RecommendationPercent(rule.below_percent()), Judged(rule),
                          absl::StrCat(rule.min_results()),
                          RecommendationSpan(rule.cool_down_duration()),
                          ShortEnumName(rule.action()), rule.active() ? "yes" : "no"});
  }
  PrintTable(env, table);
  return kExitOk;
}

// One line per recommendation: person, course, criterion, mean, n, since.
Table RecommendationTable(const google::protobuf::RepeatedPtrField<TrainingRecommendation>& rows) {
  Table table;
  table.header = {"ID", "PERSON", "COURSE", "CRITERION", "MEAN",
                  "N",  "SINCE",  "STATE",  "ACTION",    "EVIDENCE"};
  for (const TrainingRecommendation& r : rows) {
    std::vector<std::string> evaluations;
    for (const v1::RecommendationEvidence& e : r.evidence()) {
      evaluations.push_back(absl::StrCat(e.evaluation_id()));
    }
    table.rows.push_back({absl::StrCat(r.id()), r.employee_id(), r.course_id(), r.criterion_key(),
                          RecommendationPercent(r.mean_percent()), absl::StrCat(r.evidence_size()),
                          FormatTimestamp(r.create_time()), ShortEnumName(r.state()),
                          ShortEnumName(r.action()), absl::StrJoin(evaluations, ";")});
  }
  return table;
}

int RunRecommend(const CommandEnv& env, const ParsedArgs& args) {
  v1::GenerateTrainingRecommendationsRequest request;
  if (args.Has("team") && args.Has("person")) {
    return UsageError(env, "--team and --person: give at most one of them");
  }
  if (auto team = args.Value("team")) request.set_team_id(*team);
  if (auto person = args.Value("person")) request.set_employee_id(*person);
  if (auto as_of = args.Value("as-of")) {
    absl::StatusOr<google::protobuf::Timestamp> parsed = ParseTimestamp(*as_of);
    if (!parsed.ok()) return UsageError(env, absl::StrCat("--as-of: ", parsed.status().message()));
    *request.mutable_as_of_time() = *parsed;
  }
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  v1::GenerateTrainingRecommendationsResponse response;
  grpc::Status status =
      RecommendationStub(env)->GenerateTrainingRecommendations(&context, request, &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  if (env.options.output == OutputFormat::kCsv) {
    PrintTable(env, RecommendationTable(response.recommendations()));
    return kExitOk;
  }
  *env.out << "created " << response.recommendations_size() << " recommendation"
           << (response.recommendations_size() == 1 ? "" : "s") << " for "
           << response.people_judged() << " people judged\n";
  if (response.recommendations_size() > 0) {
    PrintTable(env, RecommendationTable(response.recommendations()));
  }
  if (response.quiet_size() > 0) {
    Table quiet;
    quiet.header = {"QUIET", "RULES"};
    for (const v1::QuietReasonCount& entry : response.quiet()) {
      quiet.rows.push_back({ShortEnumName(entry.reason()), absl::StrCat(entry.count())});
    }
    PrintTable(env, quiet);
  }
  return kExitOk;
}

int RunRecommendations(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListTrainingRecommendationsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<TrainingRecommendationService::Stub> stub = RecommendationStub(env);
  v1::ListTrainingRecommendationsResponse response;
  grpc::Status status =
      ListPages<v1::ListTrainingRecommendationsRequest, v1::ListTrainingRecommendationsResponse>(
          env, args.Has("all"), request,
          [&stub](grpc::ClientContext* context,
                  const v1::ListTrainingRecommendationsRequest& page_request,
                  v1::ListTrainingRecommendationsResponse* page) {
            return stub->ListTrainingRecommendations(context, page_request, page);
          },
          &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  PrintTable(env, RecommendationTable(response.recommendations()));
  return kExitOk;
}

int RunDismiss(const CommandEnv& env, const ParsedArgs& args) {
  std::optional<int64_t> id = ParseId(args.positional[0]);
  if (!id) {
    return UsageError(env, absl::StrCat("ID: a recommendation id, got '", args.positional[0], "'"));
  }
  v1::DismissTrainingRecommendationRequest request;
  request.set_id(*id);
  request.set_reason(*args.Value("reason"));
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  TrainingRecommendation dismissed;
  grpc::Status status =
      RecommendationStub(env)->DismissTrainingRecommendation(&context, request, &dismissed);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(dismissed);
    return kExitOk;
  }
  google::protobuf::RepeatedPtrField<TrainingRecommendation> one;
  *one.Add() = dismissed;
  PrintTable(env, RecommendationTable(one));
  return kExitOk;
}

}  // namespace

GroupSpec TrainingGroup() {
  GroupSpec group{"training",
                  "QA → training: rules per scorecard criterion and the courses they recommend.",
                  {}};
  std::vector<FlagSpec> create_flags = RuleFlags(true);
  create_flags.push_back(SwitchFlag("inactive", "Store the rule without putting it to work."));
  create_flags.push_back(
      ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given."));
  VerbSpec create{"rules create",
                  "Add a rule: a criterion, a threshold and the course that teaches it.",
                  "",
                  0,
                  0,
                  "Adds a rule: when a person's results on --criterion, over their --last N\n"
                  "results or the --window, average below --below percent, --course is\n"
                  "recommended (or, with --action enrol, marked for enrolment).",
                  create_flags,
                  RunRuleCreate};
  create.field_names = RuleFieldNames();
  create.field_names.push_back({"request_id", "--request-id"});

  std::vector<FlagSpec> update_flags = RuleFlags(false);
  update_flags.push_back(SwitchFlag("active", "Put a deactivated rule back to work."));
  update_flags.push_back(
      ValueFlag("etag", "ETAG", "Only if the rule is unchanged since you read this etag."));
  VerbSpec update{"rules update",
                  "Change a rule.",
                  "ID",
                  1,
                  1,
                  "Changes the fields given; --last replaces a --window and back.",
                  update_flags,
                  RunRuleUpdate};
  update.field_names = RuleFieldNames();

  VerbSpec deactivate{
      "rules deactivate",
      "Stop a rule: generation no longer evaluates it.",
      "ID",
      1,
      1,
      "Deactivates the rule; rules are never deleted.",
      {ValueFlag("etag", "ETAG", "Only if the rule is unchanged since you read it.")},
      RunRuleDeactivate};
  deactivate.field_names = RuleFieldNames();
  VerbSpec show{"rules show", "Show a rule.", "ID", 1, 1, "Shows one rule.", {}, RunRuleShow};
  show.field_names = {{"id", "ID"}};
  VerbSpec list{"rules list",
                "List rules by id.",
                "",
                0,
                0,
                "Lists the rules by id, one page unless --all.",
                {FieldFlag("criterion", "KEY", "criterion_key", "Only rules of this criterion."),
                 FieldFlag("course", "COURSE_ID", "course_id", "Only rules of this course."),
                 SwitchFlag("active-only", "Only active rules."),
                 FieldFlag("page-size", "N", "page_size",
                           "Rules per page (server default 50, at most 1000)."),
                 FieldFlag("page-token", "TOKEN", "page_token",
                           "Continue from a previous page's next_page_token."),
                 SwitchFlag("all", "Fetch every page and print them as one list.")},
                RunRuleList};

  VerbSpec recommend{
      "recommend",
      "Run the rules now and store what they recommend.",
      "",
      0,
      0,
      "Evaluates every active rule for one person, one team or every agent (a team lead:\n"
      "their team) and prints the recommendations made and why the other rules stayed quiet.",
      {ValueFlag("person", "EMPLOYEE_ID", "Only this person."),
       ValueFlag("team", "TEAM_ID", "Only this team's agents."),
       ValueFlag("as-of", "TIME", "Judge as of this RFC 3339 time (default now)."),
       ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
      RunRecommend};
  recommend.field_names = {{"employee_id", "--person"},
                           {"team_id", "--team"},
                           {"as_of_time", "--as-of"},
                           {"request_id", "--request-id"}};
  VerbSpec recommendations{
      "recommendations",
      "List recommendations, newest first.",
      "",
      0,
      0,
      "Lists recommendations: person, course, criterion, mean of the evidence, how many\n"
      "results, and since when. One page unless --all.",
      {FieldFlag("person", "EMPLOYEE_ID", "employee_id", "Only this person's."),
       FieldFlag("team", "TEAM_ID", "team_id", "Only this team's."),
       FieldFlag("course", "COURSE_ID", "course_id", "Only of this course."),
       FieldFlag("state", "open|dismissed", "state", "Only in this state."),
       FieldFlag("page-size", "N", "page_size", "Per page (server default 50, at most 1000)."),
       FieldFlag("page-token", "TOKEN", "page_token",
                 "Continue from a previous page's next_page_token."),
       SwitchFlag("all", "Fetch every page and print them as one list.")},
      RunRecommendations};
  VerbSpec dismiss{
      "dismiss",
      "Dismiss an open recommendation.",
      "ID",
      1,
      1,
      "Dismisses the recommendation with a reason; the rule's cool-down then runs from when\n"
      "it was made.",
      {Required(ValueFlag("reason", "TEXT", "Why (1–1000 characters; audited).")),
       ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
      RunDismiss};
  dismiss.field_names = {{"id", "ID"}, {"reason", "--reason"}, {"request_id", "--request-id"}};
  group.verbs = {create,          list,       show,
                 update,          deactivate, recommend,
                 recommendations, dismiss,    EffectivenessVerb()};
  return group;
}

}  // namespace escala::client
