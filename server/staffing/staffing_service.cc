#include "server/staffing/staffing_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* StaffingService::PlanStaffingFromHistory(
    grpc::CallbackServerContext* context, const v1::PlanStaffingFromHistoryRequest* request,
    v1::PlanStaffingFromHistoryResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.StaffingService/PlanStaffingFromHistory",
                     [this, request](const CallContext& call) {
                       return handler_.PlanStaffingFromHistory(call, *request);
                     });
}

}  // namespace escala::server
