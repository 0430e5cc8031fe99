#pragma once

#include "escala/v1/sla_policies.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/sla/sla_policy_handler.h"

namespace escala::server {

// gRPC adapter of SlaPolicyService: each call is admitted by the access gate, then runs
// SlaPolicyHandler on the worker pool.
class SlaPolicyService final : public v1::SlaPolicyService::CallbackService {
 public:
  SlaPolicyService(SlaPolicyHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* CreateSlaPolicy(grpc::CallbackServerContext* context,
                                            const v1::CreateSlaPolicyRequest* request,
                                            v1::SlaPolicy* response) override;
  grpc::ServerUnaryReactor* GetSlaPolicy(grpc::CallbackServerContext* context,
                                         const v1::GetSlaPolicyRequest* request,
                                         v1::SlaPolicy* response) override;
  grpc::ServerUnaryReactor* ListSlaPolicies(grpc::CallbackServerContext* context,
                                            const v1::ListSlaPoliciesRequest* request,
                                            v1::ListSlaPoliciesResponse* response) override;
  grpc::ServerUnaryReactor* UpdateSlaPolicy(grpc::CallbackServerContext* context,
                                            const v1::UpdateSlaPolicyRequest* request,
                                            v1::SlaPolicy* response) override;
  grpc::ServerUnaryReactor* PublishSlaPolicy(grpc::CallbackServerContext* context,
                                             const v1::PublishSlaPolicyRequest* request,
                                             v1::SlaPolicy* response) override;
  grpc::ServerUnaryReactor* ComputeSlaReport(grpc::CallbackServerContext* context,
                                             const v1::ComputeSlaReportRequest* request,
                                             v1::ComputeSlaReportResponse* response) override;

 private:
  SlaPolicyHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
