#include "db/core/migrator.h"

#include <soci/soci.h>

#include <algorithm>
#include <cctype>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "db/core/soci_error_status.h"
#include "db/core/transaction.h"

namespace escala::db {
namespace {

constexpr char kCreateSchemaMigrations[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT NOT NULL PRIMARY KEY,"
    " name VARCHAR(200) NOT NULL,"
    " applied_at_ms BIGINT NOT NULL)";

int CurrentVersion(soci::session& session) {
  int version = 0;
  soci::indicator indicator = soci::i_null;
  session << "SELECT MAX(version) FROM schema_migrations", soci::into(version, indicator);
  return indicator == soci::i_ok ? version : 0;
}

// Serialises concurrent starts of several servers on one database: only one migrates.
class MigrationLock {
 public:
  MigrationLock(soci::session& session, Dialect dialect) : session_(session), dialect_(dialect) {
    if (dialect_ != Dialect::kMysql) return;
    int got = 0;
    soci::indicator indicator = soci::i_null;
    session_ << "SELECT GET_LOCK('escala_schema_migrations', 60)", soci::into(got, indicator);
    locked_ = indicator == soci::i_ok && got == 1;
  }
  ~MigrationLock() {
    if (!locked_) return;
    try {
      session_ << "DO RELEASE_LOCK('escala_schema_migrations')";
    } catch (...) {
      // The lock dies with the connection anyway.
    }
  }
  bool ok() const { return dialect_ != Dialect::kMysql || locked_; }

 private:
  soci::session& session_;
  Dialect dialect_;
  bool locked_ = false;
};

}  // namespace

std::vector<std::string> SplitSqlStatements(const std::string& sql) {
  std::vector<std::string> statements;
  std::string current;
  for (absl::string_view line : absl::StrSplit(sql, '\n')) {
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || absl::StartsWith(trimmed, "--")) continue;
    absl::StrAppend(&current, line, "\n");
    if (absl::EndsWith(trimmed, ";")) {
      std::string statement(absl::StripAsciiWhitespace(current));
      statement.pop_back();  // the ';'
      statements.push_back(std::move(statement));
      current.clear();
    }
  }
  std::string rest(absl::StripAsciiWhitespace(current));
  if (!rest.empty()) statements.push_back(std::move(rest));
  return statements;
}

absl::StatusOr<std::vector<Migration>> LoadMigrations(const std::vector<MigrationSource>& sources,
                                                      Dialect dialect) {
  std::vector<Migration> migrations;
  for (const MigrationSource& source : sources) {
    if (source.dialect != DialectName(dialect)) continue;
    absl::string_view name = source.file_name;
    int version = 0;
    // Exactly four digits: SimpleAtoi alone would also take "+001" or " 001".
    const bool four_digits = name.size() >= 6 && absl::ascii_isdigit(name[0]) &&
                             absl::ascii_isdigit(name[1]) && absl::ascii_isdigit(name[2]) &&
                             absl::ascii_isdigit(name[3]);
    if (!absl::ConsumeSuffix(&name, ".sql") || name.size() < 6 || !four_digits || name[4] != '_' ||
        !absl::SimpleAtoi(name.substr(0, 4), &version) || version <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("migration ", source.dialect, "/",
                                                     source.file_name,
                                                     ": name must be NNNN_verb_object.sql"));
    }
    migrations.push_back({version, std::string(name), SplitSqlStatements(source.sql)});
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration ", migrations[i].name,
                       ": versions must run 1, 2, 3… without gaps or repeats"));
    }
  }
  return migrations;
}

absl::StatusOr<MigrationResult> Migrate(soci::session& session, Dialect dialect,
                                        const std::vector<Migration>& migrations, bool apply) {
  MigrationResult result;
  const int newest_known = migrations.empty() ? 0 : migrations.back().version;
  try {
    session << kCreateSchemaMigrations;
    MigrationLock lock(session, dialect);
    if (!lock.ok()) {
      return absl::UnavailableError("another server holds the schema migration lock");
    }
    result.version_before = CurrentVersion(session);
    result.version_after = result.version_before;
    if (result.version_before > newest_known) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the database schema is at version ", result.version_before,
          ", newer than this escala-server knows (", newest_known, "); run a newer release"));
    }
    if (result.version_before < newest_known && !apply) {
      return absl::FailedPreconditionError(
          absl::StrCat("the database schema is at version ", result.version_before,
                       ", this escala-server needs ", newest_known, "; start it with --migrate"));
    }
    for (const Migration& migration : migrations) {
      if (migration.version <= result.version_before) continue;
      // MySQL commits DDL implicitly, so the transaction only makes SQLite migrations atomic;
      // MySQL migrations therefore keep to one table per file.
      Transaction transaction(session, dialect);
      for (const std::string& statement : migration.statements) session << statement;
      const long long now_ms = absl::ToUnixMillis(absl::Now());
      session << "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (:v, :n, :t)",
          soci::use(migration.version), soci::use(migration.name), soci::use(now_ms);
      transaction.Commit();
      result.version_after = migration.version;
      ++result.applied;
    }
    return result;
  } catch (const std::exception& e) {
    return SociErrorToStatus(e, absl::StrCat("migrating from version ", result.version_after));
  }
}

}  // namespace escala::db
