#pragma once

#include "absl/status/statusor.h"
#include "db/directory/people_repository.h"
#include "db/interactions/interaction_repository.h"
#include "escala/v1/interactions.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// The logic of InteractionService's unary methods, free of gRPC (the import stream is
// ImportProcessor's).
class InteractionHandler {
 public:
  // `people` resolves agents' teams for team-scoped callers.
  InteractionHandler(db::InteractionRepository& interactions, db::PeopleRepository& people,
                     Clock clock)
      : interactions_(interactions), people_(people), clock_(std::move(clock)) {}

  // A replayed request_id answers the record it created, whatever the new request holds.
  absl::StatusOr<v1::Interaction> CreateInteraction(const CallContext& call,
                                                    const v1::CreateInteractionRequest& request);
  absl::StatusOr<v1::Interaction> GetInteraction(const CallContext& call,
                                                 const v1::GetInteractionRequest& request);
  absl::StatusOr<v1::ListInteractionsResponse> ListInteractions(
      const CallContext& call, const v1::ListInteractionsRequest& request);
  absl::StatusOr<v1::Interaction> UpdateInteraction(const CallContext& call,
                                                    const v1::UpdateInteractionRequest& request);

 private:
  // The record with `id` if it is within the call's scope; NOT_FOUND otherwise, in the same
  // words as for a record that does not exist.
  absl::StatusOr<v1::Interaction> GetInScope(const CallContext& call, int64_t id);

  db::InteractionRepository& interactions_;
  db::PeopleRepository& people_;
  Clock clock_;
};

}  // namespace escala::server
