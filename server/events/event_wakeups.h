#pragma once

#include <cstdint>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "db/common/event_feed_repository.h"
#include "server/platform/clock.h"
#include "server/platform/server_state.h"

namespace escala::server {

// A stream that has caught up with the feed and waits for more without holding a worker.
class ParkedWatcher {
 public:
  virtual ~ParkedWatcher() = default;
  // The seq it has got to.
  virtual int64_t position() const = 0;
  // When it must run again even without a new event (its next Progress, its maximum age).
  virtual absl::Time wake_by() const = 0;
  // The client went away.
  virtual bool cancelled() const = 0;
  // Called once, from the wake-up thread, when it is due; it is no longer parked then.
  virtual void Wake() = 0;
};

// How the feed's background thread runs.
struct EventFeedOptions {
  // How often the head is read for events committed without a ring of this process's event
  // bell: by another server on the same database, or by a writer that died between its commit
  // and its ring.
  absl::Duration poll_interval = absl::Milliseconds(250);
  // Events recorded longer ago than this are deleted.
  absl::Duration retention = absl::Hours(24 * 14);
  // How often retention runs (first at start).
  absl::Duration retention_every = absl::Hours(1);
  // Rows deleted per transaction by retention.
  int retention_batch = 1000;
};

// The one thread that wakes caught-up streams: on every ring of the event bell (a commit with
// events in this process) and every poll interval it reads the feed's head once and wakes every
// parked stream that is behind it, due, cancelled, or — once shutdown has begun — all of them.
// The same thread applies retention.
class EventWakeups {
 public:
  EventWakeups(db::EventFeedRepository& feed, const ServerState& state, Clock clock,
               EventFeedOptions options);
  ~EventWakeups();  // wakes what is parked and joins the thread
  EventWakeups(const EventWakeups&) = delete;
  EventWakeups& operator=(const EventWakeups&) = delete;

  // Parks `watcher` until it is due (see the class comment). It must stay alive until woken.
  void Park(ParkedWatcher* watcher);

 private:
  void Run();
  void ApplyRetention(absl::Time now);

  db::EventFeedRepository& feed_;
  const ServerState& state_;
  Clock clock_;
  EventFeedOptions options_;
  absl::Time next_retention_ = absl::InfinitePast();
  absl::Mutex mutex_;
  std::vector<ParkedWatcher*> parked_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace escala::server
