#include "tests/testing/test_database.h"

#include <soci/soci.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "db/core/migration_sources.h"
#include "db/core/soci_error_status.h"

namespace escala::testing {
namespace {

constexpr char kMysqlUrlVariable[] = "ESCALA_TEST_MYSQL";
constexpr char kMysqlPasswordFileVariable[] = "ESCALA_TEST_MYSQL_PASSWORD_FILE";
constexpr char kSkipMysqlVariable[] = "ESCALA_TEST_SKIP_MYSQL";

std::string GetEnv(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

absl::StatusOr<std::string> ReadPasswordFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::FailedPreconditionError(
        absl::StrCat(kMysqlPasswordFileVariable, ": cannot read '", path, "'"));
  }
  std::stringstream contents;
  contents << file.rdbuf();
  // A trailing newline from an editor or `echo` is not part of the password.
  return std::string(absl::StripTrailingAsciiWhitespace(contents.str()));
}

std::string RandomSuffix() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> digit(0, 35);
  std::string suffix;
  for (int i = 0; i < 8; ++i)
    suffix.push_back("0123456789abcdefghijklmnopqrstuvwxyz"[digit(device)]);
  return suffix;
}

// Runs `fn(session)` on a session opened directly (not pooled) with `config`.
template <typename Fn>
absl::Status WithDirectSession(const db::DatabaseConfig& config, std::string_view context,
                               Fn&& fn) {
  try {
    soci::session session(config.backend, config.connect_string);
    fn(session);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return db::SociErrorToStatus(e, context);
  }
}

}  // namespace

std::optional<BackendUnavailable> CheckBackend(std::string_view backend) {
  if (backend != kMysqlBackend) return std::nullopt;
  if (!GetEnv(kMysqlUrlVariable).empty()) return std::nullopt;
  if (GetEnv(kSkipMysqlVariable) == "1") {
    return BackendUnavailable{
        true, absl::StrCat(kSkipMysqlVariable, "=1: MariaDB contract tests skipped")};
  }
  return BackendUnavailable{
      false,
      absl::StrCat(kMysqlUrlVariable,
                   " is not set. Run the tests through tools/test.sh, which starts a private "
                   "MariaDB and sets ",
                   kMysqlUrlVariable, " and ", kMysqlPasswordFileVariable, " (or set ",
                   kSkipMysqlVariable, "=1 to skip the MariaDB cases).")};
}

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create(
    std::string_view backend, const TestDatabaseOptions& options) {
  std::unique_ptr<TestDatabase> database(new TestDatabase());
  database->backend_ = std::string(backend);
  std::string url;
  std::string password;
  if (backend == kSqliteBackend) {
    std::string dir = GetEnv("TMPDIR");
    if (dir.empty()) dir = "/tmp";
    std::string path_template = absl::StrCat(dir, "/escala_t_", getpid(), "_XXXXXX");
    std::vector<char> path(path_template.begin(), path_template.end());
    path.push_back('\0');
    const int fd = mkstemp(path.data());
    if (fd < 0) {
      return absl::InternalError(
          absl::StrCat("mkstemp(", path_template, "): ", std::strerror(errno)));
    }
    close(fd);
    // Recorded before anything can fail so that the destructor removes the file.
    database->sqlite_path_ = path.data();
    url = absl::StrCat("sqlite3://db=", database->sqlite_path_);
  } else if (backend == kMysqlBackend) {
    if (std::optional<BackendUnavailable> missing = CheckBackend(backend)) {
      return absl::FailedPreconditionError(missing->reason);
    }
    const std::string server_url = GetEnv(kMysqlUrlVariable);
    const std::string password_file = GetEnv(kMysqlPasswordFileVariable);
    if (!password_file.empty()) {
      absl::StatusOr<std::string> read = ReadPasswordFile(password_file);
      if (!read.ok()) return read.status();
      password = *std::move(read);
    }
    // The server's own catalogue is a database every account can connect to.
    absl::StatusOr<db::DatabaseConfig> admin =
        db::ParseDatabaseUrl(absl::StrCat(server_url, " db=information_schema"), password);
    if (!admin.ok()) return admin.status();
    database->mysql_admin_config_ = *std::move(admin);
    const std::string name = absl::StrCat("escala_t_", getpid(), "_", RandomSuffix());
    absl::Status created = WithDirectSession(
        database->mysql_admin_config_, "creating the test database", [&](soci::session& session) {
          session << absl::StrCat("CREATE DATABASE ", name,
                                  " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        });
    if (!created.ok()) return created;
    database->mysql_database_ = name;
    url = absl::StrCat(server_url, " db=", name);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown test backend '", std::string(backend), "' (want sqlite or mysql)"));
  }

  absl::StatusOr<db::DatabaseConfig> config = db::ParseDatabaseUrl(url, password);
  if (!config.ok()) return config.status();
  database->config_ = *std::move(config);

  absl::StatusOr<std::vector<db::Migration>> migrations =
      db::LoadMigrations(db::EmbeddedMigrations(), database->config_.dialect);
  if (!migrations.ok()) return migrations.status();
  database->migrations_ = *std::move(migrations);

  absl::StatusOr<std::unique_ptr<db::SessionPool>> pool =
      db::SessionPool::Open(database->config_, options.pool_size, options.lease_timeout);
  if (!pool.ok()) return pool.status();
  database->pool_ = *std::move(pool);
  // Fail here, with the connection error, rather than in the first repository call.
  if (absl::Status ping = database->pool_->Ping(); !ping.ok()) return ping;

  if (options.migrate) {
    absl::StatusOr<db::SessionPool::Lease> lease = database->pool_->Acquire();
    if (!lease.ok()) return lease.status();
    absl::StatusOr<db::MigrationResult> migrated =
        db::Migrate(lease->session(), database->dialect(), database->migrations_, /*apply=*/true);
    if (!migrated.ok()) return migrated.status();
  }
  return database;
}

TestDatabase::~TestDatabase() {
  // Connections first: a pooled session could otherwise hold locks the DROP waits for.
  pool_.reset();
  if (!sqlite_path_.empty()) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::remove(absl::StrCat(sqlite_path_, suffix).c_str());
    }
  }
  if (!mysql_database_.empty()) {
    absl::Status dropped = WithDirectSession(
        mysql_admin_config_, "dropping the test database", [&](soci::session& session) {
          session << absl::StrCat("DROP DATABASE IF EXISTS ", mysql_database_);
        });
    if (!dropped.ok()) ADD_FAILURE() << dropped;
  }
}

absl::Status TestDatabase::Execute(const std::string& sql) {
  absl::StatusOr<db::SessionPool::Lease> lease = pool_->Acquire();
  if (!lease.ok()) return lease.status();
  try {
    lease->session() << sql;
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return db::SociErrorToStatus(e, sql);
  }
}

absl::StatusOr<long long> TestDatabase::QueryInt(const std::string& sql) {
  absl::StatusOr<db::SessionPool::Lease> lease = pool_->Acquire();
  if (!lease.ok()) return lease.status();
  try {
    long long value = 0;
    soci::indicator indicator = soci::i_null;
    lease->session() << sql, soci::into(value, indicator);
    if (!lease->session().got_data() || indicator != soci::i_ok) {
      return absl::NotFoundError(absl::StrCat("no value from: ", sql));
    }
    return value;
  } catch (const std::exception& e) {
    return db::SociErrorToStatus(e, sql);
  }
}

void DatabaseTest::SetUp() {
  if (fake()) return;
  if (std::optional<BackendUnavailable> missing = CheckBackend(GetParam())) {
    if (missing->skip) GTEST_SKIP() << missing->reason;
    FAIL() << missing->reason;
  }
  absl::StatusOr<std::unique_ptr<TestDatabase>> database =
      TestDatabase::Create(GetParam(), Options());
  ASSERT_TRUE(database.ok()) << "creating the " << GetParam()
                             << " test database: " << database.status();
  database_ = *std::move(database);
}

void DatabaseTest::TearDown() { database_.reset(); }

TestDatabase& DatabaseTest::database() {
  // A case that reaches for SQL belongs to a suite instantiated with AllBackends().
  if (database_ == nullptr) {
    ADD_FAILURE() << "no SQL database on the " << GetParam() << " backend";
    std::abort();
  }
  return *database_;
}

std::vector<std::string> AllBackends() { return {kSqliteBackend, kMysqlBackend}; }

std::vector<std::string> AllBackendsAndFake() {
  return {kSqliteBackend, kMysqlBackend, kFakeBackend};
}

std::string BackendName(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace escala::testing
