#include "db/qa/coalescing_evaluation_repository.h"

#include <utility>

namespace escala::db {

CoalescingEvaluationRepository::CoalescingEvaluationRepository(EvaluationRepository& inner,
                                                               std::size_t max_batch,
                                                               int max_writers)
    : inner_(inner),
      max_batch_(max_batch < 1 ? 1 : max_batch),
      max_writers_(max_writers < 1 ? 1 : max_writers) {}

CoalescingEvaluationRepository::Stats CoalescingEvaluationRepository::stats() {
  absl::MutexLock lock(&mutex_);
  return stats_;
}

absl::StatusOr<v1::Evaluation> CoalescingEvaluationRepository::Create(
    const v1::Evaluation& evaluation, const std::string& request_id, const AdmitOwner& admit,
    const AuditStamp& stamp, absl::Time now) {
  Pending mine;
  mine.create = EvaluationCreate{evaluation, request_id, admit, stamp, now};
  absl::MutexLock lock(&mutex_);
  queue_.push_back(&mine);
  while (!mine.result.has_value()) {
    if (mine.taken || writers_ >= max_writers_) {
      // Someone is writing this create, or every writer is busy: wait for a change.
      changed_.Wait(&mutex_);
      continue;
    }
    // Room for a writer: take the oldest creates (this one is among them, or comes in a later
    // round) and write them outside the lock.
    std::vector<Pending*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      batch.back()->taken = true;
      queue_.pop_front();
    }
    ++writers_;
    stats_.creates += static_cast<int64_t>(batch.size());
    ++stats_.writes;
    std::vector<EvaluationCreate> creates;
    creates.reserve(batch.size());
    for (Pending* pending : batch) creates.push_back(std::move(pending->create));
    mutex_.Unlock();
    std::vector<absl::StatusOr<v1::Evaluation>> results = inner_.CreateMany(creates);
    mutex_.Lock();
    --writers_;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i]->result = i < results.size()
                             ? std::move(results[i])
                             : absl::InternalError("CreateEvaluations: result missing");
    }
    changed_.SignalAll();
  }
  return *std::move(mine.result);
}

}  // namespace escala::db
