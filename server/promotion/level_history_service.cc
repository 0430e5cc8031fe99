#include "server/promotion/level_history_service.h"

#include "server/platform/unary_call.h"

namespace escala::server {

grpc::ServerUnaryReactor* LevelHistoryService::ListLevelChanges(
    grpc::CallbackServerContext* context, const v1::ListLevelChangesRequest* request,
    v1::ListLevelChangesResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.LevelHistoryService/ListLevelChanges",
                     [this, request](const CallContext& call) {
                       return handler_.ListLevelChanges(call, *request);
                     });
}

}  // namespace escala::server
