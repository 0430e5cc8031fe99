#include "db/core/pool_stats.h"

#include <atomic>

namespace escala::db {
namespace {

std::atomic<std::size_t> leases_in_use{0};

LeaseObserver& Observer() {
  static LeaseObserver* observer = new LeaseObserver();
  return *observer;
}

}  // namespace

std::size_t SessionLeasesInUse() { return leases_in_use.load(std::memory_order_relaxed); }

void SetLeaseObserver(LeaseObserver observer) { Observer() = std::move(observer); }

namespace pool_stats_internal {

void LeaseAttempted(absl::Duration waited, bool leased) {
  if (leased) leases_in_use.fetch_add(1, std::memory_order_relaxed);
  if (const LeaseObserver& observer = Observer(); observer) observer(waited, leased);
}

void LeaseGivenBack() { leases_in_use.fetch_sub(1, std::memory_order_relaxed); }

}  // namespace pool_stats_internal
}  // namespace escala::db
