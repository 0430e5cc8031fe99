#include "db/core/soci_error_status.h"

#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace escala::db {
namespace {

// SQLite primary result codes (sqlite3.h), kept here to avoid the header for three numbers.
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteConstraint = 19;

absl::Status FromMysql(const soci::mysql_soci_error& e, absl::string_view context) {
  std::string message = absl::StrCat(context, ": ", e.what());
  switch (e.err_num_) {
    case 1062:  // ER_DUP_ENTRY
      return absl::AlreadyExistsError(message);
    case 1451:  // ER_ROW_IS_REFERENCED_2
    case 1452:  // ER_NO_REFERENCED_ROW_2
      return absl::FailedPreconditionError(message);
    case 1205:  // ER_LOCK_WAIT_TIMEOUT
    case 1213:  // ER_LOCK_DEADLOCK
      return absl::AbortedError(message);
    case 1040:  // ER_CON_COUNT_ERROR
    case 1053:  // ER_SERVER_SHUTDOWN
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
      return absl::UnavailableError(message);
    default:
      break;
  }
  if (e.get_error_category() == soci::soci_error::connection_error) {
    return absl::UnavailableError(message);
  }
  return absl::InternalError(message);
}

absl::Status FromSqlite(const soci::sqlite3_soci_error& e, absl::string_view context) {
  std::string message = absl::StrCat(context, ": ", e.what());
  const int primary = e.result() & 0xff;
  // Classify by SQLite's own message: what() also quotes the statement and its values, where a
  // user's text could contain "UNIQUE" or "FOREIGN KEY".
  const std::string own = e.get_error_message();
  if (primary == kSqliteConstraint || absl::StrContains(own, "constraint failed")) {
    if (absl::StrContains(own, "FOREIGN KEY")) return absl::FailedPreconditionError(message);
    if (absl::StrContains(own, "UNIQUE")) return absl::AlreadyExistsError(message);
  }
  if (primary == kSqliteBusy || primary == kSqliteLocked) return absl::AbortedError(message);
  return absl::InternalError(message);
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
      return absl::UnavailableError(absl::StrCat(context, ": ", error.what()));
    }
    // SOCI reports some SQLite constraint failures through its generic error type.
    const std::string own = soci_error->get_error_message();
    if (absl::StrContains(own, "FOREIGN KEY constraint failed")) {
      return absl::FailedPreconditionError(absl::StrCat(context, ": ", error.what()));
    }
    if (absl::StrContains(own, "UNIQUE constraint failed")) {
      return absl::AlreadyExistsError(absl::StrCat(context, ": ", error.what()));
    }
  }
  return absl::InternalError(absl::StrCat(context, ": ", error.what()));
}

bool IsConnectionLost(const absl::Status& status) {
  return absl::IsUnavailable(status);
}

}  // namespace escala::db
