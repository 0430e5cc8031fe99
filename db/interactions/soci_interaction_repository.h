#pragma once

#include "db/core/session_pool.h"
#include "db/interactions/interaction_repository.h"

namespace escala::db {

// InteractionRepository on SOCI (MySQL/MariaDB or SQLite).
class SociInteractionRepository : public InteractionRepository {
 public:
  explicit SociInteractionRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Interaction> Create(const v1::Interaction& interaction,
                                         const std::string& request_id, const AuditStamp& stamp,
                                         absl::Time now) override;
  // On MariaDB, the batch in one transaction (one multi-row INSERT, one summary upsert, one
  // multi-row audit INSERT); when the database refuses it, one by one. Elsewhere one by one.
  std::vector<absl::StatusOr<v1::Interaction>> CreateMany(
      const std::vector<InteractionCreate>& creates) override;
  absl::StatusOr<std::optional<v1::Interaction>> FindByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::Interaction> Get(int64_t id) override;
  absl::StatusOr<std::vector<v1::Interaction>> List(const InteractionFilter& filter,
                                                    const std::optional<InteractionCursor>& after,
                                                    int limit) override;
  absl::StatusOr<v1::Interaction> Update(const v1::Interaction& interaction,
                                         int64_t expected_version, const AuditStamp& stamp,
                                         absl::Time now) override;
  absl::StatusOr<std::unique_ptr<InteractionImportTransaction>> BeginImport(
      const AuditStamp& stamp) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
