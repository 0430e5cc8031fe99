#include "db/core/soci_error_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <stdexcept>

#include "tests/testing/status_matchers.h"

namespace escala::db {
namespace {

using ::escala::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

// SQLite result codes (sqlite3.h): primary code in the low byte, extended codes above it.
constexpr int kSqliteError = 1;
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteConstraintNotNull = 19 | (5 << 8);
constexpr int kSqliteConstraintForeignKey = 19 | (3 << 8);
constexpr int kSqliteConstraintUnique = 19 | (8 << 8);
constexpr int kSqliteConstraintPrimaryKey = 19 | (6 << 8);

TEST(SociErrorToStatus, MysqlDuplicateKeyIsAlreadyExists) {
  EXPECT_THAT(SociErrorToStatus(soci::mysql_soci_error("Duplicate entry 'a' for key 'PRIMARY'", 1062),
                                "CreateTeam"),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       AllOf(HasSubstr("CreateTeam"), HasSubstr("Duplicate entry"))));
}

TEST(SociErrorToStatus, MysqlForeignKeyErrorsAreFailedPrecondition) {
  EXPECT_THAT(SociErrorToStatus(soci::mysql_soci_error("Cannot add or update a child row", 1452), "x"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(SociErrorToStatus(soci::mysql_soci_error("Cannot delete or update a parent row", 1451), "x"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(SociErrorToStatus, MysqlDeadlockAndLockWaitTimeoutAreAborted) {
  EXPECT_THAT(SociErrorToStatus(soci::mysql_soci_error("Deadlock found", 1213), "x"),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(SociErrorToStatus(soci::mysql_soci_error("Lock wait timeout exceeded", 1205), "x"),
              StatusIs(absl::StatusCode::kAborted));
}

TEST(SociErrorToStatus, MysqlLostConnectionIsUnavailable) {
  for (int code : {2006, 2013, 2002, 2003, 1040, 1053, 1927}) {
    absl::Status status = SociErrorToStatus(soci::mysql_soci_error("gone", code), "x");
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable)) << code;
    EXPECT_TRUE(IsConnectionLost(status)) << code;
  }
}

TEST(SociErrorToStatus, OtherMysqlErrorsAreInternalWithTheDatabaseText) {
  absl::Status status = SociErrorToStatus(soci::mysql_soci_error("Something odd", 9999), "ListTeams");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInternal,
                               AllOf(HasSubstr("ListTeams"), HasSubstr("Something odd"))));
  EXPECT_FALSE(IsConnectionLost(status));
}

TEST(SociErrorToStatus, SqliteUniqueViolationIsAlreadyExists) {
  EXPECT_THAT(SociErrorToStatus(soci::sqlite3_soci_error("UNIQUE constraint failed: teams.team_id",
                                                         kSqliteConstraintUnique),
                                "CreateTeam"),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("CreateTeam")));
  EXPECT_THAT(SociErrorToStatus(soci::sqlite3_soci_error("UNIQUE constraint failed: teams.team_id",
                                                         kSqliteConstraintPrimaryKey),
                                "x"),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST(SociErrorToStatus, SqliteForeignKeyViolationIsFailedPrecondition) {
  EXPECT_THAT(SociErrorToStatus(soci::sqlite3_soci_error("FOREIGN KEY constraint failed",
                                                         kSqliteConstraintForeignKey),
                                "x"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

// SOCI appends the statement and its bound values to what() as context; only the database's
// own message may decide the code, whatever the data says.
TEST(SociErrorToStatus, SqliteErrorIsClassifiedByItsMessageNotByTheStatementContext) {
  soci::sqlite3_soci_error unique("UNIQUE constraint failed: people.employee_id",
                                  kSqliteConstraintUnique);
  unique.add_context("executing \"INSERT INTO people (employee_id, display_name) VALUES (?, ?)\" "
                     "with :1=\"E1\", :2=\"FOREIGN KEY\"");
  EXPECT_THAT(SociErrorToStatus(unique, "x"), StatusIs(absl::StatusCode::kAlreadyExists));

  soci::sqlite3_soci_error foreign("FOREIGN KEY constraint failed", kSqliteConstraintForeignKey);
  foreign.add_context("executing \"INSERT INTO t (a) VALUES (?)\" with :1=\"UNIQUE\"");
  EXPECT_THAT(SociErrorToStatus(foreign, "x"), StatusIs(absl::StatusCode::kFailedPrecondition));

  soci::soci_error generic("UNIQUE constraint failed: people.employee_id");
  generic.add_context("executing \"INSERT …\" with :1=\"FOREIGN KEY constraint failed\"");
  EXPECT_THAT(SociErrorToStatus(generic, "x"), StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST(SociErrorToStatus, SqliteBusyAndLockedAreAborted) {
  EXPECT_THAT(SociErrorToStatus(soci::sqlite3_soci_error("database is locked", kSqliteBusy), "x"),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(SociErrorToStatus(
                  soci::sqlite3_soci_error("database table is locked", kSqliteLocked), "x"),
              StatusIs(absl::StatusCode::kAborted));
}

TEST(SociErrorToStatus, OtherSqliteErrorsAreInternal) {
  EXPECT_THAT(SociErrorToStatus(soci::sqlite3_soci_error("no such table: teams", kSqliteError), "x"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("no such table")));
  EXPECT_THAT(SociErrorToStatus(soci::sqlite3_soci_error("NOT NULL constraint failed: teams.x",
                                                         kSqliteConstraintNotNull),
                                "x"),
              StatusIs(absl::StatusCode::kInternal));
}

TEST(SociErrorToStatus, GenericSociErrorsAreClassifiedByTheirText) {
  EXPECT_THAT(SociErrorToStatus(soci::soci_error("UNIQUE constraint failed: people.employee_id"), "x"),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(SociErrorToStatus(soci::soci_error("FOREIGN KEY constraint failed"), "x"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(SociErrorToStatus(soci::soci_error("Null value fetched and no indicator defined."), "x"),
              StatusIs(absl::StatusCode::kInternal));
}

TEST(SociErrorToStatus, NonDatabaseExceptionsAreInternal) {
  EXPECT_THAT(SociErrorToStatus(std::runtime_error("bad_alloc-ish"), "UpsertPeople"),
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("UpsertPeople"), HasSubstr("bad_alloc-ish"))));
}

TEST(IsConnectionLost, IsTrueOnlyForUnavailable) {
  EXPECT_TRUE(IsConnectionLost(absl::UnavailableError("x")));
  EXPECT_FALSE(IsConnectionLost(absl::OkStatus()));
  EXPECT_FALSE(IsConnectionLost(absl::AbortedError("x")));
  EXPECT_FALSE(IsConnectionLost(absl::InternalError("x")));
}

}  // namespace
}  // namespace escala::db
