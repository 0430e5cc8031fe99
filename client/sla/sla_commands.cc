// `escala sla …`: SLA policies — targets per priority and a business-hours calendar, versioned
// like scorecards (a draft, then published versions that never change).

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/core/command.h"
#include "client/core/proto_json_file.h"
#include "client/core/request_id.h"
#include "client/sla/sla_policy_view.h"
#include "escala/v1/sla_policies.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::SlaPolicy;
using escala::v1::SlaPolicyService;

std::unique_ptr<SlaPolicyService::Stub> Stub(const CommandEnv& env) {
  return SlaPolicyService::NewStub(env.channel);
}

int PrintPolicy(const CommandEnv& env, const SlaPolicy& policy) {
  if (env.options.output == OutputFormat::kTable) {
    *env.out << RenderSlaPolicy(policy, env.width);
    return kExitOk;
  }
  *env.out << RenderResource(env.options.output, policy, SlaPolicyColumns(), SlaPolicyColumns(),
                             env.width);
  return kExitOk;
}

// --etag, or the newest version's etag read from the server.
grpc::Status ResolveEtag(const CommandEnv& env, const ParsedArgs& args, const std::string& id,
                         std::string* etag) {
  if (std::optional<std::string> given = args.Value("etag")) {
    *etag = *given;
    return grpc::Status::OK;
  }
  v1::GetSlaPolicyRequest request;
  request.set_sla_policy_id(id);
  SlaPolicy newest;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->GetSlaPolicy(&context, request, &newest);
  if (status.ok()) *etag = newest.etag();
  return status;
}

int RunCreate(const CommandEnv& env, const ParsedArgs& args) {
  v1::CreateSlaPolicyRequest request;
  if (absl::Status read =
          ReadProtoJsonFile(*args.Value("file"), "SLA policy", request.mutable_sla_policy());
      !read.ok()) {
    return InputError(env, read.message());
  }
  SlaPolicy created;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->CreateSlaPolicy(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPolicy(env, created);
}

int RunUpdate(const CommandEnv& env, const ParsedArgs& args) {
  const std::string& id = args.positional[0];
  v1::UpdateSlaPolicyRequest request;
  if (absl::Status read =
          ReadProtoJsonFile(*args.Value("file"), "SLA policy", request.mutable_sla_policy());
      !read.ok()) {
    return InputError(env, read.message());
  }
  SlaPolicy& policy = *request.mutable_sla_policy();
  if (!policy.sla_policy_id().empty() && policy.sla_policy_id() != id) {
    return InputError(env, absl::StrCat(*args.Value("file"), ": sla_policy_id: '",
                                        policy.sla_policy_id(), "' is not '", id, "'"));
  }
  policy.set_sla_policy_id(id);
  // The file is the whole new content.
  request.mutable_update_mask()->add_paths("*");
  if (grpc::Status status = ResolveEtag(env, args, id, policy.mutable_etag()); !status.ok()) {
    return RpcFailure(env, status);
  }
  SlaPolicy updated;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->UpdateSlaPolicy(&context, request, &updated);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPolicy(env, updated);
}

int RunPublish(const CommandEnv& env, const ParsedArgs& args) {
  v1::PublishSlaPolicyRequest request;
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  request.set_sla_policy_id(args.positional[0]);
  if (grpc::Status status = ResolveEtag(env, args, request.sla_policy_id(), request.mutable_etag());
      !status.ok()) {
    return RpcFailure(env, status);
  }
  SlaPolicy published;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->PublishSlaPolicy(&context, request, &published);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPolicy(env, published);
}

int RunShow(const CommandEnv& env, const ParsedArgs& args) {
  v1::GetSlaPolicyRequest request;
  request.set_sla_policy_id(args.positional[0]);
  if (std::optional<std::string> version = args.Value("version")) {
    int number = 0;
    if (!absl::SimpleAtoi(*version, &number) || number < 1) {
      return UsageError(
          env, absl::StrCat("--version: must be a version number (1, 2, …), got '", *version, "'"));
    }
    request.set_version(number);
  }
  SlaPolicy policy;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = Stub(env)->GetSlaPolicy(&context, request, &policy);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintPolicy(env, policy);
}

int RunList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListSlaPoliciesRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<SlaPolicyService::Stub> stub = Stub(env);
  v1::ListSlaPoliciesResponse policies;
  grpc::Status status = ListPages<v1::ListSlaPoliciesRequest, v1::ListSlaPoliciesResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const v1::ListSlaPoliciesRequest& page_request,
              v1::ListSlaPoliciesResponse* page) {
        return stub->ListSlaPolicies(context, page_request, page);
      },
      &policies);
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << RenderList(
      env.options.output, policies, AsMessages(policies.sla_policies()), SlaPolicyColumns(),
      [&policies] { return SlaPoliciesTable(policies.sla_policies()); }, env.width);
  return kExitOk;
}

FlagSpec FileFlag() {
  FlagSpec flag = ValueFlag("file", "FILE",
                            "The policy as the JSON of an escala.v1.SlaPolicy (see "
                            "tools/demo/sla/support-sla.json).");
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

GroupSpec SlaGroup() {
  GroupSpec group{"sla", "SLA policies: create, show, list, update, publish.", {}};
  VerbSpec create{
      "create",
      "Create an SLA policy (version 1, a draft) from a file.",
      "",
      0,
      0,
      "Creates version 1 of a new SLA policy as a draft: first-response and resolution\n"
      "targets for each priority, in business or calendar hours, and the business-hours\n"
      "calendar (time zone, weekly hours, holidays). Errors name the field.",
      {FileFlag()},
      RunCreate};
  VerbSpec update{"update",
                  "Replace the content of a policy's newest version.",
                  "SLA_POLICY_ID",
                  1,
                  1,
                  "A draft is changed in place; a published version stays as it is and the change\n"
                  "becomes the next version, a draft.",
                  {FileFlag(), EtagFlag("update")},
                  RunUpdate};
  VerbSpec publish{
      "publish",
      "Publish the draft version.",
      "SLA_POLICY_ID",
      1,
      1,
      "Publishes the newest version, which must be a draft. It applies to interactions\n"
      "that start from now on; the version published before becomes superseded and still\n"
      "applies to the interactions that started while it was in force.",
      {EtagFlag("publish"),
       ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
      RunPublish};
  update.field_names = {{"sla_policy.etag", "--etag"}};
  publish.field_names = {{"etag", "--etag"}};
  VerbSpec list{"list",
                "List SLA policies (their newest version) by id.",
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
  VerbSpec show{"show",
                "Show a policy: targets per priority and business hours.",
                "SLA_POLICY_ID",
                1,
                1,
                "Shows the newest version, or --version N. With --output json the output is a\n"
                "policy file that `update --file` accepts back.",
                {ValueFlag("version", "N", "The version to show (default: the newest).")},
                RunShow};
  group.verbs = {create, show, list, update, publish};
  return group;
}

}  // namespace escala::client
