// `escala attendance mark|show|import`: attendance of training sessions per learner and block
// (AttendanceService).

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/core/batch_rejections.h"
#include "client/core/command.h"
#include "client/core/csv_reader.h"
#include "client/core/enum_names.h"
#include "client/core/error_details.h"
#include "client/core/field_problem.h"
#include "client/core/import_report.h"
#include "client/core/request_id.h"
#include "client/core/table_printer.h"
#include "client/core/utf8_text.h"
#include "client/training/training_cli.h"
#include "escala/v1/attendance.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::AttendanceService;
using escala::v1::AttendanceStatus;

// One MarkAttendance request takes at most this many marks.
constexpr size_t kMarksPerRequest = 1000;

std::unique_ptr<AttendanceService::Stub> Stub(const CommandEnv& env) {
  return AttendanceService::NewStub(env.channel);
}

absl::StatusOr<AttendanceStatus> ParseStatus(const std::string& text) {
  absl::StatusOr<AttendanceStatus> status = ParseEnum<AttendanceStatus>(text);
  if (!status.ok() ||
      !(*status >= v1::ATTENDANCE_STATUS_PRESENT && *status <= v1::ATTENDANCE_STATUS_EXCUSED)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not present, late, partial, absent or excused"));
  }
  return status;
}

// The grid's cell: P present, L late, H half (partial), A absent, E excused, - not applicable,
// . not marked.
std::string Cell(AttendanceStatus status) {
  switch (status) {
    case v1::ATTENDANCE_STATUS_PRESENT:
      return "P";
    case v1::ATTENDANCE_STATUS_LATE:
      return "L";
    case v1::ATTENDANCE_STATUS_PARTIAL:
      return "H";
    case v1::ATTENDANCE_STATUS_ABSENT:
      return "A";
    case v1::ATTENDANCE_STATUS_EXCUSED:
      return "E";
    case v1::ATTENDANCE_STATUS_NOT_APPLICABLE:
      return "-";
    default:
      return ".";
  }
}

std::string Percent(double value) { return absl::StrFormat("%.1f", value); }

void PrintMarks(const CommandEnv& env, const v1::MarkAttendanceResponse& response) {
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return;
  }
  Table table;
  table.header = {"PERSON", "BLOCK", "STATUS", "CHANGED", "BY", "NOTE"};
  for (const v1::MarkAttendanceResult& result : response.results()) {
    if (!result.has_mark()) continue;
    const v1::AttendanceMark& mark = result.mark();
    table.rows.push_back({mark.person_employee_id(), absl::StrCat(mark.block_number()),
                          ShortEnumName(mark.status()), result.changed() ? "yes" : "no",
                          mark.marked_by(), mark.note()});
  }
  PrintTable(env, table);
}

int RunMark(const CommandEnv& env, const ParsedArgs& args) {
  absl::StatusOr<int64_t> session = ParsePositiveId(args.positional[0], "SESSION_ID");
  if (!session.ok()) return UsageError(env, session.status().message());
  int block = 0;
  if (!absl::SimpleAtoi(args.Value("block").value_or(""), &block) || block <= 0) {
    return UsageError(env, "--block must be a block number from 1");
  }
  absl::StatusOr<AttendanceStatus> status = ParseStatus(args.Value("status").value_or(""));
  if (!status.ok()) return UsageError(env, absl::StrCat("--status: ", status.status().message()));
  v1::MarkAttendanceRequest request;
  request.set_training_session_id(*session);
  v1::AttendanceMarkInput* mark = request.add_marks();
  mark->set_person_employee_id(args.Value("person").value_or(""));
  mark->set_block_number(block);
  mark->set_status(*status);
  if (auto note = args.Value("note")) mark->set_note(*note);
  if (auto reason = args.Value("reason")) request.set_reason(*reason);
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallThenPrint<v1::MarkAttendanceResponse>(
      env,
      [&](grpc::ClientContext* context, v1::MarkAttendanceResponse* out) {
        return Stub(env)->MarkAttendance(context, request, out);
      },
      [](const CommandEnv& env, const v1::MarkAttendanceResponse& response) {
        PrintMarks(env, response);
        return kExitOk;
      });
}

int RunShow(const CommandEnv& env, const ParsedArgs& args) {
  absl::StatusOr<int64_t> session = ParsePositiveId(args.positional[0], "SESSION_ID");
  if (!session.ok()) return UsageError(env, session.status().message());
  v1::ListAttendanceRequest request;
  request.set_training_session_id(*session);
  std::unique_ptr<AttendanceService::Stub> stub = Stub(env);
  v1::ListAttendanceResponse response;
  grpc::Status status = ListPages<v1::ListAttendanceRequest, v1::ListAttendanceResponse>(
      env, true, request,
      [&stub](grpc::ClientContext* context, const v1::ListAttendanceRequest& page,
              v1::ListAttendanceResponse* out) { return stub->ListAttendance(context, page, out); },
      &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  const bool csv = env.options.output == OutputFormat::kCsv;
  Table table;
  if (csv) {
    table.header = {"employee_id", "block", "status", "note"};
  } else {
    table.header = {"PERSON"};
    for (int b = 1; b <= response.block_count(); ++b) table.header.push_back(absl::StrCat("B", b));
    for (const char* title : {"TAKEN%", "ALL%", "80%?"}) table.header.push_back(title);
    if (response.has_pass_mark_percent()) {
      table.header.push_back(absl::StrCat("SCORE (PASS ", response.pass_mark_percent(), ")"));
    }
  }
  for (const v1::AttendanceRow& row : response.rows()) {
    if (csv) {
      // One row per person and block, in the import's columns.
      for (int b = 0; b < row.statuses_size(); ++b) {
        table.rows.push_back({row.person_employee_id(), absl::StrCat(b + 1),
                              ShortEnumName(row.statuses(b)),
                              b < row.notes_size() ? row.notes(b) : ""});
      }
      continue;
    }
    std::vector<std::string> cells = {row.person_employee_id()};
    for (int s : row.statuses()) cells.push_back(Cell(static_cast<AttendanceStatus>(s)));
    cells.push_back(Percent(row.attended_percent_of_taken()));
    cells.push_back(Percent(row.attended_percent_of_all()));
    cells.push_back(row.threshold_still_achievable() ? "yes" : "no");
    if (response.has_pass_mark_percent()) {
      cells.push_back(row.has_assessment_score_percent()
                          ? absl::StrCat(row.assessment_score_percent(), " ",
                                         ShortEnumName(row.assessment_result()))
                          : "-");
    }
    table.rows.push_back(std::move(cells));
  }
  PrintTable(env, table);
  if (!csv) {
    *env.out << response.started_block_count() << " of " << response.block_count()
             << " blocks started. P present, L late, H partial (half), A absent, E excused,\n"
                "- not applicable (before the booking), . not marked. 80%?: the completion\n"
                "threshold can still be reached.\n";
  }
  return kExitOk;
}

// The file's column names for the server's field names.
std::string ColumnOf(const std::string& field) {
  if (field == "person_employee_id") return "employee_id";
  if (field == "block_number") return "block";
  return field;
}

int RunImport(const CommandEnv& env, const ParsedArgs& args) {
  absl::StatusOr<int64_t> session = ParsePositiveId(args.positional[0], "SESSION_ID");
  if (!session.ok()) return UsageError(env, session.status().message());
  const std::string& path = args.positional[1];
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
    column[absl::AsciiStrToLower(absl::StripAsciiWhitespace(record.fields[i]))] = i;
  }
  for (const char* needed : {"employee_id", "block", "status"}) {
    if (!column.contains(needed)) {
      return InputError(env, absl::StrCat(path,
                                          ": the header needs the columns employee_id, "
                                          "block, status (and optionally note); '",
                                          needed, "' is missing"));
    }
  }
  ImportReport report;
  std::vector<v1::AttendanceMarkInput> marks;
  std::vector<int64_t> lines;
  while (reader.Next(&record)) {
    std::vector<FieldProblem> problems;
    if (record.error.has_value()) {
      report.AddRejectedRecord({{record.line, "", record.error->reason}});
      continue;
    }
    auto cell = [&](const std::string& name) -> std::string {
      auto found = column.find(name);
      if (found == column.end() || found->second >= record.fields.size()) return "";
      return record.fields[found->second];
    };
    for (const char* name : {"employee_id", "block", "status", "note"}) {
      const std::string invalid = DescribeInvalidUtf8(cell(name));
      if (!invalid.empty()) problems.push_back({record.line, name, invalid});
    }
    if (!problems.empty()) {
      report.AddRejectedRecord(problems);
      continue;
    }
    v1::AttendanceMarkInput mark;
    mark.set_person_employee_id(cell("employee_id"));
    int block = 0;
    if (!absl::SimpleAtoi(cell("block"), &block) || block <= 0) {
      problems.push_back(
          {record.line, "block", absl::StrCat("'", cell("block"), "' is not a block number")});
    }
    absl::StatusOr<AttendanceStatus> status = ParseStatus(cell("status"));
    if (!status.ok()) {
      problems.push_back({record.line, "status", std::string(status.status().message())});
    }
    if (!problems.empty()) {
      report.AddRejectedRecord(problems);
      continue;
    }
    mark.set_block_number(block);
    mark.set_status(*status);
    mark.set_note(cell("note"));
    marks.push_back(std::move(mark));
    lines.push_back(record.line);
  }
  if (mode == v1::IMPORT_MODE_ALL_OR_NOTHING && marks.size() > kMarksPerRequest) {
    return InputError(env, absl::StrCat("--mode all-or-nothing sends the file in one request, "
                                        "which takes at most ",
                                        kMarksPerRequest, " marks; ", path, " has ", marks.size()));
  }
  int changed = 0, unchanged = 0;
  grpc::Status failed;
  const bool send = mode == v1::IMPORT_MODE_KEEP_VALID || report.rejected_count() == 0;
  for (size_t first = 0; send && first < marks.size() && failed.ok(); first += kMarksPerRequest) {
    const size_t end = std::min(marks.size(), first + kMarksPerRequest);
    v1::MarkAttendanceRequest request;
    request.set_training_session_id(*session);
    request.set_mode(mode);
    for (size_t i = first; i < end; ++i) *request.add_marks() = marks[i];
    request.set_request_id(NewRequestId());
    if (auto reason = args.Value("reason")) request.set_reason(*reason);
    grpc::ClientContext context;
    SetDeadline(env.options, &context);
    v1::MarkAttendanceResponse response;
    grpc::Status status = Stub(env)->MarkAttendance(&context, request, &response);
    const SentBatch batch{lines, first, end};
    if (status.ok()) {
      changed += response.changed_count();
      unchanged += response.unchanged_count();
      ReportRejectedResults(response.results(), batch, ColumnOf, report);
      continue;
    }
    // All or nothing: a refusal naming marks is reported on their lines.
    if (!ReportRefusedRecords(status, "marks", batch, ColumnOf, report)) {
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
  *env.out << "changed " << changed << ", unchanged " << unchanged << ", rejected "
           << report.rejected_count() << "\n";
  if (!failed.ok()) return RpcFailure(env, failed);
  return report.rejected_count() == 0 ? kExitOk : kExitFailure;
}

}  // namespace

GroupSpec AttendanceGroup() {
  GroupSpec group{"attendance", "Attendance of training sessions: mark, show, import.", {}};
  VerbSpec mark{
      "mark",
      "Mark one learner's attendance of one block.",
      "SESSION_ID",
      1,
      1,
      "Sets the status of block --block (numbered from 1 in start order) for --person,\n"
      "who must hold a booked seat. A block is marked once it has started; marks are\n"
      "corrected until the session is closed, each change kept in the enrolment's history.",
      {Required(ValueFlag("person", "EMPLOYEE_ID", "The learner.")),
       Required(ValueFlag("block", "N", "The block, from 1.")),
       Required(ValueFlag("status", "STATUS", "present, late, partial, absent or excused.")),
       ValueFlag("note", "TEXT", "A note (at most 1000 characters)."),
       ValueFlag("reason", "TEXT", "Why, for a correction (kept in the history)."),
       ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
      RunMark};
  mark.field_names = {
      {"training_session_id", "SESSION_ID"}, {"marks[0].person_employee_id", "--person"},
      {"marks[0].block_number", "--block"},  {"marks[0].status", "--status"},
      {"marks[0].note", "--note"},           {"reason", "--reason"},
      {"request_id", "--request-id"}};
  VerbSpec show{"show",
                "Show a session's attendance grid.",
                "SESSION_ID",
                1,
                1,
                "One row per booked learner, one column per block, then the attended share over\n"
                "the blocks taken so far and over all blocks, and whether 80 % can still be\n"
                "reached. --output csv prints one row per learner and block in the import's\n"
                "columns.",
                {},
                RunShow};
  show.field_names = {{"training_session_id", "SESSION_ID"}};
  VerbSpec import{
      "import",
      "Mark attendance from a CSV file.",
      "SESSION_ID FILE",
      2,
      2,
      "FILE is CSV with a header row and the columns employee_id, block, status and,\n"
      "optionally, note: one row per learner and block. block is the block's number from 1\n"
      "in start order; status is present, late, partial, absent or excused. Rows that\n"
      "cannot be read or that the server refuses are reported on stderr as\n"
      "'line N: column: reason'. Prints 'changed X, unchanged Y, rejected Z'; exits 1 when\n"
      "any row was rejected.",
      {ValueFlag("mode", "keep-valid|all-or-nothing",
                 "keep-valid (default) writes the valid rows and reports the others; "
                 "all-or-nothing writes nothing unless every row is valid (at most 1000 rows)."),
       ValueFlag("reason", "TEXT", "Why, for corrections (kept in the history).")},
      RunImport};
  import.field_names = {{"training_session_id", "SESSION_ID"}, { "reason", "--reason" }};
  group.verbs = {mark, show, import};
  return group;
}

}  // namespace escala::client
