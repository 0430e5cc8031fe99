#pragma once

#include <exception>
#include <string_view>

#include "absl/status/status.h"

namespace escala::db {

// The one mapping from a database error to a status, chosen by what the caller should do:
//   duplicate key (MySQL 1062, SQLite UNIQUE)            → ALREADY_EXISTS
//   foreign key (MySQL 1451/1452, SQLite FOREIGN KEY)    → FAILED_PRECONDITION
//   deadlock / lock wait timeout (1213/1205, SQLITE_BUSY) → ABORTED (retry the transaction)
//   lost or refused connection                           → UNAVAILABLE
//   anything else                                        → INTERNAL
// `context` names the operation. The message keeps the database's text: the gRPC boundary logs
// INTERNAL details and hides them from callers.
absl::Status SociErrorToStatus(const std::exception& error, std::string_view context);

// True for the statuses after which a pooled connection should be re-opened before reuse.
bool IsConnectionLost(const absl::Status& status);

}  // namespace escala::db
