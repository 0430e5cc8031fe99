#include "server/promotion/promotion_policy_service.h"

#include "server/platform/unary_call.h"

namespace escala::server {

grpc::ServerUnaryReactor* PromotionPolicyService::CreatePromotionPolicy(
    grpc::CallbackServerContext* context, const v1::CreatePromotionPolicyRequest* request,
    v1::PromotionPolicy* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.PromotionPolicyService/CreatePromotionPolicy",
                     [this, request](const CallContext& call) {
                       return handler_.CreatePromotionPolicy(call, *request);
                     });
}

grpc::ServerUnaryReactor* PromotionPolicyService::GetPromotionPolicy(
    grpc::CallbackServerContext* context, const v1::GetPromotionPolicyRequest* request,
    v1::PromotionPolicy* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.PromotionPolicyService/GetPromotionPolicy",
                     [this, request](const CallContext& call) {
                       return handler_.GetPromotionPolicy(call, *request);
                     });
}

grpc::ServerUnaryReactor* PromotionPolicyService::ListPromotionPolicies(
    grpc::CallbackServerContext* context, const v1::ListPromotionPoliciesRequest* request,
    v1::ListPromotionPoliciesResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.PromotionPolicyService/ListPromotionPolicies",
                     [this, request](const CallContext& call) {
                       return handler_.ListPromotionPolicies(call, *request);
                     });
}

grpc::ServerUnaryReactor* PromotionPolicyService::UpdatePromotionPolicy(
    grpc::CallbackServerContext* context, const v1::UpdatePromotionPolicyRequest* request,
    v1::PromotionPolicy* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.PromotionPolicyService/UpdatePromotionPolicy",
                     [this, request](const CallContext& call) {
                       return handler_.UpdatePromotionPolicy(call, *request);
                     });
}

grpc::ServerUnaryReactor* PromotionPolicyService::PublishPromotionPolicy(
    grpc::CallbackServerContext* context, const v1::PublishPromotionPolicyRequest* request,
    v1::PromotionPolicy* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.PromotionPolicyService/PublishPromotionPolicy",
                     [this, request](const CallContext& call) {
                       return handler_.PublishPromotionPolicy(call, *request);
                     });
}

}  // namespace escala::server
