#pragma once

#include <soci/session.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "db/core/migration_sources.h"
#include "db/core/sql_dialect.h"

namespace escala::db {

// A migration ready to apply: version number, name and its statements.
struct Migration {
  int version = 0;
  std::string name;
  std::vector<std::string> statements;
};

// The dialect's migrations parsed from `sources`, ordered by version. INVALID_ARGUMENT (with the
// file name) for a malformed file name or a duplicate version.
absl::StatusOr<std::vector<Migration>> LoadMigrations(const std::vector<MigrationSource>& sources,
                                                      Dialect dialect);

// Splits a migration file into statements: a statement ends with ';' at the end of a line.
// Lines starting with "--" are comments.
std::vector<std::string> SplitSqlStatements(const std::string& sql);

struct MigrationResult {
  int version_before = 0;
  int version_after = 0;
  int applied = 0;
};

// Brings the schema to the newest version known, recording each applied migration in
// `schema_migrations`. With apply=false it only checks. FAILED_PRECONDITION when the database's
// schema is newer than any migration known to this binary (an older binary must not write to a
// newer schema), or when migrations are pending and apply=false.
absl::StatusOr<MigrationResult> Migrate(soci::session& session, Dialect dialect,
                                        const std::vector<Migration>& migrations, bool apply);

}  // namespace escala::db
