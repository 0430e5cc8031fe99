#include "db/qa/coalescing_evaluation_repository.h"

#include <utility>

namespace escala::db {

CoalescingEvaluationRepository::CoalescingEvaluationRepository(EvaluationRepository& inner,
                                                               std::size_t max_batch,
                                                               int max_writers)
    : inner_(inner),
      writer_([this](std::vector<EvaluationCreate>& batch) { return inner_.CreateMany(batch); },
              max_batch, max_writers) {}

absl::StatusOr<v1::Evaluation> CoalescingEvaluationRepository::Create(
    const v1::Evaluation& evaluation, const std::string& request_id, const AdmitOwner& admit,
    const AuditStamp& stamp, absl::Time now) {
  return writer_.Write(EvaluationCreate{evaluation, request_id, admit, stamp, now});
}

}  // namespace escala::db
