#include "tools/bench/mysql_connection.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace escala::bench {

absl::StatusOr<MysqlTarget> ParseMysqlUrl(absl::string_view url, std::string password) {
  constexpr absl::string_view kScheme = "mysql://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    return absl::InvalidArgumentError(absl::StrCat("mysql: must start with '", kScheme,
                                                   "', e.g. 'mysql://user=U unix_socket=S'"));
  }
  MysqlTarget target;
  target.password = std::move(password);
  const absl::string_view parameters = url.substr(kScheme.size());
  for (absl::string_view part : absl::StrSplit(parameters, ' ', absl::SkipWhitespace())) {
    const std::size_t equals = part.find('=');
    if (equals == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("mysql: '", part, "' is not KEY=VALUE"));
    }
    const absl::string_view key = part.substr(0, equals);
    const std::string value(part.substr(equals + 1));
    if (key == "user") {
      target.user = value;
    } else if (key == "unix_socket") {
      target.unix_socket = value;
    } else if (key == "host") {
      target.host = value;
    } else if (key == "port") {
      if (!absl::SimpleAtoi(value, &target.port) || target.port == 0 || target.port > 65535) {
        return absl::InvalidArgumentError(
            absl::StrCat("mysql: port must be 1–65535, got '", value, "'"));
      }
    } else if (key == "db" || key == "dbname") {
      return absl::InvalidArgumentError(
          "mysql: must not name a database; the benchmark creates and drops its own");
    } else if (key == "password") {
      return absl::InvalidArgumentError(
          "mysql: put the password in --mysql-password-file, not the URL");
    } else {
      return absl::InvalidArgumentError(absl::StrCat("mysql: unknown parameter '", key, "'"));
    }
    absl::StrAppend(&target.url_parameters, target.url_parameters.empty() ? "" : " ", part);
  }
  if (target.user.empty()) return absl::InvalidArgumentError("mysql: user= is required");
  if (target.unix_socket.empty() && target.host.empty()) {
    return absl::InvalidArgumentError("mysql: unix_socket= or host= is required");
  }
  return target;
}

absl::StatusOr<std::string> ReadPasswordFile(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return absl::InvalidArgumentError(
        absl::StrCat("mysql-password-file: cannot read '", path, "'"));
  std::string line;
  std::getline(in, line);
  return std::string(absl::StripTrailingAsciiWhitespace(line));
}

absl::StatusOr<std::unique_ptr<MysqlConnection>> MysqlConnection::Open(const MysqlTarget& target,
                                                                       const std::string& database,
                                                                       bool local_infile) {
  MYSQL* mysql = mysql_init(nullptr);
  if (mysql == nullptr) return absl::ResourceExhaustedError("mysql_init: out of memory");
  if (local_infile) {
    const unsigned int on = 1;
    mysql_options(mysql, MYSQL_OPT_LOCAL_INFILE, &on);
  }
  // Strings are escaped for this character set; it must match what the server is told.
  mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  const bool socket = !target.unix_socket.empty();
  if (mysql_real_connect(mysql, socket ? nullptr : target.host.c_str(), target.user.c_str(),
                         target.password.c_str(), database.empty() ? nullptr : database.c_str(),
                         socket ? 0 : target.port, socket ? target.unix_socket.c_str() : nullptr,
                         0) == nullptr) {
    absl::Status status = absl::UnavailableError(
        absl::StrCat("connecting to MariaDB as ", target.user, ": ", mysql_error(mysql)));
    mysql_close(mysql);
    return status;
  }
  std::unique_ptr<MysqlConnection> connection(new MysqlConnection(mysql));
  // The same session settings as escala-server's pool, so that both write under the same rules.
  for (const char* setting : {"SET SESSION sql_mode='STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'",
                              "SET SESSION time_zone='+00:00'"}) {
    if (absl::StatusOr<uint64_t> done = connection->Execute(setting); !done.ok())
      return done.status();
  }
  return connection;
}

MysqlConnection::~MysqlConnection() { mysql_close(mysql_); }

absl::Status MysqlConnection::Error(absl::string_view sql) const {
  // Only the statement's start: a batch INSERT is hundreds of kilobytes long.
  return absl::InternalError(absl::StrCat("MariaDB error ", mysql_errno(mysql_), " (",
                                          mysql_error(mysql_), ") in: ", sql.substr(0, 120)));
}

absl::StatusOr<uint64_t> MysqlConnection::Execute(absl::string_view sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) return Error(sql);
  // A statement that unexpectedly returned rows: drain them so the connection stays usable.
  if (MYSQL_RES* result = mysql_store_result(mysql_); result != nullptr) mysql_free_result(result);
  if (mysql_errno(mysql_) != 0) return Error(sql);
  return static_cast<uint64_t>(mysql_affected_rows(mysql_));
}

namespace {

// The "file" of a LOAD DATA LOCAL INFILE: a buffer handed out in the pieces the client asks for.
struct LocalData {
  absl::string_view data;
  std::size_t offset = 0;
};

int LocalDataInit(void** state, const char* /*file_name*/, void* user) {
  *state = user;
  return 0;
}

int LocalDataRead(void* state, char* buffer, unsigned int length) {
  LocalData& source = *static_cast<LocalData*>(state);
  const std::size_t n = std::min<std::size_t>(length, source.data.size() - source.offset);
  std::memcpy(buffer, source.data.data() + source.offset, n);
  source.offset += n;
  return static_cast<int>(n);
}

void LocalDataEnd(void* /*state*/) {}

int LocalDataError(void* /*state*/, char* message, unsigned int length) {
  std::snprintf(message, length, "the benchmark's data could not be read");
  return 2000;  // CR_UNKNOWN_ERROR
}

}  // namespace

absl::StatusOr<uint64_t> MysqlConnection::LoadLocal(absl::string_view statement,
                                                    absl::string_view data) {
  LocalData source{data, 0};
  mysql_set_local_infile_handler(mysql_, LocalDataInit, LocalDataRead, LocalDataEnd, LocalDataError,
                                 &source);
  absl::StatusOr<uint64_t> rows = Execute(statement);
  mysql_set_local_infile_default(mysql_);
  return rows;
}

absl::StatusOr<std::vector<MysqlRow>> MysqlConnection::Query(absl::string_view sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) return Error(sql);
  MYSQL_RES* result = mysql_store_result(mysql_);
  if (result == nullptr) {
    if (mysql_errno(mysql_) != 0) return Error(sql);
    return std::vector<MysqlRow>();
  }
  const unsigned columns = mysql_num_fields(result);
  std::vector<MysqlRow> rows;
  while (MYSQL_ROW row = mysql_fetch_row(result)) {
    const unsigned long* lengths = mysql_fetch_lengths(result);
    MysqlRow& out = rows.emplace_back(columns);
    for (unsigned c = 0; c < columns; ++c) {
      if (row[c] != nullptr) out[c] = std::string(row[c], lengths[c]);
    }
  }
  mysql_free_result(result);
  return rows;
}

void MysqlConnection::AppendQuoted(std::string& out, absl::string_view text) {
  const std::size_t start = out.size();
  // mysql_real_escape_string needs room for every byte escaped plus a terminating NUL.
  out.resize(start + 1 + 2 * text.size() + 1);
  out[start] = '\'';
  const unsigned long written =
      mysql_real_escape_string(mysql_, out.data() + start + 1, text.data(), text.size());
  out.resize(start + 1 + written);
  out.push_back('\'');
}

void AppendLoadField(std::string& out, absl::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\0':
        out += "\\0";
        break;
      default:
        out += c;
    }
  }
}

std::string QuoteIdentifier(absl::string_view name) {
  return absl::StrCat("`", absl::StrReplaceAll(name, {{"`", "``"}}), "`");
}

}  // namespace escala::bench
