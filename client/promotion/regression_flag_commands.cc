// `escala promotion flags` and `escala promotion flag check|show|ack|close`: the regression
// flags raised for managers when a promoted person's quality falls below the maintenance
// criteria of their policy.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/core/command.h"
#include "client/core/output.h"
#include "client/core/request_id.h"
#include "client/promotion/regression_flag_view.h"
#include "escala/v1/promotion_regressions.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::RegressionFlag;
using escala::v1::RegressionFlagService;

std::unique_ptr<RegressionFlagService::Stub> FlagStub(const CommandEnv& env) {
  return RegressionFlagService::NewStub(env.channel);
}

int PrintFlag(const CommandEnv& env, const RegressionFlag& flag) {
  if (env.options.output == OutputFormat::kTable) {
    *env.out << RenderRegressionFlag(flag, env.width);
    return kExitOk;
  }
  *env.out << RenderResource(env.options.output, flag, RegressionFlagColumns(),
                             RegressionFlagColumns(), env.width);
  return kExitOk;
}

// The flag id of the first positional argument; 0 (after a usage error) when it is not one.
int64_t FlagIdOf(const CommandEnv& env, const ParsedArgs& args, int* code) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(args.positional[0], &id) || id <= 0) {
    *code = UsageError(
        env, absl::StrCat("FLAG_ID: must be a positive number, got '", args.positional[0], "'"));
    return 0;
  }
  *code = kExitOk;
  return id;
}

// Runs one unary call of the flag service and prints the flag it answers.
template <typename Request>
int CallFlagAndPrint(const CommandEnv& env, const Request& request,
                     grpc::Status (RegressionFlagService::Stub::*method)(grpc::ClientContext*,
                                                                         const Request&,
                                                                         RegressionFlag*)) {
  RegressionFlag answered;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  std::unique_ptr<RegressionFlagService::Stub> stub = FlagStub(env);
  grpc::Status status = ((*stub).*method)(&context, request, &answered);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintFlag(env, answered);
}

int RunFlagList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListRegressionFlagsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<RegressionFlagService::Stub> stub = FlagStub(env);
  v1::ListRegressionFlagsResponse flags;
  grpc::Status status = ListPages<v1::ListRegressionFlagsRequest, v1::ListRegressionFlagsResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const v1::ListRegressionFlagsRequest& page_request,
              v1::ListRegressionFlagsResponse* page) {
        return stub->ListRegressionFlags(context, page_request, page);
      },
      &flags);
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << RenderList(
      env.options.output, flags, AsMessages(flags.regression_flags()), RegressionFlagColumns(),
      [&flags] { return RegressionFlagsTable(flags.regression_flags()); }, env.width);
  return kExitOk;
}

int RunFlagCheck(const CommandEnv& env, const ParsedArgs& args) {
  v1::CheckRegressionsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  v1::CheckRegressionsResponse response;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = FlagStub(env)->CheckRegressions(&context, request, &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  PrintTable(env, RegressionFlagsTable(response.raised()));
  if (env.options.output == OutputFormat::kTable) {
    *env.out << response.raised_size() << " raised, " << response.watched_count() << " watched, "
             << response.already_flagged_count() << " already flagged\n";
  }
  return kExitOk;
}

int RunFlagShow(const CommandEnv& env, const ParsedArgs& args) {
  int code = kExitOk;
  v1::GetRegressionFlagRequest request;
  request.set_id(FlagIdOf(env, args, &code));
  if (code != kExitOk) return code;
  return CallFlagAndPrint(env, request, &RegressionFlagService::Stub::GetRegressionFlag);
}

int RunFlagAck(const CommandEnv& env, const ParsedArgs& args) {
  int code = kExitOk;
  v1::AcknowledgeRegressionFlagRequest request;
  request.set_id(FlagIdOf(env, args, &code));
  if (code != kExitOk) return code;
  request.set_note(*args.Value("note"));
  request.set_etag(args.Value("etag").value_or(""));
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallFlagAndPrint(env, request, &RegressionFlagService::Stub::AcknowledgeRegressionFlag);
}

int RunFlagClose(const CommandEnv& env, const ParsedArgs& args) {
  int code = kExitOk;
  v1::CloseRegressionFlagRequest request;
  request.set_id(FlagIdOf(env, args, &code));
  if (code != kExitOk) return code;
  if (int applied = ApplyFieldFlags(env, args, &request); applied != kExitOk) return applied;
  request.set_etag(args.Value("etag").value_or(""));
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallFlagAndPrint(env, request, &RegressionFlagService::Stub::CloseRegressionFlag);
}

FlagSpec FlagRequestIdFlag() {
  return ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.");
}

FlagSpec FlagEtagFlag() {
  return ValueFlag("etag", "ETAG",
                   "Only if the flag still has this etag (default: whatever its state now).");
}

}  // namespace

std::vector<VerbSpec> RegressionFlagVerbs() {
  VerbSpec flags{"flags",
                 "List regression flags of promoted people, newest first.",
                 "",
                 0,
                 0,
                 "One row per flag: the person, the level they were promoted to, the policy,\n"
                 "each failed maintenance criterion with its value against its threshold and n,\n"
                 "the day it was raised and its state. A team lead sees their team's flags.\n"
                 "One page unless --all.",
                 {FieldFlag("state", "STATE", "state",
                            "Only flags in this state: open, acknowledged, closed."),
                  FieldFlag("team", "TEAM_ID", "team_id", "Only this team's flags."),
                  FieldFlag("person", "EMPLOYEE_ID", "employee_id", "Only this person's flags."),
                  FieldFlag("page-size", "N", "page_size",
                            "Flags per page (server default 50, at most 1000)."),
                  FieldFlag("page-token", "TOKEN", "page_token",
                            "Continue from a previous page's next_page_token."),
                  SwitchFlag("all", "Fetch every page and print them as one list.")},
                 RunFlagList};
  VerbSpec check{"flag check",
                 "Check promoted people against their maintenance criteria now.",
                 "",
                 0,
                 0,
                 "Runs the regression check the server runs periodically: every person within\n"
                 "the watch of the policy they were promoted under is judged on the evidence\n"
                 "since their promotion, and a flag is raised for each who falls below a\n"
                 "maintenance criterion and has no open flag. Running it again raises nothing\n"
                 "new.",
                 {FieldFlag("policy", "PROMOTION_POLICY_ID", "promotion_policy_id",
                            "Only people promoted under this policy.")},
                 RunFlagCheck};
  VerbSpec show{"flag show",
                "Show a flag: the failed criteria with their evidence, and what was done.",
                "FLAG_ID",
                1,
                1,
                "Shows the flag with each failed criterion (value, threshold, n, what fell\n"
                "short, the evaluations behind it), the acknowledgement and the close.",
                {},
                RunFlagShow};
  VerbSpec ack{"flag ack",
               "Acknowledge an open flag, with a note.",
               "FLAG_ID",
               1,
               1,
               "Records that a manager or the team lead saw the flag, and what they make of it.",
               {Required(ValueFlag("note", "TEXT", "What you make of it.")), FlagEtagFlag(),
                FlagRequestIdFlag()},
               RunFlagAck};
  ack.field_names = {{"note", "--note"}};
  VerbSpec close{
      "flag close",
      "Close a flag, with a reason.",
      "FLAG_ID",
      1,
      1,
      "Closes an open or acknowledged flag: recovered (the person is back above the\n"
      "thresholds), handled (what was done, in --note) or dismissed (why, in --note).\n"
      "While the person is still watched, a later flag reads only evidence from after\n"
      "the close.",
      {Required(FieldFlag("reason", "REASON", "reason", "recovered, handled or dismissed.")),
       FieldFlag("note", "TEXT", "note", "What was done, or why it needs nothing."), FlagEtagFlag(),
       FlagRequestIdFlag()},
      RunFlagClose};
  return {flags, check, show, ack, close};
}

}  // namespace escala::client
