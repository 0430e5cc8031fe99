#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace escala::db {

// How far concurrent writes shared batches: their ratio is the mean batch.
struct CoalescingStats {
  // Writes asked for so far.
  int64_t creates = 0;
  // Batches that wrote them.
  int64_t writes = 0;
};

// Lets concurrent writes of one kind share one batched write (one transaction, one durable
// commit). A write joins a queue; while fewer than `max_writers` batches are being written, the
// caller that finds room takes everything queued (up to `max_batch`) and writes it with
// `write_batch`; the others wait for their result. Nothing waits for company: a write arriving
// at a quiet moment is written at once, alone. `write_batch` answers each request of the batch
// (results in request order), exactly as a write of its own would have.
template <typename Request, typename T>
class CoalescingWriter {
 public:
  using Result = absl::StatusOr<T>;
  using WriteBatch = std::function<std::vector<Result>(std::vector<Request>& batch)>;

  CoalescingWriter(WriteBatch write_batch, std::size_t max_batch, int max_writers)
      : write_batch_(std::move(write_batch)),
        max_batch_(max_batch < 1 ? 1 : max_batch),
        max_writers_(max_writers < 1 ? 1 : max_writers) {}

  // Writes `request` (alone or in a batch) and returns its own result.
  Result Write(Request request) {
    Pending mine{std::move(request)};
    absl::MutexLock lock(&mutex_);
    queue_.push_back(&mine);
    while (!mine.result.has_value()) {
      if (mine.taken || writers_ >= max_writers_) {
        // Someone is writing this request, or every writer is busy: wait until it is answered or
        // it is first in line when a writer finishes.
        mine.changed.Wait(&mutex_);
        continue;
      }
      // Room for a writer: take the oldest requests (this one is among them, or comes in a later
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
      std::vector<Request> requests;
      requests.reserve(batch.size());
      for (Pending* pending : batch) requests.push_back(std::move(pending->request));
      mutex_.Unlock();
      std::vector<Result> results = write_batch_(requests);
      mutex_.Lock();
      --writers_;
      // Each waiter is woken for itself, not all of them for every batch: under load a broadcast
      // would wake every queued thread only for most of them to wait again.
      for (std::size_t i = 0; i < batch.size(); ++i) {
        batch[i]->result = i < results.size()
                               ? std::move(results[i])
                               : Result(absl::InternalError("batched write: result missing"));
        if (batch[i] != &mine) batch[i]->changed.Signal();
      }
      // A writer's place is free: the oldest request waiting takes it.
      if (!queue_.empty()) queue_.front()->changed.Signal();
    }
    return *std::move(mine.result);
  }

  CoalescingStats stats() {
    absl::MutexLock lock(&mutex_);
    return stats_;
  }

 private:
  // One waiting write; lives on its caller's stack until `result` is set.
  struct Pending {
    Request request;
    bool taken = false;
    std::optional<Result> result;
    absl::CondVar changed;
  };

  const WriteBatch write_batch_;
  const std::size_t max_batch_;
  const int max_writers_;
  absl::Mutex mutex_;
  std::deque<Pending*> queue_ ABSL_GUARDED_BY(mutex_);
  int writers_ ABSL_GUARDED_BY(mutex_) = 0;
  CoalescingStats stats_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace escala::db
