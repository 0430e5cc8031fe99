#pragma once

// Interactions in memory for handler tests that look interactions up by id (calibration,
// evaluation): the test seeds them with Add. Create, Update, List and imports are not
// implemented (FAILED_PRECONDITION); the interaction handler's own rules are tested against the
// real repository in the contract tests.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/interactions/interaction_repository.h"

namespace escala::testing {

class FakeInteractionRepository : public db::InteractionRepository {
 public:
  void Add(const v1::Interaction& interaction) { interactions_[interaction.id()] = interaction; }
  // Adds interactions with ids first..last and no other field.
  void AddIds(int64_t first, int64_t last);

  absl::StatusOr<v1::Interaction> Create(const v1::Interaction& interaction,
                                         const std::string& request_id, const db::AuditStamp& stamp,
                                         absl::Time now) override;
  absl::StatusOr<std::optional<v1::Interaction>> FindByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::Interaction> Get(int64_t id) override;
  absl::StatusOr<std::vector<v1::Interaction>> List(
      const db::InteractionFilter& filter, const std::optional<db::InteractionCursor>& after,
      int limit) override;
  absl::StatusOr<v1::Interaction> Update(const v1::Interaction& interaction,
                                         int64_t expected_version, const db::AuditStamp& stamp,
                                         absl::Time now) override;
  absl::StatusOr<std::unique_ptr<db::InteractionImportTransaction>> BeginImport(
      const db::AuditStamp& stamp) override;

 private:
  std::map<int64_t, v1::Interaction> interactions_;
};

}  // namespace escala::testing
