#pragma once

#include <cstdint>
#include <vector>

#include "db/common/event_feed_repository.h"
#include "db/core/session_pool.h"

namespace escala::db {

// EventFeedRepository on SOCI (MySQL/MariaDB or SQLite).
class SociEventFeedRepository : public EventFeedRepository {
 public:
  explicit SociEventFeedRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<std::vector<StoredEvent>> ReadAfter(int64_t after_seq, int limit) override;
  absl::StatusOr<FeedPosition> Position() override;
  absl::StatusOr<int64_t> DeleteRecordedBefore(absl::Time cutoff, int batch) override;

 private:
  SessionPool& pool_;
};

// The feed position read on `session` (inside the caller's read transaction, for a List's
// watermark taken in the page's snapshot).
FeedPosition ReadFeedPosition(soci::session& session);

}  // namespace escala::db
