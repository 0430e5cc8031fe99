#pragma once

// Completion records in memory with the CompletionRepository contract (tests/integration/
// completion_repository_contract_test.cc runs against it): ids from 1, the team filter read
// from the people directory as it is now (a FakePeopleRepository, when given). Written by the
// session and enrolment fakes when a session is closed, and by Add. With an audit repository it
// writes the audit events the SOCI repository writes. Thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "db/common/audit_stamp.h"
#include "db/directory/people_repository.h"
#include "db/training/completion_repository.h"
#include "tests/testing/fakes/fake_audit_repository.h"

namespace escala::testing {

class FakeCompletionRepository : public db::CompletionRepository {
 public:
  explicit FakeCompletionRepository(db::PeopleRepository* people = nullptr,
                                    FakeAuditRepository* audit = nullptr)
      : people_(people), audit_(audit) {}

  absl::StatusOr<std::vector<v1::TrainingCompletion>> ListCompletions(
      const db::CompletionFilter& filter, const v1::TrainingCompletion* after, int limit) override;
  absl::StatusOr<std::vector<v1::TrainingCompletion>> CompletionsOf(
      const std::vector<std::string>& employee_ids, absl::Time as_of) override;
  absl::StatusOr<std::vector<v1::TrainingCompletion>> CompletionsOfCourse(
      const std::string& course_id, absl::Time as_of) override;

  // Stores every one of `completions` (id, created_by and create_time set from `stamp` and
  // `now`), or none: the failure set by FailWrites, or ALREADY_EXISTS for an enrolment that has
  // a completion, as the SOCI repository's unique key does.
  absl::StatusOr<std::vector<v1::TrainingCompletion>> AddAll(
      const std::vector<v1::TrainingCompletion>& completions, const db::AuditStamp& stamp,
      absl::Time now);
  // Every later AddAll fails with `status` (OK again to stop): a failure injected into a close.
  void FailWrites(absl::Status status) {
    absl::MutexLock lock(&mutex_);
    fail_ = std::move(status);
  }

 private:
  db::PeopleRepository* people_;
  FakeAuditRepository* audit_;
  mutable absl::Mutex mutex_;
  std::vector<v1::TrainingCompletion> completions_ ABSL_GUARDED_BY(mutex_);
  absl::Status fail_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace escala::testing
