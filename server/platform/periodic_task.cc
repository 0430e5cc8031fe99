#include "server/platform/periodic_task.h"

#include <utility>

namespace escala::server {

void PeriodicTask::Start(absl::Duration interval, std::function<void()> run) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this, interval, run = std::move(run)] {
    std::unique_lock<std::mutex> held(mutex_);
    while (!wake_.wait_for(held, absl::ToChronoSeconds(interval), [this] { return stopping_; })) {
      held.unlock();
      run();
      held.lock();
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
