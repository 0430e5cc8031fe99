#pragma once

#include "escala/v1/staffing.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/staffing/staffing_handler.h"

namespace escala::server {

// gRPC adapter of StaffingService: each call is admitted by the access gate, then runs
// StaffingHandler on the worker pool.
class StaffingService final : public v1::StaffingService::CallbackService {
 public:
  StaffingService(StaffingHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* PlanStaffingFromHistory(
      grpc::CallbackServerContext* context, const v1::PlanStaffingFromHistoryRequest* request,
      v1::PlanStaffingFromHistoryResponse* response) override;

 private:
  StaffingHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
