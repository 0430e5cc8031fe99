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
using escala::v1::ListPeopleRequest;
using escala::v1::ListPeopleResponse;
using escala::v1::PeopleService;
using escala::v1::Person;
using escala::v1::UpdatePersonRequest;
using escala::v1::UpsertPeopleRequest;
using escala::v1::UpsertPeopleResponse;

// UpsertPeople takes up to 1000; 500 keeps each transaction and each failed retry small.
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

// Sends one batch. UpsertPeople writes all or nothing, and its INVALID_ARGUMENT or
// FAILED_PRECONDITION names each bad person in its error details as "people[I]...."; those people
// are reported on their file lines and the rest of the batch is sent again, so bad rows do not
// hold back the others, as with interactions in keep-valid mode. Returns the first error that
// names no person.
grpc::Status SendPeople(const CommandEnv& env, PeopleService::Stub& stub, std::vector<Person> batch,
                        std::vector<int64_t> lines, ImportReport* report, UpsertTotals* totals) {
  while (!batch.empty()) {
    UpsertPeopleRequest request;
    for (const Person& person : batch) *request.add_people() = person;
    UpsertPeopleResponse response;
    grpc::ClientContext context;
    SetDeadline(env.options, &context);
    grpc::Status status = stub.UpsertPeople(&context, request, &response);
    if (status.ok()) {
      totals->created += response.created_count();
      totals->updated += response.updated_count();
      totals->unchanged += response.unchanged_count();
      return status;
    }
    const bool about_people = status.error_code() == grpc::StatusCode::INVALID_ARGUMENT ||
                              status.error_code() == grpc::StatusCode::FAILED_PRECONDITION;
    // Every problem of every person the server names, by the person's index in the batch.
    std::map<size_t, std::vector<FieldProblem>> rejected;
    const google::rpc::BadRequest bad_request = BadRequestOf(status);
    for (const auto& violation : bad_request.field_violations()) {
      const auto element =
          about_people ? ParseElementPath(violation.field(), "people") : std::nullopt;
      if (!element.has_value() || static_cast<size_t>(element->first) >= batch.size()) {
        return status;
      }
      const size_t index = static_cast<size_t>(element->first);
      // The field in the file's column names, the rule with any field it mentions too.
      rejected[index].push_back({lines[index],
                                 env.field_names.Find(element->second).value_or(element->second),
                                 env.field_names.Rewrite(violation.description())});
    }
    if (rejected.empty()) return status;
    // From the back, so that the indexes still to erase stay valid.
    for (auto it = rejected.rbegin(); it != rejected.rend(); ++it) {
      report->AddRejectedRecord(std::move(it->second));
      batch.erase(batch.begin() + it->first);
      lines.erase(lines.begin() + it->first);
    }
  }
  return grpc::Status::OK;
}

int RunImport(const CommandEnv& env, const ParsedArgs& args) {
  const std::string& path = args.positional[0];
  absl::StatusOr<FileFormat> format = ChooseFileFormat(args.Value("format"), path);
  if (!format.ok()) return UsageError(env, format.status().message());
  absl::StatusOr<std::unique_ptr<RecordReader>> reader =
      RecordReader::Open(path, *format, PersonColumns());
  if (!reader.ok()) return InputError(env, reader.status().message());

  std::unique_ptr<PeopleService::Stub> stub = PeopleService::NewStub(env.channel);
  ImportReport report;
  UpsertTotals totals;
  std::vector<Person> batch;
  std::vector<int64_t> lines;
  grpc::Status status;
  Person person;
  int64_t line = 0;
  std::vector<FieldProblem> problems;
  bool more = true;
  while (more && status.ok()) {
    more = (*reader)->Next(&person, &line, &problems);
    if (more && !problems.empty()) {
      report.AddRejectedRecord(problems);
    } else if (more) {
      batch.push_back(person);
      lines.push_back(line);
    }
    if (!batch.empty() && (batch.size() == kPeoplePerRequest || !more)) {
      status = SendPeople(env, *stub, std::move(batch), std::move(lines), &report, &totals);
      batch.clear();
      lines.clear();
    }
  }
  for (const FieldProblem& problem : report.SortedProblems()) {
    *env.err << FormatProblem(problem) << "\n";
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
          "\n(required: employee_id, display_name, role, level; a missing or empty active means\n"
          "true). JSON Lines files hold one Person per line in the proto JSON mapping, where an\n"
          "absent field has its default (so write \"active\": true).\n"
          "Every field is written: a column or field left out of the file is cleared.\n"
          "Rows that cannot be read or that the server refuses are reported on stderr as\n"
          "'line N: field: reason' and skipped; the others are written. Prints\n"
          "'created X, updated Y, unchanged Z, rejected W'; exits 1 when any row was rejected.",
      {ValueFlag("format", "csv|jsonl",
                 "File format; by default taken from the extension (.csv, .jsonl, .json).")},
      RunImport};
  import.import_columns = &PersonColumns();
  group.verbs = {list, get, create, update, import};
  return group;
}

}  // namespace escala::client
