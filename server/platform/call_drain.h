#pragma once

#include "absl/time/time.h"
#include "server/platform/server_state.h"

namespace escala::server {

// Counts one call in ServerState::calls_in_flight for as long as it lives. Held by the task of a
// unary call and by a streaming call's reactor.
class InFlightCall {
 public:
  explicit InFlightCall(const ServerState* state);
  ~InFlightCall();
  InFlightCall(const InFlightCall&) = delete;
  InFlightCall& operator=(const InFlightCall&) = delete;

 private:
  const ServerState* state_;
};

// The first part of a shutdown, once `state.draining` is set (new calls are then answered
// UNAVAILABLE and logged): waits `notice`, then until no call is in flight or `deadline` has
// passed. Stopping gRPC only then matters because gRPC 1.51, once it stops accepting, drops the
// calls that still arrive on open connections as CANCELLED, without a status clients retry on
// and without a log line, and keeps the connections open until its own deadline.
void DrainCalls(const ServerState& state, absl::Duration notice, absl::Time deadline);

}  // namespace escala::server
