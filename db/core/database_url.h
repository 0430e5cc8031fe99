#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "db/core/sql_dialect.h"

namespace escala::db {

// What `--db` selects: a SOCI backend and its connection string.
struct DatabaseConfig {
  Dialect dialect = Dialect::kSqlite;
  // SOCI backend name: "sqlite3" or "mysql".
  std::string backend;
  // SOCI connection string, including the password when there is one. Never log it.
  std::string connect_string;
  // The URL without secrets, for logs.
  std::string display;
  // For SQLite: the database file.
  std::string sqlite_path;
  // For MySQL: the connection string for short control statements (KILL QUERY at shutdown), with
  // one-second timeouts so that an unresponsive server cannot hold the caller. Never log it.
  std::string control_connect_string;
};

// The client timeouts (seconds) a mysql:// URL gets unless it sets them itself. Without them the
// MariaDB client waits forever on a server that stopped answering: a call would hang until the
// caller's deadline, and the health check and shutdown with it. A statement that sends nothing
// back for read_timeout seconds fails UNAVAILABLE; raise it in the URL for longer statements.
inline constexpr int kDefaultConnectTimeoutSeconds = 5;
inline constexpr int kDefaultReadTimeoutSeconds = 8;
inline constexpr int kDefaultWriteTimeoutSeconds = 8;

// Parses `sqlite3://db=PATH` (or `sqlite3://PATH`) and
// `mysql://db=NAME user=U host=H port=P` / `mysql://db=NAME user=U unix_socket=S`. A MySQL URL
// may set connect_timeout, read_timeout and write_timeout (whole seconds, at least 1); those it
// does not set get the defaults above.
// The password comes from `password` (read by the caller from a file or the environment); a
// `password=` inside the URL is INVALID_ARGUMENT so that it cannot end up in a process list or a
// log.
absl::StatusOr<DatabaseConfig> ParseDatabaseUrl(std::string_view url, std::string_view password);

}  // namespace escala::db
