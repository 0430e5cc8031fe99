#include "tests/testing/fakes/fake_learning_path_repository.h"

namespace escala::testing {

FakeLearningPathRepository::FakeLearningPathRepository(FakeAuditRepository* audit)
    : store_(audit, "learning_path", "learningPaths", "learning path",
             [](const v1::LearningPath& p) { return p.learning_path_id(); }) {}

absl::StatusOr<v1::LearningPath> FakeLearningPathRepository::Create(const v1::LearningPath& path,
                                                                    const db::AuditStamp& stamp,
                                                                    absl::Time now) {
  return store_.Create(path, stamp, now);
}

absl::StatusOr<v1::LearningPath> FakeLearningPathRepository::Get(
    const std::string& learning_path_id) {
  return store_.Get(learning_path_id);
}

absl::StatusOr<std::vector<v1::LearningPath>> FakeLearningPathRepository::List(
    const db::LearningPathFilter& filter, const std::string& after_id, int limit) {
  return store_.List(filter.active_only, after_id, limit, [&](const v1::LearningPath& p) {
    return (filter.role == 0 || p.role() == filter.role) &&
           (filter.level == 0 || p.level() == 0 || p.level() == filter.level);
  });
}

absl::StatusOr<v1::LearningPath> FakeLearningPathRepository::Update(const v1::LearningPath& path,
                                                                    int64_t expected_version,
                                                                    const db::AuditStamp& stamp,
                                                                    absl::Time now) {
  return store_.Update(path, expected_version, stamp, now);
}

}  // namespace escala::testing
