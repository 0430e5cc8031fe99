#include "db/core/database_url.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace escala::db {
namespace {

constexpr absl::string_view kSqlitePrefix = "sqlite3://";
constexpr absl::string_view kMysqlPrefix = "mysql://";

// Keys a MySQL URL may carry; anything else is a typo we would rather report than ignore.
bool IsAllowedMysqlKey(absl::string_view key) {
  for (absl::string_view allowed :
       {"db", "dbname", "user", "host", "port", "unix_socket", "sslca", "sslcert", "sslkey",
        "connect_timeout", "read_timeout", "write_timeout"}) {
    if (key == allowed) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<DatabaseConfig> ParseDatabaseUrl(std::string_view url_in,
                                                std::string_view password_in) {
  absl::string_view url(url_in.data(), url_in.size());
  absl::string_view password(password_in.data(), password_in.size());
  DatabaseConfig config;
  if (absl::ConsumePrefix(&url, kSqlitePrefix)) {
    absl::string_view path = url;
    absl::ConsumePrefix(&path, "db=");
    if (path.empty()) {
      return absl::InvalidArgumentError(
          "db: sqlite3:// URL needs a file path, e.g. sqlite3://db=var/escala.db");
    }
    if (absl::StrContains(path, ' ') || absl::StrContains(path, '\'')) {
      return absl::InvalidArgumentError("db: the SQLite path must not contain spaces or quotes");
    }
    config.dialect = Dialect::kSqlite;
    config.backend = "sqlite3";
    config.sqlite_path = std::string(path);
    // SOCI's own busy timeout (seconds) makes a writer wait for the single SQLite write lock.
    config.connect_string = absl::StrCat("db=", path, " timeout=10");
    config.display = absl::StrCat("sqlite3://db=", path);
    return config;
  }
  if (absl::ConsumePrefix(&url, kMysqlPrefix)) {
    std::vector<absl::string_view> parts = absl::StrSplit(url, ' ', absl::SkipEmpty());
    bool has_db = false;
    bool has_connect_timeout = false;
    bool has_read_timeout = false;
    bool has_write_timeout = false;
    // Everything but the timeouts, for the control connection.
    std::vector<absl::string_view> control_parts;
    for (absl::string_view part : parts) {
      std::pair<absl::string_view, absl::string_view> kv =
          absl::StrSplit(part, absl::MaxSplits('=', 1));
      if (kv.first == "password" || kv.first == "pass") {
        return absl::InvalidArgumentError(
            "db: a password in the URL is not accepted; use --db-password-file or "
            "ESCALA_DB_PASSWORD");
      }
      if (!IsAllowedMysqlKey(kv.first) || kv.second.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("db: unknown or empty MySQL URL setting '", kv.first, "'"));
      }
      if (kv.first == "db" || kv.first == "dbname") has_db = true;
      if (absl::EndsWith(kv.first, "_timeout")) {
        int seconds = 0;
        if (!absl::SimpleAtoi(kv.second, &seconds) || seconds < 1) {
          return absl::InvalidArgumentError(absl::StrCat(
              "db: ", kv.first, " must be a whole number of seconds, at least 1, got '", kv.second,
              "'"));
        }
        has_connect_timeout |= kv.first == "connect_timeout";
        has_read_timeout |= kv.first == "read_timeout";
        has_write_timeout |= kv.first == "write_timeout";
      } else {
        control_parts.push_back(part);
      }
    }
    if (!has_db) {
      return absl::InvalidArgumentError("db: mysql:// URL needs db=NAME");
    }
    if (absl::StrContains(password, '\'') || absl::StrContains(password, ' ')) {
      return absl::InvalidArgumentError(
          "db: the database password must not contain quotes or spaces");
    }
    config.dialect = Dialect::kMysql;
    config.backend = "mysql";
    config.display = absl::StrCat("mysql://", absl::StrJoin(parts, " "));
    std::string timeouts;
    if (!has_connect_timeout)
      absl::StrAppend(&timeouts, " connect_timeout=", kDefaultConnectTimeoutSeconds);
    if (!has_read_timeout) absl::StrAppend(&timeouts, " read_timeout=", kDefaultReadTimeoutSeconds);
    if (!has_write_timeout)
      absl::StrAppend(&timeouts, " write_timeout=", kDefaultWriteTimeoutSeconds);
    config.connect_string = absl::StrCat(absl::StrJoin(parts, " "), timeouts, " charset=utf8mb4");
    config.control_connect_string =
        absl::StrCat(absl::StrJoin(control_parts, " "),
                     " connect_timeout=1 read_timeout=1 write_timeout=1 charset=utf8mb4");
    if (!password.empty()) {
      absl::StrAppend(&config.connect_string, " password='", password, "'");
      absl::StrAppend(&config.control_connect_string, " password='", password, "'");
    }
    return config;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("db: must start with sqlite3:// or mysql://, got '", url.substr(0, 20), "'"));
}

}  // namespace escala::db
