#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "client/core/args.h"
#include "client/core/channel.h"
#include "client/core/cli_field_names.h"
#include "client/core/output.h"

namespace escala::client {

// Exit status of the escala command.
enum ExitCode : int {
  kExitOk = 0,
  // An RPC failed, or an import rejected rows.
  kExitFailure = 1,
  // The command line or an input file's header is wrong; nothing was sent.
  kExitUsage = 2,
};

// The global flags, resolved.
struct GlobalOptions {
  std::string server;
  OutputFormat output = OutputFormat::kTable;
  // Deadline of each unary RPC.
  absl::Duration timeout = absl::Seconds(30);
  // Whether --timeout was given; only then does an import stream get a deadline.
  bool timeout_given = false;
};

// What a command runs with.
struct CommandEnv {
  GlobalOptions options;
  // What `channel` was made from; login makes a channel of its own from it with another token.
  ChannelSettings connection;
  std::shared_ptr<grpc::Channel> channel;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  // Width that tables must fit.
  int width = 120;
  // The command as typed, e.g. "escala people list", for hints.
  std::string path;
  // The command's names for API fields, used in the server's errors.
  CliFieldNames field_names;
};

using CommandRunner = std::function<int(const CommandEnv&, const ParsedArgs&)>;

// A command of a group, e.g. `people list`.
struct VerbSpec {
  std::string name;
  // One line for the group's help.
  std::string summary;
  // Positional arguments as shown in the usage line, e.g. "EMPLOYEE_ID".
  std::string arguments;
  size_t min_arguments = 0;
  size_t max_arguments = 0;
  // Paragraph shown under the usage line.
  std::string description;
  std::vector<FlagSpec> flags;
  CommandRunner run;
  // API field paths the command sets other than through a flag's field_path, and the name the
  // user knows them by: flags the command reads itself ({"period_start", "--from"}).
  std::vector<std::pair<std::string, std::string>> field_names;
  // The file columns of an import verb: the server's field paths are shown as column names.
  const ColumnTable* import_columns = nullptr;
  // false: no channel is made before `run` (login makes its own, logout needs none), so
  // connection settings that cannot be used do not stop it.
  bool needs_channel = true;
};

// A group of commands, e.g. `people`. A group without verbs is itself a command (`health`),
// described by its single entry in `verbs` whose name is empty.
struct GroupSpec {
  std::string name;
  std::string summary;
  std::vector<VerbSpec> verbs;
};

GroupSpec HealthGroup();
GroupSpec SlaGroup();
GroupSpec PromotionGroup();
GroupSpec StaffingGroup();
GroupSpec PeopleGroup();
GroupSpec TeamsGroup();
GroupSpec ScorecardsGroup();
GroupSpec InteractionsGroup();
GroupSpec LoginGroup();
GroupSpec LogoutGroup();
GroupSpec WhoAmIGroup();
GroupSpec AuditGroup();
GroupSpec EventsGroup();
GroupSpec TokensGroup();
GroupSpec ServiceAccountsGroup();
GroupSpec EvaluateGroup();
GroupSpec EvaluationsGroup();
GroupSpec DisputesGroup();
GroupSpec QueueGroup();
GroupSpec AssignmentsGroup();
GroupSpec PlansGroup();
GroupSpec QaGroup();
GroupSpec CalibrationGroup();
GroupSpec CoursesGroup();
GroupSpec TrainingGroup();
GroupSpec SessionsGroup();
GroupSpec EnrolGroup();
GroupSpec AttendanceGroup();
GroupSpec WithdrawGroup();
GroupSpec EnrolmentsGroup();
GroupSpec MyGroup();
GroupSpec CalendarGroup();
GroupSpec CompletionsGroup();
GroupSpec AssessmentsGroup();
GroupSpec CertificationsGroup();
GroupSpec PathsGroup();
GroupSpec ReportGroup();
GroupSpec LevelsGroup();
// `sessions roster`, from the enrolment commands.
VerbSpec SessionRosterVerb();
// `sessions ics`, from the calendar commands.
VerbSpec SessionIcsVerb();
// `my certifications` and `my path`, from the certification commands.
VerbSpec MyCertificationsVerb();
VerbSpec MyPathVerb();
// `promotion nominate|review|approve|reject|withdraw|list|show|acknowledge`, from the promotion
// case commands.
std::vector<VerbSpec> PromotionCaseVerbs();
// `promotion flags` and `promotion flag check|show|ack|close`, from the regression flag
// commands.
std::vector<VerbSpec> RegressionFlagVerbs();

// Prints "<path>: <reason>" and a hint to --help on stderr; returns kExitUsage.
int UsageError(const CommandEnv& env, absl::string_view reason);

// Prints "<path>: <reason>" on stderr for an input file that cannot be used at all (unreadable,
// bad header); returns kExitUsage since nothing was sent.
int InputError(const CommandEnv& env, absl::string_view reason);

// Prints "CODE: message" on stderr, e.g. "NOT_FOUND: no person 'x'". When the status's details
// name fields (google.rpc.BadRequest, client/core/error_details.h), they are printed from there,
// each as "field: rule" with the field in the command's own names (env.field_names: "--email",
// a file column): one instead of the message, several one per line after
// "INVALID_ARGUMENT: 3 field violations:". Returns kExitFailure.
int RpcFailure(const CommandEnv& env, const grpc::Status& status);

// The name of a status code as gRPC spells it: "NOT_FOUND", "UNAVAILABLE", …
std::string StatusCodeName(grpc::StatusCode code);

// Prints `table` as --output asks: aligned columns (fitted to the terminal), or CSV of the same
// cells. JSON is the caller's: the whole reply.
void PrintTable(const CommandEnv& env, const Table& table);

// Gives a unary RPC the --timeout deadline.
void SetDeadline(const GlobalOptions& options, grpc::ClientContext* context);

// Sets the fields of *message named by the field_path of the given flags. On a value that does
// not parse, prints a usage error naming the flag and returns kExitUsage; else kExitOk.
int ApplyFieldFlags(const CommandEnv& env, const ParsedArgs& args,
                    google::protobuf::Message* message);

// Flags for the fields of a column table, except for the columns named in `skip`: one per
// column, named like the column with '-' for '_' (--talk-seconds), or by the column's short
// alias with the long name as a second name (--agent, --agent-employee-id).
// `type` is the message the columns belong to; it gives each flag's value hint.
std::vector<FlagSpec> ColumnFlags(const ColumnTable& columns,
                                  const google::protobuf::Descriptor& type,
                                  const std::vector<std::string>& skip = {});

// Calls a List RPC page after page: once, or with `all` until next_page_token is empty. The
// items of every page are appended to *merged, whose next_page_token is that of the last page.
// Without `all`, a next page token is printed on stderr.
template <typename Request, typename Response>
grpc::Status ListPages(
    const CommandEnv& env, bool all, Request request,
    const std::function<grpc::Status(grpc::ClientContext*, const Request&, Response*)>& call,
    Response* merged) {
  while (true) {
    grpc::ClientContext context;
    SetDeadline(env.options, &context);
    Response page;
    grpc::Status status = call(&context, request, &page);
    if (!status.ok()) return status;
    const std::string token = page.next_page_token();
    merged->MergeFrom(page);
    merged->set_next_page_token(token);
    if (token.empty()) return grpc::Status::OK;
    if (!all) {
      *env.err << "next_page_token: " << token << "\n";
      return grpc::Status::OK;
    }
    // A server that hands back the token it was given would keep this loop going forever.
    if (token == request.page_token()) {
      return grpc::Status(grpc::StatusCode::INTERNAL, "server repeated the same next_page_token");
    }
    request.set_page_token(token);
  }
}

}  // namespace escala::client
