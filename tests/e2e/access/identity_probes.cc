// Access-matrix probes of the IdentityService: tokens and service accounts.

#include <grpcpp/grpcpp.h>

#include <string>

#include "escala/v1/audit.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

std::map<std::string, Probe> IdentityProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.IdentityService/WhoAmI"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::Principal response;
    grpc::Status status =
        NewStub<v1::IdentityService>(w.channel)->WhoAmI(&context, v1::WhoAmIRequest(), &response);
    if (status.ok() && response.name() != c.principal) return grpc::StatusCode::INTERNAL;
    return status.error_code();
  };
  probes["escala.v1.IdentityService/CreateToken"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreateTokenRequest request;
    request.mutable_token()->set_principal(PrincipalTarget(w, c, t));
    v1::CreateTokenResponse response;
    return NewStub<v1::IdentityService>(w.channel)
        ->CreateToken(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.IdentityService/ListTokens"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListTokensRequest request;
    request.set_principal(PrincipalTarget(w, c, t));
    request.set_page_size(1000);
    v1::ListTokensResponse response;
    grpc::Status status =
        NewStub<v1::IdentityService>(w.channel)->ListTokens(&context, request, &response);
    // Every principal of the world holds at least one token.
    return Found(status, response.tokens_size() > 0);
  };
  probes["escala.v1.IdentityService/RevokeToken"] = [](World& w, const Actor& c, Target t) {
    v1::CreateTokenResponse spare;
    {
      grpc::ClientContext context;
      Authorize(context, w.admin_token);
      v1::CreateTokenRequest request;
      request.mutable_token()->set_principal(PrincipalTarget(w, c, t));
      request.mutable_token()->set_description("spare, to be revoked");
      if (!NewStub<v1::IdentityService>(w.channel)->CreateToken(&context, request, &spare).ok()) {
        return grpc::StatusCode::INTERNAL;
      }
    }
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::RevokeTokenRequest request;
    request.set_token_id(spare.token().token_id());
    v1::ApiToken response;
    return NewStub<v1::IdentityService>(w.channel)
        ->RevokeToken(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.IdentityService/CreateServiceAccount"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreateServiceAccountRequest request;
    request.mutable_service_account()->set_account_id(w.Unique("svc-"));
    request.mutable_service_account()->set_display_name("Feed");
    request.mutable_service_account()->set_role(v1::ROLE_INTEGRATION);
    v1::ServiceAccount response;
    return NewStub<v1::IdentityService>(w.channel)
        ->CreateServiceAccount(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.IdentityService/GetServiceAccount"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetServiceAccountRequest request;
    request.set_account_id(AccountTarget(c, t));
    v1::ServiceAccount response;
    return NewStub<v1::IdentityService>(w.channel)
        ->GetServiceAccount(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.IdentityService/ListServiceAccounts"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListServiceAccountsRequest request;
    request.set_page_size(1000);
    v1::ListServiceAccountsResponse response;
    grpc::Status status =
        NewStub<v1::IdentityService>(w.channel)->ListServiceAccounts(&context, request, &response);
    bool contains = false;
    for (const v1::ServiceAccount& a : response.service_accounts())
      contains |= a.account_id() == AccountTarget(c, t);
    return Found(status, contains);
  };
  probes["escala.v1.IdentityService/UpdateServiceAccount"] = [](World& w, const Actor& c,
                                                                Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdateServiceAccountRequest request;
    request.mutable_service_account()->set_account_id(AccountTarget(c, t));
    request.mutable_service_account()->set_display_name(w.Unique("Account "));
    request.mutable_update_mask()->add_paths("display_name");
    v1::ServiceAccount response;
    return NewStub<v1::IdentityService>(w.channel)
        ->UpdateServiceAccount(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.AuditService/ListAuditEvents"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListAuditEventsRequest request;
    v1::ListAuditEventsResponse response;
    return NewStub<v1::AuditService>(w.channel)
        ->ListAuditEvents(&context, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kIdentityProbes("identity", &IdentityProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
