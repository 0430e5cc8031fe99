#include "db/core/soci_error_status.h"

#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "db/core/database_errors.h"

namespace escala::db {
namespace {

// Counts the error under its kind for the metrics, and returns it.
absl::Status Counted(DatabaseErrorKind kind, absl::Status status) {
  CountDatabaseError(kind);
  return status;
}

// SQLite primary result codes (sqlite3.h), kept here to avoid the header for three numbers.
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteConstraint = 19;

// The payload that carries a ConstraintFailure: "unique:<name>" or "foreign:<name>". Its type URL
// is not a google.rpc one, so it never leaves the server (server/platform/grpc_status.cc).
constexpr char kConstraintPayload[] = "escala.db/ConstraintFailure";
constexpr char kUniquePrefix[] = "unique:";
constexpr char kForeignPrefix[] = "foreign:";

absl::Status WithConstraint(absl::Status status, ConstraintFailure::Kind kind,
                            absl::string_view name) {
  status.SetPayload(
      kConstraintPayload,
      absl::Cord(absl::StrCat(
          kind == ConstraintFailure::Kind::kUniqueKey ? kUniquePrefix : kForeignPrefix, name)));
  return status;
}

// The key name of MariaDB's "Duplicate entry '<value>' for key '<name>'" (MySQL 8 writes
// '<table>.<name>'). The value is the caller's data and may contain anything, the key name
// comes last: search from the end.
std::string MysqlDuplicateKeyName(absl::string_view message) {
  constexpr absl::string_view kForKey = " for key '";
  const size_t at = message.rfind(kForKey);
  if (at == absl::string_view::npos) return "";
  absl::string_view name = message.substr(at + kForKey.size());
  const size_t close = name.rfind('\'');
  if (close == absl::string_view::npos) return "";
  name = name.substr(0, close);
  const size_t dot = name.rfind('.');
  if (dot != absl::string_view::npos) name = name.substr(dot + 1);
  return std::string(name);
}

// The constraint name of MariaDB's "… a foreign key constraint fails (`db`.`table`, CONSTRAINT
// `<name>` FOREIGN KEY …)". This message quotes no values.
std::string MysqlForeignKeyName(absl::string_view message) {
  constexpr absl::string_view kConstraint = "CONSTRAINT `";
  const size_t at = message.find(kConstraint);
  if (at == absl::string_view::npos) return "";
  absl::string_view name = message.substr(at + kConstraint.size());
  return std::string(name.substr(0, name.find('`')));
}

// The columns of SQLite's "UNIQUE constraint failed: <table>.<column>, …", which is SQLite's own
// message (SOCI may put its function name in front).
std::string SqliteUniqueColumns(absl::string_view message) {
  constexpr absl::string_view kFailed = "constraint failed: ";
  const size_t at = message.find(kFailed);
  if (at == absl::string_view::npos) return "";
  return std::string(absl::StripAsciiWhitespace(message.substr(at + kFailed.size())));
}

absl::Status FromMysql(const soci::mysql_soci_error& e, absl::string_view context) {
  std::string message = absl::StrCat(context, ": ", e.what());
  // The server's own text, without the statement and values SOCI adds to what().
  const std::string own = e.get_error_message();
  // A retryable failure carries only the server's text: the statement of a large batch would
  // make the status larger than gRPC's metadata limit, and the client would see a transport
  // error instead of the code that tells it to retry.
  const std::string retryable = absl::StrCat(context, ": ", own);
  switch (e.err_num_) {
    case 1062:  // ER_DUP_ENTRY
      return Counted(
          DatabaseErrorKind::kUniqueKey,
          WithConstraint(absl::AlreadyExistsError(message), ConstraintFailure::Kind::kUniqueKey,
                         MysqlDuplicateKeyName(own)));
    case 1451:  // ER_ROW_IS_REFERENCED_2
    case 1452:  // ER_NO_REFERENCED_ROW_2
      return Counted(
          DatabaseErrorKind::kForeignKey,
          WithConstraint(absl::FailedPreconditionError(message),
                         ConstraintFailure::Kind::kForeignKey, MysqlForeignKeyName(own)));
    case 1205:  // ER_LOCK_WAIT_TIMEOUT
      return Counted(DatabaseErrorKind::kLockWaitTimeout, absl::AbortedError(retryable));
    case 1213:  // ER_LOCK_DEADLOCK
      return Counted(DatabaseErrorKind::kDeadlock, absl::AbortedError(retryable));
    case 1040:  // ER_CON_COUNT_ERROR
    case 1053:  // ER_SERVER_SHUTDOWN
    // A statement cancelled by KILL QUERY (the shutdown's, after the grace period) or a killed
    // connection: the work did not happen, and another server or a later try may do it.
    case 1317:  // ER_QUERY_INTERRUPTED
    case 1927:  // ER_CONNECTION_KILLED
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
      return Counted(DatabaseErrorKind::kConnectionLost, absl::UnavailableError(retryable));
    default:
      break;
  }
  if (e.get_error_category() == soci::soci_error::connection_error) {
    return Counted(DatabaseErrorKind::kConnectionLost, absl::UnavailableError(retryable));
  }
  return Counted(DatabaseErrorKind::kOther, absl::InternalError(message));
}

absl::Status FromSqlite(const soci::sqlite3_soci_error& e, absl::string_view context) {
  std::string message = absl::StrCat(context, ": ", e.what());
  const int primary = e.result() & 0xff;
  // Classify by SQLite's own message: what() also quotes the statement and its values, where a
  // user's text could contain "UNIQUE" or "FOREIGN KEY".
  const std::string own = e.get_error_message();
  if (primary == kSqliteConstraint || absl::StrContains(own, "constraint failed")) {
    if (absl::StrContains(own, "FOREIGN KEY")) {
      return Counted(DatabaseErrorKind::kForeignKey,
                     WithConstraint(absl::FailedPreconditionError(message),
                                    ConstraintFailure::Kind::kForeignKey, ""));
    }
    if (absl::StrContains(own, "UNIQUE")) {
      return Counted(DatabaseErrorKind::kUniqueKey,
                     WithConstraint(absl::AlreadyExistsError(message),
                                    ConstraintFailure::Kind::kUniqueKey, SqliteUniqueColumns(own)));
    }
  }
  // Retryable: only SQLite's own text (see FromMysql).
  if (primary == kSqliteBusy || primary == kSqliteLocked)
    return Counted(DatabaseErrorKind::kBusy, absl::AbortedError(absl::StrCat(context, ": ", own)));
  return Counted(DatabaseErrorKind::kOther, absl::InternalError(message));
}

}  // namespace

absl::Status SociErrorToStatus(const std::exception& error, std::string_view context_in) {
  absl::string_view context(context_in.data(), context_in.size());
  if (const auto* mysql = dynamic_cast<const soci::mysql_soci_error*>(&error)) {
    return FromMysql(*mysql, context);
  }
  if (const auto* sqlite = dynamic_cast<const soci::sqlite3_soci_error*>(&error)) {
    return FromSqlite(*sqlite, context);
  }
  if (const auto* soci_error = dynamic_cast<const soci::soci_error*>(&error)) {
    if (soci_error->get_error_category() == soci::soci_error::connection_error) {
      return Counted(DatabaseErrorKind::kConnectionLost,
                     absl::UnavailableError(absl::StrCat(context, ": ", error.what())));
    }
    // SOCI reports some SQLite constraint failures through its generic error type.
    const std::string own = soci_error->get_error_message();
    if (absl::StrContains(own, "FOREIGN KEY constraint failed")) {
      return Counted(
          DatabaseErrorKind::kForeignKey,
          WithConstraint(absl::FailedPreconditionError(absl::StrCat(context, ": ", error.what())),
                         ConstraintFailure::Kind::kForeignKey, ""));
    }
    if (absl::StrContains(own, "UNIQUE constraint failed")) {
      return Counted(
          DatabaseErrorKind::kUniqueKey,
          WithConstraint(absl::AlreadyExistsError(absl::StrCat(context, ": ", error.what())),
                         ConstraintFailure::Kind::kUniqueKey, SqliteUniqueColumns(own)));
    }
  }
  return Counted(DatabaseErrorKind::kOther,
                 absl::InternalError(absl::StrCat(context, ": ", error.what())));
}

bool IsConnectionLost(const absl::Status& status) { return absl::IsUnavailable(status); }

std::optional<ConstraintFailure> FailedConstraint(const absl::Status& status) {
  const auto payload = status.GetPayload(kConstraintPayload);  // absl::optional here
  if (!payload.has_value()) return std::nullopt;
  const std::string flat(*payload);
  absl::string_view text = flat;
  ConstraintFailure failure;
  if (absl::ConsumePrefix(&text, kUniquePrefix)) {
    failure.kind = ConstraintFailure::Kind::kUniqueKey;
  } else if (absl::ConsumePrefix(&text, kForeignPrefix)) {
    failure.kind = ConstraintFailure::Kind::kForeignKey;
  } else {
    return std::nullopt;
  }
  failure.name = std::string(text);
  return failure;
}

bool Broke(const absl::Status& status, const Constraint& constraint) {
  std::optional<ConstraintFailure> failure = FailedConstraint(status);
  if (!failure.has_value() || failure->name.empty()) return false;
  return failure->name == constraint.name ||
         (!constraint.sqlite_columns.empty() && failure->name == constraint.sqlite_columns);
}

bool IsUnnamedForeignKeyFailure(const absl::Status& status) {
  std::optional<ConstraintFailure> failure = FailedConstraint(status);
  return failure.has_value() && failure->kind == ConstraintFailure::Kind::kForeignKey &&
         failure->name.empty();
}

}  // namespace escala::db
