#pragma once

#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace escala::db {

// The one mapping from a database error to a status, chosen by what the caller should do:
//   duplicate key (MySQL 1062, SQLite UNIQUE)            → ALREADY_EXISTS
//   foreign key (MySQL 1451/1452, SQLite FOREIGN KEY)    → FAILED_PRECONDITION
//   deadlock / lock wait timeout (1213/1205, SQLITE_BUSY) → ABORTED (retry the transaction)
//   lost or refused connection, a read or write timeout,
//   a statement cancelled (KILL QUERY) at shutdown        → UNAVAILABLE
//   anything else                                        → INTERNAL
// `context` names the operation. The message keeps the database's text: the gRPC boundary logs
// INTERNAL details and hides them from callers. A duplicate key or foreign key failure also
// carries the constraint the database named (FailedConstraint below), so that a repository can
// say which rule was broken without reading the message.
absl::Status SociErrorToStatus(const std::exception& error, std::string_view context);

// True for the statuses after which a pooled connection should be re-opened before reuse.
bool IsConnectionLost(const absl::Status& status);

// An integrity rule of the schema, as each database names it when a write breaks it.
struct Constraint {
  // The constraint or unique index name of the migrations, which MariaDB reports:
  // "fk_evaluations_interaction", "ux_evaluations_request", "PRIMARY" for a primary key.
  std::string_view name;
  // What SQLite reports for a unique or primary key instead: its columns, "table.column, …"
  // ("evaluations.interaction_id, evaluations.evaluator_employee_id"). Empty for a foreign key:
  // SQLite names neither the constraint nor its columns.
  std::string_view sqlite_columns;
};

// What the database said about the constraint a failed write broke.
struct ConstraintFailure {
  enum class Kind { kUniqueKey, kForeignKey };
  Kind kind = Kind::kUniqueKey;
  // MariaDB: the constraint or index name. SQLite: a unique key's columns as above; "" for a
  // foreign key.
  std::string name;
};

// The constraint failure a status of SociErrorToStatus carries; nullopt for any other status.
std::optional<ConstraintFailure> FailedConstraint(const absl::Status& status);

// Whether `status` is the failure of `constraint`, on either database. A foreign key failure on
// SQLite matches no constraint (SQLite does not say which): a repository that must tell its
// foreign keys apart checks the referenced rows instead.
bool Broke(const absl::Status& status, const Constraint& constraint);

// Whether `status` is a foreign key failure whose constraint the database did not name (SQLite).
bool IsUnnamedForeignKeyFailure(const absl::Status& status);

}  // namespace escala::db
