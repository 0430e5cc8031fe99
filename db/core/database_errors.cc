#include "db/core/database_errors.h"

#include <atomic>

namespace escala::db {
namespace {

// Relaxed atomics: counts, nothing is ordered by them.
std::atomic<uint64_t> error_counts[kDatabaseErrorKinds];

}  // namespace

std::string_view DatabaseErrorKindName(DatabaseErrorKind kind) {
  switch (kind) {
    case DatabaseErrorKind::kConnectionLost:
      return "connection_lost";
    case DatabaseErrorKind::kDeadlock:
      return "deadlock";
    case DatabaseErrorKind::kLockWaitTimeout:
      return "lock_wait_timeout";
    case DatabaseErrorKind::kBusy:
      return "busy";
    case DatabaseErrorKind::kUniqueKey:
      return "unique_key";
    case DatabaseErrorKind::kForeignKey:
      return "foreign_key";
    case DatabaseErrorKind::kOther:
      return "other";
  }
  return "other";
}

uint64_t DatabaseErrorCount(DatabaseErrorKind kind) {
  return error_counts[static_cast<int>(kind)].load(std::memory_order_relaxed);
}

void CountDatabaseError(DatabaseErrorKind kind) {
  error_counts[static_cast<int>(kind)].fetch_add(1, std::memory_order_relaxed);
}

}  // namespace escala::db
