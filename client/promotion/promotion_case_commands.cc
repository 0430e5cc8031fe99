// `escala promotion nominate|review|approve|reject|withdraw|list|show|acknowledge`: promotion
// cases from nomination to the effective level change; `escala levels history`: a person's
// effective-dated level changes.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/output.h"
#include "client/core/request_id.h"
#include "client/core/time_text.h"
#include "client/promotion/promotion_case_view.h"
#include "escala/v1/level_changes.grpc.pb.h"
#include "escala/v1/promotion_cases.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::PromotionCase;
using escala::v1::PromotionCaseService;

std::unique_ptr<PromotionCaseService::Stub> CaseStub(const CommandEnv& env) {
  return PromotionCaseService::NewStub(env.channel);
}

int PrintCase(const CommandEnv& env, const PromotionCase& promotion_case) {
  if (env.options.output == OutputFormat::kTable) {
    *env.out << RenderPromotionCase(promotion_case, env.width);
    return kExitOk;
  }
  *env.out << RenderResource(env.options.output, promotion_case, PromotionCaseColumns(),
                             PromotionCaseColumns(), env.width);
  return kExitOk;
}

// The case id of the first positional argument; 0 (after a usage error) when it is not one.
int64_t CaseIdOf(const CommandEnv& env, const ParsedArgs& args, int* code) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(args.positional[0], &id) || id <= 0) {
    *code = UsageError(
        env, absl::StrCat("CASE_ID: must be a positive number, got '", args.positional[0], "'"));
    return 0;
  }
  *code = kExitOk;
  return id;
}

// Runs one unary call of the case service and prints the case it answers.
template <typename Request>
int CallAndPrint(const CommandEnv& env, const Request& request,
                 grpc::Status (PromotionCaseService::Stub::*method)(grpc::ClientContext*,
                                                                    const Request&,
                                                                    PromotionCase*)) {
  PromotionCase answered;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  std::unique_ptr<PromotionCaseService::Stub> stub = CaseStub(env);
  grpc::Status status = ((*stub).*method)(&context, request, &answered);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintCase(env, answered);
}

int RunNominateEligible(const CommandEnv& env, const ParsedArgs& args) {
  v1::NominateEligibleRequest request;
  request.set_promotion_policy_id(*args.Value("policy"));
  if (std::optional<std::string> team = args.Value("team")) request.set_team_id(*team);
  if (std::optional<std::string> reason = args.Value("reason")) {
    request.set_nomination_reason(*reason);
  }
  v1::NominateEligibleResponse response;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = CaseStub(env)->NominateEligible(&context, request, &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  PrintTable(env, PromotionCasesTable(response.opened()));
  if (env.options.output == OutputFormat::kTable) {
    *env.out << response.opened_size() << " opened, " << response.already_open_count()
             << " already open, " << response.not_eligible_count() << " not eligible\n";
  }
  return kExitOk;
}

int RunNominate(const CommandEnv& env, const ParsedArgs& args) {
  if (args.Has("eligible")) {
    if (!args.positional.empty()) {
      return UsageError(env, "--eligible nominates everyone eligible: give no EMPLOYEE_ID");
    }
    return RunNominateEligible(env, args);
  }
  if (args.positional.empty()) {
    return UsageError(env, "give the EMPLOYEE_ID to nominate, or --eligible");
  }
  if (args.Has("team")) return UsageError(env, "--team goes with --eligible only");
  v1::NominateRequest request;
  request.set_employee_id(args.positional[0]);
  request.set_promotion_policy_id(*args.Value("policy"));
  if (std::optional<std::string> reason = args.Value("reason")) {
    request.set_nomination_reason(*reason);
  }
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallAndPrint(env, request, &PromotionCaseService::Stub::Nominate);
}

int RunReview(const CommandEnv& env, const ParsedArgs& args) {
  int code = kExitOk;
  v1::StartReviewRequest request;
  request.set_id(CaseIdOf(env, args, &code));
  if (code != kExitOk) return code;
  request.set_etag(args.Value("etag").value_or(""));
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallAndPrint(env, request, &PromotionCaseService::Stub::StartReview);
}

int RunApprove(const CommandEnv& env, const ParsedArgs& args) {
  int code = kExitOk;
  v1::ApproveRequest request;
  request.set_id(CaseIdOf(env, args, &code));
  if (code != kExitOk) return code;
  request.set_effective_date(*args.Value("effective"));
  request.set_reason(args.Value("reason").value_or(""));
  request.set_etag(args.Value("etag").value_or(""));
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallAndPrint(env, request, &PromotionCaseService::Stub::Approve);
}

int RunReject(const CommandEnv& env, const ParsedArgs& args) {
  int code = kExitOk;
  v1::RejectRequest request;
  request.set_id(CaseIdOf(env, args, &code));
  if (code != kExitOk) return code;
  for (const std::string& reason : args.Values("reason")) request.add_reasons(reason);
  request.set_etag(args.Value("etag").value_or(""));
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallAndPrint(env, request, &PromotionCaseService::Stub::Reject);
}

int RunWithdraw(const CommandEnv& env, const ParsedArgs& args) {
  int code = kExitOk;
  v1::WithdrawRequest request;
  request.set_id(CaseIdOf(env, args, &code));
  if (code != kExitOk) return code;
  request.set_reason(*args.Value("reason"));
  request.set_etag(args.Value("etag").value_or(""));
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallAndPrint(env, request, &PromotionCaseService::Stub::Withdraw);
}

int RunAcknowledge(const CommandEnv& env, const ParsedArgs& args) {
  int code = kExitOk;
  v1::AcknowledgePromotionRequest request;
  request.set_id(CaseIdOf(env, args, &code));
  if (code != kExitOk) return code;
  if (int applied = ApplyFieldFlags(env, args, &request); applied != kExitOk) return applied;
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallAndPrint(env, request, &PromotionCaseService::Stub::AcknowledgePromotion);
}

int RunCaseShow(const CommandEnv& env, const ParsedArgs& args) {
  int code = kExitOk;
  v1::GetPromotionCaseRequest request;
  request.set_id(CaseIdOf(env, args, &code));
  if (code != kExitOk) return code;
  return CallAndPrint(env, request, &PromotionCaseService::Stub::GetPromotionCase);
}

int RunCaseList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListPromotionCasesRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<PromotionCaseService::Stub> stub = CaseStub(env);
  v1::ListPromotionCasesResponse cases;
  grpc::Status status = ListPages<v1::ListPromotionCasesRequest, v1::ListPromotionCasesResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const v1::ListPromotionCasesRequest& page_request,
              v1::ListPromotionCasesResponse* page) {
        return stub->ListPromotionCases(context, page_request, page);
      },
      &cases);
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << RenderList(
      env.options.output, cases, AsMessages(cases.promotion_cases()), PromotionCaseColumns(),
      [&cases] { return PromotionCasesTable(cases.promotion_cases()); }, env.width);
  return kExitOk;
}

int RunLevelHistory(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListLevelChangesRequest request;
  request.set_employee_id(args.positional[0]);
  std::unique_ptr<v1::LevelHistoryService::Stub> stub =
      v1::LevelHistoryService::NewStub(env.channel);
  v1::ListLevelChangesResponse history;
  // Every page: a person's history is short and read whole.
  grpc::Status status = ListPages<v1::ListLevelChangesRequest, v1::ListLevelChangesResponse>(
      env, /*all=*/true, request,
      [&stub](grpc::ClientContext* context, const v1::ListLevelChangesRequest& page_request,
              v1::ListLevelChangesResponse* page) {
        return stub->ListLevelChanges(context, page_request, page);
      },
      &history);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(history);
    return kExitOk;
  }
  if (env.options.output == OutputFormat::kCsv) {
    Table table;
    table.header = {"employee_id", "from_level", "to_level", "effective_time", "promotion_case_id"};
    for (const v1::LevelChange& change : history.level_changes()) {
      table.rows.push_back(
          {change.employee_id(), absl::StrCat(change.from_level()), absl::StrCat(change.to_level()),
           FormatTimestamp(change.effective_time()), absl::StrCat(change.promotion_case_id())});
    }
    *env.out << CsvOfTable(table);
    return kExitOk;
  }
  *env.out << RenderLevelHistory(request.employee_id(), history, env.width);
  return kExitOk;
}

FlagSpec RequestIdFlag() {
  return ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.");
}

FlagSpec CaseEtagFlag() {
  return ValueFlag("etag", "ETAG",
                   "Only if the case still has this etag (default: whatever its state now).");
}

}  // namespace

std::vector<VerbSpec> PromotionCaseVerbs() {
  VerbSpec nominate{
      "nominate",
      "Open a promotion case for a person (or, with --eligible, everyone eligible).",
      "[EMPLOYEE_ID]",
      0,
      1,
      "Opens a case under the policy version published now, with the person's eligibility\n"
      "as the nomination snapshot; the person need not be eligible yet. With --eligible and\n"
      "no EMPLOYEE_ID, opens a case for every eligible person at the policy's from level (of\n"
      "--team) without an open case; running it again opens nothing new.",
      {Required(ValueFlag("policy", "PROMOTION_POLICY_ID", "The promotion policy of the step.")),
       ValueFlag("reason", "TEXT", "Why the person is proposed."),
       SwitchFlag("eligible", "Nominate everyone eligible now instead of one person."),
       ValueFlag("team", "TEAM_ID", "With --eligible: only this team's people."), RequestIdFlag()},
      RunNominate};
  nominate.field_names = {{"promotion_policy_id", "--policy"},
                          {"nomination_reason", "--reason"},
                          {"team_id", "--team"},
                          {"employee_id", "EMPLOYEE_ID"}};
  VerbSpec review{"review",
                  "Take a nominated case into review.",
                  "CASE_ID",
                  1,
                  1,
                  "Moves a nominated case to under review.",
                  {CaseEtagFlag(), RequestIdFlag()},
                  RunReview};
  VerbSpec approve{
      "approve",
      "Approve a case; the level changes on the effective date.",
      "CASE_ID",
      1,
      1,
      "Approves a nominated or reviewed case, recording the eligibility again under the\n"
      "policy version of the nomination. On --effective (today or earlier: at once) the\n"
      "person's level changes, dated that day, and the case becomes effective.",
      {Required(ValueFlag("effective", "YYYY-MM-DD", "The day the new level takes effect.")),
       ValueFlag("reason", "TEXT", "Why."), CaseEtagFlag(), RequestIdFlag()},
      RunApprove};
  approve.field_names = {{"effective_date", "--effective"}, {"reason", "--reason"}};
  VerbSpec reject{"reject",
                  "Reject a case, with reasons.",
                  "CASE_ID",
                  1,
                  1,
                  "Rejects a nominated or reviewed case. Give --reason once per reason.",
                  {Required(Repeatable(ValueFlag("reason", "TEXT", "A reason (repeatable)."))),
                   CaseEtagFlag(), RequestIdFlag()},
                  RunReject};
  reject.field_names = {{"reasons", "--reason"}};
  VerbSpec withdraw{
      "withdraw",
      "Withdraw an open case.",
      "CASE_ID",
      1,
      1,
      "Withdraws a case that has not taken effect (nominated, under review or\n"
      "approved).",
      {Required(ValueFlag("reason", "TEXT", "Why.")), CaseEtagFlag(), RequestIdFlag()},
      RunWithdraw};
  withdraw.field_names = {{"reason", "--reason"}};
  VerbSpec acknowledge{
      "acknowledge",
      "Record what an HR system reports about an approved case.",
      "CASE_ID",
      1,
      1,
      "For the HR integration: pending-approval, applied (with the HR system's effective\n"
      "date) or rejected (with a reason). The same report again changes nothing; a pending\n"
      "report is replaced by a later one; a final one is never changed.",
      {Required(FieldFlag("hr-system", "NAME", "hr_system", "The HR system (workday, sap-sf).")),
       Required(FieldFlag("state", "STATE", "state", "pending-approval, applied or rejected.")),
       FieldFlag("reference", "REF", "hr_reference", "The HR system's key of the change."),
       FieldFlag("effective", "YYYY-MM-DD", "effective_date",
                 "With applied: the date the HR system applied it with."),
       FieldFlag("reason", "TEXT", "reason", "With rejected: why."), RequestIdFlag()},
      RunAcknowledge};
  VerbSpec list{"list",
                "List promotion cases, newest first.",
                "",
                0,
                0,
                "One row per case: person, team, step, state, the criteria met at nomination,\n"
                "the effective date and what HR systems reported. One page unless --all.",
                {FieldFlag("state", "STATE", "state",
                           "Only cases in this state: nominated, under-review, approved, "
                           "rejected, withdrawn, effective."),
                 FieldFlag("team", "TEAM_ID", "team_id", "Only this team's cases."),
                 FieldFlag("person", "EMPLOYEE_ID", "employee_id", "Only this person's cases."),
                 FieldFlag("policy", "PROMOTION_POLICY_ID", "promotion_policy_id",
                           "Only cases under this policy."),
                 FieldFlag("page-size", "N", "page_size",
                           "Cases per page (server default 50, at most 1000)."),
                 FieldFlag("page-token", "TOKEN", "page_token",
                           "Continue from a previous page's next_page_token."),
                 SwitchFlag("all", "Fetch every page and print them as one list.")},
                RunCaseList};
  VerbSpec show{"show",
                "Show a case: decision, eligibility snapshots, HR acknowledgements.",
                "CASE_ID",
                1,
                1,
                "Shows the case with each criterion of the eligibility at nomination and at\n"
                "decision (value, threshold, n, what was missing) and the HR reports.",
                {},
                RunCaseShow};
  return {nominate, review, approve, reject, withdraw, list, show, acknowledge};
}

GroupSpec LevelsGroup() {
  GroupSpec group{"levels", "People's effective-dated level history.", {}};
  VerbSpec history{"history",
                   "A person's level changes, oldest first.",
                   "EMPLOYEE_ID",
                   1,
                   1,
                   "Shows the person's first level and every change with the time it took\n"
                   "effect (a promotion's effective date) and the promotion case that made it.",
                   {},
                   RunLevelHistory};
  history.field_names = {{"employee_id", "EMPLOYEE_ID"}};
  group.verbs = {history};
  return group;
}

}  // namespace escala::client
