#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/time/time.h"

namespace escala::server {

// Runs a function every interval on a thread of its own, from Start until Stop: the server's
// periodic jobs (the level changes that fall due, the regression check) share it. The first run
// is one interval after Start; a job that must run at start-up calls its function first.
class PeriodicTask {
 public:
  PeriodicTask() = default;
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;
  ~PeriodicTask() { Stop(); }

  // Calls `run` every `interval` until Stop. A second Start while running does nothing.
  void Start(absl::Duration interval, std::function<void()> run);
  // Ends the periodic runs; waits for a run in progress.
  void Stop();

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace escala::server
