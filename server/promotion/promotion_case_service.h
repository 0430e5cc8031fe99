#pragma once

#include "escala/v1/promotion_cases.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/promotion/promotion_case_handler.h"

namespace escala::server {

// gRPC adapter of PromotionCaseService: each call is admitted by the access gate, then runs
// PromotionCaseHandler on the worker pool.
class PromotionCaseService final : public v1::PromotionCaseService::CallbackService {
 public:
  PromotionCaseService(PromotionCaseHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* Nominate(grpc::CallbackServerContext* context,
                                     const v1::NominateRequest* request,
                                     v1::PromotionCase* response) override;
  grpc::ServerUnaryReactor* NominateEligible(grpc::CallbackServerContext* context,
                                             const v1::NominateEligibleRequest* request,
                                             v1::NominateEligibleResponse* response) override;
  grpc::ServerUnaryReactor* GetPromotionCase(grpc::CallbackServerContext* context,
                                             const v1::GetPromotionCaseRequest* request,
                                             v1::PromotionCase* response) override;
  grpc::ServerUnaryReactor* ListPromotionCases(grpc::CallbackServerContext* context,
                                               const v1::ListPromotionCasesRequest* request,
                                               v1::ListPromotionCasesResponse* response) override;
  grpc::ServerUnaryReactor* StartReview(grpc::CallbackServerContext* context,
                                        const v1::StartReviewRequest* request,
                                        v1::PromotionCase* response) override;
  grpc::ServerUnaryReactor* Approve(grpc::CallbackServerContext* context,
                                    const v1::ApproveRequest* request,
                                    v1::PromotionCase* response) override;
  grpc::ServerUnaryReactor* Reject(grpc::CallbackServerContext* context,
                                   const v1::RejectRequest* request,
                                   v1::PromotionCase* response) override;
  grpc::ServerUnaryReactor* Withdraw(grpc::CallbackServerContext* context,
                                     const v1::WithdrawRequest* request,
                                     v1::PromotionCase* response) override;
  grpc::ServerUnaryReactor* AcknowledgePromotion(grpc::CallbackServerContext* context,
                                                 const v1::AcknowledgePromotionRequest* request,
                                                 v1::PromotionCase* response) override;

 private:
  PromotionCaseHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
