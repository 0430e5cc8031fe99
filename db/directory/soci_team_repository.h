#pragma once

#include "db/core/session_pool.h"
#include "db/directory/team_repository.h"

namespace escala::db {

// TeamRepository on SOCI (MySQL/MariaDB or SQLite).
class SociTeamRepository : public TeamRepository {
 public:
  explicit SociTeamRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Team> Create(const v1::Team& team, const AuditStamp& stamp,
                                  absl::Time now) override;
  absl::StatusOr<v1::Team> Get(const std::string& team_id) override;
  absl::StatusOr<std::vector<v1::Team>> List(const std::string& after_team_id, int limit) override;
  absl::StatusOr<v1::Team> Update(const v1::Team& team, int64_t expected_version,
                                  const AuditStamp& stamp, absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
