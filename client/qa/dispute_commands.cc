// `escala disputes …`: an agent contests criteria of an evaluation; a reviewer decides them.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/proto_json_file.h"
#include "client/core/request_id.h"
#include "client/core/table_printer.h"
#include "client/core/time_text.h"
#include "client/qa/evaluation_calls.h"
#include "client/qa/qa_csv.h"
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
  v1::OpenDisputeRequest parsed;
  if (absl::Status status = ReadProtoJsonFile(path, "items", &parsed); !status.ok()) {
    return InputError(env, status.message());
  }
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

// The i-th value of every flag in `flags` belongs to the i-th item, so the flags must be given
// equally often. Returns that count, or nullopt after a usage error naming the counts.
std::optional<size_t> PairedCount(const CommandEnv& env, const ParsedArgs& args,
                                  const std::vector<std::string>& flags) {
  const size_t count = args.Count(flags.front());
  std::vector<std::string> counts;
  bool same = true;
  for (const std::string& flag : flags) {
    same = same && args.Count(flag) == count;
    counts.push_back(absl::StrCat("--", flag, " ", args.Count(flag), "x"));
  }
  if (same) return count;
  UsageError(env, absl::StrCat("each contested criterion needs one of each of ",
                               absl::StrJoin(flags, ", ",
                                             [](std::string* out, const std::string& f) {
                                               absl::StrAppend(out, "--", f);
                                             }),
                               " (paired in the order given); got ", absl::StrJoin(counts, ", ")));
  return std::nullopt;
}

int RunOpen(const CommandEnv& env, const ParsedArgs& args) {
  v1::OpenDisputeRequest request;
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  int64_t id = 0;
  if (int code = ParseEvaluationId(env, args.positional[0], &id); code != kExitOk) return code;
  request.set_id(id);
  const std::optional<std::string> file = args.Value("items");
  if (file.has_value() == (args.Has("criterion") || args.Has("reason"))) {
    return UsageError(env, "give either --criterion with --reason, or --items FILE.json");
  }
  if (file) {
    if (int code = ReadItems(env, *file, request.mutable_items()); code != kExitOk) return code;
  } else {
    const std::optional<size_t> count = PairedCount(env, args, {"criterion", "reason"});
    if (!count) return kExitUsage;
    const std::vector<std::string> criteria = args.Values("criterion");
    const std::vector<std::string> reasons = args.Values("reason");
    for (size_t i = 0; i < *count; ++i) {
      ContestedCriterion* item = request.add_items();
      item->set_criterion_key(criteria[i]);
      item->set_reason(reasons[i]);
    }
  }
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Evaluation disputed;
  grpc::Status status =
      EvaluationService::NewStub(env.channel)->OpenDispute(&context, request, &disputed);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintOutcome(env, disputed);
}

// Whether a decision replaces the answer, and so takes a --value or --na.
bool TakesNewAnswer(v1::DisputeOutcome outcome) {
  return outcome == v1::DISPUTE_OUTCOME_ADJUSTED || outcome == v1::DISPUTE_OUTCOME_PARTLY_ACCEPTED;
}

// Decisions from repeated --criterion/--outcome/--reason, paired by order. The new answers
// (--value N or --na, in the order given) go to the adjusted and partly-accepted decisions in
// their order, since only those take one.
int DecisionsFromFlags(const CommandEnv& env, const ParsedArgs& args,
                       google::protobuf::RepeatedPtrField<ContestedCriterion>* items) {
  const std::optional<size_t> count = PairedCount(env, args, {"criterion", "outcome", "reason"});
  if (!count) return kExitUsage;
  const std::vector<std::string> criteria = args.Values("criterion");
  const std::vector<std::string> outcomes = args.Values("outcome");
  const std::vector<std::string> reasons = args.Values("reason");
  std::vector<ContestedCriterion*> adjusted;
  for (size_t i = 0; i < *count; ++i) {
    absl::StatusOr<v1::DisputeOutcome> outcome = ParseEnum<v1::DisputeOutcome>(outcomes[i]);
    if (!outcome.ok()) {
      return UsageError(env, absl::StrCat("--outcome: ", outcome.status().message()));
    }
    ContestedCriterion* item = items->Add();
    item->set_criterion_key(criteria[i]);
    item->set_outcome(*outcome);
    item->set_resolution_reason(reasons[i]);
    if (TakesNewAnswer(*outcome)) adjusted.push_back(item);
  }
  std::vector<const GivenFlag*> answers;
  for (const GivenFlag& flag : args.flags) {
    if (flag.spec->name == "value" || flag.spec->name == "na") answers.push_back(&flag);
  }
  if (answers.size() != adjusted.size()) {
    return UsageError(env, absl::StrCat("each adjusted or partly-accepted decision needs one new "
                                        "answer (--value N or --na, paired in the order given): ",
                                        adjusted.size(), " such decision(s), ", answers.size(),
                                        " answer(s) given"));
  }
  for (size_t i = 0; i < answers.size(); ++i) {
    if (answers[i]->spec->name == "na") {
      adjusted[i]->set_adjusted_not_applicable(true);
      continue;
    }
    int number = 0;
    if (!absl::SimpleAtoi(answers[i]->value, &number)) {
      return UsageError(env,
                        absl::StrCat("--value: '", answers[i]->value, "' is not a whole number"));
    }
    adjusted[i]->set_adjusted_value(number);
  }
  return kExitOk;
}

int RunResolve(const CommandEnv& env, const ParsedArgs& args) {
  v1::ResolveDisputeRequest request;
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  int64_t id = 0;
  if (int code = ParseEvaluationId(env, args.positional[0], &id); code != kExitOk) return code;
  request.set_id(id);
  const std::optional<std::string> file = args.Value("items");
  const bool flags = args.Has("criterion") || args.Has("outcome") || args.Has("reason") ||
                     args.Has("value") || args.Has("na");
  if (file.has_value() == flags) {
    return UsageError(env, "give either --criterion, --outcome and --reason, or --items FILE.json");
  }
  if (file) {
    if (int code = ReadItems(env, *file, request.mutable_items()); code != kExitOk) return code;
  } else if (int code = DecisionsFromFlags(env, args, request.mutable_items()); code != kExitOk) {
    return code;
  }
  // The etag of the evaluation as read now: a concurrent resolution makes this one fail.
  {
    Evaluation current;
    grpc::Status status = FetchEvaluation(env, id, &current);
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

int RunDisputeList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListEvaluationsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  request.set_state(v1::EVALUATION_STATE_DISPUTED);
  v1::ListEvaluationsResponse evaluations;
  grpc::Status status = ListEvaluationPages(env, args.Has("all"), request, &evaluations);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(evaluations);
    return kExitOk;
  }
  if (env.options.output == OutputFormat::kCsv) {
    *env.out << CsvOfTable(DisputeListCsv(evaluations));
    return kExitOk;
  }
  Table table;
  table.header = {"ID", "AGENT", "EVALUATOR", "SCORE", "OPENED (UTC)", "CONTESTED"};
  table.whole_columns = {1, 2};  // AGENT, EVALUATOR
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
      "Instead of flags, --items FILE.json holds {\"items\": [ContestedCriterion, …]} in the\n"
      "proto JSON mapping.";
  VerbSpec open{
      "open",
      "Contest a criterion of your evaluation (the evaluated agent, before the deadline).",
      "EVALUATION",
      1,
      1,
      "Contests criteria with --criterion KEY --reason TEXT, repeated for several criteria\n"
      "(the n-th --reason goes with the n-th --criterion).\n" +
          items_help +
          "\n  e.g. {\"items\": [{\"criterionKey\": \"greeting\", \"reason\": \"I did greet\"}]}",
      {
          Repeatable(ValueFlag("criterion", "KEY", "A criterion contested.")),
          Repeatable(ValueFlag("reason", "TEXT", "Why, 1-4000 characters.")),
          ValueFlag("items", "FILE.json", "Several contested criteria (see above)."),
          ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given."),
      },
      RunOpen};
  VerbSpec resolve{
      "resolve",
      "Decide a dispute (neither the agent nor the evaluator).",
      "EVALUATION",
      1,
      1,
      "Decides contested criteria: --criterion, --outcome and --reason once per criterion,\n"
      "paired in the order given. --outcome upheld keeps the answer; adjusted and\n"
      "partly-accepted need the new answer (--value N or --na), given in the order of those\n"
      "decisions.\n" +
          items_help +
          "\nEvery contested criterion needs exactly one decision; the score is recomputed.",
      {
          Repeatable(ValueFlag("criterion", "KEY", "A contested criterion decided.")),
          Repeatable(ValueFlag("outcome", "upheld|adjusted|partly-accepted", "The decision.")),
          Repeatable(ValueFlag("value", "N", "The new answer (adjusted, partly-accepted).")),
          Repeatable(SwitchFlag("na", "The new answer is N/A.")),
          Repeatable(ValueFlag("reason", "TEXT", "Why, 1-4000 characters.")),
          ValueFlag("items", "FILE.json", "Decisions for several criteria (see above)."),
          ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given."),
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
      RunDisputeList};
  group.verbs = {open, resolve, list};
  return group;
}

}  // namespace escala::client
