// `escala service-accounts …`: machine identities such as HR systems and contact-centre
// platforms, which authenticate with tokens of their own.

#include <memory>

#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "escala/v1/identity.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::CreateServiceAccountRequest;
using escala::v1::GetServiceAccountRequest;
using escala::v1::IdentityService;
using escala::v1::ListServiceAccountsRequest;
using escala::v1::ListServiceAccountsResponse;
using escala::v1::ServiceAccount;
using escala::v1::UpdateServiceAccountRequest;

// The fields a user sets; they give the flags of create and update and the CSV columns.
const ColumnTable& ServiceAccountColumns() {
  static const ColumnTable* const kColumns = new ColumnTable{
      {"account_id", "account_id", true, "", "",
       "Stable id: letters, digits, '-', '_' and '.', at most 64."},
      {"display_name", "display_name", true, "", "", "Name shown in audit and reports."},
      {"role", "role", true, "", "", "hr-system, integration or administrator."},
      {"client_certificate_cn", "client_certificate_cn", false, "", "",
       "Accept the account's tokens only over mutual TLS with a client certificate of this "
       "common name; '' removes the binding."},
      {"active", "active", false, "true", "",
       "Whether the account's tokens are accepted: true or false."},
  };
  return *kColumns;
}

const ColumnTable& ServiceAccountDetailColumns() {
  static const ColumnTable* const kColumns = [] {
    auto* detail = new ColumnTable(ServiceAccountColumns());
    detail->push_back(OutputOnlyColumn("create_time"));
    detail->push_back(OutputOnlyColumn("update_time"));
    detail->push_back(OutputOnlyColumn("etag"));
    return detail;
  }();
  return *kColumns;
}

Table ServiceAccountsTable(const ListServiceAccountsResponse& response) {
  Table table;
  table.header = {"ACCOUNT ID", "NAME", "ROLE", "CLIENT CERTIFICATE CN", "ACTIVE"};
  for (const ServiceAccount& account : response.service_accounts()) {
    table.rows.push_back({account.account_id(), account.display_name(),
                          ShortEnumName(account.role()), account.client_certificate_cn(),
                          account.active() ? "yes" : "no"});
  }
  return table;
}

int PrintServiceAccount(const CommandEnv& env, const ServiceAccount& account) {
  *env.out << RenderResource(env.options.output, account, ServiceAccountColumns(),
                             ServiceAccountDetailColumns(), env.width);
  return kExitOk;
}

int RunList(const CommandEnv& env, const ParsedArgs& args) {
  ListServiceAccountsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<IdentityService::Stub> stub = IdentityService::NewStub(env.channel);
  ListServiceAccountsResponse accounts;
  grpc::Status status = ListPages<ListServiceAccountsRequest, ListServiceAccountsResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const ListServiceAccountsRequest& page_request,
              ListServiceAccountsResponse* page) {
        return stub->ListServiceAccounts(context, page_request, page);
      },
      &accounts);
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << RenderList(
      env.options.output, accounts, AsMessages(accounts.service_accounts()),
      ServiceAccountColumns(), [&accounts] { return ServiceAccountsTable(accounts); }, env.width);
  return kExitOk;
}

int RunGet(const CommandEnv& env, const ParsedArgs& args) {
  GetServiceAccountRequest request;
  request.set_account_id(args.positional[0]);
  ServiceAccount account;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      IdentityService::NewStub(env.channel)->GetServiceAccount(&context, request, &account);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintServiceAccount(env, account);
}

int RunCreate(const CommandEnv& env, const ParsedArgs& args) {
  CreateServiceAccountRequest request;
  if (int code = ApplyFieldFlags(env, args, request.mutable_service_account()); code != kExitOk) {
    return code;
  }
  ServiceAccount created;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      IdentityService::NewStub(env.channel)->CreateServiceAccount(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintServiceAccount(env, created);
}

int RunUpdate(const CommandEnv& env, const ParsedArgs& args) {
  UpdateServiceAccountRequest request;
  ServiceAccount* account = request.mutable_service_account();
  if (int code = ApplyFieldFlags(env, args, account); code != kExitOk) return code;
  account->set_account_id(args.positional[0]);
  for (const GivenFlag& flag : args.flags) {
    // The etag guards the update; it is not a field to change.
    if (flag.spec->field_path == "etag") continue;
    request.mutable_update_mask()->add_paths(flag.spec->field_path);
  }
  if (request.update_mask().paths().empty()) {
    return UsageError(env,
                      "nothing to change: give --display-name, --role, --client-certificate-cn "
                      "or --active");
  }
  ServiceAccount updated;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      IdentityService::NewStub(env.channel)->UpdateServiceAccount(&context, request, &updated);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintServiceAccount(env, updated);
}

// A new account is always active (the server sets it), so create has no --active.
std::vector<FlagSpec> CreateFlags() {
  std::vector<FlagSpec> flags =
      ColumnFlags(ServiceAccountColumns(), *ServiceAccount::descriptor(), {"active"});
  for (FlagSpec& flag : flags) flag.required = flag.name != "client-certificate-cn";
  return flags;
}

std::vector<FlagSpec> UpdateFlags() {
  std::vector<FlagSpec> flags =
      ColumnFlags(ServiceAccountColumns(), *ServiceAccount::descriptor(), {"account_id"});
  flags.push_back(FieldFlag("etag", "ETAG", "etag",
                            "Update only if the account is still at this etag (from get)."));
  return flags;
}

}  // namespace

GroupSpec ServiceAccountsGroup() {
  GroupSpec group{
      "service-accounts", "Service accounts of other systems: list, get, create, update.", {}};
  VerbSpec list{"list",
                "List service accounts ordered by id.",
                "",
                0,
                0,
                "Lists service accounts ordered by id, one page unless --all is given. When\n"
                "more pages follow, their token is printed on stderr as 'next_page_token: TOKEN'.",
                {
                    FieldFlag("page-size", "N", "page_size",
                              "Accounts per page (server default 50, at most 1000)."),
                    FieldFlag("page-token", "TOKEN", "page_token",
                              "Continue from a previous page's next_page_token."),
                    SwitchFlag("all", "Fetch every page and print them as one list."),
                },
                RunList};
  VerbSpec get{"get",
               "Show one service account.",
               "ACCOUNT_ID",
               1,
               1,
               "Shows the service account with this id.",
               {},
               RunGet};
  VerbSpec create{"create",
                  "Create a service account.",
                  "",
                  0,
                  0,
                  "Creates an active service account. Give it a token with\n"
                  "'escala tokens create --principal serviceAccounts/ACCOUNT_ID'.",
                  CreateFlags(),
                  RunCreate};
  VerbSpec update{"update",
                  "Change a service account, e.g. deactivate it.",
                  "ACCOUNT_ID",
                  1,
                  1,
                  "Changes exactly the fields given as flags. --active false makes the server\n"
                  "refuse the account's tokens.",
                  UpdateFlags(),
                  RunUpdate};
  group.verbs = {list, get, create, update};
  return group;
}

}  // namespace escala::client
