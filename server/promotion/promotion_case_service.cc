#include "server/promotion/promotion_case_service.h"

#include "server/platform/unary_call.h"

namespace escala::server {

grpc::ServerUnaryReactor* PromotionCaseService::Nominate(grpc::CallbackServerContext* context,
                                                         const v1::NominateRequest* request,
                                                         v1::PromotionCase* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PromotionCaseService/Nominate",
      [this, request](const CallContext& call) { return handler_.Nominate(call, *request); });
}

grpc::ServerUnaryReactor* PromotionCaseService::NominateEligible(
    grpc::CallbackServerContext* context, const v1::NominateEligibleRequest* request,
    v1::NominateEligibleResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.PromotionCaseService/NominateEligible",
                     [this, request](const CallContext& call) {
                       return handler_.NominateEligible(call, *request);
                     });
}

grpc::ServerUnaryReactor* PromotionCaseService::GetPromotionCase(
    grpc::CallbackServerContext* context, const v1::GetPromotionCaseRequest* request,
    v1::PromotionCase* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.PromotionCaseService/GetPromotionCase",
                     [this, request](const CallContext& call) {
                       return handler_.GetPromotionCase(call, *request);
                     });
}

grpc::ServerUnaryReactor* PromotionCaseService::ListPromotionCases(
    grpc::CallbackServerContext* context, const v1::ListPromotionCasesRequest* request,
    v1::ListPromotionCasesResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.PromotionCaseService/ListPromotionCases",
                     [this, request](const CallContext& call) {
                       return handler_.ListPromotionCases(call, *request);
                     });
}

grpc::ServerUnaryReactor* PromotionCaseService::StartReview(grpc::CallbackServerContext* context,
                                                            const v1::StartReviewRequest* request,
                                                            v1::PromotionCase* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PromotionCaseService/StartReview",
      [this, request](const CallContext& call) { return handler_.StartReview(call, *request); });
}

grpc::ServerUnaryReactor* PromotionCaseService::Approve(grpc::CallbackServerContext* context,
                                                        const v1::ApproveRequest* request,
                                                        v1::PromotionCase* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PromotionCaseService/Approve",
      [this, request](const CallContext& call) { return handler_.Approve(call, *request); });
}

grpc::ServerUnaryReactor* PromotionCaseService::Reject(grpc::CallbackServerContext* context,
                                                       const v1::RejectRequest* request,
                                                       v1::PromotionCase* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PromotionCaseService/Reject",
      [this, request](const CallContext& call) { return handler_.Reject(call, *request); });
}

grpc::ServerUnaryReactor* PromotionCaseService::Withdraw(grpc::CallbackServerContext* context,
                                                         const v1::WithdrawRequest* request,
                                                         v1::PromotionCase* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PromotionCaseService/Withdraw",
      [this, request](const CallContext& call) { return handler_.Withdraw(call, *request); });
}

grpc::ServerUnaryReactor* PromotionCaseService::AcknowledgePromotion(
    grpc::CallbackServerContext* context, const v1::AcknowledgePromotionRequest* request,
    v1::PromotionCase* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.PromotionCaseService/AcknowledgePromotion",
                     [this, request](const CallContext& call) {
                       return handler_.AcknowledgePromotion(call, *request);
                     });
}

}  // namespace escala::server
