#include "db/core/soci_error_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <stdexcept>

#include "db/core/database_errors.h"
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
  EXPECT_THAT(
      SociErrorToStatus(soci::mysql_soci_error("Duplicate entry 'a' for key 'PRIMARY'", 1062),
                        "CreateTeam"),
      StatusIs(absl::StatusCode::kAlreadyExists,
               AllOf(HasSubstr("CreateTeam"), HasSubstr("Duplicate entry"))));
}

TEST(SociErrorToStatus, MysqlForeignKeyErrorsAreFailedPrecondition) {
  EXPECT_THAT(
      SociErrorToStatus(soci::mysql_soci_error("Cannot add or update a child row", 1452), "x"),
      StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(
      SociErrorToStatus(soci::mysql_soci_error("Cannot delete or update a parent row", 1451), "x"),
      StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(SociErrorToStatus, MysqlDeadlockAndLockWaitTimeoutAreAborted) {
  EXPECT_THAT(SociErrorToStatus(soci::mysql_soci_error("Deadlock found", 1213), "x"),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(SociErrorToStatus(soci::mysql_soci_error("Lock wait timeout exceeded", 1205), "x"),
              StatusIs(absl::StatusCode::kAborted));
}

TEST(SociErrorToStatus, RetryableMysqlErrorsLeaveTheStatementOut) {
  // SOCI appends the statement (and its values) to what(); a batch's statement can be megabytes.
  const std::string statement(100'000, 'v');
  for (int code : {1205, 1213, 2013}) {
    soci::mysql_soci_error error("Deadlock found when trying to get lock", code);
    error.add_context("while executing \"INSERT INTO interactions VALUES " + statement + "\"");
    const absl::Status status = SociErrorToStatus(error, "ImportInteractions");
    EXPECT_THAT(status.code(),
                ::testing::AnyOf(absl::StatusCode::kAborted, absl::StatusCode::kUnavailable));
    EXPECT_EQ(status.message(), "ImportInteractions: Deadlock found when trying to get lock");
  }
  // Other errors keep the statement for the log.
  soci::mysql_soci_error other("Unknown column", 1054);
  other.add_context("while executing \"SELECT x\"");
  EXPECT_THAT(std::string(SociErrorToStatus(other, "x").message()), HasSubstr("SELECT x"));
}

TEST(SociErrorToStatus, MysqlLostConnectionIsUnavailable) {
  for (int code : {2006, 2013, 2002, 2003, 1040, 1053, 1927}) {
    absl::Status status = SociErrorToStatus(soci::mysql_soci_error("gone", code), "x");
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable)) << code;
    EXPECT_TRUE(IsConnectionLost(status)) << code;
  }
}

TEST(SociErrorToStatus, OtherMysqlErrorsAreInternalWithTheDatabaseText) {
  absl::Status status =
      SociErrorToStatus(soci::mysql_soci_error("Something odd", 9999), "ListTeams");
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
  unique.add_context(
      "executing \"INSERT INTO people (employee_id, display_name) VALUES (?, ?)\" "
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
  EXPECT_THAT(
      SociErrorToStatus(soci::sqlite3_soci_error("database table is locked", kSqliteLocked), "x"),
      StatusIs(absl::StatusCode::kAborted));
  soci::sqlite3_soci_error busy("database is locked", kSqliteBusy);
  busy.add_context("executing \"INSERT INTO interactions VALUES (?)\" with :1=\"long\"");
  EXPECT_EQ(SociErrorToStatus(busy, "ImportInteractions").message(),
            "ImportInteractions: database is locked");
}

TEST(SociErrorToStatus, OtherSqliteErrorsAreInternal) {
  EXPECT_THAT(
      SociErrorToStatus(soci::sqlite3_soci_error("no such table: teams", kSqliteError), "x"),
      StatusIs(absl::StatusCode::kInternal, HasSubstr("no such table")));
  EXPECT_THAT(SociErrorToStatus(soci::sqlite3_soci_error("NOT NULL constraint failed: teams.x",
                                                         kSqliteConstraintNotNull),
                                "x"),
              StatusIs(absl::StatusCode::kInternal));
}

TEST(SociErrorToStatus, GenericSociErrorsAreClassifiedByTheirText) {
  EXPECT_THAT(
      SociErrorToStatus(soci::soci_error("UNIQUE constraint failed: people.employee_id"), "x"),
      StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(SociErrorToStatus(soci::soci_error("FOREIGN KEY constraint failed"), "x"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(
      SociErrorToStatus(soci::soci_error("Null value fetched and no indicator defined."), "x"),
      StatusIs(absl::StatusCode::kInternal));
}

TEST(SociErrorToStatus, NonDatabaseExceptionsAreInternal) {
  EXPECT_THAT(SociErrorToStatus(std::runtime_error("bad_alloc-ish"), "UpsertPeople"),
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("UpsertPeople"), HasSubstr("bad_alloc-ish"))));
}

// The constraints of db/migrations/*/0008_create_evaluations.sql, as the repository names them.
constexpr Constraint kRequestKey{"ux_evaluations_request", "evaluations.request_id"};
constexpr Constraint kPairKey{"ux_evaluations_interaction_evaluator",
                              "evaluations.interaction_id, evaluations.evaluator_employee_id"};
constexpr Constraint kInteractionKey{"fk_evaluations_interaction", ""};
constexpr Constraint kScorecardKey{"fk_evaluations_scorecard", ""};

TEST(FailedConstraint, MysqlDuplicateKeyNamesTheIndexWhateverTheValueSays) {
  // The value is the caller's data: it may look like a key clause itself.
  soci::mysql_soci_error error(
      "Duplicate entry 'x' for key 'ux_evaluations_interaction_evaluator'' for key "
      "'ux_evaluations_request'",
      1062);
  error.add_context("executing \"INSERT …\" with :1=\"for key 'fk_evaluations_scorecard'\"");
  const absl::Status status = SociErrorToStatus(error, "CreateEvaluation");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kAlreadyExists));
  ASSERT_TRUE(FailedConstraint(status).has_value());
  EXPECT_EQ(FailedConstraint(status)->kind, ConstraintFailure::Kind::kUniqueKey);
  EXPECT_EQ(FailedConstraint(status)->name, "ux_evaluations_request");
  EXPECT_TRUE(Broke(status, kRequestKey));
  EXPECT_FALSE(Broke(status, kPairKey));
  // MySQL 8 qualifies the key with its table.
  EXPECT_TRUE(Broke(SociErrorToStatus(soci::mysql_soci_error("Duplicate entry 'r' for key "
                                                             "'evaluations.ux_evaluations_request'",
                                                             1062),
                                      "x"),
                    kRequestKey));
}

TEST(FailedConstraint, MysqlForeignKeyNamesTheConstraint) {
  const absl::Status status = SociErrorToStatus(
      soci::mysql_soci_error(
          "Cannot add or update a child row: a foreign key constraint fails (`escala`."
          "`evaluations`, CONSTRAINT `fk_evaluations_interaction` FOREIGN KEY (`interaction_id`) "
          "REFERENCES `interactions` (`id`))",
          1452),
      "CreateEvaluation");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(FailedConstraint(status)->kind, ConstraintFailure::Kind::kForeignKey);
  EXPECT_TRUE(Broke(status, kInteractionKey));
  EXPECT_FALSE(Broke(status, kScorecardKey));
  EXPECT_FALSE(IsUnnamedForeignKeyFailure(status));
}

TEST(FailedConstraint, SqliteUniqueKeyNamesItsColumns) {
  const absl::Status status = SociErrorToStatus(
      soci::sqlite3_soci_error("sqlite3_statement_backend::loadOne: UNIQUE constraint failed: "
                               "evaluations.interaction_id, evaluations.evaluator_employee_id",
                               kSqliteConstraintUnique),
      "CreateEvaluation");
  EXPECT_TRUE(Broke(status, kPairKey));
  EXPECT_FALSE(Broke(status, kRequestKey));
  EXPECT_TRUE(Broke(SociErrorToStatus(soci::soci_error("UNIQUE constraint failed: "
                                                       "evaluations.request_id"),
                                      "x"),
                    kRequestKey));
}

TEST(FailedConstraint, SqliteForeignKeyIsUnnamedAndMatchesNoConstraint) {
  const absl::Status status = SociErrorToStatus(
      soci::sqlite3_soci_error("FOREIGN KEY constraint failed", kSqliteConstraintForeignKey), "x");
  EXPECT_TRUE(IsUnnamedForeignKeyFailure(status));
  EXPECT_FALSE(Broke(status, kInteractionKey));
  EXPECT_FALSE(Broke(status, kScorecardKey));
}

TEST(FailedConstraint, OtherStatusesCarryNone) {
  EXPECT_EQ(FailedConstraint(SociErrorToStatus(soci::mysql_soci_error("Deadlock", 1213), "x")),
            std::nullopt);
  EXPECT_EQ(FailedConstraint(absl::AlreadyExistsError("made by hand")), std::nullopt);
  EXPECT_FALSE(Broke(absl::OkStatus(), kRequestKey));
}

TEST(IsConnectionLost, IsTrueOnlyForUnavailable) {
  EXPECT_TRUE(IsConnectionLost(absl::UnavailableError("x")));
  EXPECT_FALSE(IsConnectionLost(absl::OkStatus()));
  EXPECT_FALSE(IsConnectionLost(absl::AbortedError("x")));
  EXPECT_FALSE(IsConnectionLost(absl::InternalError("x")));
}

// Each mapped error is counted once under its kind, for the metrics' database error counts.
TEST(SociErrorToStatus, CountsEachErrorUnderItsKind) {
  struct Case {
    int mysql_code;
    DatabaseErrorKind kind;
  };
  for (const Case& c :
       {Case{1062, DatabaseErrorKind::kUniqueKey}, Case{1452, DatabaseErrorKind::kForeignKey},
        Case{1213, DatabaseErrorKind::kDeadlock}, Case{1205, DatabaseErrorKind::kLockWaitTimeout},
        Case{2006, DatabaseErrorKind::kConnectionLost}, Case{1146, DatabaseErrorKind::kOther}}) {
    uint64_t before[kDatabaseErrorKinds];
    for (int k = 0; k < kDatabaseErrorKinds; ++k)
      before[k] = DatabaseErrorCount(static_cast<DatabaseErrorKind>(k));
    (void)SociErrorToStatus(soci::mysql_soci_error("error", c.mysql_code), "x");
    for (int k = 0; k < kDatabaseErrorKinds; ++k) {
      const auto kind = static_cast<DatabaseErrorKind>(k);
      EXPECT_EQ(DatabaseErrorCount(kind) - before[k], kind == c.kind ? 1u : 0u)
          << c.mysql_code << " " << DatabaseErrorKindName(kind);
    }
  }
  const uint64_t busy = DatabaseErrorCount(DatabaseErrorKind::kBusy);
  (void)SociErrorToStatus(soci::sqlite3_soci_error("database is locked", kSqliteBusy), "x");
  EXPECT_EQ(DatabaseErrorCount(DatabaseErrorKind::kBusy), busy + 1);
}

}  // namespace
}  // namespace escala::db
