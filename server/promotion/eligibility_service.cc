#include "server/promotion/eligibility_service.h"

#include "server/platform/unary_call.h"

namespace escala::server {

grpc::ServerUnaryReactor* EligibilityService::ComputeEligibility(
    grpc::CallbackServerContext* context, const v1::ComputeEligibilityRequest* request,
    v1::ComputeEligibilityResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.PromotionEligibilityService/ComputeEligibility",
                     [this, request](const CallContext& call) {
                       return handler_.ComputeEligibility(call, *request);
                     });
}

}  // namespace escala::server
