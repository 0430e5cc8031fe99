#pragma once

// Completion records in memory with the CompletionRepository contract (tests/integration/
// completion_repository_contract_test.cc runs against it): ids from 1, the team filter read
// from the people directory as it is now (a FakePeopleRepository, when given). Written by the
// session and enrolment fakes when a session is closed, and by Add. With an audit repository it
// writes the audit events the SOCI repository writes. Thread-safe.

#include <cstdint>
#include <optional>
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
  absl::StatusOr<std::optional<v1::TrainingCompletion>> FindCompletion(
      const std::string& employee_id, const std::string& course_id, int32_t course_version,
      absl::Time completion_time) override;
  absl::StatusOr<std::vector<db::ImportedCompletion>> ImportCompletions(
      const std::vector<v1::TrainingCompletion>& completions, const db::AuditStamp& stamp,
      absl::Time now) override;

  // Stores every one of `completions` (id, created_by and create_time set from `stamp` and
  // `now`), or none: the failure set by FailWrites, or ALREADY_EXISTS for an enrolment that has
  // a completion, as the SOCI repository's unique key does.
  absl::StatusOr<std::vector<v1::TrainingCompletion>> AddAll(
      const std::vector<v1::TrainingCompletion>& completions, const db::AuditStamp& stamp,
      absl::Time now);
  // Every later AddAll and ImportCompletions fails with `status` (OK again to stop): a failure
  // injected into a close.
  void FailWrites(absl::Status status) {
    absl::MutexLock lock(&mutex_);
    fail_ = std::move(status);
  }

 private:
  // Stores `c` with the next id and its audit event; the caller holds mutex_.
  v1::TrainingCompletion StoreLocked(const v1::TrainingCompletion& c, const db::AuditStamp& stamp,
                                     absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // The stored completion with the import's identity; the caller holds mutex_.
  const v1::TrainingCompletion* FindLocked(const std::string& employee_id,
                                           const std::string& course_id, int32_t course_version,
                                           int64_t completion_ms) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  db::PeopleRepository* people_;
  FakeAuditRepository* audit_;
  mutable absl::Mutex mutex_;
  std::vector<v1::TrainingCompletion> completions_ ABSL_GUARDED_BY(mutex_);
  absl::Status fail_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace escala::testing
