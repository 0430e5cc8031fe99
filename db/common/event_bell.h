#pragma once

#include <cstdint>

#include "absl/time/time.h"

namespace escala::db {

// The process-wide wake-up of event watchers: a writer rings it after committing a transaction
// that appended events, and a watcher waits on it instead of polling the database at a fast
// pace. It is a hint only: a writer in another process, or one that died between its commit and
// its ring, is found by the watchers' slower poll.

// Wakes every waiter.
void RingEventBell();

// A number that changes with every ring.
uint64_t EventBellGeneration();

// Waits until the generation differs from `seen` or `timeout` has passed; returns the current
// generation.
uint64_t WaitForEventBell(uint64_t seen, absl::Duration timeout);

}  // namespace escala::db
