#pragma once

#include <grpcpp/health_check_service_interface.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/platform/server_state.h"

namespace escala::server {

// Asks the database whether it answers (a ping the composition root supplies, so the runtime
// does not depend on the storage layer).
using DatabasePing = std::function<absl::Status()>;

// Pings the database every `interval` and sets the standard health service to SERVING only
// while the database answers and the server is not draining. Logs each change of state.
class HealthMonitor {
 public:
  HealthMonitor(DatabasePing ping, grpc::HealthCheckServiceInterface* health,
                const ServerState& state, absl::Duration interval);
  ~HealthMonitor();  // Stop()s

  // Runs one check now (also used at start-up, before the first interval).
  bool CheckNow();
  void Stop();

 private:
  void Run();

  DatabasePing ping_;
  grpc::HealthCheckServiceInterface* health_;
  const ServerState& state_;
  absl::Duration interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int last_state_ = -1;  // -1 unknown, 0 not serving, 1 serving
  std::thread thread_;
};

}  // namespace escala::server
