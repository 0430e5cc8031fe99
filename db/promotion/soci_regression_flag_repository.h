#pragma once

#include "db/core/session_pool.h"
#include "db/promotion/regression_flag_repository.h"

namespace escala::db {

// RegressionFlagRepository on SOCI (MySQL/MariaDB or SQLite), table regression_flags (migration
// 0028). Raise and Update are the transactions that write a flag: its row, its audit event and
// its feed event commit together.
class SociRegressionFlagRepository : public RegressionFlagRepository {
 public:
  explicit SociRegressionFlagRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<RaisedFlag> Raise(const v1::RegressionFlag& flag, const AuditStamp& stamp,
                                   absl::Time now) override;
  absl::StatusOr<v1::RegressionFlag> Get(int64_t id) override;
  absl::StatusOr<std::vector<v1::RegressionFlag>> ListOfCase(int64_t promotion_case_id) override;
  absl::StatusOr<std::vector<v1::RegressionFlag>> List(const RegressionFlagFilter& filter,
                                                       int64_t before_id, int limit) override;
  absl::StatusOr<v1::RegressionFlag> Update(const v1::RegressionFlag& after,
                                            int64_t expected_version, const AuditStamp& stamp,
                                            absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
