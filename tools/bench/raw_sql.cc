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

// "v1, v2, …, " of the caller-controlled columns, in InteractionColumnList() order.
void AppendColumnValues(MysqlConnection& connection, const v1::Interaction& interaction,
                        std::string& sql) {
  for (const db::IntegerColumn& column : db::InteractionIntegerColumns()) {
    AppendInteger(column.read(interaction), sql);
    sql += ", ";
  }
  for (const db::TextColumn& column : db::InteractionTextColumns()) {
    AppendText(connection, column.read(interaction), sql);
    sql += ", ";
  }
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
  AppendColumnValues(connection, interaction, sql);
  absl::StrAppend(&sql, now_ms, ", ", now_ms, ", 1)");
}

const std::string& HistoryInteractionInsertPrefix() {
  static const std::string kPrefix =
      absl::StrCat("INSERT INTO interactions (id, ", db::InteractionColumnList(),
                   ", team_id, create_ms, update_ms, version) VALUES ");
  return kPrefix;
}

void AppendHistoryInteractionRow(MysqlConnection& connection, long long id,
                                 const v1::Interaction& interaction, const std::string& team_id,
                                 long long now_ms, std::string& sql) {
  absl::StrAppend(&sql, "(", id, ", ");
  AppendColumnValues(connection, interaction, sql);
  AppendTextOrNull(connection, team_id, sql);
  absl::StrAppend(&sql, ", ", now_ms, ", ", now_ms, ", 1)");
}

const std::string& HistoryInteractionLoadStatement() {
  static const std::string* const kStatement = new std::string(absl::StrCat(
      "LOAD DATA LOCAL INFILE 'history' INTO TABLE interactions CHARACTER SET utf8mb4 (id, ",
      db::InteractionColumnList(), ", team_id, create_ms, update_ms, version)"));
  return *kStatement;
}

void AppendHistoryInteractionLine(long long id, const v1::Interaction& interaction,
                                  const std::string& team_id, long long now_ms, std::string& data) {
  absl::StrAppend(&data, id);
  for (const db::IntegerColumn& column : db::InteractionIntegerColumns()) {
    const std::optional<long long> value = column.read(interaction);
    data += '\t';
    if (value) {
      absl::StrAppend(&data, *value);
    } else {
      data += "\\N";
    }
  }
  for (const db::TextColumn& column : db::InteractionTextColumns()) {
    const std::optional<std::string> value = column.read(interaction);
    data += '\t';
    if (value) {
      AppendLoadField(data, *value);
    } else {
      data += "\\N";
    }
  }
  data += '\t';
  if (team_id.empty()) {
    data += "\\N";
  } else {
    AppendLoadField(data, team_id);
  }
  absl::StrAppend(&data, "\t", now_ms, "\t", now_ms, "\t1\n");
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
