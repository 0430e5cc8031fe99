#pragma once

#include <soci/session.h>

#include <string>
#include <vector>

#include "escala/v1/interactions.pb.h"

namespace escala::db {

// Writes `records` into `interactions` with one prepared INSERT executed as a MariaDB
// array-bound batch: every value travels as a typed, bound parameter in the binary protocol,
// in a single round trip. Through SOCI the same batch is a 20,000-placeholder statement that
// SOCI's MySQL backend parses and escapes on the client, which costs more CPU than the
// database spends inserting. `session` must be a MySQL/MariaDB session. On failure throws
// soci::mysql_soci_error carrying the server's error number, like SOCI itself. `team_ids[i]` is
// the team_id column of records[i] (NULL when empty).
void MysqlBulkInsertInteractions(soci::session& session,
                                 const std::vector<const v1::Interaction*>& records,
                                 const std::vector<std::string>& team_ids, long long now_ms);

}  // namespace escala::db
