#include "server/events/event_wakeups.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "db/common/event_bell.h"
#include "server/platform/logger.h"

namespace escala::server {

EventWakeups::EventWakeups(db::EventFeedRepository& feed, const ServerState& state, Clock clock,
                           EventFeedOptions options)
    : feed_(feed), state_(state), clock_(std::move(clock)), options_(options) {
  thread_ = std::thread([this] { Run(); });
}

EventWakeups::~EventWakeups() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  db::RingEventBell();
  thread_.join();
}

void EventWakeups::Park(ParkedWatcher* watcher) {
  absl::MutexLock lock(&mutex_);
  parked_.push_back(watcher);
}

void EventWakeups::Run() {
  uint64_t seen = db::EventBellGeneration();
  for (;;) {
    seen = db::WaitForEventBell(seen, options_.poll_interval);
    bool any_parked = false;
    {
      absl::MutexLock lock(&mutex_);
      if (stopping_) break;
      any_parked = !parked_.empty();
    }
    const absl::Time now = clock_();
    if (now >= next_retention_) ApplyRetention(now);
    if (!any_parked) continue;
    // One read of the head for every stream; a failure wakes only the streams that are due.
    const absl::StatusOr<db::FeedPosition> position = feed_.Position();
    const bool draining = state_.draining.load(std::memory_order_relaxed);
    std::vector<ParkedWatcher*> due;
    {
      absl::MutexLock lock(&mutex_);
      std::vector<ParkedWatcher*> still;
      for (ParkedWatcher* watcher : parked_) {
        const bool behind = position.ok() && position->head > watcher->position();
        if (draining || behind || watcher->cancelled() || now >= watcher->wake_by()) {
          due.push_back(watcher);
        } else {
          still.push_back(watcher);
        }
      }
      parked_ = std::move(still);
    }
    for (ParkedWatcher* watcher : due) watcher->Wake();
  }
  std::vector<ParkedWatcher*> left;
  {
    absl::MutexLock lock(&mutex_);
    left = std::move(parked_);
    parked_.clear();
  }
  for (ParkedWatcher* watcher : left) watcher->Wake();
}

void EventWakeups::ApplyRetention(absl::Time now) {
  next_retention_ = now + options_.retention_every;
  absl::StatusOr<int64_t> deleted =
      feed_.DeleteRecordedBefore(now - options_.retention, options_.retention_batch);
  if (!deleted.ok()) {
    Log(LogLevel::kWarning, absl::StrCat("event retention failed (retried in ",
                                         absl::FormatDuration(options_.retention_every),
                                         "): ", deleted.status().ToString()));
  } else if (*deleted > 0) {
    Log(LogLevel::kInfo, absl::StrCat("event retention deleted ", *deleted, " event(s)"));
  }
}

}  // namespace escala::server
