#pragma once

#include "db/evaluation_repository.h"
#include "db/session_pool.h"

namespace escala::db {

// EvaluationRepository on SOCI (MySQL/MariaDB or SQLite).
class SociEvaluationRepository : public EvaluationRepository {
 public:
  explicit SociEvaluationRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Evaluation> Create(const v1::Evaluation& evaluation,
                                        const std::string& request_id, const AdmitOwner& admit,
                                        const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::optional<v1::Evaluation>> FindByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::Evaluation> Get(int64_t id) override;
  absl::StatusOr<std::vector<v1::Evaluation>> List(const EvaluationFilter& filter,
                                                   std::optional<int64_t> before_id,
                                                   int limit) override;
  absl::StatusOr<v1::Evaluation> Change(int64_t id, const EvaluationChange& change,
                                        const AuditStamp& stamp, absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
