#pragma once

#include <atomic>
#include <cstdint>

#include "db/core/session_pool.h"
#include "db/qa/evaluation_repository.h"

namespace escala::db {

// EvaluationRepository on SOCI (MySQL/MariaDB or SQLite).
class SociEvaluationRepository : public EvaluationRepository {
 public:
  explicit SociEvaluationRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Evaluation> Create(const v1::Evaluation& evaluation,
                                        const std::string& request_id, const AdmitOwner& admit,
                                        const AuditStamp& stamp, absl::Time now) override;
  // On MariaDB: one transaction for the whole batch (one owner query, one multi-row INSERT …
  // RETURNING id, one multi-row audit INSERT, one commit). When that fails as a whole (a taken
  // key, a lost connection), every create is retried on its own so each caller gets Create's
  // answer. On SQLite, which has one writer anyway: one by one.
  std::vector<absl::StatusOr<v1::Evaluation>> CreateMany(
      const std::vector<EvaluationCreate>& creates) override;
  // Batches CreateMany wrote in one transaction (not one by one), since the start.
  int64_t batches_written() const { return batches_written_.load(); }
  absl::StatusOr<std::optional<v1::Evaluation>> FindByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::Evaluation> Get(int64_t id) override;
  absl::StatusOr<std::vector<v1::Evaluation>> List(const EvaluationFilter& filter,
                                                   std::optional<int64_t> before_id,
                                                   int limit) override;
  absl::StatusOr<v1::Evaluation> Change(int64_t id, const EvaluationChange& change,
                                        const AuditStamp& stamp, absl::Time now) override;

 private:
  // Whether the version of the scorecard `evaluation` names is stored.
  absl::StatusOr<bool> ScorecardVersionExists(const v1::Evaluation& evaluation);

  SessionPool& pool_;
  std::atomic<int64_t> batches_written_{0};
};

}  // namespace escala::db
