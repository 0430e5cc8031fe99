#include "db/core/database_url.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/testing/status_matchers.h"

namespace escala::db {
namespace {

using ::escala::testing::IsOk;
using ::escala::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(ParseDatabaseUrl, ReadsASqliteUrlWithDbKey) {
  absl::StatusOr<DatabaseConfig> config = ParseDatabaseUrl("sqlite3://db=var/escala.db", "");
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->dialect, Dialect::kSqlite);
  EXPECT_EQ(config->backend, "sqlite3");
  EXPECT_EQ(config->sqlite_path, "var/escala.db");
  EXPECT_THAT(config->connect_string, StartsWith("db=var/escala.db"));
  EXPECT_EQ(config->display, "sqlite3://db=var/escala.db");
}

TEST(ParseDatabaseUrl, ReadsASqliteUrlWithABarePath) {
  absl::StatusOr<DatabaseConfig> bare = ParseDatabaseUrl("sqlite3:///tmp/escala.db", "");
  absl::StatusOr<DatabaseConfig> keyed = ParseDatabaseUrl("sqlite3://db=/tmp/escala.db", "");
  ASSERT_THAT(bare, IsOk());
  ASSERT_THAT(keyed, IsOk());
  EXPECT_EQ(bare->sqlite_path, "/tmp/escala.db");
  EXPECT_EQ(bare->connect_string, keyed->connect_string);
  EXPECT_EQ(bare->display, keyed->display);
}

TEST(ParseDatabaseUrl, RejectsASqliteUrlWithoutPath) {
  EXPECT_THAT(ParseDatabaseUrl("sqlite3://", ""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDatabaseUrl("sqlite3://db=", ""), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseDatabaseUrl, RejectsASqlitePathWithSpacesOrQuotes) {
  // Either would break out of SOCI's connect-string syntax.
  EXPECT_THAT(ParseDatabaseUrl("sqlite3://db=/tmp/my db.sqlite", ""),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDatabaseUrl("sqlite3://db=/tmp/x' timeout='0", ""),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseDatabaseUrl, ReadsAMysqlUrlAndAddsThePasswordOnlyToTheConnectString) {
  absl::StatusOr<DatabaseConfig> config =
      ParseDatabaseUrl("mysql://db=escala user=app host=db.internal port=3307", "s3cret");
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->dialect, Dialect::kMysql);
  EXPECT_EQ(config->backend, "mysql");
  EXPECT_THAT(
      config->connect_string,
      AllOf(HasSubstr("db=escala"), HasSubstr("user=app"), HasSubstr("host=db.internal"),
            HasSubstr("port=3307"), HasSubstr("charset=utf8mb4"), HasSubstr("password='s3cret'")));
  EXPECT_THAT(config->display,
              AllOf(HasSubstr("db=escala"), Not(HasSubstr("s3cret")), Not(HasSubstr("password"))));
}

TEST(ParseDatabaseUrl, ReadsAMysqlUrlWithUnixSocketAndNoPassword) {
  absl::StatusOr<DatabaseConfig> config =
      ParseDatabaseUrl("mysql://dbname=escala user=app unix_socket=/run/mysqld/mysqld.sock", "");
  ASSERT_THAT(config, IsOk());
  EXPECT_THAT(config->connect_string,
              AllOf(HasSubstr("unix_socket=/run/mysqld/mysqld.sock"), Not(HasSubstr("password"))));
}

TEST(ParseDatabaseUrl, GivesAMysqlUrlClientTimeoutsUnlessItSetsThem) {
  absl::StatusOr<DatabaseConfig> defaults = ParseDatabaseUrl("mysql://db=escala user=app", "");
  ASSERT_THAT(defaults, IsOk());
  EXPECT_THAT(defaults->connect_string,
              AllOf(HasSubstr(absl::StrCat("connect_timeout=", kDefaultConnectTimeoutSeconds)),
                    HasSubstr(absl::StrCat("read_timeout=", kDefaultReadTimeoutSeconds)),
                    HasSubstr(absl::StrCat("write_timeout=", kDefaultWriteTimeoutSeconds))));
  absl::StatusOr<DatabaseConfig> own =
      ParseDatabaseUrl("mysql://db=escala user=app read_timeout=30 connect_timeout=2", "pw");
  ASSERT_THAT(own, IsOk());
  EXPECT_THAT(own->connect_string,
              AllOf(HasSubstr("read_timeout=30"), Not(HasSubstr("read_timeout=8")),
                    HasSubstr("connect_timeout=2"), HasSubstr("write_timeout=8")));
  // The control connection (KILL QUERY at shutdown) never waits long, whatever the URL says.
  EXPECT_THAT(own->control_connect_string,
              AllOf(HasSubstr("db=escala"), HasSubstr("read_timeout=1"),
                    Not(HasSubstr("read_timeout=30")), HasSubstr("password='pw'")));
}

TEST(ParseDatabaseUrl, RejectsATimeoutThatIsNotWholeSeconds) {
  for (const char* url : {"mysql://db=escala read_timeout=0", "mysql://db=escala read_timeout=2s",
                          "mysql://db=escala connect_timeout=-1"}) {
    EXPECT_THAT(ParseDatabaseUrl(url, ""),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("_timeout must be")))
        << url;
  }
}

TEST(ParseDatabaseUrl, RejectsAPasswordInsideTheUrlWithoutRepeatingIt) {
  for (const char* url :
       {"mysql://db=escala user=app password=hunter2", "mysql://db=escala pass=hunter2 user=app"}) {
    absl::StatusOr<DatabaseConfig> config = ParseDatabaseUrl(url, "");
    EXPECT_THAT(config, StatusIs(absl::StatusCode::kInvalidArgument,
                                 AllOf(HasSubstr("password"), Not(HasSubstr("hunter2")))))
        << url;
  }
}

TEST(ParseDatabaseUrl, RejectsAnUnknownMysqlKeyNamingIt) {
  EXPECT_THAT(ParseDatabaseUrl("mysql://db=escala user=app sockett=/tmp/s", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'sockett'")));
  // A misspelt password key is unknown too, and its value stays out of the message.
  EXPECT_THAT(ParseDatabaseUrl("mysql://db=escala passwd=hunter2", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("'passwd'"), Not(HasSubstr("hunter2")))));
}

TEST(ParseDatabaseUrl, RejectsAnEmptyOrValuelessMysqlSetting) {
  EXPECT_THAT(ParseDatabaseUrl("mysql://db=escala user=", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'user'")));
  EXPECT_THAT(ParseDatabaseUrl("mysql://db=escala host", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'host'")));
}

TEST(ParseDatabaseUrl, RejectsAMysqlUrlWithoutDatabase) {
  EXPECT_THAT(ParseDatabaseUrl("mysql://user=app host=localhost", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("db=")));
}

TEST(ParseDatabaseUrl, RejectsAPasswordWithQuotesOrSpaces) {
  EXPECT_THAT(ParseDatabaseUrl("mysql://db=escala user=app", "a'b"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDatabaseUrl("mysql://db=escala user=app", "a b"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseDatabaseUrl, RejectsAnUnknownScheme) {
  EXPECT_THAT(ParseDatabaseUrl("postgresql://db=escala", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sqlite3:// or mysql://")));
  EXPECT_THAT(ParseDatabaseUrl("", ""), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace escala::db
