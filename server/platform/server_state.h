#pragma once

#include <atomic>

namespace escala::server {

// Process-wide state the RPC layer consults: set once shutdown begins so that long streams stop
// at a safe point and report how far they got, and new calls are refused.
struct ServerState {
  std::atomic<bool> draining{false};
  // Calls admitted and not done yet (see InFlightCall); shutdown waits for them.
  mutable std::atomic<int> calls_in_flight{0};
};

}  // namespace escala::server
