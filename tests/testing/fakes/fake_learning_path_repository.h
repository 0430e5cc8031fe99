#pragma once

// Learning paths in memory with the LearningPathRepository contract
// (tests/integration/learning_path_repository_contract_test.cc runs against it).

#include <string>
#include <vector>

#include "db/training/learning_path_repository.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_document_store.h"

namespace escala::testing {

class FakeLearningPathRepository : public db::LearningPathRepository {
 public:
  explicit FakeLearningPathRepository(FakeAuditRepository* audit = nullptr);

  absl::StatusOr<v1::LearningPath> Create(const v1::LearningPath& path, const db::AuditStamp& stamp,
                                          absl::Time now) override;
  absl::StatusOr<v1::LearningPath> Get(const std::string& learning_path_id) override;
  absl::StatusOr<std::vector<v1::LearningPath>> List(const db::LearningPathFilter& filter,
                                                     const std::string& after_id,
                                                     int limit) override;
  absl::StatusOr<v1::LearningPath> Update(const v1::LearningPath& path, int64_t expected_version,
                                          const db::AuditStamp& stamp, absl::Time now) override;

 private:
  FakeDocumentStore<v1::LearningPath> store_;
};

}  // namespace escala::testing
