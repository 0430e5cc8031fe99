#include "tools/bench/raw_sql.h"

#include "absl/strings/str_cat.h"
#include "db/core/migration_sources.h"
#include "db/core/migrator.h"
#include "db/core/sql_dialect.h"
#include "db/interactions/interaction_columns.h"

namespace escala::bench {
namespace {

void AppendInteger(std::optional<long long> value, std::string& sql) {
  if (value) {
    absl::StrAppend(&sql, *value);
  } else {
    sql += "NULL";
  }
}

void AppendText(MysqlConnection& connection, const std::optional<std::string>& value,
                std::string& sql) {
  if (value) {
    connection.AppendQuoted(sql, *value);
  } else {
    sql += "NULL";
  }
}

void AppendTextOrNull(MysqlConnection& connection, const std::string& value, std::string& sql) {
  AppendText(connection, value.empty() ? std::nullopt : std::optional<std::string>(value), sql);
}

}  // namespace

absl::Status ApplyServerSchema(MysqlConnection& connection) {
  absl::StatusOr<std::vector<db::Migration>> migrations =
      db::LoadMigrations(db::EmbeddedMigrations(), db::Dialect::kMysql);
  if (!migrations.ok()) return migrations.status();
  for (const db::Migration& migration : *migrations) {
    for (const std::string& statement : migration.statements) {
      absl::StatusOr<uint64_t> done = connection.Execute(statement);
      if (!done.ok()) {
        return absl::Status(done.status().code(), absl::StrCat("migration ", migration.name, ": ",
                                                               done.status().message()));
      }
    }
  }
  return absl::OkStatus();
}

const std::string& InteractionInsertPrefix() {
  static const std::string kPrefix =
      absl::StrCat("INSERT INTO interactions (", db::InteractionColumnList(),
                   ", create_ms, update_ms, version) VALUES ");
  return kPrefix;
}

void AppendInteractionRow(MysqlConnection& connection, const v1::Interaction& interaction,
                          long long now_ms, std::string& sql) {
  sql += '(';
  for (const db::IntegerColumn& column : db::InteractionIntegerColumns()) {
    AppendInteger(column.read(interaction), sql);
    sql += ", ";
  }
  for (const db::TextColumn& column : db::InteractionTextColumns()) {
    AppendText(connection, column.read(interaction), sql);
    sql += ", ";
  }
  absl::StrAppend(&sql, now_ms, ", ", now_ms, ", 1)");
}

std::string TeamsInsert(MysqlConnection& connection, const std::vector<v1::Team>& teams,
                        long long now_ms) {
  std::string sql =
      "INSERT INTO teams (team_id, display_name, lead_employee_id, create_ms, update_ms, version) "
      "VALUES ";
  bool first = true;
  for (const v1::Team& team : teams) {
    sql += first ? "(" : ", (";
    first = false;
    connection.AppendQuoted(sql, team.team_id());
    sql += ", ";
    connection.AppendQuoted(sql, team.display_name());
    absl::StrAppend(&sql, ", NULL, ", now_ms, ", ", now_ms, ", 1)");
  }
  return sql;
}

std::string PeopleInsert(MysqlConnection& connection, const std::vector<v1::Person>& people,
                         long long now_ms) {
  std::string sql =
      "INSERT INTO people (employee_id, display_name, email, role, level, team_id, hire_date,"
      " active, create_ms, update_ms, version) VALUES ";
  bool first = true;
  for (const v1::Person& person : people) {
    sql += first ? "(" : ", (";
    first = false;
    connection.AppendQuoted(sql, person.employee_id());
    sql += ", ";
    connection.AppendQuoted(sql, person.display_name());
    sql += ", ";
    connection.AppendQuoted(sql, person.email());
    absl::StrAppend(&sql, ", ", person.role(), ", ", person.level(), ", ");
    AppendTextOrNull(connection, person.team_id(), sql);
    sql += ", ";
    AppendTextOrNull(connection, person.hire_date(), sql);
    absl::StrAppend(&sql, ", ", person.active() ? 1 : 0, ", ", now_ms, ", ", now_ms, ", 1)");
  }
  return sql;
}

}  // namespace escala::bench
