#include "server/interaction_service.h"

#include "server/import_reactor.h"
#include "server/unary_call.h"

namespace escala::server {

grpc::ServerUnaryReactor* InteractionService::CreateInteraction(
    grpc::CallbackServerContext* context, const v1::CreateInteractionRequest* request,
    v1::Interaction* response) {
  return RunOnWorkers(context, response, workers_,
                      [this, request] { return handler_.CreateInteraction(*request); });
}

grpc::ServerUnaryReactor* InteractionService::GetInteraction(
    grpc::CallbackServerContext* context, const v1::GetInteractionRequest* request,
    v1::Interaction* response) {
  return RunOnWorkers(context, response, workers_,
                      [this, request] { return handler_.GetInteraction(*request); });
}

grpc::ServerUnaryReactor* InteractionService::ListInteractions(
    grpc::CallbackServerContext* context, const v1::ListInteractionsRequest* request,
    v1::ListInteractionsResponse* response) {
  return RunOnWorkers(context, response, workers_,
                      [this, request] { return handler_.ListInteractions(*request); });
}

grpc::ServerUnaryReactor* InteractionService::UpdateInteraction(
    grpc::CallbackServerContext* context, const v1::UpdateInteractionRequest* request,
    v1::Interaction* response) {
  return RunOnWorkers(context, response, workers_,
                      [this, request] { return handler_.UpdateInteraction(*request); });
}

grpc::ServerReadReactor<v1::ImportInteractionsRequest>* InteractionService::ImportInteractions(
    grpc::CallbackServerContext* context, v1::ImportInteractionsResponse* response) {
  return new ImportReactor(context, response, repository_, workers_, state_, clock_,
                           kImportBatchSize);
}

}  // namespace escala::server
