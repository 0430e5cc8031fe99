#pragma once

#include <cstddef>
#include <functional>

#include "absl/time/time.h"

namespace escala::db {

// What the session pools (session_pool.h) report to the metrics. Process-wide, over every pool of
// the process: the server has one, and the pool's own interface stays as its many users know it.

// Sessions leased now.
std::size_t SessionLeasesInUse();

// Called after every lease attempt with how long it waited for a free session and whether it got
// one. Set at start, before any pool is shared between threads; nullptr removes it.
using LeaseObserver = std::function<void(absl::Duration waited, bool leased)>;
void SetLeaseObserver(LeaseObserver observer);

namespace pool_stats_internal {
// SessionPool's side.
void LeaseAttempted(absl::Duration waited, bool leased);
void LeaseGivenBack();
}  // namespace pool_stats_internal

}  // namespace escala::db
