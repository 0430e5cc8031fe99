#pragma once

#include "escala/v1/interactions.grpc.pb.h"
#include "server/interactions/interaction_handler.h"
#include "server/platform/server_state.h"
#include "server/platform/unary_call.h"

namespace escala::server {

// gRPC adapter of InteractionService: unary methods run InteractionHandler on the worker pool;
// ImportInteractions is an ImportReactor.
class InteractionService final : public v1::InteractionService::CallbackService {
 public:
  // Records per import transaction batch.
  static constexpr std::size_t kImportBatchSize = 500;

  // `max_import_records` caps the records of one import stream.
  InteractionService(InteractionHandler& handler, db::InteractionRepository& repository,
                     CallRuntime& runtime, const ServerState& state, Clock clock,
                     int64_t max_import_records)
      : handler_(handler),
        repository_(repository),
        runtime_(runtime),
        state_(state),
        clock_(std::move(clock)),
        max_import_records_(max_import_records) {}

  grpc::ServerUnaryReactor* CreateInteraction(grpc::CallbackServerContext* context,
                                              const v1::CreateInteractionRequest* request,
                                              v1::Interaction* response) override;
  grpc::ServerUnaryReactor* GetInteraction(grpc::CallbackServerContext* context,
                                           const v1::GetInteractionRequest* request,
                                           v1::Interaction* response) override;
  grpc::ServerUnaryReactor* ListInteractions(grpc::CallbackServerContext* context,
                                             const v1::ListInteractionsRequest* request,
                                             v1::ListInteractionsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateInteraction(grpc::CallbackServerContext* context,
                                              const v1::UpdateInteractionRequest* request,
                                              v1::Interaction* response) override;
  grpc::ServerReadReactor<v1::ImportInteractionsRequest>* ImportInteractions(
      grpc::CallbackServerContext* context, v1::ImportInteractionsResponse* response) override;

 private:
  InteractionHandler& handler_;
  db::InteractionRepository& repository_;
  CallRuntime& runtime_;
  const ServerState& state_;
  Clock clock_;
  int64_t max_import_records_;
};

}  // namespace escala::server
