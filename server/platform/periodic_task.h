#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/time/time.h"

namespace escala::server {

// Runs a function every interval on a thread of its own, until Stop (or destruction). The
// background jobs of the domains (level changes falling due, automatic nominations) share it, so
// that each of them is only its one round of work.
class PeriodicTask {
 public:
  explicit PeriodicTask(std::function<void()> round) : round_(std::move(round)) {}
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;
  ~PeriodicTask() { Stop(); }

  // Starts the rounds, the first one `interval` from now. A second Start while running is a
  // no-op.
  void Start(absl::Duration interval) { Start(interval, interval); }
  // As Start(interval), with the first round `first_after` from now (zero: at once, on the
  // task's thread, so that the caller does not wait for it).
  void Start(absl::Duration interval, absl::Duration first_after);
  // Ends the rounds; waits for a round in progress.
  void Stop();

 private:
  std::function<void()> round_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace escala::server
