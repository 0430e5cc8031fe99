#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace escala::db {

// One event as the outbox stores it.
struct StoredEvent {
  // Commit order, gapless: the n-th event committed has seq n.
  int64_t seq = 0;
  // ULID, unique; the same on every delivery.
  std::string event_id;
  // "escala.qa.evaluation.submitted.v1".
  std::string type;
  // The resource the event is about: "people/E1001", "evaluations/42".
  std::string subject;
  // The person the event concerns and their team at the time (empty when none): what
  // authorisation per watcher reads.
  std::string person_id;
  std::string team_id;
  int64_t occurred_ms = 0;
  int64_t recorded_ms = 0;
  // A serialized google.protobuf.Any.
  std::string payload;
};

// Where the feed stands.
struct FeedPosition {
  // Random per database, fixed at creation.
  int64_t epoch = 0;
  // The seq of the last event committed (0 before the first).
  int64_t head = 0;
  // The smallest seq still retained; head + 1 when nothing is retained.
  int64_t oldest = 1;
};

// The read side of the event outbox (the write side is AppendEvents in db/events/outbox.h,
// called inside the transaction of each change).
class EventFeedRepository {
 public:
  virtual ~EventFeedRepository() = default;

  // Up to `limit` events with seq > `after_seq`, in seq order. Each call is a fresh statement,
  // so it sees everything committed before it started. UNAVAILABLE/INTERNAL on database errors.
  virtual absl::StatusOr<std::vector<StoredEvent>> ReadAfter(int64_t after_seq, int limit) = 0;
  // The epoch, head and oldest retained seq.
  virtual absl::StatusOr<FeedPosition> Position() = 0;
  // Deletes events recorded before `cutoff`, oldest first, `batch` rows per transaction;
  // returns how many went.
  virtual absl::StatusOr<int64_t> DeleteRecordedBefore(absl::Time cutoff, int batch) = 0;
};

}  // namespace escala::db
