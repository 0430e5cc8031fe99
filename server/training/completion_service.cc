#include "server/training/completion_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* CompletionService::ListCompletions(
    grpc::CallbackServerContext* context, const v1::ListCompletionsRequest* request,
    v1::ListCompletionsResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.CompletionService/ListCompletions",
                     [this, request](const CallContext& call) {
                       return handler_.ListCompletions(call, *request);
                     });
}

}  // namespace escala::server
