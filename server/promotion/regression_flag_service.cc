#include "server/promotion/regression_flag_service.h"

#include "server/platform/unary_call.h"

namespace escala::server {

grpc::ServerUnaryReactor* RegressionFlagService::CheckRegressions(
    grpc::CallbackServerContext* context, const v1::CheckRegressionsRequest* request,
    v1::CheckRegressionsResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.RegressionFlagService/CheckRegressions",
                     [this, request](const CallContext& call) {
                       return handler_.CheckRegressions(call, *request);
                     });
}

grpc::ServerUnaryReactor* RegressionFlagService::GetRegressionFlag(
    grpc::CallbackServerContext* context, const v1::GetRegressionFlagRequest* request,
    v1::RegressionFlag* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.RegressionFlagService/GetRegressionFlag",
                     [this, request](const CallContext& call) {
                       return handler_.GetRegressionFlag(call, *request);
                     });
}

grpc::ServerUnaryReactor* RegressionFlagService::ListRegressionFlags(
    grpc::CallbackServerContext* context, const v1::ListRegressionFlagsRequest* request,
    v1::ListRegressionFlagsResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.RegressionFlagService/ListRegressionFlags",
                     [this, request](const CallContext& call) {
                       return handler_.ListRegressionFlags(call, *request);
                     });
}

grpc::ServerUnaryReactor* RegressionFlagService::AcknowledgeRegressionFlag(
    grpc::CallbackServerContext* context, const v1::AcknowledgeRegressionFlagRequest* request,
    v1::RegressionFlag* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.RegressionFlagService/AcknowledgeRegressionFlag",
                     [this, request](const CallContext& call) {
                       return handler_.AcknowledgeRegressionFlag(call, *request);
                     });
}

grpc::ServerUnaryReactor* RegressionFlagService::CloseRegressionFlag(
    grpc::CallbackServerContext* context, const v1::CloseRegressionFlagRequest* request,
    v1::RegressionFlag* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.RegressionFlagService/CloseRegressionFlag",
                     [this, request](const CallContext& call) {
                       return handler_.CloseRegressionFlag(call, *request);
                     });
}

}  // namespace escala::server
