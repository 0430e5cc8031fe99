#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "escala/v1/certifications.pb.h"

namespace escala::db {

// Which certifications ListCertifications returns; empty or false members select everything.
struct CertificationFilter {
  // Only those earned by this course.
  std::string course_id;
  bool active_only = false;
};

// Storage of the certification definitions (table certifications). Statuses are never stored:
// they are computed from the completion records. The repository sets created_by, the times and
// the etag (the row version); every change writes its audit event ("certification",
// "certifications/<id>") in the same transaction.
class CertificationRepository {
 public:
  virtual ~CertificationRepository() = default;

  // Stores a new certification (active as given). ALREADY_EXISTS with DUPLICATE_ID when the
  // certification_id is taken.
  virtual absl::StatusOr<v1::Certification> Create(const v1::Certification& certification,
                                                   const AuditStamp& stamp, absl::Time now) = 0;
  // NOT_FOUND when there is none.
  virtual absl::StatusOr<v1::Certification> Get(const std::string& certification_id) = 0;
  // Certifications `filter` selects, by certification_id, after `after_id` (exclusive; "" from
  // the first), at most `limit`.
  virtual absl::StatusOr<std::vector<v1::Certification>> List(const CertificationFilter& filter,
                                                              const std::string& after_id,
                                                              int limit) = 0;
  // Replaces the certification's fields with `certification`'s if its row version is still
  // `expected_version` (ABORTED with ETAG_MISMATCH otherwise). NOT_FOUND for an unknown id.
  virtual absl::StatusOr<v1::Certification> Update(const v1::Certification& certification,
                                                   int64_t expected_version,
                                                   const AuditStamp& stamp, absl::Time now) = 0;
  // Records that `status`'s record expired (status.expiry_date) and, in the same transaction,
  // audits it ("certification_expiry") and puts escala.training.certification.expired.v1 on the
  // event feed with `status` as its data. False, writing nothing, when that expiry of that
  // person's certification was recorded before (by this server or another).
  virtual absl::StatusOr<bool> RecordExpiry(const v1::CertificationStatus& status,
                                            const AuditStamp& stamp, absl::Time now) = 0;
};

}  // namespace escala::db
