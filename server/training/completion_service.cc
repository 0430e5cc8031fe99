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

grpc::ServerUnaryReactor* CompletionService::ImportCompletions(
    grpc::CallbackServerContext* context, const v1::ImportCompletionsRequest* request,
    v1::ImportCompletionsResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.CompletionService/ImportCompletions",
                     [this, request](const CallContext& call) {
                       return importer_.ImportCompletions(call, *request);
                     });
}

}  // namespace escala::server
