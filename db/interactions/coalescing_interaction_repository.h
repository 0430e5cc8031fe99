#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/common/coalescing_writer.h"
#include "db/interactions/interaction_repository.h"

namespace escala::db {

// An InteractionRepository that lets concurrent creates share one transaction. CreateInteraction
// is the busiest unary write (every contact of the department, as it ends), and alone each costs
// a transaction of four statements and a durable commit; written together they cost one of each
// per batch (see CoalescingWriter). Each caller still gets exactly Create's answer, and each
// record its own audit event. Every other method goes straight to the wrapped repository.
class CoalescingInteractionRepository : public InteractionRepository {
 public:
  CoalescingInteractionRepository(InteractionRepository& inner, std::size_t max_batch = 64,
                                  int max_writers = 2);

  CoalescingStats stats() { return writer_.stats(); }

  absl::StatusOr<v1::Interaction> Create(const v1::Interaction& interaction,
                                         const std::string& request_id, const AuditStamp& stamp,
                                         absl::Time now) override;
  std::vector<absl::StatusOr<v1::Interaction>> CreateMany(
      const std::vector<InteractionCreate>& creates) override {
    return inner_.CreateMany(creates);
  }
  absl::StatusOr<std::optional<v1::Interaction>> FindByRequestId(
      const std::string& request_id) override {
    return inner_.FindByRequestId(request_id);
  }
  absl::StatusOr<v1::Interaction> Get(int64_t id) override { return inner_.Get(id); }
  absl::StatusOr<std::vector<v1::Interaction>> List(const InteractionFilter& filter,
                                                    const std::optional<InteractionCursor>& after,
                                                    int limit) override {
    return inner_.List(filter, after, limit);
  }
  absl::StatusOr<v1::Interaction> Update(const v1::Interaction& interaction,
                                         int64_t expected_version, const AuditStamp& stamp,
                                         absl::Time now) override {
    return inner_.Update(interaction, expected_version, stamp, now);
  }
  absl::StatusOr<std::unique_ptr<InteractionImportTransaction>> BeginImport(
      const AuditStamp& stamp) override {
    return inner_.BeginImport(stamp);
  }

 private:
  InteractionRepository& inner_;
  CoalescingWriter<InteractionCreate, v1::Interaction> writer_;
};

}  // namespace escala::db
