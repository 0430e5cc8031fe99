#include "server/sla/sla_policy_service.h"

#include "server/platform/unary_call.h"

namespace escala::server {

grpc::ServerUnaryReactor* SlaPolicyService::CreateSlaPolicy(
    grpc::CallbackServerContext* context, const v1::CreateSlaPolicyRequest* request,
    v1::SlaPolicy* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.SlaPolicyService/CreateSlaPolicy",
                     [this, request](const CallContext& call) {
                       return handler_.CreateSlaPolicy(call, *request);
                     });
}

grpc::ServerUnaryReactor* SlaPolicyService::GetSlaPolicy(grpc::CallbackServerContext* context,
                                                         const v1::GetSlaPolicyRequest* request,
                                                         v1::SlaPolicy* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.SlaPolicyService/GetSlaPolicy",
      [this, request](const CallContext& call) { return handler_.GetSlaPolicy(call, *request); });
}

grpc::ServerUnaryReactor* SlaPolicyService::ListSlaPolicies(
    grpc::CallbackServerContext* context, const v1::ListSlaPoliciesRequest* request,
    v1::ListSlaPoliciesResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.SlaPolicyService/ListSlaPolicies",
                     [this, request](const CallContext& call) {
                       return handler_.ListSlaPolicies(call, *request);
                     });
}

grpc::ServerUnaryReactor* SlaPolicyService::UpdateSlaPolicy(
    grpc::CallbackServerContext* context, const v1::UpdateSlaPolicyRequest* request,
    v1::SlaPolicy* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.SlaPolicyService/UpdateSlaPolicy",
                     [this, request](const CallContext& call) {
                       return handler_.UpdateSlaPolicy(call, *request);
                     });
}

grpc::ServerUnaryReactor* SlaPolicyService::PublishSlaPolicy(
    grpc::CallbackServerContext* context, const v1::PublishSlaPolicyRequest* request,
    v1::SlaPolicy* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.SlaPolicyService/PublishSlaPolicy",
                     [this, request](const CallContext& call) {
                       return handler_.PublishSlaPolicy(call, *request);
                     });
}

grpc::ServerUnaryReactor* SlaPolicyService::ComputeSlaReport(
    grpc::CallbackServerContext* context, const v1::ComputeSlaReportRequest* request,
    v1::ComputeSlaReportResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.SlaPolicyService/ComputeSlaReport",
                     [this, request](const CallContext& call) {
                       return handler_.ComputeSlaReport(call, *request);
                     });
}

}  // namespace escala::server
