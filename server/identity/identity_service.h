#pragma once

#include "escala/v1/identity.grpc.pb.h"
#include "server/identity/identity_handler.h"
#include "server/platform/unary_call.h"

namespace escala::server {

// gRPC adapter of IdentityService: each call is admitted by the access gate, then runs
// IdentityHandler on the worker pool.
class IdentityService final : public v1::IdentityService::CallbackService {
 public:
  IdentityService(IdentityHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* context,
                                   const v1::WhoAmIRequest* request,
                                   v1::Principal* response) override;
  grpc::ServerUnaryReactor* CreateToken(grpc::CallbackServerContext* context,
                                        const v1::CreateTokenRequest* request,
                                        v1::CreateTokenResponse* response) override;
  grpc::ServerUnaryReactor* ListTokens(grpc::CallbackServerContext* context,
                                       const v1::ListTokensRequest* request,
                                       v1::ListTokensResponse* response) override;
  grpc::ServerUnaryReactor* RevokeToken(grpc::CallbackServerContext* context,
                                        const v1::RevokeTokenRequest* request,
                                        v1::ApiToken* response) override;
  grpc::ServerUnaryReactor* CreateServiceAccount(grpc::CallbackServerContext* context,
                                                 const v1::CreateServiceAccountRequest* request,
                                                 v1::ServiceAccount* response) override;
  grpc::ServerUnaryReactor* GetServiceAccount(grpc::CallbackServerContext* context,
                                              const v1::GetServiceAccountRequest* request,
                                              v1::ServiceAccount* response) override;
  grpc::ServerUnaryReactor* ListServiceAccounts(grpc::CallbackServerContext* context,
                                                const v1::ListServiceAccountsRequest* request,
                                                v1::ListServiceAccountsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateServiceAccount(grpc::CallbackServerContext* context,
                                                 const v1::UpdateServiceAccountRequest* request,
                                                 v1::ServiceAccount* response) override;

 private:
  IdentityHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
