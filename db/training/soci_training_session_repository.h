#pragma once

#include "db/core/session_pool.h"
#include "db/training/training_session_repository.h"

namespace escala::db {

// TrainingSessionRepository on SOCI (MySQL/MariaDB or SQLite). Writers of one session lock its
// row (FOR UPDATE on MariaDB; SQLite's write transaction is exclusive) before they check its
// state and etag.
class SociTrainingSessionRepository : public TrainingSessionRepository {
 public:
  explicit SociTrainingSessionRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::TrainingSession> Create(const v1::TrainingSession& session,
                                             const CreateRequest& request, const AuditStamp& stamp,
                                             absl::Time now) override;
  absl::StatusOr<std::optional<CreatedByRequest<v1::TrainingSession>>> FindByRequestId(
      const std::string& request_id, absl::Time now) override;
  absl::StatusOr<v1::TrainingSession> Get(int64_t id, absl::Time now) override;
  absl::StatusOr<std::vector<v1::TrainingSession>> List(const TrainingSessionFilter& filter,
                                                        int64_t after_start_ms, int64_t after_id,
                                                        int limit, absl::Time now) override;
  absl::StatusOr<v1::TrainingSession> Update(const v1::TrainingSession& session,
                                             int64_t expected_version, const AuditStamp& stamp,
                                             absl::Time now) override;
  absl::StatusOr<v1::TrainingSession> Cancel(int64_t id, int64_t expected_version,
                                             const std::string& reason, const AuditStamp& stamp,
                                             absl::Time now) override;
  absl::StatusOr<v1::TrainingSession> Close(int64_t id, int64_t expected_version,
                                            const CloseOptions& options, const AuditStamp& stamp,
                                            absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
