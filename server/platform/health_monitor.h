#pragma once

#include <grpcpp/health_check_service_interface.h>

#include <condition_variable>
#include <cstdint>
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
//
// The ping runs on a thread of its own and is given `timeout` to answer: a database that stopped
// answering makes the server NOT_SERVING within interval + timeout instead of blocking the
// monitor for as long as the ping hangs. While a ping hangs no second one is started; each check
// meanwhile reports the database as not answering.
class HealthMonitor {
 public:
  HealthMonitor(DatabasePing ping, grpc::HealthCheckServiceInterface* health,
                const ServerState& state, absl::Duration interval, absl::Duration timeout);
  ~HealthMonitor();  // Stop()s

  // Runs one check now (also used at start-up, before the first interval). Waits at most
  // `timeout` for the ping.
  bool CheckNow();
  // NOT_SERVING now, without asking the database: for the start of a shutdown, which must not
  // wait on a database that may not answer.
  void Drain();
  // Ends the checks. Waits for a ping in flight, which the database client's own timeouts bound.
  void Stop();

 private:
  void Run();
  void RunPings();
  // Sets the health service and logs a change. Called with mutex_ held.
  bool Publish(const absl::Status& ping);

  DatabasePing ping_;
  grpc::HealthCheckServiceInterface* health_;
  const ServerState& state_;
  absl::Duration interval_;
  absl::Duration timeout_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int last_state_ = -1;  // -1 unknown, 0 not serving, 1 serving
  // The pinging thread's work: a ping asked for, one running, pings finished and the last result.
  bool ping_asked_ = false;
  bool ping_running_ = false;
  uint64_t pings_done_ = 0;
  absl::Status last_ping_;
  std::thread thread_;
  std::thread ping_thread_;
};

}  // namespace escala::server
