#pragma once

#include "db/core/session_pool.h"
#include "db/training/learning_path_repository.h"

namespace escala::db {

// LearningPathRepository on SOCI (MySQL/MariaDB or SQLite). An update locks the row (FOR UPDATE
// on MariaDB; SQLite's write transaction is exclusive) before it checks the etag.
class SociLearningPathRepository : public LearningPathRepository {
 public:
  explicit SociLearningPathRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::LearningPath> Create(const v1::LearningPath& path, const AuditStamp& stamp,
                                          absl::Time now) override;
  absl::StatusOr<v1::LearningPath> Get(const std::string& learning_path_id) override;
  absl::StatusOr<std::vector<v1::LearningPath>> List(const LearningPathFilter& filter,
                                                     const std::string& after_id,
                                                     int limit) override;
  absl::StatusOr<v1::LearningPath> Update(const v1::LearningPath& path, int64_t expected_version,
                                          const AuditStamp& stamp, absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
