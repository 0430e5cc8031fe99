#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/common/create_request.h"
#include "escala/v1/courses.pb.h"

namespace escala::db {

// Storage of the training catalogue (tables courses and course_versions). A Course message is
// one version; version, state, created_by, the times and the etag are set by the repository.
// Versions never change once written. The etag is the course's row version, which grows with
// every change of the course. Every change writes its audit event (resource "courses/<id>") in
// the same transaction.
class CourseRepository {
 public:
  virtual ~CourseRepository() = default;

  // Stores version 1 of a new, active course, with the idempotency key `request` (nothing
  // stored when its request_id is empty). ALREADY_EXISTS with DUPLICATE_ID for a taken
  // course_id, with REQUEST_ID_REUSED for a stored request_id.
  virtual absl::StatusOr<v1::Course> Create(const v1::Course& course, const CreateRequest& request,
                                            const AuditStamp& stamp, absl::Time now) = 0;
  // Version 1 of the course created with `request_id`, and its request's fingerprint; nullopt
  // when none.
  virtual absl::StatusOr<std::optional<CreatedByRequest<v1::Course>>> FindByRequestId(
      const std::string& request_id) = 0;
  // One version; version 0 = the newest. NOT_FOUND when there is none.
  virtual absl::StatusOr<v1::Course> Get(const std::string& course_id, int32_t version) = 0;
  // The newest version of each course ordered by course_id, after `after_course_id`
  // (exclusive), at most `limit`; `state` and `kind` (0 = any) filter.
  virtual absl::StatusOr<std::vector<v1::Course>> List(const std::string& after_course_id,
                                                       v1::CourseState state, v1::CourseKind kind,
                                                       int limit) = 0;
  // Every version of one course, newest first, below `before_version` (0 = from the newest).
  virtual absl::StatusOr<std::vector<v1::Course>> ListVersions(const std::string& course_id,
                                                               int32_t before_version,
                                                               int limit) = 0;
  // Writes `course`'s content as the next version of its course if the course's row version is
  // still `expected_version` (ABORTED with ETAG_MISMATCH otherwise). NOT_FOUND for an unknown
  // course; FAILED_PRECONDITION with COURSE_RETIRED for a retired one.
  virtual absl::StatusOr<v1::Course> AddVersion(const v1::Course& course, int64_t expected_version,
                                                const AuditStamp& stamp, absl::Time now) = 0;
  // Retires the course and returns its newest version. `expected_version` 0 retires whatever
  // the row version; otherwise a different one is ABORTED (ETAG_MISMATCH). FAILED_PRECONDITION
  // with COURSE_RETIRED when retired already. The reason goes to the audit event.
  virtual absl::StatusOr<v1::Course> Retire(const std::string& course_id, int64_t expected_version,
                                            const std::string& reason, const AuditStamp& stamp,
                                            absl::Time now) = 0;
};

}  // namespace escala::db
