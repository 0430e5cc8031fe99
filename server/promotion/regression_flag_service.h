#pragma once

#include "escala/v1/promotion_regressions.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/promotion/regression_flag_handler.h"

namespace escala::server {

// gRPC adapter of RegressionFlagService: each call is admitted by the access gate, then runs
// RegressionFlagHandler on the worker pool.
class RegressionFlagService final : public v1::RegressionFlagService::CallbackService {
 public:
  RegressionFlagService(RegressionFlagHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* CheckRegressions(grpc::CallbackServerContext* context,
                                             const v1::CheckRegressionsRequest* request,
                                             v1::CheckRegressionsResponse* response) override;
  grpc::ServerUnaryReactor* GetRegressionFlag(grpc::CallbackServerContext* context,
                                              const v1::GetRegressionFlagRequest* request,
                                              v1::RegressionFlag* response) override;
  grpc::ServerUnaryReactor* ListRegressionFlags(grpc::CallbackServerContext* context,
                                                const v1::ListRegressionFlagsRequest* request,
                                                v1::ListRegressionFlagsResponse* response) override;
  grpc::ServerUnaryReactor* AcknowledgeRegressionFlag(
      grpc::CallbackServerContext* context, const v1::AcknowledgeRegressionFlagRequest* request,
      v1::RegressionFlag* response) override;
  grpc::ServerUnaryReactor* CloseRegressionFlag(grpc::CallbackServerContext* context,
                                                const v1::CloseRegressionFlagRequest* request,
                                                v1::RegressionFlag* response) override;

 private:
  RegressionFlagHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
