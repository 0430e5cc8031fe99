#include "server/interactions/interaction_service.h"

#include "server/interactions/import_reactor.h"
#include "server/platform/unary_call.h"

namespace escala::server {

grpc::ServerUnaryReactor* InteractionService::CreateInteraction(
    grpc::CallbackServerContext* context, const v1::CreateInteractionRequest* request,
    v1::Interaction* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.InteractionService/CreateInteraction",
                     [this, request](const CallContext& call) {
                       return handler_.CreateInteraction(call, *request);
                     });
}

grpc::ServerUnaryReactor* InteractionService::GetInteraction(
    grpc::CallbackServerContext* context, const v1::GetInteractionRequest* request,
    v1::Interaction* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.InteractionService/GetInteraction",
      [this, request](const CallContext& call) { return handler_.GetInteraction(call, *request); });
}

grpc::ServerUnaryReactor* InteractionService::ListInteractions(
    grpc::CallbackServerContext* context, const v1::ListInteractionsRequest* request,
    v1::ListInteractionsResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.InteractionService/ListInteractions",
                     [this, request](const CallContext& call) {
                       return handler_.ListInteractions(call, *request);
                     });
}

grpc::ServerUnaryReactor* InteractionService::UpdateInteraction(
    grpc::CallbackServerContext* context, const v1::UpdateInteractionRequest* request,
    v1::Interaction* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.InteractionService/UpdateInteraction",
                     [this, request](const CallContext& call) {
                       return handler_.UpdateInteraction(call, *request);
                     });
}

grpc::ServerReadReactor<v1::ImportInteractionsRequest>* InteractionService::ImportInteractions(
    grpc::CallbackServerContext* context, v1::ImportInteractionsResponse* response) {
  return new ImportReactor(context, response, repository_, runtime_, state_, clock_,
                           ImportReactor::Limits{kImportBatchSize, max_import_records_});
}

}  // namespace escala::server
