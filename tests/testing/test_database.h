#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/core/database_url.h"
#include "db/core/migrator.h"
#include "db/core/session_pool.h"

namespace escala::testing {

// The backends a repository contract runs against, as test parameter values. "fake" is the
// in-memory fake of tests/testing/fakes: the contract cases that need no SQL run against it too,
// so that a fake cannot drift from what the databases do.
inline constexpr const char* kSqliteBackend = "sqlite";
inline constexpr const char* kMysqlBackend = "mysql";
inline constexpr const char* kFakeBackend = "fake";

struct TestDatabaseOptions {
  // Run the production migrator on the new database (false: leave it empty).
  bool migrate = true;
  std::size_t pool_size = 4;
  absl::Duration lease_timeout = absl::Seconds(10);
};

// A database of its own for one test: created empty, brought to the newest schema by the
// production migrator (LoadMigrations(EmbeddedMigrations()) + Migrate), and removed again on
// destruction.
//   "sqlite": a file made by mkstemp under $TMPDIR (default /tmp); the file and its -wal/-shm
//             companions are deleted at the end.
//   "mysql":  the server named by $ESCALA_TEST_MYSQL (a mysql:// URL without db=), with the
//             password read from the file named by $ESCALA_TEST_MYSQL_PASSWORD_FILE; a database
//             escala_t_<pid>_<random> (utf8mb4 / utf8mb4_bin) is created and dropped at the end.
class TestDatabase {
 public:
  // INVALID_ARGUMENT for an unknown backend; FAILED_PRECONDITION when the MariaDB variables are
  // missing; otherwise whatever creating, connecting or migrating returned.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create(
      std::string_view backend, const TestDatabaseOptions& options = {});
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase();

  db::SessionPool& pool() { return *pool_; }
  const db::DatabaseConfig& config() const { return config_; }
  db::Dialect dialect() const { return config_.dialect; }
  // The production migrations of this dialect.
  const std::vector<db::Migration>& migrations() const { return migrations_; }
  int newest_version() const { return migrations_.empty() ? 0 : migrations_.back().version; }

  // Runs one statement on a leased session (test set-up and inspection only).
  absl::Status Execute(const std::string& sql);
  // Runs a query that returns one integer (e.g. SELECT COUNT(*) …); NOT_FOUND for NULL or no row.
  absl::StatusOr<long long> QueryInt(const std::string& sql);

 private:
  TestDatabase() = default;

  std::string backend_;
  db::DatabaseConfig config_;
  std::vector<db::Migration> migrations_;
  std::unique_ptr<db::SessionPool> pool_;
  // SQLite: the database file.
  std::string sqlite_path_;
  // MySQL: the created database and how to reach the server without it (to drop it).
  std::string mysql_database_;
  db::DatabaseConfig mysql_admin_config_;
};

// Whether `backend` can run in this environment. nullopt: it can. Otherwise the reason, and
// whether the test should be skipped (ESCALA_TEST_SKIP_MYSQL=1) rather than fail.
struct BackendUnavailable {
  bool skip = false;
  std::string reason;
};
std::optional<BackendUnavailable> CheckBackend(std::string_view backend);

// Base fixture for a repository contract that runs once per backend: the parameter is
// kSqliteBackend, kMysqlBackend or kFakeBackend. SetUp creates database() for the SQL backends
// (skipping or failing the test when MariaDB is not configured, see CheckBackend); TearDown
// drops it. With kFakeBackend there is no database: the fixture builds the fakes instead.
class DatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Options for the database SetUp creates; override to change them.
  virtual TestDatabaseOptions Options() const { return {}; }

  // Whether this run is against the in-memory fakes (no database()).
  bool fake() const { return GetParam() == kFakeBackend; }
  // The SQL database; a test that calls it must run on the SQL backends only.
  TestDatabase& database();

 private:
  std::unique_ptr<TestDatabase> database_;
};

// Both SQL backends, for INSTANTIATE_TEST_SUITE_P(…, ::testing::ValuesIn(AllBackends()),
// BackendName): the cases that set up or inspect rows with SQL.
std::vector<std::string> AllBackends();
// The SQL backends and the fake, for the cases that go through the repository interface only.
std::vector<std::string> AllBackendsAndFake();
// "sqlite" / "mysql" / "fake" as the test name suffix.
std::string BackendName(const ::testing::TestParamInfo<std::string>& info);

}  // namespace escala::testing
