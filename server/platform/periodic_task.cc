#include "server/platform/periodic_task.h"

namespace escala::server {

void PeriodicTask::Start(absl::Duration interval, absl::Duration first_after) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this, interval, first_after] {
    std::unique_lock<std::mutex> held(mutex_);
    absl::Duration wait = first_after;
    while (!wake_.wait_for(held, absl::ToChronoMilliseconds(wait), [this] { return stopping_; })) {
      held.unlock();
      round_();
      held.lock();
      wait = interval;
    }
  });
}

void PeriodicTask::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace escala::server
