#pragma once

#include "escala/v1/promotion_policies.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/promotion/promotion_policy_handler.h"

namespace escala::server {

// gRPC adapter of PromotionPolicyService: each call is admitted by the access gate, then runs
// PromotionPolicyHandler on the worker pool.
class PromotionPolicyService final : public v1::PromotionPolicyService::CallbackService {
 public:
  PromotionPolicyService(PromotionPolicyHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* CreatePromotionPolicy(grpc::CallbackServerContext* context,
                                                  const v1::CreatePromotionPolicyRequest* request,
                                                  v1::PromotionPolicy* response) override;
  grpc::ServerUnaryReactor* GetPromotionPolicy(grpc::CallbackServerContext* context,
                                               const v1::GetPromotionPolicyRequest* request,
                                               v1::PromotionPolicy* response) override;
  grpc::ServerUnaryReactor* ListPromotionPolicies(
      grpc::CallbackServerContext* context, const v1::ListPromotionPoliciesRequest* request,
      v1::ListPromotionPoliciesResponse* response) override;
  grpc::ServerUnaryReactor* UpdatePromotionPolicy(grpc::CallbackServerContext* context,
                                                  const v1::UpdatePromotionPolicyRequest* request,
                                                  v1::PromotionPolicy* response) override;
  grpc::ServerUnaryReactor* PublishPromotionPolicy(grpc::CallbackServerContext* context,
                                                   const v1::PublishPromotionPolicyRequest* request,
                                                   v1::PromotionPolicy* response) override;

 private:
  PromotionPolicyHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
