#include "db/interactions/coalescing_interaction_repository.h"

#include <utility>

namespace escala::db {

CoalescingInteractionRepository::CoalescingInteractionRepository(InteractionRepository& inner,
                                                                 std::size_t max_batch,
                                                                 int max_writers)
    : inner_(inner),
      writer_([this](std::vector<InteractionCreate>& batch) { return inner_.CreateMany(batch); },
              max_batch, max_writers) {}

absl::StatusOr<v1::Interaction> CoalescingInteractionRepository::Create(
    const v1::Interaction& interaction, const std::string& request_id, const AuditStamp& stamp,
    absl::Time now) {
  return writer_.Write(InteractionCreate{interaction, request_id, stamp, now});
}

}  // namespace escala::db
