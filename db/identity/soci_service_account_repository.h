#pragma once

#include "db/core/session_pool.h"
#include "db/identity/identity_repository.h"

namespace escala::db {

// ServiceAccountRepository on SOCI (MySQL/MariaDB or SQLite). Every change and its audit event
// are written in one transaction.
class SociServiceAccountRepository : public ServiceAccountRepository {
 public:
  explicit SociServiceAccountRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::ServiceAccount> Create(const v1::ServiceAccount& account,
                                            const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::ServiceAccount> Get(const std::string& account_id) override;
  absl::StatusOr<std::vector<v1::ServiceAccount>> List(const std::string& after_account_id,
                                                       int limit) override;
  absl::StatusOr<v1::ServiceAccount> Update(const v1::ServiceAccount& account,
                                            int64_t expected_version, const AuditStamp& stamp,
                                            absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
