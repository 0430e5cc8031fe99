#include "server/identity/identity_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* IdentityService::WhoAmI(grpc::CallbackServerContext* context,
                                                  const v1::WhoAmIRequest* request,
                                                  v1::Principal* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.IdentityService/WhoAmI",
      [this, request](const CallContext& call) { return handler_.WhoAmI(call, *request); });
}

grpc::ServerUnaryReactor* IdentityService::CreateToken(grpc::CallbackServerContext* context,
                                                       const v1::CreateTokenRequest* request,
                                                       v1::CreateTokenResponse* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.IdentityService/CreateToken",
      [this, request](const CallContext& call) { return handler_.CreateToken(call, *request); });
}

grpc::ServerUnaryReactor* IdentityService::ListTokens(grpc::CallbackServerContext* context,
                                                      const v1::ListTokensRequest* request,
                                                      v1::ListTokensResponse* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.IdentityService/ListTokens",
      [this, request](const CallContext& call) { return handler_.ListTokens(call, *request); });
}

grpc::ServerUnaryReactor* IdentityService::RevokeToken(grpc::CallbackServerContext* context,
                                                       const v1::RevokeTokenRequest* request,
                                                       v1::ApiToken* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.IdentityService/RevokeToken",
      [this, request](const CallContext& call) { return handler_.RevokeToken(call, *request); });
}

grpc::ServerUnaryReactor* IdentityService::CreateServiceAccount(
    grpc::CallbackServerContext* context, const v1::CreateServiceAccountRequest* request,
    v1::ServiceAccount* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.IdentityService/CreateServiceAccount",
                     [this, request](const CallContext& call) {
                       return handler_.CreateServiceAccount(call, *request);
                     });
}

grpc::ServerUnaryReactor* IdentityService::GetServiceAccount(
    grpc::CallbackServerContext* context, const v1::GetServiceAccountRequest* request,
    v1::ServiceAccount* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.IdentityService/GetServiceAccount",
                     [this, request](const CallContext& call) {
                       return handler_.GetServiceAccount(call, *request);
                     });
}

grpc::ServerUnaryReactor* IdentityService::ListServiceAccounts(
    grpc::CallbackServerContext* context, const v1::ListServiceAccountsRequest* request,
    v1::ListServiceAccountsResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.IdentityService/ListServiceAccounts",
                     [this, request](const CallContext& call) {
                       return handler_.ListServiceAccounts(call, *request);
                     });
}

grpc::ServerUnaryReactor* IdentityService::UpdateServiceAccount(
    grpc::CallbackServerContext* context, const v1::UpdateServiceAccountRequest* request,
    v1::ServiceAccount* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.IdentityService/UpdateServiceAccount",
                     [this, request](const CallContext& call) {
                       return handler_.UpdateServiceAccount(call, *request);
                     });
}

}  // namespace escala::server
