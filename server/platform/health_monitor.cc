#include "server/platform/health_monitor.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/platform/logger.h"

namespace escala::server {

HealthMonitor::HealthMonitor(DatabasePing ping, grpc::HealthCheckServiceInterface* health,
                             const ServerState& state, absl::Duration interval)
    : ping_(std::move(ping)), health_(health), state_(state), interval_(interval) {
  thread_ = std::thread([this] { Run(); });
}

HealthMonitor::~HealthMonitor() { Stop(); }

bool HealthMonitor::CheckNow() {
  absl::Status ping = ping_();
  const bool serving = ping.ok() && !state_.draining;
  std::lock_guard<std::mutex> lock(mutex_);
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

}  // namespace escala::server
