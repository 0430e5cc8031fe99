#pragma once

#include "escala/v1/audit.grpc.pb.h"
#include "server/audit/audit_handler.h"
#include "server/platform/unary_call.h"

namespace escala::server {

// gRPC adapter of AuditService: each call is admitted by the access gate, then runs
// AuditHandler on the worker pool.
class AuditService final : public v1::AuditService::CallbackService {
 public:
  AuditService(AuditHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* ListAuditEvents(grpc::CallbackServerContext* context,
                                            const v1::ListAuditEventsRequest* request,
                                            v1::ListAuditEventsResponse* response) override;

 private:
  AuditHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
