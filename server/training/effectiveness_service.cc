#include "server/training/effectiveness_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* TrainingEffectivenessService::ComputeCourseEffectiveness(
    grpc::CallbackServerContext* context, const v1::ComputeCourseEffectivenessRequest* request,
    v1::ComputeCourseEffectivenessResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingEffectivenessService/ComputeCourseEffectiveness",
                     [this, request](const CallContext& call) {
                       return handler_.ComputeCourseEffectiveness(call, *request);
                     });
}

}  // namespace escala::server
