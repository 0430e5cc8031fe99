#pragma once

#include <atomic>

namespace escala::server {

// Process-wide state the RPC layer consults: set once shutdown begins so that long streams stop
// at a safe point and report how far they got.
struct ServerState {
  std::atomic<bool> draining{false};
};

}  // namespace escala::server
