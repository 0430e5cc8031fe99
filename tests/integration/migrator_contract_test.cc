// The production migrator against a real database of each dialect.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "db/core/migrator.h"
#include "db/core/session_pool.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;

class MigratorContract : public DatabaseTest {
 protected:
  // Starts from an empty database: the tests run the migrator themselves.
  TestDatabaseOptions Options() const override {
    TestDatabaseOptions options;
    options.migrate = false;
    return options;
  }

  absl::StatusOr<db::MigrationResult> Migrate(bool apply) {
    absl::StatusOr<db::SessionPool::Lease> lease = database().pool().Acquire();
    if (!lease.ok()) return lease.status();
    return db::Migrate(lease->session(), database().dialect(), database().migrations(), apply);
  }
};

TEST_P(MigratorContract, FromEmptyBringsTheSchemaToTheNewestVersion) {
  ASSERT_GE(database().newest_version(), 3);
  ESCALA_ASSERT_OK_AND_ASSIGN(db::MigrationResult result, Migrate(/*apply=*/true));
  EXPECT_EQ(result.version_before, 0);
  EXPECT_EQ(result.version_after, database().newest_version());
  EXPECT_EQ(result.applied, static_cast<int>(database().migrations().size()));

  EXPECT_THAT(database().QueryInt("SELECT MAX(version) FROM schema_migrations"),
              IsOkAndHolds(database().newest_version()));
  EXPECT_THAT(database().QueryInt("SELECT COUNT(*) FROM schema_migrations"),
              IsOkAndHolds(static_cast<long long>(database().migrations().size())));
  // Every table of the schema exists and is empty.
  for (const char* table : {"teams", "people", "interactions"}) {
    EXPECT_THAT(database().QueryInt(absl::StrCat("SELECT COUNT(*) FROM ", table)), IsOkAndHolds(0))
        << table;
  }
}

TEST_P(MigratorContract, RunningAgainAppliesNothing) {
  ASSERT_THAT(Migrate(/*apply=*/true), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(db::MigrationResult again, Migrate(/*apply=*/true));
  EXPECT_EQ(again.applied, 0);
  EXPECT_EQ(again.version_before, database().newest_version());
  EXPECT_EQ(again.version_after, database().newest_version());
  EXPECT_THAT(database().QueryInt("SELECT COUNT(*) FROM schema_migrations"),
              IsOkAndHolds(static_cast<long long>(database().migrations().size())));
  // An up-to-date schema also passes the check-only mode.
  ESCALA_ASSERT_OK_AND_ASSIGN(db::MigrationResult check, Migrate(/*apply=*/false));
  EXPECT_EQ(check.applied, 0);
}

TEST_P(MigratorContract, RefusesASchemaNewerThanAnyKnownMigration) {
  ASSERT_THAT(Migrate(/*apply=*/true), IsOk());
  const int future = database().newest_version() + 1;
  ASSERT_THAT(database().Execute(absl::StrCat(
                  "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (", future,
                  ", '", future, "_from_a_newer_release', 0)")),
              IsOk());
  EXPECT_THAT(Migrate(/*apply=*/true), StatusIs(absl::StatusCode::kFailedPrecondition,
                                                HasSubstr(absl::StrCat("version ", future))));
  EXPECT_THAT(Migrate(/*apply=*/false), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_P(MigratorContract, PendingMigrationsWithoutApplyAreFailedPreconditionAndChangeNothing) {
  EXPECT_THAT(Migrate(/*apply=*/false),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("--migrate")));
  EXPECT_THAT(database().QueryInt("SELECT COUNT(*) FROM schema_migrations"), IsOkAndHolds(0));
  EXPECT_THAT(database().QueryInt("SELECT COUNT(*) FROM teams"),
              StatusIs(absl::StatusCode::kInternal));
}

TEST_P(MigratorContract, AppliesOnlyTheMissingMigrations) {
  // A database migrated by an older release that knew only the first migration.
  std::vector<db::Migration> older(database().migrations().begin(),
                                   database().migrations().begin() + 1);
  {
    ESCALA_ASSERT_OK_AND_ASSIGN(db::SessionPool::Lease lease, database().pool().Acquire());
    ASSERT_THAT(db::Migrate(lease.session(), database().dialect(), older, /*apply=*/true), IsOk());
  }
  EXPECT_THAT(Migrate(/*apply=*/false), StatusIs(absl::StatusCode::kFailedPrecondition));
  ESCALA_ASSERT_OK_AND_ASSIGN(db::MigrationResult result, Migrate(/*apply=*/true));
  EXPECT_EQ(result.version_before, 1);
  EXPECT_EQ(result.version_after, database().newest_version());
  EXPECT_EQ(result.applied, database().newest_version() - 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigratorContract, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
