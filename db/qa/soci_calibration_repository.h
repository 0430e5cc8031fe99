#pragma once

#include "db/core/session_pool.h"
#include "db/qa/calibration_repository.h"

namespace escala::db {

// CalibrationRepository on SOCI (MySQL/MariaDB or SQLite).
class SociCalibrationRepository : public CalibrationRepository {
 public:
  explicit SociCalibrationRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::CalibrationSession> Create(const v1::CalibrationSession& session,
                                                const CreateRequest& request,
                                                const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::optional<CreatedByRequest<v1::CalibrationSession>>> FindByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::CalibrationSession> Get(int64_t id) override;
  absl::StatusOr<std::vector<v1::CalibrationSession>> List(const CalibrationSessionFilter& filter,
                                                           int64_t before_id, int limit,
                                                           absl::Time now) override;
  absl::StatusOr<v1::CalibrationSession> Close(int64_t id, const AuditStamp& stamp,
                                               absl::Time now) override;
  absl::StatusOr<v1::CalibrationScore> SubmitScore(const v1::CalibrationScore& score,
                                                   const AuditStamp& stamp,
                                                   absl::Time now) override;
  absl::StatusOr<std::vector<v1::CalibrationScore>> ListScores(int64_t session_id) override;
  absl::StatusOr<std::vector<v1::CalibrationSession>> ListClosed(
      std::optional<absl::Time> closed_after, std::optional<absl::Time> closed_before,
      absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
