#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/time/time.h"

namespace escala::server {

// Bounds a shutdown whatever the database does. Started when the shutdown begins; when the grace
// period is over it cancels the statements still running (`cancel_statements`, which returns how
// many it cancelled) so that their calls end and the orderly shutdown can finish; if the process
// is still there `margin` later, it logs what it gives up and ends the process with status 0.
//
// Ending the process then loses nothing acknowledged: a write is acknowledged only after its
// commit, and the database rolls back the transactions of a connection that goes away.
class ShutdownDeadline {
 public:
  ShutdownDeadline(absl::Duration grace, absl::Duration margin,
                   std::function<int()> cancel_statements);
  ~ShutdownDeadline();  // Disarm()s
  ShutdownDeadline(const ShutdownDeadline&) = delete;
  ShutdownDeadline& operator=(const ShutdownDeadline&) = delete;

  // Starts the clock: the grace period ends `grace` from now. Later calls do nothing.
  void Start();
  // The orderly shutdown is done: nothing more happens. Waits for a cancellation in progress,
  // which the database client's timeouts bound.
  void Disarm();

 private:
  void Run(absl::Time grace_ends);

  const absl::Duration grace_;
  const absl::Duration margin_;
  std::function<int()> cancel_statements_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool disarmed_ = false;
  std::thread thread_;
  std::thread cancel_thread_;
};

}  // namespace escala::server
