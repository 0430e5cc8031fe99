#pragma once

// Courses in memory with the CourseRepository contract (tests/integration/
// course_repository_contract_test.cc runs against it): versions are appended and never change,
// the etag is the course's row version and grows with every change, retiring is final. No
// audit events. Thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "db/training/course_repository.h"

namespace escala::testing {

class FakeCourseRepository : public db::CourseRepository {
 public:
  absl::StatusOr<v1::Course> Create(const v1::Course& course, const db::CreateRequest& request,
                                    const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::optional<db::CreatedByRequest<v1::Course>>> FindByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::Course> Get(const std::string& course_id, int32_t version) override;
  absl::StatusOr<std::vector<v1::Course>> List(const std::string& after_course_id,
                                               v1::CourseState state, v1::CourseKind kind,
                                               int limit) override;
  absl::StatusOr<std::vector<v1::Course>> ListVersions(const std::string& course_id,
                                                       int32_t before_version, int limit) override;
  absl::StatusOr<v1::Course> AddVersion(const v1::Course& course, int64_t expected_version,
                                        const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Course> Retire(const std::string& course_id, int64_t expected_version,
                                    const std::string& reason, const db::AuditStamp& stamp,
                                    absl::Time now) override;

  // What reached the repository, for handler tests.
  int writes() const {
    absl::MutexLock lock(&mutex_);
    return writes_;
  }
  std::string last_reason() const {
    absl::MutexLock lock(&mutex_);
    return last_reason_;
  }

 private:
  struct Stored {
    std::vector<v1::Course> versions;  // content as written, oldest first
    v1::CourseState state = v1::COURSE_STATE_ACTIVE;
    int64_t row_version = 1;
    std::optional<absl::Time> retire_time;
    std::string request_id;
    std::string request_hash;
  };
  // `version` (1-based) of `stored` as read: with the course's state, retirement and etag.
  static v1::Course Read(const Stored& stored, int32_t version);

  mutable absl::Mutex mutex_;
  std::map<std::string, Stored> courses_ ABSL_GUARDED_BY(mutex_);
  int writes_ ABSL_GUARDED_BY(mutex_) = 0;
  std::string last_reason_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace escala::testing
