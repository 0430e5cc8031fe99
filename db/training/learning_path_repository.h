#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "escala/v1/learning_paths.pb.h"

namespace escala::db {

// Which learning paths ListLearningPaths returns; zero or false members select everything.
struct LearningPathFilter {
  int role = 0;
  // Paths of this level and the role-wide ones (level 0).
  int level = 0;
  bool active_only = false;
};

// Storage of the learning paths (table learning_paths). Progress is never stored: it is
// computed from the completion records. The repository sets created_by, the times and the etag
// (the row version); every change writes its audit event ("learning_path",
// "learningPaths/<id>") in the same transaction.
class LearningPathRepository {
 public:
  virtual ~LearningPathRepository() = default;

  // Stores a new path (active as given). ALREADY_EXISTS with DUPLICATE_ID when the
  // learning_path_id is taken.
  virtual absl::StatusOr<v1::LearningPath> Create(const v1::LearningPath& path,
                                                  const AuditStamp& stamp, absl::Time now) = 0;
  // NOT_FOUND when there is none.
  virtual absl::StatusOr<v1::LearningPath> Get(const std::string& learning_path_id) = 0;
  // Paths `filter` selects, by learning_path_id, after `after_id` (exclusive; "" from the
  // first), at most `limit`.
  virtual absl::StatusOr<std::vector<v1::LearningPath>> List(const LearningPathFilter& filter,
                                                             const std::string& after_id,
                                                             int limit) = 0;
  // Replaces the path's fields with `path`'s if its row version is still `expected_version`
  // (ABORTED with ETAG_MISMATCH otherwise). NOT_FOUND for an unknown id.
  virtual absl::StatusOr<v1::LearningPath> Update(const v1::LearningPath& path,
                                                  int64_t expected_version, const AuditStamp& stamp,
                                                  absl::Time now) = 0;
};

}  // namespace escala::db
