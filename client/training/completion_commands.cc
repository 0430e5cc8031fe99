// `escala completions list|import` (CompletionService) and `escala assessments record`
// (AttendanceService.RecordAssessment): what training people completed, and the assessment
// scores that decide it.

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "client/core/batch_rejections.h"
#include "client/core/command.h"
#include "client/core/csv_reader.h"
#include "client/core/enum_names.h"
#include "client/core/error_details.h"
#include "client/core/field_problem.h"
#include "client/core/import_report.h"
#include "client/core/request_id.h"
#include "client/core/table_printer.h"
#include "client/core/time_text.h"
#include "client/core/utf8_text.h"
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

// Records per ImportCompletions request: the server's limit.
constexpr size_t kRecordsPerRequest = 1000;

// The file's column for a field path of the server, relative to a record.
std::string CompletionColumnOf(const std::string& field) {
  if (field == "person_employee_id") return "employee_id";
  if (field == "assessment_score_percent") return "assessment_score";
  return field;
}

// An RFC 3339 time, or a civil date "YYYY-MM-DD" read as 00:00 UTC.
absl::StatusOr<google::protobuf::Timestamp> ParseCompletionTime(const std::string& text) {
  absl::CivilDay day;
  if (text.size() == 10 && absl::ParseCivilTime(text, &day)) {
    google::protobuf::Timestamp t;
    t.set_seconds(absl::ToUnixSeconds(absl::FromCivil(day, absl::UTCTimeZone())));
    return t;
  }
  absl::StatusOr<google::protobuf::Timestamp> parsed = ParseTimestamp(text);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is neither an RFC 3339 time nor a date YYYY-MM-DD"));
  }
  return parsed;
}

int RunCompletionImport(const CommandEnv& env, const ParsedArgs& args) {
  const std::string& path = args.positional[0];
  const std::string mode_text = args.Value("mode").value_or("keep-valid");
  v1::ImportMode mode = v1::IMPORT_MODE_KEEP_VALID;
  if (mode_text == "all-or-nothing") {
    mode = v1::IMPORT_MODE_ALL_OR_NOTHING;
  } else if (mode_text != "keep-valid") {
    return UsageError(env, "--mode must be keep-valid or all-or-nothing");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return InputError(env, absl::StrCat("cannot open ", path));
  CsvReader reader(in);
  CsvRecord record;
  if (!reader.Next(&record) || record.error.has_value()) {
    return InputError(env, absl::StrCat(path, ": a header row is needed"));
  }
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    column.emplace(absl::AsciiStrToLower(absl::StripAsciiWhitespace(record.fields[i])), i);
  }
  // Accepted spellings of each column, the first found wins.
  const std::map<std::string, std::vector<std::string>> aliases = {
      {"employee_id", {"employee_id"}},
      {"course_id", {"course_id", "course_code"}},
      {"course_version", {"course_version"}},
      {"completion_time", {"completion_time", "completion_date"}},
      {"assessment_score", {"assessment_score", "score"}}};
  std::map<std::string, size_t> at;
  for (const auto& [name, spellings] : aliases) {
    for (const std::string& spelling : spellings) {
      auto found = column.find(spelling);
      if (found != column.end()) {
        at[name] = found->second;
        break;
      }
    }
  }
  for (const char* needed : {"employee_id", "course_id", "completion_time"}) {
    if (!at.contains(needed)) {
      return InputError(env, absl::StrCat(path,
                                          ": the header needs the columns employee_id, "
                                          "course_id, completion_time (and optionally "
                                          "course_version, assessment_score); '",
                                          needed, "' is missing"));
    }
  }
  ImportReport report;
  std::vector<v1::CompletionImportRecord> records;
  std::vector<int64_t> lines;
  while (reader.Next(&record)) {
    if (record.error.has_value()) {
      report.AddRejectedRecord({{record.line, "", record.error->reason}});
      continue;
    }
    auto cell = [&](const std::string& name) -> std::string {
      auto found = at.find(name);
      if (found == at.end() || found->second >= record.fields.size()) return "";
      return std::string(absl::StripAsciiWhitespace(record.fields[found->second]));
    };
    std::vector<FieldProblem> problems;
    for (const auto& [name, index] : at) {
      const std::string invalid = DescribeInvalidUtf8(cell(name));
      if (!invalid.empty()) problems.push_back({record.line, name, invalid});
    }
    if (!problems.empty()) {
      report.AddRejectedRecord(problems);
      continue;
    }
    v1::CompletionImportRecord out;
    out.set_person_employee_id(cell("employee_id"));
    out.set_course_id(cell("course_id"));
    if (const std::string version = cell("course_version"); !version.empty()) {
      int number = 0;
      if (!absl::SimpleAtoi(version, &number) || number <= 0) {
        problems.push_back({record.line, "course_version",
                            absl::StrCat("'", version,
                                         "' is not a version number (leave it empty for the "
                                         "version current at the completion)")});
      }
      out.set_course_version(number);
    }
    if (const std::string time = cell("completion_time"); time.empty()) {
      problems.push_back({record.line, "completion_time", "is required"});
    } else {
      absl::StatusOr<google::protobuf::Timestamp> parsed = ParseCompletionTime(time);
      if (parsed.ok()) {
        *out.mutable_completion_time() = *parsed;
      } else {
        problems.push_back(
            {record.line, "completion_time", std::string(parsed.status().message())});
      }
    }
    if (const std::string score = cell("assessment_score"); !score.empty()) {
      int percent = 0;
      if (!absl::SimpleAtoi(score, &percent)) {
        problems.push_back({record.line, "assessment_score",
                            absl::StrCat("'", score, "' is not a whole percent from 0 to 100")});
      }
      out.set_assessment_score_percent(percent);
    }
    if (!problems.empty()) {
      report.AddRejectedRecord(problems);
      continue;
    }
    records.push_back(std::move(out));
    lines.push_back(record.line);
  }
  if (mode == v1::IMPORT_MODE_ALL_OR_NOTHING && records.size() > kRecordsPerRequest) {
    return InputError(env,
                      absl::StrCat("--mode all-or-nothing sends the file in one request, "
                                   "which takes at most ",
                                   kRecordsPerRequest, " rows; ", path, " has ", records.size()));
  }
  int imported = 0, present = 0;
  grpc::Status failed;
  const bool send = mode == v1::IMPORT_MODE_KEEP_VALID || report.rejected_count() == 0;
  std::unique_ptr<CompletionService::Stub> stub = CompletionService::NewStub(env.channel);
  for (size_t first = 0; send && first < records.size() && failed.ok();
       first += kRecordsPerRequest) {
    const size_t end = std::min(records.size(), first + kRecordsPerRequest);
    v1::ImportCompletionsRequest request;
    request.set_mode(mode);
    for (size_t i = first; i < end; ++i) *request.add_completions() = records[i];
    request.set_request_id(NewRequestId());
    grpc::ClientContext context;
    SetDeadline(env.options, &context);
    v1::ImportCompletionsResponse response;
    grpc::Status status = stub->ImportCompletions(&context, request, &response);
    const SentBatch batch{lines, first, end};
    if (status.ok()) {
      imported += response.imported_count();
      present += response.already_present_count();
      ReportRejectedResults(response.results(), batch, CompletionColumnOf, report);
      continue;
    }
    // All or nothing: a refusal naming records is reported on their lines.
    if (!ReportRefusedRecords(status, "completions", batch, CompletionColumnOf, report)) {
      failed = status;
      break;
    }
  }
  for (const FieldProblem& problem : report.SortedProblems()) {
    *env.err << FormatProblem(problem) << "\n";
  }
  if (mode == v1::IMPORT_MODE_ALL_OR_NOTHING && report.rejected_count() > 0) {
    *env.err << "nothing was written (--mode all-or-nothing)\n";
  }
  *env.out << "imported " << imported << ", already present " << present << ", rejected "
           << report.rejected_count() << "\n";
  if (!failed.ok()) return RpcFailure(env, failed);
  return report.rejected_count() == 0 ? kExitOk : kExitFailure;
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
  VerbSpec import{
      "import",
      "Import completions of the past from a CSV file.",
      "FILE",
      1,
      1,
      "FILE is CSV with a header row and the columns employee_id, course_id (or\n"
      "course_code), completion_time (RFC 3339, or a date YYYY-MM-DD read as 00:00 UTC;\n"
      "completion_date is read when there is no completion_time) and, optionally,\n"
      "course_version (empty: the version current at the completion) and assessment_score\n"
      "(or score: whole percent, only for a course version with a pass mark). Other columns\n"
      "are ignored, so 'completions list --output csv' imports as it is. A row already\n"
      "stored (same person, course version and completion time) is counted as already\n"
      "present and not written again. Rows that cannot be read or that the server refuses\n"
      "are reported on stderr as 'line N: column: reason'. Prints 'imported X, already\n"
      "present Y, rejected Z'; exits 1 when any row was rejected.",
      {ValueFlag("mode", "keep-valid|all-or-nothing",
                 "keep-valid (default) writes the valid rows and reports the others; "
                 "all-or-nothing writes nothing unless every row is valid (at most 1000 rows).")},
      RunCompletionImport};
  group.verbs = {list, import};
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
