#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/common/coalescing_writer.h"
#include "db/qa/evaluation_repository.h"

namespace escala::db {

// An EvaluationRepository that lets concurrent creates share one transaction. Submitting an
// evaluation is the busiest write of the QA side (every evaluator, every few minutes), and each
// alone costs a transaction of four statements and a durable commit. Here creates that arrive
// while writers are busy are written together with one CreateMany (see CoalescingWriter). Each
// caller still gets exactly Create's answer, and each evaluation its own audit event. Every other
// method goes straight to the wrapped repository.
class CoalescingEvaluationRepository : public EvaluationRepository {
 public:
  CoalescingEvaluationRepository(EvaluationRepository& inner, std::size_t max_batch = 64,
                                 int max_writers = 2);

  // Creates so far, and the CreateMany calls that wrote them: their ratio is the mean batch.
  using Stats = CoalescingStats;
  Stats stats() { return writer_.stats(); }

  absl::StatusOr<v1::Evaluation> Create(const v1::Evaluation& evaluation,
                                        const std::string& request_id, const AdmitOwner& admit,
                                        const AuditStamp& stamp, absl::Time now) override;
  std::vector<absl::StatusOr<v1::Evaluation>> CreateMany(
      const std::vector<EvaluationCreate>& creates) override {
    return inner_.CreateMany(creates);
  }
  absl::StatusOr<std::optional<v1::Evaluation>> FindByRequestId(
      const std::string& request_id) override {
    return inner_.FindByRequestId(request_id);
  }
  absl::StatusOr<v1::Evaluation> Get(int64_t id) override { return inner_.Get(id); }
  absl::StatusOr<std::vector<v1::Evaluation>> List(const EvaluationFilter& filter,
                                                   std::optional<int64_t> before_id,
                                                   int limit) override {
    return inner_.List(filter, before_id, limit);
  }
  absl::StatusOr<v1::Evaluation> Change(int64_t id, const EvaluationChange& change,
                                        const AuditStamp& stamp, absl::Time now) override {
    return inner_.Change(id, change, stamp, now);
  }

 private:
  EvaluationRepository& inner_;
  CoalescingWriter<EvaluationCreate, v1::Evaluation> writer_;
};

}  // namespace escala::db
