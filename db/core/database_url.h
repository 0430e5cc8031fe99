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
};

// Parses `sqlite3://db=PATH` (or `sqlite3://PATH`) and
// `mysql://db=NAME user=U host=H port=P` / `mysql://db=NAME user=U unix_socket=S`.
// The password comes from `password` (read by the caller from a file or the environment); a
// `password=` inside the URL is INVALID_ARGUMENT so that it cannot end up in a process list or a
// log.
absl::StatusOr<DatabaseConfig> ParseDatabaseUrl(std::string_view url, std::string_view password);

}  // namespace escala::db
