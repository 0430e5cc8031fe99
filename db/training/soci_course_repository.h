#pragma once

#include "db/core/session_pool.h"
#include "db/training/course_repository.h"

namespace escala::db {

// CourseRepository on SOCI (MySQL/MariaDB or SQLite). Writers of one course lock its courses row
// (FOR UPDATE on MariaDB; SQLite's write transaction is exclusive), so versions are numbered
// without gaps and an etag is checked against the row it guards.
class SociCourseRepository : public CourseRepository {
 public:
  explicit SociCourseRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Course> Create(const v1::Course& course, const CreateRequest& request,
                                    const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::optional<CreatedByRequest<v1::Course>>> FindByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::Course> Get(const std::string& course_id, int32_t version) override;
  absl::StatusOr<std::vector<v1::Course>> List(const std::string& after_course_id,
                                               v1::CourseState state, v1::CourseKind kind,
                                               int limit) override;
  absl::StatusOr<std::vector<v1::Course>> ListVersions(const std::string& course_id,
                                                       int32_t before_version, int limit) override;
  absl::StatusOr<v1::Course> AddVersion(const v1::Course& course, int64_t expected_version,
                                        const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Course> Retire(const std::string& course_id, int64_t expected_version,
                                    const std::string& reason, const AuditStamp& stamp,
                                    absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
