#pragma once

#include <cstdint>
#include <string_view>

namespace escala::db {

// What went wrong, as the metrics' database error counts tell it apart.
enum class DatabaseErrorKind {
  kConnectionLost,   // refused, lost or gone away, too many connections, server shutting down
  kDeadlock,         // MariaDB 1213
  kLockWaitTimeout,  // MariaDB 1205
  kBusy,             // SQLite BUSY or LOCKED
  kUniqueKey,        // duplicate key
  kForeignKey,       // a referenced row missing, or a referencing row present
  kOther,
};
inline constexpr int kDatabaseErrorKinds = 7;

// The kind's label in the metrics: "connection_lost", "deadlock", "lock_wait_timeout", "busy",
// "unique_key", "foreign_key", "other".
std::string_view DatabaseErrorKindName(DatabaseErrorKind kind);

// How many errors of `kind` SociErrorToStatus (soci_error_status.h) has mapped since the process
// started. Process-wide: errors are mapped in free functions all over the repositories, and the
// server has one database.
uint64_t DatabaseErrorCount(DatabaseErrorKind kind);
// Counts one error; SociErrorToStatus calls it for every error it maps.
void CountDatabaseError(DatabaseErrorKind kind);

}  // namespace escala::db
