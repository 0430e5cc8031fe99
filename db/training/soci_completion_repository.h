#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/core/session_pool.h"
#include "db/training/completion_repository.h"

namespace escala::db {

// CompletionRepository on SOCI (MySQL/MariaDB or SQLite): the reads of training_completions.
class SociCompletionRepository : public CompletionRepository {
 public:
  explicit SociCompletionRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<std::vector<v1::TrainingCompletion>> ListCompletions(
      const CompletionFilter& filter, const v1::TrainingCompletion* after, int limit) override;
  absl::StatusOr<std::vector<v1::TrainingCompletion>> CompletionsOf(
      const std::vector<std::string>& employee_ids, absl::Time as_of) override;
  absl::StatusOr<std::vector<v1::TrainingCompletion>> CompletionsOfCourse(
      const std::string& course_id, absl::Time as_of) override;
  absl::StatusOr<std::optional<v1::TrainingCompletion>> FindCompletion(
      const std::string& employee_id, const std::string& course_id, int32_t course_version,
      absl::Time completion_time) override;
  absl::StatusOr<std::vector<ImportedCompletion>> ImportCompletions(
      const std::vector<v1::TrainingCompletion>& completions, const AuditStamp& stamp,
      absl::Time now) override;

 private:
  SessionPool& pool_;
};

// Writes one completion (id, created_by and create_time set here from `stamp` and `now`) and its
// audit event ("trainingCompletions/<id>") inside the caller's transaction: closing a session
// and the completion import. Returns the stored record.
v1::TrainingCompletion InsertCompletion(SessionPool::Lease& lease,
                                        const v1::TrainingCompletion& completion,
                                        const AuditStamp& stamp, absl::Time now);

}  // namespace escala::db
