// `escala calibration …`: calibration sessions, blind scoring and the agreement reports.

#include <functional>
#include <memory>
#include <optional>
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
#include "client/core/request_id.h"
#include "client/core/time_text.h"
#include "client/qa/evaluation_answers_file.h"
#include "client/qa/qa_csv.h"
#include "escala/v1/calibration.grpc.pb.h"

namespace escala::client {
namespace {

using v1::CalibrationService;
using v1::CalibrationSession;

std::string StateName(v1::CalibrationState state) {
  switch (state) {
    case v1::CALIBRATION_STATE_OPEN:
      return "open";
    case v1::CALIBRATION_STATE_CLOSED:
      return "closed";
    default:
      return "";
  }
}

std::string Number(double value) { return absl::StrFormat("%.1f", value); }

std::string Optional(bool present, double value, const char* format = "%.3f") {
  return present ? absl::StrFormat(format, value) : "n/a";
}

// A table as --output asks: aligned columns, or CSV with the same header.
std::string RenderRows(const CommandEnv& env, const Table& table) {
  if (env.options.output == OutputFormat::kCsv) return CsvOfTable(table);
  return RenderTable(table, env.width);
}

// Prints `message` as JSON when asked, else `render()`.
int Print(const CommandEnv& env, const google::protobuf::Message& message,
          const std::function<std::string()>& render) {
  *env.out << (env.options.output == OutputFormat::kJson ? ToPrettyJson(message) : render());
  return kExitOk;
}

std::string SessionDetail(const CommandEnv& env, const CalibrationSession& session) {
  Table table;
  table.header = {"FIELD", "VALUE"};
  std::vector<std::string> interactions;
  for (int64_t id : session.interaction_ids()) interactions.push_back(absl::StrCat(id));
  table.rows = {
      {"id", absl::StrCat(session.id())},
      {"title", session.title()},
      {"state", StateName(session.state())},
      {"scorecard", absl::StrCat(session.scorecard_id(), " v", session.scorecard_version())},
      {"interactions", absl::StrJoin(interactions, ", ")},
      {"evaluators", absl::StrJoin(session.evaluator_employee_ids(), ", ")},
      {"expert", session.expert_employee_id()},
      {"deadline", FormatTimestamp(session.deadline_time())},
      {"created_by", session.created_by()},
      {"create_time", FormatTimestamp(session.create_time())},
      {"close_time", session.has_close_time() ? FormatTimestamp(session.close_time()) : ""},
  };
  return RenderRows(env, table);
}

int PrintSession(const CommandEnv& env, const CalibrationSession& session) {
  return Print(env, session, [&] { return SessionDetail(env, session); });
}

// A positive id argument, or a usage error naming it.
std::optional<int64_t> ParseId(const CommandEnv& env, const std::string& text,
                               const std::string& what) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) {
    UsageError(env, absl::StrCat(what, " must be a positive number, got '", text, "'"));
    return std::nullopt;
  }
  return id;
}

// Every item of a list flag: it may be repeated, and each value may itself be a list, so
// `--evaluator A,B --evaluator C` and `--evaluator "A B C"` both give {"A","B","C"}.
std::vector<std::string> ListItems(const ParsedArgs& args, absl::string_view flag) {
  std::vector<std::string> items;
  for (const std::string& text : args.Values(flag)) {
    for (absl::string_view item : absl::StrSplit(text, absl::ByAnyChar(", "), absl::SkipEmpty())) {
      items.emplace_back(item);
    }
  }
  return items;
}

int RunCreate(const CommandEnv& env, const ParsedArgs& args) {
  v1::CreateCalibrationSessionRequest request;
  CalibrationSession* session = request.mutable_session();
  if (std::optional<std::string> request_id = args.Value("request-id"))
    request.set_request_id(*request_id);
  session->set_title(*args.Value("title"));
  session->set_scorecard_id(*args.Value("scorecard"));
  if (std::optional<std::string> version = args.Value("scorecard-version")) {
    int32_t number = 0;
    if (!absl::SimpleAtoi(*version, &number)) {
      return UsageError(env,
                        absl::StrCat("--scorecard-version must be a number, got '", *version, "'"));
    }
    session->set_scorecard_version(number);
  }
  for (const std::string& item : ListItems(args, "interaction")) {
    std::optional<int64_t> id = ParseId(env, item, "--interaction");
    if (!id) return kExitUsage;
    session->add_interaction_ids(*id);
  }
  for (const std::string& item : ListItems(args, "evaluator")) {
    session->add_evaluator_employee_ids(item);
  }
  session->set_expert_employee_id(args.Value("expert").value_or(""));
  absl::StatusOr<google::protobuf::Timestamp> deadline = ParseTimestamp(*args.Value("deadline"));
  if (!deadline.ok())
    return UsageError(env, absl::StrCat("--deadline: ", deadline.status().message()));
  *session->mutable_deadline_time() = *deadline;
  CalibrationSession created;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = CalibrationService::NewStub(env.channel)
                            ->CreateCalibrationSession(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintSession(env, created);
}

int RunList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListCalibrationSessionsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  if (std::optional<std::string> state = args.Value("state")) {
    if (*state == "open") {
      request.set_state(v1::CALIBRATION_STATE_OPEN);
    } else if (*state == "closed") {
      request.set_state(v1::CALIBRATION_STATE_CLOSED);
    } else {
      return UsageError(env, absl::StrCat("--state must be open or closed, got '", *state, "'"));
    }
  }
  std::unique_ptr<CalibrationService::Stub> stub = CalibrationService::NewStub(env.channel);
  v1::ListCalibrationSessionsResponse sessions;
  grpc::Status status =
      ListPages<v1::ListCalibrationSessionsRequest, v1::ListCalibrationSessionsResponse>(
          env, args.Has("all"), request,
          [&stub](grpc::ClientContext* context,
                  const v1::ListCalibrationSessionsRequest& page_request,
                  v1::ListCalibrationSessionsResponse* page) {
            return stub->ListCalibrationSessions(context, page_request, page);
          },
          &sessions);
  if (!status.ok()) return RpcFailure(env, status);
  return Print(env, sessions, [&] {
    Table table;
    table.header = {"ID",           "TITLE",      "STATE",  "SCORECARD",
                    "INTERACTIONS", "EVALUATORS", "EXPERT", "DEADLINE"};
    for (const CalibrationSession& s : sessions.sessions()) {
      table.rows.push_back({absl::StrCat(s.id()), s.title(), StateName(s.state()),
                            absl::StrCat(s.scorecard_id(), " v", s.scorecard_version()),
                            absl::StrCat(s.interaction_ids_size()),
                            absl::StrCat(s.evaluator_employee_ids_size()), s.expert_employee_id(),
                            FormatTimestamp(s.deadline_time())});
    }
    return RenderRows(env, table);
  });
}

int RunShow(const CommandEnv& env, const ParsedArgs& args) {
  std::optional<int64_t> id = ParseId(env, args.positional[0], "SESSION_ID");
  if (!id) return kExitUsage;
  v1::GetCalibrationSessionRequest request;
  request.set_id(*id);
  CalibrationSession session;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      CalibrationService::NewStub(env.channel)->GetCalibrationSession(&context, request, &session);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintSession(env, session);
}

std::string CalibrationScoreText(const v1::CalibrationScore& score) {
  return score.has_score() ? Number(score.score()) : "n/a";
}

int RunScore(const CommandEnv& env, const ParsedArgs& args) {
  std::optional<int64_t> session_id = ParseId(env, args.positional[0], "SESSION_ID");
  if (!session_id) return kExitUsage;
  std::optional<int64_t> interaction_id = ParseId(env, args.positional[1], "INTERACTION_ID");
  if (!interaction_id) return kExitUsage;
  // The same answers file as `escala evaluate --answers`.
  absl::StatusOr<v1::Evaluation> answers = ReadEvaluationAnswersFile(*args.Value("answers"));
  if (!answers.ok()) return InputError(env, answers.status().message());
  v1::SubmitCalibrationScoreRequest request;
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  v1::CalibrationScore* score = request.mutable_score();
  score->set_session_id(*session_id);
  score->set_interaction_id(*interaction_id);
  *score->mutable_answers() = answers->answers();
  score->set_overall_comment(answers->overall_comment());
  v1::CalibrationScore stored;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      CalibrationService::NewStub(env.channel)->SubmitCalibrationScore(&context, request, &stored);
  if (!status.ok()) return RpcFailure(env, status);
  return Print(env, stored, [&] {
    return absl::StrCat("scored interaction ", stored.interaction_id(), " of session ",
                        stored.session_id(), ": ", CalibrationScoreText(stored), "\n");
  });
}

std::string CalibrationAnswerText(const v1::CriterionAnswer& answer) {
  if (answer.not_applicable()) return absl::StrCat(answer.criterion_key(), "=n/a");
  return absl::StrCat(answer.criterion_key(), "=",
                      answer.has_value() ? absl::StrCat(answer.value()) : "?");
}

Table ScoresTable(const google::protobuf::RepeatedPtrField<v1::CalibrationScore>& scores) {
  Table table;
  table.header = {"INTERACTION", "EVALUATOR", "EXPERT", "SCORE", "ANSWERS", "SUBMITTED"};
  for (const v1::CalibrationScore& score : scores) {
    std::vector<std::string> answers;
    for (const v1::CriterionAnswer& answer : score.answers())
      answers.push_back(CalibrationAnswerText(answer));
    table.rows.push_back({absl::StrCat(score.interaction_id()), score.evaluator_employee_id(),
                          score.expert() ? "yes" : "", CalibrationScoreText(score),
                          absl::StrJoin(answers, " "), FormatTimestamp(score.submit_time())});
  }
  return table;
}

int RunScores(const CommandEnv& env, const ParsedArgs& args) {
  std::optional<int64_t> session_id = ParseId(env, args.positional[0], "SESSION_ID");
  if (!session_id) return kExitUsage;
  v1::ListCalibrationScoresRequest request;
  request.set_session_id(*session_id);
  // A session's scores are few (at most 50 interactions × 51 participants): every page is read.
  std::unique_ptr<CalibrationService::Stub> stub = CalibrationService::NewStub(env.channel);
  v1::ListCalibrationScoresResponse response;
  grpc::Status status =
      ListPages<v1::ListCalibrationScoresRequest, v1::ListCalibrationScoresResponse>(
          env, /*all=*/true, request,
          [&stub](grpc::ClientContext* context, const v1::ListCalibrationScoresRequest& page,
                  v1::ListCalibrationScoresResponse* out) {
            return stub->ListCalibrationScores(context, page, out);
          },
          &response);
  if (!status.ok()) return RpcFailure(env, status);
  return Print(env, response, [&] { return RenderRows(env, ScoresTable(response.scores())); });
}

int RunClose(const CommandEnv& env, const ParsedArgs& args) {
  std::optional<int64_t> id = ParseId(env, args.positional[0], "SESSION_ID");
  if (!id) return kExitUsage;
  v1::CloseCalibrationSessionRequest request;
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  request.set_id(*id);
  CalibrationSession closed;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      CalibrationService::NewStub(env.channel)->CloseCalibrationSession(&context, request, &closed);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintSession(env, closed);
}

int RunResults(const CommandEnv& env, const ParsedArgs& args) {
  std::optional<int64_t> id = ParseId(env, args.positional[0], "SESSION_ID");
  if (!id) return kExitUsage;
  v1::ComputeCalibrationResultsRequest request;
  request.set_session_id(*id);
  v1::CalibrationResults results;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = CalibrationService::NewStub(env.channel)
                            ->ComputeCalibrationResults(&context, request, &results);
  if (!status.ok()) return RpcFailure(env, status);
  return Print(env, results, [&] {
    Table evaluators;
    evaluators.header = {"EVALUATOR", "SCORED", "ALIGNMENT %", "MEAN DEVIATION",
                         "MEAN |DEVIATION|"};
    for (const v1::EvaluatorCalibration& e : results.evaluators()) {
      const bool measured = e.interactions_scored() > 0;
      evaluators.rows.push_back({e.evaluator_employee_id(), absl::StrCat(e.interactions_scored()),
                                 Optional(measured, e.alignment_percent(), "%.1f"),
                                 Optional(measured, e.mean_score_deviation(), "%+.1f"),
                                 Optional(measured, e.mean_absolute_score_deviation(), "%.1f")});
    }
    Table criteria;
    criteria.header = {"CRITERION", "ALIGNMENT %", "MEAN |DEVIATION|", "ALPHA", "KAPPA"};
    for (const v1::CriterionCalibration& c : results.criteria()) {
      criteria.rows.push_back({c.criterion_key(), absl::StrFormat("%.1f", c.alignment_percent()),
                               absl::StrFormat("%.3f", c.mean_absolute_deviation()),
                               Optional(c.has_krippendorff_alpha(), c.krippendorff_alpha()),
                               Optional(c.has_fleiss_kappa(), c.fleiss_kappa())});
    }
    if (env.options.output == OutputFormat::kCsv) return CsvOfTable(CalibrationResultsCsv(results));
    return absl::StrCat("Session ", results.session().id(), " \"", results.session().title(),
                        "\": benchmark ", results.benchmark(), ", score alpha ",
                        Optional(results.has_score_alpha(), results.score_alpha()), "\n\n",
                        RenderRows(env, evaluators), "\n", RenderRows(env, criteria));
  });
}

int RunLeniency(const CommandEnv& env, const ParsedArgs& args) {
  v1::ComputeEvaluatorLeniencyRequest request;
  for (const char* flag : {"closed-after", "closed-before"}) {
    std::optional<std::string> text = args.Value(flag);
    if (!text) continue;
    absl::StatusOr<google::protobuf::Timestamp> time = ParseTimestamp(*text);
    if (!time.ok()) return UsageError(env, absl::StrCat("--", flag, ": ", time.status().message()));
    *(std::string(flag) == "closed-after" ? request.mutable_closed_after()
                                          : request.mutable_closed_before()) = *time;
  }
  // One row per evaluator: every page is read, so the table is the whole ranking.
  std::unique_ptr<CalibrationService::Stub> stub = CalibrationService::NewStub(env.channel);
  v1::ComputeEvaluatorLeniencyResponse response;
  grpc::Status status =
      ListPages<v1::ComputeEvaluatorLeniencyRequest, v1::ComputeEvaluatorLeniencyResponse>(
          env, /*all=*/true, request,
          [&stub](grpc::ClientContext* context, const v1::ComputeEvaluatorLeniencyRequest& page,
                  v1::ComputeEvaluatorLeniencyResponse* out) {
            return stub->ComputeEvaluatorLeniency(context, page, out);
          },
          &response);
  if (!status.ok()) return RpcFailure(env, status);
  return Print(env, response, [&] {
    Table table;
    table.header = {"EVALUATOR", "MEAN DEVIATION", "SCORED", "SESSIONS", "BY MONTH"};
    for (const v1::EvaluatorLeniency& e : response.evaluators()) {
      std::vector<std::string> months;
      for (const v1::LeniencyPoint& point : e.months()) {
        months.push_back(absl::StrCat(FormatTimestamp(point.period_start_time()).substr(0, 7), " ",
                                      absl::StrFormat("%+.1f", point.mean_score_deviation())));
      }
      table.rows.push_back({e.evaluator_employee_id(),
                            absl::StrFormat("%+.1f", e.mean_score_deviation()),
                            absl::StrCat(e.interactions_scored()), absl::StrCat(e.sessions()),
                            absl::StrJoin(months, ", ")});
    }
    std::string text = RenderRows(env, table);
    if (env.options.output == OutputFormat::kTable && response.evaluators_size() > 0) {
      absl::StrAppend(&text, "most lenient: ", response.most_lenient_employee_id(),
                      "; strictest: ", response.strictest_employee_id(), "\n");
    }
    return text;
  });
}

}  // namespace

GroupSpec CalibrationGroup() {
  GroupSpec group{"calibration",
                  "Calibration sessions: evaluators score the same interactions blind, then "
                  "compare.",
                  {}};
  VerbSpec create{
      "create",
      "Start a calibration session.",
      "",
      0,
      0,
      "Creates an open session. Give lists comma-separated (--interaction 41,42), by repeating\n"
      "the flag (--evaluator E1 --evaluator E2), or both. Scorecard version 0 (the default) is\n"
      "the newest published one.",
      {Required(ValueFlag("title", "TEXT", "Title, 1-200 characters.")),
       Required(ValueFlag("scorecard", "ID", "Scorecard to score with.")),
       ValueFlag("scorecard-version", "N", "A published version; default the newest."),
       Required(Repeatable(ValueFlag("interaction", "ID[,ID...]", "1-50 interactions to score."))),
       Required(Repeatable(ValueFlag("evaluator", "EMPLOYEE_ID[,...]", "2-50 evaluators."))),
       ValueFlag("expert", "EMPLOYEE_ID", "Whose answers are the benchmark (not an evaluator)."),
       Required(
           ValueFlag("deadline", "TIME", "RFC 3339, e.g. 2026-12-01T17:00:00Z; in the future.")),
       ValueFlag("request-id", "ID",
                 "Idempotency key: repeating the command with it returns the same session.")},
      RunCreate};
  create.field_names = {{"deadline_time", "--deadline"}};
  VerbSpec list{"list",
                "List sessions, newest first.",
                "",
                0,
                0,
                "Lists the sessions you take part in or created (managers and heads of support:\n"
                "all). More pages: their token is printed on stderr.",
                {ValueFlag("state", "open|closed", "Only sessions in this state."),
                 FieldFlag("page-size", "N", "page_size", "Sessions per page (default 50)."),
                 FieldFlag("page-token", "TOKEN", "page_token", "Continue from a previous page."),
                 SwitchFlag("all", "Fetch every page.")},
                RunList};
  VerbSpec show{"show", "Show one session.", "SESSION_ID", 1, 1, "Shows the session.", {}, RunShow};
  VerbSpec score{
      "score",
      "Score one interaction of a session.",
      "SESSION_ID INTERACTION_ID",
      2,
      2,
      "Submits your answers (replacing earlier ones while the session is open). The\n"
      "answers file is the one `escala evaluate --answers` reads: protobuf JSON with\n"
      "\"answers\": [{\"criterionKey\", \"value\", \"notApplicable\", \"comment\"}] and\n"
      "\"overallComment\".",
      {Required(ValueFlag("answers", "FILE", "The answers (JSON).")),
       ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
      RunScore};
  VerbSpec scores{"scores",
                  "List the scores you may see.",
                  "SESSION_ID",
                  1,
                  1,
                  "While the session is open you see the scores of the interactions you have\n"
                  "scored yourself; once closed, every score.",
                  {},
                  RunScores};
  VerbSpec close{"close",
                 "Close a session.",
                 "SESSION_ID",
                 1,
                 1,
                 "Closes an open session (its creator, a manager or head of support).",
                 {ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
                 RunClose};
  VerbSpec results{"results",
                   "Alignment and agreement of a closed session.",
                   "SESSION_ID",
                   1,
                   1,
                   "Per evaluator: alignment with the benchmark and score deviation. Per\n"
                   "criterion: alignment, Krippendorff's alpha, Fleiss' kappa (n/a: undefined).",
                   {},
                   RunResults};
  VerbSpec leniency{"leniency",
                    "Who scores above or below the benchmark.",
                    "",
                    0,
                    0,
                    "Mean score deviation from the benchmark per evaluator over closed sessions,\n"
                    "most lenient first, with the monthly trend.",
                    {ValueFlag("closed-after", "TIME", "Sessions closed at or after this time."),
                     ValueFlag("closed-before", "TIME", "Sessions closed before this time.")},
                    RunLeniency};
  leniency.field_names = {{"closed_after", "--closed-after"}, {"closed_before", "--closed-before"}};
  group.verbs = {create, list, show, score, scores, close, results, leniency};
  return group;
}

}  // namespace escala::client
