#pragma once

#include "absl/status/statusor.h"
#include "db/interaction_repository.h"
#include "escala/v1/interactions.pb.h"
#include "server/clock.h"

namespace escala::server {

// The logic of InteractionService's unary methods, free of gRPC (the import stream is
// ImportProcessor's).
class InteractionHandler {
 public:
  InteractionHandler(db::InteractionRepository& interactions, Clock clock)
      : interactions_(interactions), clock_(std::move(clock)) {}

  // A replayed request_id answers the record it created, whatever the new request holds.
  absl::StatusOr<v1::Interaction> CreateInteraction(const v1::CreateInteractionRequest& request);
  absl::StatusOr<v1::Interaction> GetInteraction(const v1::GetInteractionRequest& request);
  absl::StatusOr<v1::ListInteractionsResponse> ListInteractions(
      const v1::ListInteractionsRequest& request);
  absl::StatusOr<v1::Interaction> UpdateInteraction(const v1::UpdateInteractionRequest& request);

 private:
  db::InteractionRepository& interactions_;
  Clock clock_;
};

}  // namespace escala::server
