#pragma once

#include <mysql.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace escala::bench {

// Where the MariaDB server is and how to log in. No database: the benchmark makes its own.
struct MysqlTarget {
  std::string user;
  // Either a Unix socket …
  std::string unix_socket;
  // … or a host and port.
  std::string host;
  unsigned port = 0;
  // Never printed.
  std::string password;
  // "user=U unix_socket=S": the part of a `mysql://` URL after the scheme, without the password,
  // ready to be extended with `db=NAME` for escala-server's --db flag.
  std::string url_parameters;
};

// Parses `mysql://user=U unix_socket=S` or `mysql://user=U host=H port=P` (the form of
// ESCALA_TEST_MYSQL). INVALID_ARGUMENT naming the part at fault for anything else, including a
// `db=` (the benchmark creates and drops its own databases) or a `password=` (it belongs in a
// file).
absl::StatusOr<MysqlTarget> ParseMysqlUrl(absl::string_view url, std::string password);

// The first line of `path` without trailing white space, as escala-server reads it.
absl::StatusOr<std::string> ReadPasswordFile(const std::string& path);

// One row of a result set; nullopt is SQL NULL.
using MysqlRow = std::vector<std::optional<std::string>>;

// One connection through the MariaDB C client library, closed on destruction. Not thread-safe:
// use one per thread. The benchmark's baselines go through this class so that they measure the
// database and the client library alone.
class MysqlConnection {
 public:
  // Connects to `target`, using `database` unless it is empty. UNAVAILABLE with the client's
  // message when the server cannot be reached or refuses the login.
  // `local_infile` allows LoadLocal on this connection.
  static absl::StatusOr<std::unique_ptr<MysqlConnection>> Open(const MysqlTarget& target,
                                                               const std::string& database,
                                                               bool local_infile = false);
  ~MysqlConnection();
  MysqlConnection(const MysqlConnection&) = delete;
  MysqlConnection& operator=(const MysqlConnection&) = delete;

  // Runs a statement that returns no rows and answers the number of rows it changed.
  // INTERNAL with the server's error number and message on failure.
  absl::StatusOr<uint64_t> Execute(absl::string_view sql);
  // Runs `statement`, a LOAD DATA LOCAL INFILE, with `data` as the content of the file it
  // names (no file is read), and answers the number of rows it wrote. Needs a connection opened
  // with local_infile. INTERNAL as Execute.
  absl::StatusOr<uint64_t> LoadLocal(absl::string_view statement, absl::string_view data);
  // Runs a query and returns all of its rows.
  absl::StatusOr<std::vector<MysqlRow>> Query(absl::string_view sql);

  // Appends `text` as a quoted SQL string literal, escaped for this connection's character set.
  void AppendQuoted(std::string& out, absl::string_view text);

 private:
  explicit MysqlConnection(MYSQL* mysql) : mysql_(mysql) {}
  absl::Status Error(absl::string_view sql) const;

  MYSQL* mysql_;
};

// Appends `text` as a field of LOAD DATA's default format: backslash, tab, newline and NUL
// escaped with a backslash.
void AppendLoadField(std::string& out, absl::string_view text);

// Quotes `name` as a SQL identifier (backticks), for the database names the benchmark makes.
std::string QuoteIdentifier(absl::string_view name);

}  // namespace escala::bench
