// `escala disputes …`: an agent contests criteria of an evaluation; a reviewer decides them.

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/command.h"
#include "client/enum_names.h"
#include "client/table_printer.h"
#include "client/time_text.h"
#include "escala/v1/evaluations.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::ContestedCriterion;
using escala::v1::Evaluation;
using escala::v1::EvaluationService;

int ParseEvaluationId(const CommandEnv& env, const std::string& text, int64_t* id) {
  if (absl::SimpleAtoi(text, id) && *id > 0) return kExitOk;
  return UsageError(env, absl::StrCat("'", text, "' is not an evaluation id (a positive number)"));
}

// Items from --items FILE.json: {"items": [ContestedCriterion, …]} in the proto JSON mapping.
int ReadItems(const CommandEnv& env, const std::string& path,
              google::protobuf::RepeatedPtrField<ContestedCriterion>* items) {
  std::ifstream in(path);
  if (!in) return InputError(env, absl::StrCat(path, ": cannot be read"));
  std::stringstream text;
  text << in.rdbuf();
  v1::OpenDisputeRequest parsed;
  const auto status = google::protobuf::util::JsonStringToMessage(text.str(), &parsed);
  if (!status.ok()) return InputError(env, absl::StrCat(path, ": ", status.ToString()));
  *items = parsed.items();
  return kExitOk;
}

std::string Score(bool has, double score) { return has ? absl::StrFormat("%.1f", score) : "n/a"; }

int PrintOutcome(const CommandEnv& env, const Evaluation& e) {
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(e);
    return kExitOk;
  }
  *env.out << "evaluation " << e.id() << ": " << ShortEnumName(e.state());
  if (e.state() == v1::EVALUATION_STATE_DISPUTE_RESOLVED) {
    *env.out << ", score " << Score(e.dispute().has_score_before(), e.dispute().score_before())
             << " -> " << Score(e.dispute().has_score_after(), e.dispute().score_after());
  } else {
    *env.out << ", " << e.dispute().items_size() << " criteria contested";
  }
  *env.out << "\n";
  return kExitOk;
}

int RunOpen(const CommandEnv& env, const ParsedArgs& args) {
  v1::OpenDisputeRequest request;
  int64_t id = 0;
  if (int code = ParseEvaluationId(env, args.positional[0], &id); code != kExitOk) return code;
  request.set_id(id);
  const std::optional<std::string> file = args.Value("items");
  const std::optional<std::string> criterion = args.Value("criterion");
  const std::optional<std::string> reason = args.Value("reason");
  if (file.has_value() == (criterion.has_value() || reason.has_value())) {
    return UsageError(env, "give either --criterion with --reason, or --items FILE.json");
  }
  if (file) {
    if (int code = ReadItems(env, *file, request.mutable_items()); code != kExitOk) return code;
  } else {
    if (!criterion || !reason) return UsageError(env, "--criterion and --reason go together");
    ContestedCriterion* item = request.add_items();
    item->set_criterion_key(*criterion);
    item->set_reason(*reason);
  }
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Evaluation disputed;
  grpc::Status status =
      EvaluationService::NewStub(env.channel)->OpenDispute(&context, request, &disputed);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintOutcome(env, disputed);
}

int RunResolve(const CommandEnv& env, const ParsedArgs& args) {
  v1::ResolveDisputeRequest request;
  int64_t id = 0;
  if (int code = ParseEvaluationId(env, args.positional[0], &id); code != kExitOk) return code;
  request.set_id(id);
  const std::optional<std::string> file = args.Value("items");
  const bool single = args.Has("criterion") || args.Has("outcome") || args.Has("reason") ||
                      args.Has("value") || args.Has("na");
  if (file.has_value() == single) {
    return UsageError(env, "give either --criterion, --outcome and --reason, or --items FILE.json");
  }
  if (file) {
    if (int code = ReadItems(env, *file, request.mutable_items()); code != kExitOk) return code;
  } else {
    const std::optional<std::string> criterion = args.Value("criterion");
    const std::optional<std::string> outcome = args.Value("outcome");
    const std::optional<std::string> reason = args.Value("reason");
    if (!criterion || !outcome || !reason)
      return UsageError(env, "--criterion, --outcome and --reason are required");
    absl::StatusOr<v1::DisputeOutcome> parsed = ParseEnum<v1::DisputeOutcome>(*outcome);
    if (!parsed.ok())
      return UsageError(env, absl::StrCat("--outcome: ", parsed.status().message()));
    ContestedCriterion* item = request.add_items();
    item->set_criterion_key(*criterion);
    item->set_outcome(*parsed);
    item->set_resolution_reason(*reason);
    if (std::optional<std::string> value = args.Value("value")) {
      int number = 0;
      if (!absl::SimpleAtoi(*value, &number)) {
        return UsageError(env, absl::StrCat("--value: '", *value, "' is not a whole number"));
      }
      item->set_adjusted_value(number);
    }
    item->set_adjusted_not_applicable(args.Has("na"));
  }
  // The etag of the evaluation as read now: a concurrent resolution makes this one fail.
  {
    v1::GetEvaluationRequest get;
    get.set_id(id);
    grpc::ClientContext context;
    SetDeadline(env.options, &context);
    Evaluation current;
    grpc::Status status =
        EvaluationService::NewStub(env.channel)->GetEvaluation(&context, get, &current);
    if (!status.ok()) return RpcFailure(env, status);
    request.set_etag(current.etag());
  }
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Evaluation resolved;
  grpc::Status status =
      EvaluationService::NewStub(env.channel)->ResolveDispute(&context, request, &resolved);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintOutcome(env, resolved);
}

int RunList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListEvaluationsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  request.set_state(v1::EVALUATION_STATE_DISPUTED);
  std::unique_ptr<EvaluationService::Stub> stub = EvaluationService::NewStub(env.channel);
  v1::ListEvaluationsResponse evaluations;
  grpc::Status status = ListPages<v1::ListEvaluationsRequest, v1::ListEvaluationsResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const v1::ListEvaluationsRequest& page_request,
              v1::ListEvaluationsResponse* page) {
        return stub->ListEvaluations(context, page_request, page);
      },
      &evaluations);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(evaluations);
    return kExitOk;
  }
  Table table;
  table.header = {"ID", "AGENT", "EVALUATOR", "SCORE", "OPENED (UTC)", "CONTESTED"};
  for (const Evaluation& e : evaluations.evaluations()) {
    std::string keys;
    for (const ContestedCriterion& item : e.dispute().items()) {
      absl::StrAppend(&keys, keys.empty() ? "" : ", ", item.criterion_key());
    }
    table.rows.push_back({absl::StrCat(e.id()), e.agent_employee_id(), e.evaluator_employee_id(),
                          Score(e.has_score(), e.score()), FormatTimestamp(e.dispute().open_time()),
                          keys});
  }
  *env.out << RenderTable(table, env.width);
  return kExitOk;
}

}  // namespace

GroupSpec DisputesGroup() {
  GroupSpec group{"disputes", "Disputes of evaluations: open, resolve, list.", {}};
  const std::string items_help =
      "--items FILE.json holds {\"items\": [ContestedCriterion, …]} in the proto JSON mapping,\n"
      "for several criteria at once.";
  VerbSpec open{
      "open",
      "Contest a criterion of your evaluation (the evaluated agent, before the deadline).",
      "EVALUATION",
      1,
      1,
      "Contests one criterion with --criterion KEY --reason TEXT. " + items_help +
          "\n  e.g. {\"items\": [{\"criterionKey\": \"greeting\", \"reason\": \"I did greet\"}]}",
      {
          ValueFlag("criterion", "KEY", "The criterion contested."),
          ValueFlag("reason", "TEXT", "Why, 1-4000 characters."),
          ValueFlag("items", "FILE.json", "Several contested criteria (see above)."),
      },
      RunOpen};
  VerbSpec resolve{
      "resolve",
      "Decide a dispute (neither the agent nor the evaluator).",
      "EVALUATION",
      1,
      1,
      "Decides the contested criterion: --outcome upheld keeps the answer; adjusted and\n"
      "partly-accepted need the new answer (--value N or --na). " +
          items_help +
          "\nEvery contested criterion needs exactly one decision; the score is recomputed.",
      {
          ValueFlag("criterion", "KEY", "The contested criterion decided."),
          ValueFlag("outcome", "upheld|adjusted|partly-accepted", "The decision."),
          ValueFlag("value", "N", "The new answer (adjusted, partly-accepted)."),
          SwitchFlag("na", "The new answer is N/A."),
          ValueFlag("reason", "TEXT", "Why, 1-4000 characters."),
          ValueFlag("items", "FILE.json", "Decisions for several criteria (see above)."),
      },
      RunResolve};
  VerbSpec list{
      "list",
      "List disputed evaluations waiting for a decision.",
      "",
      0,
      0,
      "Lists evaluations in the DISPUTED state, newest first.",
      {
          FieldFlag("agent", "ID", "agent_employee_id", "Only this agent's disputes."),
          FieldFlag("team", "ID", "team_id", "Only disputes of this team."),
          FieldFlag("page-size", "N", "page_size", "Per page (default 50, at most 1000)."),
          FieldFlag("page-token", "TOKEN", "page_token", "Continue from next_page_token."),
          SwitchFlag("all", "Fetch every page."),
      },
      RunList};
  group.verbs = {open, resolve, list};
  return group;
}

}  // namespace escala::client
