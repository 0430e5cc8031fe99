// `escala completions list` (CompletionService) and `escala assessments record`
// (AttendanceService.RecordAssessment): what training people completed, and the assessment
// scores that decide it.

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/request_id.h"
#include "client/core/table_printer.h"
#include "client/core/time_text.h"
#include "client/training/training_cli.h"
#include "escala/v1/attendance.grpc.pb.h"
#include "escala/v1/completions.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::CompletionService;

std::string Score(const v1::TrainingCompletion& c) {
  return c.has_assessment_score_percent()
             ? absl::StrCat(static_cast<int>(c.assessment_score_percent()))
             : "";
}

// The completion_date of the import's columns: the civil date in UTC.
std::string CompletionDate(const v1::TrainingCompletion& c) {
  return FormatTimestamp(c.completion_time()).substr(0, 10);
}

int RunList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListCompletionsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<CompletionService::Stub> stub = CompletionService::NewStub(env.channel);
  v1::ListCompletionsResponse response;
  grpc::Status status = ListPages<v1::ListCompletionsRequest, v1::ListCompletionsResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const v1::ListCompletionsRequest& page,
              v1::ListCompletionsResponse* out) {
        return stub->ListCompletions(context, page, out);
      },
      &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  Table table;
  if (env.options.output == OutputFormat::kCsv) {
    // The import's columns, so that a listing can be imported elsewhere.
    table.header = {"employee_id",      "course_id", "course_version",      "completion_date",
                    "assessment_score", "source",    "training_session_id", "completion_time"};
    for (const v1::TrainingCompletion& c : response.completions()) {
      table.rows.push_back(
          {c.person_employee_id(), c.course_id(), absl::StrCat(c.course_version()),
           CompletionDate(c), Score(c), ShortEnumName(c.source()),
           c.training_session_id() > 0 ? absl::StrCat(c.training_session_id()) : "",
           FormatTimestamp(c.completion_time())});
    }
  } else {
    table.header = {"ID", "PERSON", "COURSE", "VERSION", "COMPLETED", "SCORE", "SOURCE", "SESSION"};
    for (const v1::TrainingCompletion& c : response.completions()) {
      table.rows.push_back(
          {absl::StrCat(c.id()), c.person_employee_id(), c.course_id(),
           absl::StrCat(c.course_version()), FormatTimestamp(c.completion_time()), Score(c),
           ShortEnumName(c.source()),
           c.training_session_id() > 0 ? absl::StrCat(c.training_session_id()) : ""});
    }
  }
  PrintTable(env, table);
  return kExitOk;
}

int RunRecord(const CommandEnv& env, const ParsedArgs& args) {
  absl::StatusOr<int64_t> id = ParsePositiveId(args.positional[0], "ENROLMENT_ID");
  if (!id.ok()) return UsageError(env, id.status().message());
  int score = -1;
  if (!absl::SimpleAtoi(args.Value("score").value_or(""), &score) || score < 0 || score > 100) {
    return UsageError(env, "--score must be a whole percent from 0 to 100");
  }
  v1::RecordAssessmentRequest request;
  request.set_enrolment_id(*id);
  request.set_score_percent(score);
  if (auto note = args.Value("note")) request.set_note(*note);
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallThenPrint<v1::Assessment>(
      env,
      [&](grpc::ClientContext* context, v1::Assessment* out) {
        return v1::AttendanceService::NewStub(env.channel)->RecordAssessment(context, request, out);
      },
      [](const CommandEnv& env, const v1::Assessment& assessment) {
        if (env.options.output == OutputFormat::kJson) {
          *env.out << ToPrettyJson(assessment);
          return kExitOk;
        }
        Table table;
        table.header = {"ENROLMENT", "PERSON", "SESSION", "SCORE",
                        "PASS MARK", "RESULT", "BY",      "NOTE"};
        table.rows.push_back(
            {absl::StrCat(assessment.enrolment_id()), assessment.person_employee_id(),
             absl::StrCat(assessment.training_session_id()),
             absl::StrCat(assessment.score_percent()), absl::StrCat(assessment.pass_mark_percent()),
             ShortEnumName(assessment.result()), assessment.assessed_by(), assessment.note()});
        PrintTable(env, table);
        return kExitOk;
      });
}

}  // namespace

GroupSpec CompletionsGroup() {
  GroupSpec group{"completions", "Training completed: who completed which course, and when.", {}};
  VerbSpec list{
      "list",
      "List completions, newest first.",
      "",
      0,
      0,
      "Lists completion records, newest completion first: those written when a session was\n"
      "closed (source session) and imported ones. Agents see their own, team leads their\n"
      "team's. --output csv prints the import's columns first (employee_id, course_id,\n"
      "course_version, completion_date, assessment_score).",
      {FieldFlag("person", "EMPLOYEE_ID", "employee_id", "Only this person's completions."),
       FieldFlag("team", "TEAM_ID", "team_id", "Only completions of the people in this team now."),
       FieldFlag("course", "COURSE_ID", "course_id", "Only completions of this course."),
       FieldFlag("page-size", "N", "page_size", "Per page (server default 50, at most 1000)."),
       FieldFlag("page-token", "TOKEN", "page_token",
                 "Continue from a previous page's next_page_token."),
       SwitchFlag("all", "Fetch every page and print them as one list.")},
      RunList};
  list.field_names = {{"employee_id", "--person"},
                      {"team_id", "--team"},
                      {"course_id", "--course"},
                      {"page_size", "--page-size"},
                      {"page_token", "--page-token"}};
  group.verbs = {list};
  return group;
}

GroupSpec AssessmentsGroup() {
  GroupSpec group{"assessments", "Assessment scores of learners in training sessions.", {}};
  VerbSpec record{
      "record",
      "Record or correct a learner's assessment score.",
      "ENROLMENT_ID",
      1,
      1,
      "Sets the score (whole percent, 0–100) of a booked enrolment in a session of a course\n"
      "with a pass mark, once the session has started; corrected until the session is\n"
      "closed, each change kept in the enrolment's history. Prints the score and whether it\n"
      "passes.",
      {Required(ValueFlag("score", "N", "Whole percent, 0–100.")),
       ValueFlag("note", "TEXT", "A note (at most 1000 characters)."),
       ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
      RunRecord};
  record.field_names = {{"enrolment_id", "ENROLMENT_ID"},
                        {"score_percent", "--score"},
                        {"note", "--note"},
                        {"request_id", "--request-id"}};
  group.verbs = {record};
  return group;
}

}  // namespace escala::client
