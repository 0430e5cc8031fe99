// `escala enrol`, `escala withdraw`, `escala enrolments …` and `escala sessions roster`:
// enrolments in training sessions (EnrolmentService).

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/request_id.h"
#include "client/core/table_printer.h"
#include "client/core/time_text.h"
#include "client/training/training_cli.h"
#include "escala/v1/enrolments.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::Enrolment;
using escala::v1::EnrolmentService;

std::unique_ptr<EnrolmentService::Stub> EnrolmentStub(const CommandEnv& env) {
  return EnrolmentService::NewStub(env.channel);
}

int PrintEnrolment(const CommandEnv& env, const Enrolment& e) {
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(e);
    return kExitOk;
  }
  Table table;
  if (env.options.output == OutputFormat::kCsv) table.header = {"field", "value"};
  table.rows = {{"id", absl::StrCat(e.id())},
                {"session", absl::StrCat(e.training_session_id())},
                {"person", e.person_employee_id()},
                {"state", ShortEnumName(e.state())}};
  if (e.state() == v1::ENROLMENT_STATE_WAITLISTED) {
    table.rows.push_back({"queue_position", absl::StrCat(e.waitlist_position())});
    table.rows.push_back({"waitlisted_since", FormatTimestamp(e.waitlist_entered_time())});
  }
  if (e.conflicts_overridden()) table.rows.push_back({"conflicts_overridden", "yes"});
  if (e.overbooked()) table.rows.push_back({"overbooked", "yes"});
  table.rows.push_back({"team", e.team_id()});
  table.rows.push_back({"created_by", e.created_by()});
  table.rows.push_back({"created", FormatTimestamp(e.create_time())});
  table.rows.push_back({"updated", FormatTimestamp(e.update_time())});
  PrintTable(env, table);
  return kExitOk;
}

// The enrolments `request` selects, every page.
grpc::Status ListAll(const CommandEnv& env, bool all, const v1::ListEnrolmentsRequest& request,
                     v1::ListEnrolmentsResponse* response) {
  std::unique_ptr<EnrolmentService::Stub> stub = EnrolmentStub(env);
  return ListPages<v1::ListEnrolmentsRequest, v1::ListEnrolmentsResponse>(
      env, all, request,
      [&stub](grpc::ClientContext* context, const v1::ListEnrolmentsRequest& page_request,
              v1::ListEnrolmentsResponse* page) {
        return stub->ListEnrolments(context, page_request, page);
      },
      response);
}

int RunEnrol(const CommandEnv& env, const ParsedArgs& args) {
  absl::StatusOr<int64_t> session = ParsePositiveId(args.positional[0], "SESSION_ID");
  if (!session.ok()) return UsageError(env, session.status().message());
  v1::EnrolRequest request;
  request.set_training_session_id(*session);
  if (auto person = args.Value("person")) request.set_person_employee_id(*person);
  if (auto reason = args.Value("reason")) request.set_reason(*reason);
  request.set_override_conflicts(args.Has("override-conflicts"));
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallThenPrint<Enrolment>(
      env,
      [&](grpc::ClientContext* context, Enrolment* out) {
        return EnrolmentStub(env)->Enrol(context, request, out);
      },
      PrintEnrolment);
}

// The enrolment a withdraw names: ENROLMENT_ID, or the open one of --person (default: the
// caller's own, the only one they see) in --session.
absl::StatusOr<int64_t> WithdrawTarget(const CommandEnv& env, const ParsedArgs& args,
                                       grpc::Status* failed) {
  if (!args.positional.empty()) {
    if (args.Has("session")) {
      return absl::InvalidArgumentError("give ENROLMENT_ID or --session, not both");
    }
    return ParsePositiveId(args.positional[0], "ENROLMENT_ID");
  }
  if (!args.Has("session")) return absl::InvalidArgumentError("give ENROLMENT_ID or --session");
  absl::StatusOr<int64_t> session = ParsePositiveId(*args.Value("session"), "--session");
  if (!session.ok()) return session.status();
  v1::ListEnrolmentsRequest request;
  request.set_training_session_id(*session);
  if (auto person = args.Value("person")) request.set_person_employee_id(*person);
  v1::ListEnrolmentsResponse response;
  *failed = ListAll(env, true, request, &response);
  if (!failed->ok()) return absl::CancelledError("");
  std::vector<int64_t> open;
  for (const Enrolment& e : response.enrolments()) {
    if (e.state() == v1::ENROLMENT_STATE_REQUESTED || e.state() == v1::ENROLMENT_STATE_BOOKED ||
        e.state() == v1::ENROLMENT_STATE_WAITLISTED) {
      open.push_back(e.id());
    }
  }
  if (open.empty()) return absl::NotFoundError("no open enrolment in that session");
  if (open.size() > 1) {
    return absl::InvalidArgumentError("several open enrolments in that session: name --person");
  }
  return open.front();
}

int RunWithdraw(const CommandEnv& env, const ParsedArgs& args) {
  grpc::Status failed;
  absl::StatusOr<int64_t> id = WithdrawTarget(env, args, &failed);
  if (!failed.ok()) return RpcFailure(env, failed);
  if (absl::IsNotFound(id.status())) {
    *env.err << env.path << ": " << id.status().message() << "\n";
    return kExitFailure;
  }
  if (!id.ok()) return UsageError(env, id.status().message());
  v1::WithdrawEnrolmentRequest request;
  request.set_id(*id);
  if (auto reason = args.Value("reason")) request.set_reason(*reason);
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallThenPrint<Enrolment>(
      env,
      [&](grpc::ClientContext* context, Enrolment* out) {
        return EnrolmentStub(env)->WithdrawEnrolment(context, request, out);
      },
      PrintEnrolment);
}

// approve, decline and promote: ENROLMENT_ID, --reason, --request-id.
template <typename Request, typename Method>
int RunStep(const CommandEnv& env, const ParsedArgs& args, Request request, Method method) {
  absl::StatusOr<int64_t> id = ParsePositiveId(args.positional[0], "ENROLMENT_ID");
  if (!id.ok()) return UsageError(env, id.status().message());
  request.set_id(*id);
  if (auto reason = args.Value("reason")) request.set_reason(*reason);
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallThenPrint<Enrolment>(
      env,
      [&](grpc::ClientContext* context, Enrolment* out) {
        return ((*EnrolmentStub(env)).*method)(context, request, out);
      },
      PrintEnrolment);
}

int RunApprove(const CommandEnv& env, const ParsedArgs& args) {
  return RunStep(env, args, v1::ApproveEnrolmentRequest(),
                 &EnrolmentService::Stub::ApproveEnrolment);
}

int RunDecline(const CommandEnv& env, const ParsedArgs& args) {
  return RunStep(env, args, v1::DeclineEnrolmentRequest(),
                 &EnrolmentService::Stub::DeclineEnrolment);
}

int RunPromote(const CommandEnv& env, const ParsedArgs& args) {
  v1::PromoteEnrolmentRequest request;
  request.set_allow_overbook(args.Has("allow-overbook"));
  return RunStep(env, args, request, &EnrolmentService::Stub::PromoteEnrolment);
}

int RunEnrolmentShow(const CommandEnv& env, const ParsedArgs& args) {
  absl::StatusOr<int64_t> id = ParsePositiveId(args.positional[0], "ENROLMENT_ID");
  if (!id.ok()) return UsageError(env, id.status().message());
  v1::GetEnrolmentRequest request;
  request.set_id(*id);
  return CallThenPrint<Enrolment>(
      env,
      [&](grpc::ClientContext* context, Enrolment* out) {
        return EnrolmentStub(env)->GetEnrolment(context, request, out);
      },
      PrintEnrolment);
}

int RunEnrolmentList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListEnrolmentsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  v1::ListEnrolmentsResponse response;
  grpc::Status status = ListAll(env, args.Has("all"), request, &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  Table table;
  table.header = {"ID", "SESSION", "PERSON", "STATE", "QUEUE", "SINCE"};
  for (const Enrolment& e : response.enrolments()) {
    table.rows.push_back({absl::StrCat(e.id()), absl::StrCat(e.training_session_id()),
                          e.person_employee_id(), ShortEnumName(e.state()),
                          e.waitlist_position() > 0 ? absl::StrCat(e.waitlist_position()) : "",
                          FormatTimestamp(e.update_time())});
  }
  PrintTable(env, table);
  return kExitOk;
}

int RunHistory(const CommandEnv& env, const ParsedArgs& args) {
  absl::StatusOr<int64_t> id = ParsePositiveId(args.positional[0], "ENROLMENT_ID");
  if (!id.ok()) return UsageError(env, id.status().message());
  v1::ListEnrolmentHistoryRequest request;
  request.set_enrolment_id(*id);
  std::unique_ptr<EnrolmentService::Stub> stub = EnrolmentStub(env);
  v1::ListEnrolmentHistoryResponse response;
  grpc::Status status =
      ListPages<v1::ListEnrolmentHistoryRequest, v1::ListEnrolmentHistoryResponse>(
          env, true, request,
          [&stub](grpc::ClientContext* context, const v1::ListEnrolmentHistoryRequest& page,
                  v1::ListEnrolmentHistoryResponse* out) {
            return stub->ListEnrolmentHistory(context, page, out);
          },
          &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  Table table;
  table.header = {"TIME", "FROM", "TO", "BY", "REASON"};
  for (const v1::EnrolmentHistoryEntry& entry : response.entries()) {
    std::string reason = entry.reason();
    if (entry.conflicts_overridden()) reason = absl::StrCat("[conflict overridden] ", reason);
    if (entry.overbooked()) reason = absl::StrCat("[overbooked] ", reason);
    if (entry.block_number() > 0) {
      // A change of an attendance mark: the block's statuses, not the enrolment's state.
      const std::string block = absl::StrCat("block ", entry.block_number(), ": ");
      table.rows.push_back({FormatTimestamp(entry.change_time()),
                            block + (entry.from_attendance() == v1::ATTENDANCE_STATUS_UNSPECIFIED
                                         ? "-"
                                         : ShortEnumName(entry.from_attendance())),
                            block + ShortEnumName(entry.to_attendance()), entry.actor(), reason});
      continue;
    }
    table.rows.push_back({FormatTimestamp(entry.change_time()),
                          entry.from_state() == v1::ENROLMENT_STATE_UNSPECIFIED
                              ? "-"
                              : ShortEnumName(entry.from_state()),
                          ShortEnumName(entry.to_state()), entry.actor(), reason});
  }
  PrintTable(env, table);
  return kExitOk;
}

// The display name of each person, as far as the caller may read people.
int RunRoster(const CommandEnv& env, const ParsedArgs& args) {
  absl::StatusOr<int64_t> session = ParsePositiveId(args.positional[0], "SESSION_ID");
  if (!session.ok()) return UsageError(env, session.status().message());
  v1::ListEnrolmentsRequest request;
  request.set_training_session_id(*session);
  v1::ListEnrolmentsResponse response;
  grpc::Status status = ListAll(env, true, request, &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  Table table;
  table.header = {"PERSON", "NAME", "STATE", "QUEUE", "SINCE"};
  // The names come with the list (person_display_name): no call per row.
  for (const Enrolment& e : response.enrolments()) {
    table.rows.push_back({e.person_employee_id(), e.person_display_name(), ShortEnumName(e.state()),
                          e.waitlist_position() > 0 ? absl::StrCat(e.waitlist_position()) : "",
                          FormatTimestamp(e.update_time())});
  }
  PrintTable(env, table);
  return kExitOk;
}

FlagSpec RequestIdFlag() {
  return ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.");
}

}  // namespace

GroupSpec EnrolGroup() {
  VerbSpec enrol;
  enrol.summary = "Enrol yourself (or --person) in a training session.";
  enrol.arguments = "SESSION_ID";
  enrol.min_arguments = 1;
  enrol.max_arguments = 1;
  enrol.description =
      "Books a seat when one is free, else joins the waitlist (when the session has one);\n"
      "asks for approval when the session requires it. A schedule conflict with another\n"
      "session is refused unless --override-conflicts.";
  enrol.flags = {ValueFlag("person", "EMPLOYEE_ID", "Whom to enrol; default: yourself."),
                 ValueFlag("reason", "TEXT", "Why (at most 1000 characters)."),
                 SwitchFlag("override-conflicts", "Enrol despite a schedule conflict."),
                 RequestIdFlag()};
  enrol.field_names = {{"training_session_id", "SESSION_ID"},
                       {"person_employee_id", "--person"},
                       {"reason", "--reason"},
                       {"request_id", "--request-id"}};
  enrol.run = RunEnrol;
  return GroupSpec{"enrol", enrol.summary, {enrol}};
}

GroupSpec WithdrawGroup() {
  VerbSpec withdraw;
  withdraw.summary = "Withdraw an enrolment.";
  withdraw.arguments = "[ENROLMENT_ID]";
  withdraw.min_arguments = 0;
  withdraw.max_arguments = 1;
  withdraw.description =
      "Withdraws ENROLMENT_ID, or the open enrolment of --person (default: yours) in\n"
      "--session. A booked seat goes to the head of the waitlist.";
  withdraw.flags = {ValueFlag("session", "SESSION_ID", "The session, instead of ENROLMENT_ID."),
                    ValueFlag("person", "EMPLOYEE_ID", "With --session: whose enrolment."),
                    ValueFlag("reason", "TEXT", "Why (at most 1000 characters)."), RequestIdFlag()};
  withdraw.field_names = {
      {"id", "ENROLMENT_ID"}, {"reason", "--reason"}, {"request_id", "--request-id"}};
  withdraw.run = RunWithdraw;
  return GroupSpec{"withdraw", withdraw.summary, {withdraw}};
}

GroupSpec EnrolmentsGroup() {
  GroupSpec group{"enrolments", "Enrolments in training sessions: list, approve, history.", {}};
  const std::vector<std::pair<std::string, std::string>> step_names = {
      {"id", "ENROLMENT_ID"}, {"reason", "--reason"}, {"request_id", "--request-id"}};
  VerbSpec list{
      "list",
      "List enrolments.",
      "",
      0,
      0,
      "Lists enrolments by session, then id, one page unless --all.",
      {FieldFlag("session", "SESSION_ID", "training_session_id",
                 "Only enrolments in this session."),
       FieldFlag("person", "EMPLOYEE_ID", "person_employee_id", "Only enrolments of this person."),
       FieldFlag("state", "STATE", "state",
                 "requested, booked, waitlisted, declined, withdrawn, session-cancelled, "
                 "attended, partially-attended, no-show or excused."),
       FieldFlag("page-size", "N", "page_size", "Per page (default 50, at most 1000)."),
       FieldFlag("page-token", "TOKEN", "page_token", "Continue from a previous page."),
       SwitchFlag("all", "Fetch every page.")},
      RunEnrolmentList};
  VerbSpec show{"show", "Show an enrolment.", "ENROLMENT_ID", 1, 1, "", {}, RunEnrolmentShow};
  show.field_names = {{"id", "ENROLMENT_ID"}};
  VerbSpec approve{"approve",
                   "Approve a requested enrolment.",
                   "ENROLMENT_ID",
                   1,
                   1,
                   "Books a seat, or waitlists when the session is full.",
                   {ValueFlag("reason", "TEXT", "Note for the history."), RequestIdFlag()},
                   RunApprove};
  approve.field_names = step_names;
  VerbSpec decline{
      "decline",
      "Decline a requested enrolment.",
      "ENROLMENT_ID",
      1,
      1,
      "Declines the request with a reason.",
      {Required(ValueFlag("reason", "TEXT", "Why (1–1000 characters).")), RequestIdFlag()},
      RunDecline};
  decline.field_names = step_names;
  VerbSpec promote{"promote",
                   "Book a waitlisted enrolment by hand.",
                   "ENROLMENT_ID",
                   1,
                   1,
                   "Books the enrolment, also after the session started; refused on a full\n"
                   "session unless --allow-overbook.",
                   {SwitchFlag("allow-overbook", "Book beyond the session's capacity."),
                    ValueFlag("reason", "TEXT", "Note for the history."), RequestIdFlag()},
                   RunPromote};
  promote.field_names = step_names;
  VerbSpec history{"history",
                   "Show an enrolment's history.",
                   "ENROLMENT_ID",
                   1,
                   1,
                   "Every change of state, oldest first: from, to, by whom, why.",
                   {},
                   RunHistory};
  history.field_names = {{"enrolment_id", "ENROLMENT_ID"}};
  group.verbs = {list, show, approve, decline, promote, history};
  return group;
}

VerbSpec SessionRosterVerb() {
  VerbSpec roster{"roster",
                  "Who is enrolled in a session.",
                  "SESSION_ID",
                  1,
                  1,
                  "Every enrolment of the session: person, name, state, place in the queue\n"
                  "for the waitlisted, and since when.",
                  {},
                  RunRoster};
  roster.field_names = {{"training_session_id", "SESSION_ID"}};
  return roster;
}

}  // namespace escala::client
