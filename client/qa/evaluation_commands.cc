// `escala evaluations …`: list, show, submit and acknowledge QA evaluations.

#include <map>
#include <memory>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/request_id.h"
#include "client/core/table_printer.h"
#include "client/core/time_text.h"
#include "client/qa/evaluation_answers_file.h"
#include "client/qa/evaluation_calls.h"
#include "client/qa/qa_csv.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::Evaluation;
using escala::v1::EvaluationService;

bool ParseId(absl::string_view text, int64_t* id) { return absl::SimpleAtoi(text, id) && *id > 0; }

std::string EvaluationScoreText(const Evaluation& evaluation) {
  // Shown with one decimal; the band comes from the full-precision score on the server.
  return evaluation.has_score() ? absl::StrFormat("%.1f", evaluation.score()) : "";
}

std::string EvaluationAnswerText(const v1::CriterionAnswer& answer) {
  if (answer.not_applicable()) return "N/A";
  return answer.has_value() ? absl::StrCat(answer.value()) : "";
}

std::string TimeOrEmpty(bool has, const google::protobuf::Timestamp& time) {
  return has ? FormatTimestamp(time) : "";
}

Table EvaluationsTable(const v1::ListEvaluationsResponse& response) {
  Table table;
  table.header = {"ID",    "INTERACTION", "AGENT", "EVALUATOR",      "SCORECARD",
                  "STATE", "SCORE",       "BAND",  "SUBMITTED (UTC)"};
  table.whole_columns = {1, 2, 3, 4};  // INTERACTION, AGENT, EVALUATOR, SCORECARD
  for (const Evaluation& e : response.evaluations()) {
    table.rows.push_back({absl::StrCat(e.id()), absl::StrCat(e.interaction_id()),
                          e.agent_employee_id(), e.evaluator_employee_id(),
                          absl::StrCat(e.scorecard_id(), " v", e.scorecard_version()),
                          ShortEnumName(e.state()), EvaluationScoreText(e), ShortEnumName(e.band()),
                          TimeOrEmpty(e.has_submit_time(), e.submit_time())});
  }
  return table;
}

int RunEvaluationList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListEvaluationsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  v1::ListEvaluationsResponse evaluations;
  grpc::Status status = ListEvaluationPages(env, args.Has("all"), request, &evaluations);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(evaluations);
  } else if (env.options.output == OutputFormat::kCsv) {
    *env.out << CsvOfTable(EvaluationListCsv(evaluations));
  } else {
    *env.out << RenderTable(EvaluationsTable(evaluations), env.width);
  }
  return kExitOk;
}

// The full view of one evaluation: per criterion its section, title (from the scorecard
// version), answer and comment; then score, band, state, deadline and the dispute.
void PrintEvaluation(const CommandEnv& env, const Evaluation& e) {
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(e);
    return;
  }
  // Titles come from the exact version scored against; without access to it the keys still
  // tell the story.
  CriterionTitles titles;
  {
    v1::GetScorecardRequest request;
    request.set_scorecard_id(e.scorecard_id());
    request.set_version(e.scorecard_version());
    grpc::ClientContext context;
    SetDeadline(env.options, &context);
    v1::Scorecard card;
    if (v1::ScorecardService::NewStub(env.channel)->GetScorecard(&context, request, &card).ok()) {
      for (const v1::ScorecardSection& section : card.sections()) {
        for (const v1::Criterion& criterion : section.criteria()) {
          titles[criterion.key()] = {section.title(), criterion.title()};
        }
      }
    }
  }
  if (env.options.output == OutputFormat::kCsv) {
    *env.out << CsvOfTable(EvaluationAnswersCsv(e, titles));
    return;
  }
  Table summary;
  auto row = [&summary](const std::string& field, const std::string& value) {
    if (!value.empty()) summary.rows.push_back({field, value});
  };
  row("id", absl::StrCat(e.id()));
  row("interaction", absl::StrCat(e.interaction_id()));
  row("agent", e.agent_employee_id());
  row("team", e.team_id());
  row("evaluator", e.evaluator_employee_id());
  row("scorecard", absl::StrCat(e.scorecard_id(), " version ", e.scorecard_version()));
  row("state", ShortEnumName(e.state()));
  row("score", EvaluationScoreText(e));
  row("band", ShortEnumName(e.band()));
  if (e.failed_critical_keys_size() > 0) {
    std::string keys;
    for (const std::string& key : e.failed_critical_keys())
      absl::StrAppend(&keys, keys.empty() ? "" : ", ", key);
    row("failed critical", keys);
  }
  row("submitted", TimeOrEmpty(e.has_submit_time(), e.submit_time()));
  row("dispute deadline", TimeOrEmpty(e.has_dispute_deadline_time(), e.dispute_deadline_time()));
  row("acknowledged", TimeOrEmpty(e.has_acknowledge_time(), e.acknowledge_time()));
  row("agent comment", e.agent_comment());
  row("overall comment", e.overall_comment());
  row("coaching notes", e.coaching_notes());
  *env.out << RenderTable(summary, env.width) << "\n";
  Table answers;
  answers.header = {"SECTION", "CRITERION", "TITLE", "ANSWER", "COMMENT"};
  for (const v1::CriterionAnswer& answer : e.answers()) {
    auto title = titles.find(answer.criterion_key());
    answers.rows.push_back({title == titles.end() ? "" : title->second.first,
                            answer.criterion_key(),
                            title == titles.end() ? "" : title->second.second,
                            EvaluationAnswerText(answer), answer.comment()});
  }
  *env.out << RenderTable(answers, env.width);
  if (e.has_dispute() && e.dispute().items_size() > 0) {
    const v1::Dispute& dispute = e.dispute();
    *env.out << "\ndispute opened by " << dispute.opened_by() << " at "
             << FormatTimestamp(dispute.open_time());
    if (!dispute.resolved_by().empty()) {
      *env.out << ", resolved by " << dispute.resolved_by() << " at "
               << FormatTimestamp(dispute.resolve_time());
    }
    if (dispute.has_score_before() || dispute.has_score_after()) {
      *env.out << absl::StrFormat(
          ", score %s -> %s",
          dispute.has_score_before() ? absl::StrFormat("%.1f", dispute.score_before()) : "n/a",
          dispute.has_score_after() ? absl::StrFormat("%.1f", dispute.score_after()) : "n/a");
    }
    *env.out << "\n";
    Table items;
    items.header = {"CRITERION", "REASON", "OUTCOME", "BEFORE", "AFTER", "RESOLUTION"};
    for (const v1::ContestedCriterion& item : dispute.items()) {
      std::string before, after;
      if (item.outcome() != v1::DISPUTE_OUTCOME_UNSPECIFIED) {
        before = item.original_not_applicable() ? "N/A"
                 : item.has_original_value()    ? absl::StrCat(item.original_value())
                                                : "";
        after = item.outcome() == v1::DISPUTE_OUTCOME_UPHELD ? before
                : item.adjusted_not_applicable()             ? "N/A"
                                                             : absl::StrCat(item.adjusted_value());
      }
      items.rows.push_back({item.criterion_key(), item.reason(), ShortEnumName(item.outcome()),
                            before, after, item.resolution_reason()});
    }
    *env.out << RenderTable(items, env.width);
  }
}

int RunEvaluationShow(const CommandEnv& env, const ParsedArgs& args) {
  int64_t id = 0;
  if (!ParseId(args.positional[0], &id)) {
    return UsageError(env, absl::StrCat("'", args.positional[0],
                                        "' is not an evaluation id (a positive number)"));
  }
  Evaluation evaluation;
  grpc::Status status = FetchEvaluation(env, id, &evaluation);
  if (!status.ok()) return RpcFailure(env, status);
  PrintEvaluation(env, evaluation);
  return kExitOk;
}

// Reads the answers file: an Evaluation in the proto JSON mapping of which only answers,
// overall_comment and coaching_notes are used.
int RunSubmit(const CommandEnv& env, const ParsedArgs& args) {
  v1::SubmitEvaluationRequest request;
  if (std::optional<std::string> draft = args.Value("draft")) {
    if (!args.positional.empty() || args.Has("scorecard") || args.Has("answers")) {
      return UsageError(
          env, "--draft submits a stored draft: give no interaction, --scorecard or --answers");
    }
    int64_t id = 0;
    if (!ParseId(*draft, &id))
      return UsageError(env, absl::StrCat("--draft: '", *draft, "' is not an evaluation id"));
    Evaluation current;
    grpc::Status status = FetchEvaluation(env, id, &current);
    if (!status.ok()) return RpcFailure(env, status);
    request.set_id(id);
    request.set_etag(current.etag());
  } else {
    if (args.positional.size() != 1)
      return UsageError(env, "give the interaction id, or --draft ID");
    int64_t interaction = 0;
    if (!ParseId(args.positional[0], &interaction)) {
      return UsageError(env, absl::StrCat("'", args.positional[0], "' is not an interaction id"));
    }
    const std::optional<std::string> scorecard = args.Value("scorecard");
    const std::optional<std::string> answers = args.Value("answers");
    if (!scorecard || !answers) return UsageError(env, "--scorecard and --answers are required");
    Evaluation* evaluation = request.mutable_evaluation();
    absl::StatusOr<Evaluation> read = ReadEvaluationAnswersFile(*answers);
    if (!read.ok()) return InputError(env, read.status().message());
    *evaluation = *std::move(read);
    evaluation->set_interaction_id(interaction);
    evaluation->set_scorecard_id(*scorecard);
    if (std::optional<std::string> version = args.Value("version")) {
      int32_t number = 0;
      if (!absl::SimpleAtoi(*version, &number) || number < 0) {
        return UsageError(env, absl::StrCat("--version: '", *version, "' is not a version number"));
      }
      evaluation->set_scorecard_version(number);
    }
    request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  }
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Evaluation submitted;
  grpc::Status status =
      EvaluationService::NewStub(env.channel)->SubmitEvaluation(&context, request, &submitted);
  if (!status.ok()) return RpcFailure(env, status);
  PrintEvaluation(env, submitted);
  return kExitOk;
}

int RunAcknowledge(const CommandEnv& env, const ParsedArgs& args) {
  int64_t id = 0;
  if (!ParseId(args.positional[0], &id)) {
    return UsageError(env, absl::StrCat("'", args.positional[0], "' is not an evaluation id"));
  }
  v1::AcknowledgeEvaluationRequest request;
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  request.set_id(id);
  request.set_comment(args.Value("comment").value_or(""));
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Evaluation acknowledged;
  grpc::Status status = EvaluationService::NewStub(env.channel)
                            ->AcknowledgeEvaluation(&context, request, &acknowledged);
  if (!status.ok()) return RpcFailure(env, status);
  PrintEvaluation(env, acknowledged);
  return kExitOk;
}

}  // namespace

GroupSpec EvaluationsGroup() {
  GroupSpec group{"evaluations", "QA evaluations: list, show, submit, acknowledge.", {}};
  VerbSpec list{
      "list",
      "List evaluations, newest first.",
      "",
      0,
      0,
      "Lists evaluations, newest first, one page unless --all is given. Agents see only their\n"
      "own submitted evaluations; team leads those of their team.",
      {
          FieldFlag("agent", "ID", "agent_employee_id", "Only this agent's evaluations."),
          FieldFlag("team", "ID", "team_id", "Only evaluations of this team."),
          FieldFlag("evaluator", "ID", "evaluator_employee_id",
                    "Only this evaluator's evaluations."),
          FieldFlag("scorecard", "ID", "scorecard_id",
                    "Only evaluations made with this scorecard."),
          FieldFlag("band", "BAND", "band",
                    "Only this band: unacceptable, basic, good, excellent, above-expectations."),
          FieldFlag("state", "STATE", "state",
                    "Only this state: draft, submitted, acknowledged, disputed, dispute-resolved."),
          FieldFlag("interaction", "ID", "interaction_id", "Only evaluations of this interaction."),
          FieldFlag("since", "TIME", "submitted_after",
                    "Only submitted at or after this RFC 3339 time."),
          FieldFlag("until", "TIME", "submitted_before",
                    "Only submitted before this RFC 3339 time."),
          FieldFlag("page-size", "N", "page_size",
                    "Evaluations per page (default 50, at most 1000)."),
          FieldFlag("page-token", "TOKEN", "page_token",
                    "Continue from a previous page's next_page_token."),
          SwitchFlag("all", "Fetch every page and print them as one list."),
      },
      RunEvaluationList};
  VerbSpec show{"show",
                "Show one evaluation with every answer and its dispute.",
                "ID",
                1,
                1,
                "Shows the evaluation: per criterion its section, title, answer and comment; the\n"
                "score (one decimal), band, state, dispute deadline and the dispute, if any.",
                {},
                RunEvaluationShow};
  VerbSpec submit{
      "submit",
      "Submit an evaluation: a new one from a file, or a stored draft.",
      "[INTERACTION]",
      0,
      1,
      "Without --draft, scores INTERACTION in one call. --answers names a JSON file holding an\n"
      "Evaluation in the proto JSON mapping, of which answers, overallComment and coachingNotes\n"
      "are used, e.g.\n"
      "  {\"answers\": [{\"criterionKey\": \"greeting\", \"value\": 1},\n"
      "               {\"criterionKey\": \"tone\", \"notApplicable\": true, \"comment\": \"…\"}],\n"
      "   \"overallComment\": \"…\", \"coachingNotes\": \"…\"}\n"
      "Every criterion of the scorecard needs an answer; the server computes the score.\n"
      "With --draft ID, submits that stored draft as it is (read first for its etag).",
      {
          ValueFlag("scorecard", "ID", "The scorecard to score against."),
          ValueFlag("version", "N", "The scorecard version (default: the newest published)."),
          ValueFlag("answers", "FILE.json", "The answers and comments (see above)."),
          ValueFlag("draft", "ID", "Submit this stored draft instead."),
          ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given."),
      },
      RunSubmit};
  VerbSpec acknowledge{
      "acknowledge",
      "Accept a submitted evaluation (the evaluated agent only).",
      "ID",
      1,
      1,
      "Marks the evaluation acknowledged; final. --comment adds the agent's remark.",
      {ValueFlag("comment", "TEXT", "The agent's comment, at most 4000 characters."),
       ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
      RunAcknowledge};
  group.verbs = {list, show, submit, acknowledge};
  return group;
}

}  // namespace escala::client
