#pragma once

#include <string>

#include "absl/status/status.h"
#include "escala/v1/interactions.pb.h"
#include "escala/v1/people.pb.h"
#include "tools/bench/mysql_connection.h"

namespace escala::bench {

// The baselines write exactly what escala-server writes, but with literal SQL through the C
// client: the column list and every value come from db/interactions/interaction_columns.h, the
// tables from the server's own migrations.

// Creates the server's tables in the connection's database by running the MySQL migrations
// compiled into escala_db (the files of db/migrations/mysql), without the bookkeeping table.
absl::Status ApplyServerSchema(MysqlConnection& connection);

// "INSERT INTO interactions (<columns>, create_ms, update_ms, version) VALUES ".
const std::string& InteractionInsertPrefix();

// Appends "(v1, …, now_ms, now_ms, 1)" for `interaction`, strings escaped for `connection`.
void AppendInteractionRow(MysqlConnection& connection, const v1::Interaction& interaction,
                          long long now_ms, std::string& sql);

// "INSERT INTO interactions (id, <columns>, team_id, create_ms, update_ms, version) VALUES ":
// rows with their id and the agent's team given, as the server stores an imported record.
const std::string& HistoryInteractionInsertPrefix();

// Appends "(id, v1, …, team, now_ms, now_ms, 1)" for `interaction` (team NULL when empty).
void AppendHistoryInteractionRow(MysqlConnection& connection, long long id,
                                 const v1::Interaction& interaction, const std::string& team_id,
                                 long long now_ms, std::string& sql);

// "LOAD DATA LOCAL INFILE … INTO TABLE interactions (id, <columns>, team_id, create_ms,
// update_ms, version)": the same rows as HistoryInteractionInsertPrefix in LOAD DATA's format.
const std::string& HistoryInteractionLoadStatement();

// Appends the line of `interaction` for HistoryInteractionLoadStatement.
void AppendHistoryInteractionLine(long long id, const v1::Interaction& interaction,
                                  const std::string& team_id, long long now_ms, std::string& data);

// A multi-row INSERT of `teams` (without their leads, as a loader creates them first).
std::string TeamsInsert(MysqlConnection& connection, const std::vector<v1::Team>& teams,
                        long long now_ms);
// A multi-row INSERT of `people`.
std::string PeopleInsert(MysqlConnection& connection, const std::vector<v1::Person>& people,
                         long long now_ms);

}  // namespace escala::bench
