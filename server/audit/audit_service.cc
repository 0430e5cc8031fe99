#include "server/audit/audit_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* AuditService::ListAuditEvents(grpc::CallbackServerContext* context,
                                                        const v1::ListAuditEventsRequest* request,
                                                        v1::ListAuditEventsResponse* response) {
  // Reading the log is all-or-nothing by role (the policy has no own/team rule for it).
  return RunAdmitted(context, response, runtime_, "escala.v1.AuditService/ListAuditEvents",
                     [this, request](const CallContext& call) {
                       return handler_.ListAuditEvents(*request, call.PageScope());
                     });
}

}  // namespace escala::server
