#pragma once

#include "db/core/session_pool.h"
#include "db/training/certification_repository.h"

namespace escala::db {

// CertificationRepository on SOCI (MySQL/MariaDB or SQLite). An update locks the row (FOR UPDATE
// on MariaDB; SQLite's write transaction is exclusive) before it checks the etag.
class SociCertificationRepository : public CertificationRepository {
 public:
  explicit SociCertificationRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Certification> Create(const v1::Certification& certification,
                                           const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Certification> Get(const std::string& certification_id) override;
  absl::StatusOr<std::vector<v1::Certification>> List(const CertificationFilter& filter,
                                                      const std::string& after_id,
                                                      int limit) override;
  absl::StatusOr<v1::Certification> Update(const v1::Certification& certification,
                                           int64_t expected_version, const AuditStamp& stamp,
                                           absl::Time now) override;
  absl::StatusOr<bool> RecordExpiry(const v1::CertificationStatus& status, const AuditStamp& stamp,
                                    absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
