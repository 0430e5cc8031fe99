#pragma once

#include "escala/v1/training_effectiveness.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/training/effectiveness_handler.h"

namespace escala::server {

// gRPC adapter of TrainingEffectivenessService: each call is admitted by the access gate, then
// runs TrainingEffectivenessHandler on the worker pool.
class TrainingEffectivenessService final
    : public v1::TrainingEffectivenessService::CallbackService {
 public:
  TrainingEffectivenessService(TrainingEffectivenessHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* ComputeCourseEffectiveness(
      grpc::CallbackServerContext* context, const v1::ComputeCourseEffectivenessRequest* request,
      v1::ComputeCourseEffectivenessResponse* response) override;

 private:
  TrainingEffectivenessHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
