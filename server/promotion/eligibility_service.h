#pragma once

#include "escala/v1/promotion_eligibility.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/promotion/eligibility_handler.h"

namespace escala::server {

// gRPC adapter of PromotionEligibilityService: each call is admitted by the access gate, then
// runs EligibilityHandler on the worker pool.
class EligibilityService final : public v1::PromotionEligibilityService::CallbackService {
 public:
  EligibilityService(EligibilityHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* ComputeEligibility(grpc::CallbackServerContext* context,
                                               const v1::ComputeEligibilityRequest* request,
                                               v1::ComputeEligibilityResponse* response) override;

 private:
  EligibilityHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
