#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/audit/audit_repository.h"
#include "db/core/session_pool.h"

namespace escala::db {

// AuditRepository on SOCI (MySQL/MariaDB or SQLite).
class SociAuditRepository : public AuditRepository {
 public:
  explicit SociAuditRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<std::vector<v1::AuditEvent>> List(const AuditFilter& filter,
                                                   std::optional<int64_t> after_id,
                                                   int limit) override;
  absl::StatusOr<std::optional<LoggedRequest>> Find(const std::string& principal,
                                                    const std::string& method,
                                                    const std::string& request_id) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
