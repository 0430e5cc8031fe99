#include "db/common/event_bell.h"

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace escala::db {
namespace {

struct Bell {
  absl::Mutex mutex;
  uint64_t generation ABSL_GUARDED_BY(mutex) = 0;
};

Bell& TheBell() {
  static Bell* bell = new Bell();
  return *bell;
}

}  // namespace

void RingEventBell() {
  Bell& bell = TheBell();
  absl::MutexLock lock(&bell.mutex);
  ++bell.generation;
}

uint64_t EventBellGeneration() {
  Bell& bell = TheBell();
  absl::MutexLock lock(&bell.mutex);
  return bell.generation;
}

uint64_t WaitForEventBell(uint64_t seen, absl::Duration timeout) {
  Bell& bell = TheBell();
  absl::MutexLock lock(&bell.mutex);
  auto rung = [&bell, seen]()
                  ABSL_EXCLUSIVE_LOCKS_REQUIRED(bell.mutex) { return bell.generation != seen; };
  bell.mutex.AwaitWithTimeout(absl::Condition(&rung), timeout);
  return bell.generation;
}

}  // namespace escala::db
