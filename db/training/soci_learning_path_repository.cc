#include "db/training/soci_learning_path_repository.h"

#include <string>
#include <vector>

#include "db/training/soci_document_table.h"

namespace escala::db {
namespace {

const document_table::Table<v1::LearningPath>& LearningPaths() {
  static const document_table::Table<v1::LearningPath> table{
      "learning_paths",
      "learning_path_id",
      "learning_path",
      "learningPaths",
      "learning path",
      [](const v1::LearningPath& p) { return p.learning_path_id(); },
      [](v1::LearningPath& p, const std::string& key) { p.set_learning_path_id(key); }};
  return table;
}

}  // namespace

absl::StatusOr<v1::LearningPath> SociLearningPathRepository::Create(const v1::LearningPath& path,
                                                                    const AuditStamp& stamp,
                                                                    absl::Time now) {
  return document_table::Create(LearningPaths(), pool_, path, stamp, now);
}

absl::StatusOr<v1::LearningPath> SociLearningPathRepository::Get(
    const std::string& learning_path_id) {
  return document_table::Get(LearningPaths(), pool_, learning_path_id);
}

absl::StatusOr<std::vector<v1::LearningPath>> SociLearningPathRepository::List(
    const LearningPathFilter& filter, const std::string& after_id, int limit) {
  return document_table::List<v1::LearningPath>(
      LearningPaths(), pool_, filter.active_only, after_id, limit,
      [&filter](const v1::LearningPath& p) {
        return (filter.role == 0 || p.role() == filter.role) &&
               (filter.level == 0 || p.level() == 0 || p.level() == filter.level);
      });
}

absl::StatusOr<v1::LearningPath> SociLearningPathRepository::Update(const v1::LearningPath& path,
                                                                    int64_t expected_version,
                                                                    const AuditStamp& stamp,
                                                                    absl::Time now) {
  return document_table::Update(LearningPaths(), pool_, path, expected_version, stamp, now);
}

}  // namespace escala::db
