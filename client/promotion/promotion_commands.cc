// `escala promotion …`: promotion policies — the criteria of a step of the career ladder,
// versioned like scorecards (a draft, then published versions that never change), written as
// files in JSON or YAML.

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/core/command.h"
#include "client/core/day_or_time.h"
#include "client/core/document_file.h"
#include "client/core/output.h"
#include "client/core/request_id.h"
#include "client/core/time_text.h"
#include "client/promotion/eligibility_view.h"
#include "client/promotion/promotion_policy_view.h"
#include "escala/v1/promotion_eligibility.grpc.pb.h"
#include "escala/v1/promotion_policies.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::PromotionPolicy;
using escala::v1::PromotionPolicyService;

std::unique_ptr<PromotionPolicyService::Stub> Stub(const CommandEnv& env) {
  return PromotionPolicyService::NewStub(env.channel);
}

int PrintPolicy(const CommandEnv& env, const PromotionPolicy& policy) {
  if (env.options.output == OutputFormat::kTable) {
    *env.out << RenderPromotionPolicy(policy, env.width);
    return kExitOk;
  }
  *env.out << RenderResource(env.options.output, policy, PromotionPolicyColumns(),
                             PromotionPolicyColumns(), env.width);
  return kExitOk;
}

// --etag, or the newest version's etag read from the server.
grpc::Status ResolveEtag(const CommandEnv& env, const ParsedArgs& args, const std::string& id,
                         std::string* etag) {
  if (std::optional<std::string> given = args.Value("etag")) {
    *etag = *given;
    return grpc::Status::OK;
  }
  v1::GetPromotionPolicyRequest request;
  request.set_promotion_policy_id(id);
  PromotionPolicy newest;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->GetPromotionPolicy(&context, request, &newest);
  if (status.ok()) *etag = newest.etag();
  return status;
}

int RunCreate(const CommandEnv& env, const ParsedArgs& args) {
  v1::CreatePromotionPolicyRequest request;
  if (absl::Status read = ReadDocumentFile(*args.Value("file"), request.mutable_promotion_policy());
      !read.ok()) {
    return InputError(env, read.message());
  }
  PromotionPolicy created;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->CreatePromotionPolicy(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPolicy(env, created);
}

int RunUpdate(const CommandEnv& env, const ParsedArgs& args) {
  const std::string& id = args.positional[0];
  v1::UpdatePromotionPolicyRequest request;
  PromotionPolicy& policy = *request.mutable_promotion_policy();
  if (absl::Status read = ReadDocumentFile(*args.Value("file"), &policy); !read.ok()) {
    return InputError(env, read.message());
  }
  if (!policy.promotion_policy_id().empty() && policy.promotion_policy_id() != id) {
    return InputError(env, absl::StrCat(*args.Value("file"), ": promotion_policy_id: '",
                                        policy.promotion_policy_id(), "' is not '", id, "'"));
  }
  policy.set_promotion_policy_id(id);
  // The file is the whole new content.
  request.mutable_update_mask()->add_paths("*");
  if (grpc::Status status = ResolveEtag(env, args, id, policy.mutable_etag()); !status.ok()) {
    return RpcFailure(env, status);
  }
  PromotionPolicy updated;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->UpdatePromotionPolicy(&context, request, &updated);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPolicy(env, updated);
}

int RunPublish(const CommandEnv& env, const ParsedArgs& args) {
  v1::PublishPromotionPolicyRequest request;
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  request.set_promotion_policy_id(args.positional[0]);
  if (grpc::Status status =
          ResolveEtag(env, args, request.promotion_policy_id(), request.mutable_etag());
      !status.ok()) {
    return RpcFailure(env, status);
  }
  PromotionPolicy published;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->PublishPromotionPolicy(&context, request, &published);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPolicy(env, published);
}

int RunShow(const CommandEnv& env, const ParsedArgs& args) {
  v1::GetPromotionPolicyRequest request;
  request.set_promotion_policy_id(args.positional[0]);
  if (std::optional<std::string> version = args.Value("version")) {
    int number = 0;
    if (!absl::SimpleAtoi(*version, &number) || number < 1) {
      return UsageError(
          env, absl::StrCat("--version: must be a version number (1, 2, …), got '", *version, "'"));
    }
    request.set_version(number);
  }
  PromotionPolicy policy;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->GetPromotionPolicy(&context, request, &policy);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPolicy(env, policy);
}

int RunList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListPromotionPoliciesRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<PromotionPolicyService::Stub> stub = Stub(env);
  v1::ListPromotionPoliciesResponse policies;
  grpc::Status status =
      ListPages<v1::ListPromotionPoliciesRequest, v1::ListPromotionPoliciesResponse>(
          env, args.Has("all"), request,
          [&stub](grpc::ClientContext* context,
                  const v1::ListPromotionPoliciesRequest& page_request,
                  v1::ListPromotionPoliciesResponse* page) {
            return stub->ListPromotionPolicies(context, page_request, page);
          },
          &policies);
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << RenderList(
      env.options.output, policies, AsMessages(policies.promotion_policies()),
      PromotionPolicyColumns(),
      [&policies] { return PromotionPoliciesTable(policies.promotion_policies()); }, env.width);
  return kExitOk;
}

int RunEligibility(const CommandEnv& env, const ParsedArgs& args) {
  v1::ComputeEligibilityRequest request;
  request.set_promotion_policy_id(*args.Value("policy"));
  for (const std::string& person : args.Values("person")) request.add_employee_ids(person);
  if (std::optional<std::string> team = args.Value("team")) request.set_team_id(*team);
  if (std::optional<std::string> as_of = args.Value("as-of")) {
    absl::StatusOr<google::protobuf::Timestamp> parsed = ParseDayOrTime(*as_of);
    if (!parsed.ok()) return UsageError(env, absl::StrCat("--as-of: ", parsed.status().message()));
    *request.mutable_as_of_time() = *parsed;
  }
  // The evaluations behind the figures are read only when they are shown.
  if (args.Has("evidence")) request.set_view(v1::ELIGIBILITY_VIEW_FULL);
  std::unique_ptr<v1::PromotionEligibilityService::Stub> stub =
      v1::PromotionEligibilityService::NewStub(env.channel);
  v1::ComputeEligibilityResponse response;
  // Every page: a population is read whole, as a manager reads it.
  grpc::Status status = ListPages<v1::ComputeEligibilityRequest, v1::ComputeEligibilityResponse>(
      env, /*all=*/true, request,
      [&stub](grpc::ClientContext* context, const v1::ComputeEligibilityRequest& page_request,
              v1::ComputeEligibilityResponse* page) {
        return stub->ComputeEligibility(context, page_request, page);
      },
      &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  if (env.options.output == OutputFormat::kCsv) {
    *env.out << CsvOfTable(EligibilityTable(response));
    return kExitOk;
  }
  *env.out << "Policy " << request.promotion_policy_id() << " version "
           << response.promotion_policy_version() << ", as of "
           << FormatTimestamp(response.as_of_time()) << "\n";
  *env.out << RenderTable(EligibilityTable(response), env.width);
  if (args.Has("evidence")) {
    for (const v1::PersonEligibility& person : response.people()) {
      *env.out << "\n" << RenderPersonEvidence(person, env.width);
    }
  }
  return kExitOk;
}

FlagSpec FileFlag() {
  FlagSpec flag = ValueFlag("file", "FILE",
                            "The policy as the JSON of an escala.v1.PromotionPolicy, or the same "
                            "in YAML for a *.yaml / *.yml file (see "
                            "tools/demo/promotion/l1-to-l2.yaml).");
  flag.required = true;
  return flag;
}

FlagSpec EtagFlag(const std::string& what) {
  return ValueFlag("etag", "ETAG",
                   absl::StrCat("Only ", what,
                                " if the newest version still has this etag "
                                "(default: the etag read just before)."));
}

}  // namespace

GroupSpec PromotionGroup() {
  GroupSpec group{
      "promotion",
      "Promotion policies (the criteria of each step of the career ladder) and promotion cases.",
      {}};
  VerbSpec create{
      "policy create",
      "Create a promotion policy (version 1, a draft) from a file.",
      "",
      0,
      0,
      "Creates version 1 of a new promotion policy as a draft: the ladder step (from level,\n"
      "to level) and its criteria, all of which must pass (tenure, quality, no critical\n"
      "failure, courses, certifications, KPI thresholds, no lost disputes, the team lead's\n"
      "attestation). Errors name the field.",
      {FileFlag()},
      RunCreate};
  VerbSpec update{"policy update",
                  "Replace the content of a policy's newest version.",
                  "PROMOTION_POLICY_ID",
                  1,
                  1,
                  "A draft is changed in place; a published version stays as it is and the change\n"
                  "becomes the next version, a draft.",
                  {FileFlag(), EtagFlag("update")},
                  RunUpdate};
  VerbSpec publish{
      "policy publish",
      "Publish the draft version.",
      "PROMOTION_POLICY_ID",
      1,
      1,
      "Publishes the newest version, which must be a draft. It is used from now on; the\n"
      "version published before becomes superseded, and decisions made with it keep it.",
      {EtagFlag("publish"),
       ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
      RunPublish};
  update.field_names = {{"promotion_policy.etag", "--etag"}};
  publish.field_names = {{"etag", "--etag"}};
  VerbSpec list{"policy list",
                "List promotion policies (their newest version) by id.",
                "",
                0,
                0,
                "Lists the newest version of each policy ordered by id, one page unless --all is\n"
                "given.",
                {FieldFlag("state", "STATE", "state",
                           "Only policies whose newest version is in this state: draft, "
                           "published, superseded."),
                 FieldFlag("page-size", "N", "page_size",
                           "Policies per page (server default 50, at most 1000)."),
                 FieldFlag("page-token", "TOKEN", "page_token",
                           "Continue from a previous page's next_page_token."),
                 SwitchFlag("all", "Fetch every page and print them as one list.")},
                RunList};
  VerbSpec show{"policy show",
                "Show a policy: its step and its criteria in words.",
                "PROMOTION_POLICY_ID",
                1,
                1,
                "Shows the newest version, or --version N. With --output json the output is a\n"
                "policy file that `policy update --file` accepts back.",
                {ValueFlag("version", "N", "The version to show (default: the newest).")},
                RunShow};
  VerbSpec eligibility{
      "eligibility",
      "Who is ready for the policy's step, and what is missing for the others.",
      "",
      0,
      0,
      "Evaluates every criterion of the policy's version in force for the people at its\n"
      "from level (of --team, or the --person given), from the stored evaluations, training\n"
      "and KPIs. One row per person: the outcome, the criteria met, and what is missing, or\n"
      "the date time alone makes them eligible. --evidence adds each person's criteria with\n"
      "value, threshold, n and the records behind them. --as-of reproduces what was known then.",
      {Required(ValueFlag("policy", "PROMOTION_POLICY_ID", "The promotion policy.")),
       ValueFlag("team", "TEAM_ID", "Only this team's people (a team lead sees their own)."),
       Repeatable(ValueFlag("person", "EMPLOYEE_ID", "Only these people, at any level.")),
       ValueFlag("as-of", "DAY|TIME",
                 "Compute as of a day (its 00:00 UTC) or an RFC 3339 time (default: now)."),
       SwitchFlag("evidence", "Show each person's criteria and the records behind them.")},
      RunEligibility};
  eligibility.field_names = {{"promotion_policy_id", "--policy"},
                             {"team_id", "--team"},
                             {"employee_ids", "--person"},
                             {"as_of_time", "--as-of"}};
  group.verbs = {create, show, list, update, publish, eligibility};
  for (VerbSpec& verb : PromotionCaseVerbs()) group.verbs.push_back(std::move(verb));
  for (VerbSpec& verb : RegressionFlagVerbs()) group.verbs.push_back(std::move(verb));
  return group;
}

}  // namespace escala::client
