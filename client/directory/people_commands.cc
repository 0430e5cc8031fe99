// `escala people …`: the people directory.

#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/error_details.h"
#include "client/core/import_report.h"
#include "client/core/record_reader.h"
#include "client/directory/person_columns.h"
#include "escala/v1/people.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::CreatePersonRequest;
using escala::v1::GetPersonRequest;
using escala::v1::ImportMode;
using escala::v1::ListPeopleRequest;
using escala::v1::ListPeopleResponse;
using escala::v1::PeopleService;
using escala::v1::Person;
using escala::v1::UpdatePersonRequest;
using escala::v1::UpsertPeopleRequest;
using escala::v1::UpsertPeopleResponse;
using escala::v1::UpsertPeopleResult;

// UpsertPeople takes up to 1000 people a request; keep-valid imports send 500 at a time to keep
// each transaction short.
constexpr size_t kMaxPeoplePerRequest = 1000;
constexpr size_t kPeoplePerRequest = 500;

Table PeopleTable(const ListPeopleResponse& response) {
  Table table;
  table.header = {"EMPLOYEE ID", "NAME", "EMAIL", "ROLE", "LEVEL", "TEAM", "HIRE DATE", "ACTIVE"};
  for (const Person& person : response.people()) {
    table.rows.push_back({person.employee_id(), person.display_name(), person.email(),
                          ShortEnumName(person.role()),
                          person.level() == 0 ? "" : absl::StrCat(person.level()), person.team_id(),
                          person.hire_date(), person.active() ? "yes" : "no"});
  }
  return table;
}

int PrintPerson(const CommandEnv& env, const Person& person) {
  *env.out << RenderResource(env.options.output, person, PersonColumns(), PersonDetailColumns(),
                             env.width);
  return kExitOk;
}

int RunList(const CommandEnv& env, const ParsedArgs& args) {
  ListPeopleRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<PeopleService::Stub> stub = PeopleService::NewStub(env.channel);
  ListPeopleResponse people;
  grpc::Status status = ListPages<ListPeopleRequest, ListPeopleResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const ListPeopleRequest& page_request,
              ListPeopleResponse* page) { return stub->ListPeople(context, page_request, page); },
      &people);
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << RenderList(
      env.options.output, people, AsMessages(people.people()), PersonColumns(),
      [&people] { return PeopleTable(people); }, env.width);
  return kExitOk;
}

int RunGet(const CommandEnv& env, const ParsedArgs& args) {
  GetPersonRequest request;
  request.set_employee_id(args.positional[0]);
  Person person;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = PeopleService::NewStub(env.channel)->GetPerson(&context, request, &person);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPerson(env, person);
}

int RunCreate(const CommandEnv& env, const ParsedArgs& args) {
  CreatePersonRequest request;
  Person* person = request.mutable_person();
  person->set_active(!args.Has("inactive"));
  if (int code = ApplyFieldFlags(env, args, person); code != kExitOk) return code;
  Person created;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      PeopleService::NewStub(env.channel)->CreatePerson(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPerson(env, created);
}

int RunUpdate(const CommandEnv& env, const ParsedArgs& args) {
  UpdatePersonRequest request;
  Person* person = request.mutable_person();
  if (int code = ApplyFieldFlags(env, args, person); code != kExitOk) return code;
  person->set_employee_id(args.positional[0]);
  for (const GivenFlag& flag : args.flags) {
    request.mutable_update_mask()->add_paths(flag.spec->field_path);
  }
  if (request.update_mask().paths().empty()) {
    return UsageError(env, "nothing to change: give at least one field flag, e.g. --display-name");
  }
  Person updated;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      PeopleService::NewStub(env.channel)->UpdatePerson(&context, request, &updated);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPerson(env, updated);
}

// Totals of the UpsertPeople replies of one import.
struct UpsertTotals {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
};

// What one import sends with every batch.
struct UpsertOptions {
  ImportMode mode = escala::v1::IMPORT_MODE_KEEP_VALID;
  // The fields every record writes (a CSV file's columns), or empty for "the fields each record
  // has" (JSON Lines): people keep the stored value of a field the file does not carry.
  google::protobuf::FieldMask update_mask;
};

// The problems of one person as a line of the file, with field names as the file spells them.
std::vector<FieldProblem> ProblemsOnLine(
    const CommandEnv& env, int64_t line,
    const google::protobuf::RepeatedPtrField<google::rpc::BadRequest::FieldViolation>& violations) {
  std::vector<FieldProblem> problems;
  for (const auto& violation : violations) {
    problems.push_back({line, env.field_names.Find(violation.field()).value_or(violation.field()),
                        env.field_names.Rewrite(violation.description())});
  }
  return problems;
}

// One UpsertPeople call with the import's options; on success adds its counts to *totals.
grpc::Status CallUpsert(const CommandEnv& env, PeopleService::Stub& stub,
                        const UpsertOptions& options, const std::vector<Person>& people,
                        UpsertPeopleResponse* response, UpsertTotals* totals) {
  UpsertPeopleRequest request;
  for (const Person& person : people) *request.add_people() = person;
  request.set_mode(options.mode);
  *request.mutable_update_mask() = options.update_mask;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = stub.UpsertPeople(&context, request, response);
  if (status.ok()) {
    totals->created += response->created_count();
    totals->updated += response->updated_count();
    totals->unchanged += response->unchanged_count();
  }
  return status;
}

// Sends one batch in keep-valid mode: the server writes the valid people and answers a result
// per person, so the rejected ones are reported on their lines and nothing is sent twice.
grpc::Status SendKeepValid(const CommandEnv& env, PeopleService::Stub& stub,
                           const UpsertOptions& options, const std::vector<Person>& batch,
                           const std::vector<int64_t>& lines, ImportReport* report,
                           UpsertTotals* totals) {
  UpsertPeopleResponse response;
  grpc::Status status = CallUpsert(env, stub, options, batch, &response, totals);
  if (!status.ok()) return status;
  for (const UpsertPeopleResult& result : response.results()) {
    if (result.outcome() != UpsertPeopleResult::OUTCOME_REJECTED) continue;
    const size_t index = static_cast<size_t>(result.index());
    const int64_t line = index < lines.size() ? lines[index] : 0;
    report->AddRejectedRecord(ProblemsOnLine(env, line, result.violations()));
  }
  return status;
}

// Sends the whole file as one all-or-nothing request. A refusal that names people is reported
// on their lines (nothing was written); any other error is returned.
grpc::Status SendAllOrNothing(const CommandEnv& env, PeopleService::Stub& stub,
                              const UpsertOptions& options, const std::vector<Person>& people,
                              const std::vector<int64_t>& lines, ImportReport* report,
                              UpsertTotals* totals) {
  UpsertPeopleResponse response;
  grpc::Status status = CallUpsert(env, stub, options, people, &response, totals);
  if (status.ok() || (status.error_code() != grpc::StatusCode::INVALID_ARGUMENT &&
                      status.error_code() != grpc::StatusCode::FAILED_PRECONDITION)) {
    return status;
  }
  std::map<size_t, google::protobuf::RepeatedPtrField<google::rpc::BadRequest::FieldViolation>>
      by_person;
  const google::rpc::BadRequest bad_request = BadRequestOf(status);
  for (const auto& violation : bad_request.field_violations()) {
    const auto element = ParseElementPath(violation.field(), "people");
    if (!element.has_value() || static_cast<size_t>(element->first) >= people.size()) {
      return status;
    }
    auto* relative = by_person[static_cast<size_t>(element->first)].Add();
    relative->set_field(element->second);
    relative->set_description(violation.description());
  }
  if (by_person.empty()) return status;
  for (const auto& [index, violations] : by_person) {
    report->AddRejectedRecord(ProblemsOnLine(env, lines[index], violations));
  }
  return grpc::Status::OK;
}

int RunImport(const CommandEnv& env, const ParsedArgs& args) {
  const std::string& path = args.positional[0];
  absl::StatusOr<FileFormat> format = ChooseFileFormat(args.Value("format"), path);
  if (!format.ok()) return UsageError(env, format.status().message());
  UpsertOptions options;
  absl::StatusOr<ImportMode> mode =
      ParseEnum<ImportMode>(args.Value("mode").value_or("keep-valid"));
  if (!mode.ok() || *mode == escala::v1::IMPORT_MODE_UNSPECIFIED) {
    return UsageError(env, "--mode must be keep-valid or all-or-nothing");
  }
  options.mode = *mode;
  absl::StatusOr<std::unique_ptr<RecordReader>> reader =
      RecordReader::Open(path, *format, PersonColumns());
  if (!reader.ok()) return InputError(env, reader.status().message());
  if (std::optional<std::vector<std::string>> columns = (*reader)->ColumnFieldPaths()) {
    for (const std::string& field : *columns) {
      if (field != "employee_id") options.update_mask.add_paths(field);
    }
  }

  std::unique_ptr<PeopleService::Stub> stub = PeopleService::NewStub(env.channel);
  ImportReport report;
  UpsertTotals totals;
  std::vector<Person> batch;
  std::vector<int64_t> lines;
  grpc::Status status;
  Person person;
  int64_t line = 0;
  std::vector<FieldProblem> problems;
  const bool all_or_nothing = options.mode == escala::v1::IMPORT_MODE_ALL_OR_NOTHING;
  bool more = true;
  while (more && status.ok()) {
    more = (*reader)->Next(&person, &line, &problems);
    if (more && !problems.empty()) {
      report.AddRejectedRecord(problems);
    } else if (more) {
      batch.push_back(person);
      lines.push_back(line);
    }
    if (!all_or_nothing && !batch.empty() && (batch.size() == kPeoplePerRequest || !more)) {
      status = SendKeepValid(env, *stub, options, batch, lines, &report, &totals);
      batch.clear();
      lines.clear();
    }
  }
  if (all_or_nothing && report.rejected_count() == 0) {
    if (batch.size() > kMaxPeoplePerRequest) {
      return InputError(env, absl::StrCat("--mode all-or-nothing sends the file in one request, "
                                          "which takes at most ",
                                          kMaxPeoplePerRequest, " people; ", path, " has ",
                                          batch.size(), " (split it or use keep-valid)"));
    }
    if (!batch.empty()) {
      status = SendAllOrNothing(env, *stub, options, batch, lines, &report, &totals);
    }
  }
  for (const FieldProblem& problem : report.SortedProblems()) {
    *env.err << FormatProblem(problem) << "\n";
  }
  if (all_or_nothing && report.rejected_count() > 0) {
    *env.err << "nothing was written (--mode all-or-nothing)\n";
  }
  *env.out << "created " << totals.created << ", updated " << totals.updated << ", unchanged "
           << totals.unchanged << ", rejected " << report.rejected_count() << "\n";
  if (!status.ok()) return RpcFailure(env, status);
  return report.rejected_count() == 0 ? kExitOk : kExitFailure;
}

std::vector<FlagSpec> ListFlags() {
  return {
      FieldFlag("team", "ID", "team_id", "Only people of this team."),
      FieldFlag("role", "ROLE", "role", "Only people with this role, e.g. agent or team-lead."),
      FieldFlag("level", "N", "level", "Only people at this support level (1-9)."),
      FieldFlag("active", "true|false", "active", "Only active or only inactive people."),
      FieldFlag("page-size", "N", "page_size",
                "People per page (server default 50, at most 1000)."),
      FieldFlag("page-token", "TOKEN", "page_token",
                "Continue from a previous page's next_page_token."),
      SwitchFlag("all", "Fetch every page and print them as one list."),
  };
}

std::vector<FlagSpec> CreateFlags() {
  std::vector<FlagSpec> flags = ColumnFlags(PersonColumns(), *Person::descriptor(), {"active"});
  for (FlagSpec& flag : flags) {
    flag.required = flag.name == "employee-id" || flag.name == "display-name" ||
                    flag.name == "role" || flag.name == "level";
  }
  flags.push_back(SwitchFlag("inactive", "Create the person as not active (default: active)."));
  return flags;
}

}  // namespace

GroupSpec PeopleGroup() {
  GroupSpec group{"people", "The people directory: list, get, create, update, import.", {}};

  VerbSpec list{"list",
                "List people ordered by employee id.",
                "",
                0,
                0,
                "Lists people ordered by employee id, one page unless --all is given. When more\n"
                "pages follow, their token is printed on stderr as 'next_page_token: TOKEN'.",
                ListFlags(),
                RunList};
  VerbSpec get{
      "get", "Show one person.", "EMPLOYEE_ID", 1, 1, "Shows the person with this employee id.", {},
      RunGet};
  VerbSpec create{"create",
                  "Create a person.",
                  "",
                  0,
                  0,
                  "Creates a person. The person is active unless --inactive is given.",
                  CreateFlags(),
                  RunCreate};
  VerbSpec update{"update",
                  "Change fields of a person.",
                  "EMPLOYEE_ID",
                  1,
                  1,
                  "Changes exactly the fields given as flags; the others keep their values.\n"
                  "An empty value clears an optional field, e.g. --team=''.",
                  ColumnFlags(PersonColumns(), *Person::descriptor(), {"employee_id"}),
                  RunUpdate};
  VerbSpec import{
      "import",
      "Create or replace people from a CSV or JSON Lines file.",
      "FILE",
      1,
      1,
      "Creates or replaces people keyed by employee id, 500 per request. CSV files need a\n"
      "header row with the columns " +
          absl::StrJoin(ColumnNames(PersonColumns()), ", ") +
          "\n(required: employee_id; a new person also needs display_name, role and level).\n"
          "Only the file's columns are written: a person already in the directory keeps the\n"
          "stored value of every column the file does not have, and an empty cell clears its\n"
          "field (an empty active means true). JSON Lines files hold one Person per line in the\n"
          "proto JSON mapping; each line writes the fields it has (an empty string or 0 counts\n"
          "as absent). A new person is active unless the file says otherwise.\n"
          "Rows that cannot be read or that the server refuses are reported on stderr as\n"
          "'line N: field: reason'. Prints 'created X, updated Y, unchanged Z, rejected W';\n"
          "exits 1 when any row was rejected.",
      {ValueFlag("format", "csv|jsonl",
                 "File format; by default taken from the extension (.csv, .jsonl, .json)."),
       ValueFlag("mode", "keep-valid|all-or-nothing",
                 "keep-valid (default) writes the valid rows and reports the others; "
                 "all-or-nothing writes nothing unless every row is valid (at most 1000 rows).")},
      RunImport};
  import.import_columns = &PersonColumns();
  group.verbs = {list, get, create, update, import};
  return group;
}

}  // namespace escala::client
