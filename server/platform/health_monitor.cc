#include "server/platform/health_monitor.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/platform/logger.h"

namespace escala::server {

HealthMonitor::HealthMonitor(DatabasePing ping, grpc::HealthCheckServiceInterface* health,
                             const ServerState& state, absl::Duration interval,
                             absl::Duration timeout)
    : ping_(std::move(ping)),
      health_(health),
      state_(state),
      interval_(interval),
      timeout_(timeout) {
  ping_thread_ = std::thread([this] { RunPings(); });
  thread_ = std::thread([this] { Run(); });
}

HealthMonitor::~HealthMonitor() { Stop(); }

bool HealthMonitor::CheckNow() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) return false;
  // The ping to wait for: the one running now (a hung one is not started twice), else a new one.
  const uint64_t wanted = pings_done_ + 1;
  if (!ping_running_ && !ping_asked_) {
    ping_asked_ = true;
    wake_.notify_all();
  }
  const bool answered = wake_.wait_for(lock, absl::ToChronoMilliseconds(timeout_),
                                       [&] { return stopping_ || pings_done_ >= wanted; });
  if (answered && pings_done_ >= wanted) return Publish(last_ping_);
  return Publish(absl::UnavailableError(
      absl::StrCat("the database did not answer within ", absl::FormatDuration(timeout_))));
}

void HealthMonitor::Drain() {
  std::lock_guard<std::mutex> lock(mutex_);
  Publish(absl::OkStatus());  // draining decides
}

bool HealthMonitor::Publish(const absl::Status& ping) {
  const bool serving = ping.ok() && !state_.draining;
  if (health_ != nullptr) health_->SetServingStatus(serving);
  const int now_state = serving ? 1 : 0;
  if (now_state != last_state_) {
    if (serving) {
      Log(LogLevel::kInfo, "health: SERVING (database reachable)");
    } else {
      Log(LogLevel::kWarning,
          absl::StrCat("health: NOT_SERVING (", state_.draining ? "shutting down" : ping.ToString(),
                       ")"));
    }
    last_state_ = now_state;
  }
  return serving;
}

void HealthMonitor::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (ping_thread_.joinable()) ping_thread_.join();
}

void HealthMonitor::Run() {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_for(lock, absl::ToChronoMilliseconds(interval_), [this] { return stopping_; });
      if (stopping_) return;
    }
    CheckNow();
  }
}

void HealthMonitor::RunPings() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || ping_asked_; });
    if (stopping_) return;
    ping_asked_ = false;
    ping_running_ = true;
    lock.unlock();
    absl::Status status = ping_();
    lock.lock();
    ping_running_ = false;
    last_ping_ = std::move(status);
    ++pings_done_;
    wake_.notify_all();
  }
}

}  // namespace escala::server
