#include "db/core/migrator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "db/core/migration_sources.h"
#include "tests/testing/status_matchers.h"

namespace escala::db {
namespace {

using ::escala::testing::IsOk;
using ::escala::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(SplitSqlStatements, SplitsAtSemicolonEndingALineAndDropsIt) {
  EXPECT_THAT(SplitSqlStatements("CREATE TABLE a (x INT);\nCREATE TABLE b (y INT);\n"),
              ElementsAre("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)"));
}

TEST(SplitSqlStatements, KeepsAMultiLineStatementTogether) {
  EXPECT_THAT(SplitSqlStatements("CREATE TABLE t (\n  id INT,\n  name TEXT\n);\n"),
              ElementsAre("CREATE TABLE t (\n  id INT,\n  name TEXT\n)"));
}

TEST(SplitSqlStatements, SkipsCommentLinesIncludingIndentedOnesAndBlankLines) {
  EXPECT_THAT(SplitSqlStatements("-- header;\n\nCREATE TABLE t (\n    -- a column;\n  id INT\n);\n"
                                 "\n  -- trailing comment;\n"),
              ElementsAre("CREATE TABLE t (\n  id INT\n)"));
}

TEST(SplitSqlStatements, DoesNotSplitAtASemicolonInsideALine) {
  EXPECT_THAT(SplitSqlStatements("INSERT INTO t VALUES ('a;b');\nSELECT 1;\n"),
              ElementsAre("INSERT INTO t VALUES ('a;b')", "SELECT 1"));
  EXPECT_THAT(SplitSqlStatements("CREATE TABLE t (x TEXT DEFAULT ';'\n);\n"),
              ElementsAre("CREATE TABLE t (x TEXT DEFAULT ';'\n)"));
}

TEST(SplitSqlStatements, KeepsAFinalStatementWithoutSemicolon) {
  EXPECT_THAT(SplitSqlStatements("SELECT 1;\nSELECT 2\n"), ElementsAre("SELECT 1", "SELECT 2"));
}

TEST(SplitSqlStatements, HandlesCrLfLineEndings) {
  EXPECT_THAT(SplitSqlStatements("-- c\r\nSELECT 1;\r\nSELECT\r\n  2;\r\n"),
              ElementsAre("SELECT 1", "SELECT\r\n  2"));
}

TEST(SplitSqlStatements, ReturnsNothingForCommentsAndWhitespaceOnly) {
  EXPECT_THAT(SplitSqlStatements(""), IsEmpty());
  EXPECT_THAT(SplitSqlStatements("-- only a comment;\n\n   \n"), IsEmpty());
}

TEST(LoadMigrations, KeepsTheDialectsFilesOrderedByVersion) {
  const std::vector<MigrationSource> sources = {
      {"sqlite", "0002_create_people.sql", "CREATE TABLE people (id INT);\n"},
      {"mysql", "0001_create_teams.sql", "CREATE TABLE teams (id INT) ENGINE=InnoDB;\n"},
      {"sqlite", "0001_create_teams.sql",
       "CREATE TABLE teams (id INT);\nCREATE INDEX i ON teams (id);\n"},
  };
  absl::StatusOr<std::vector<Migration>> migrations = LoadMigrations(sources, Dialect::kSqlite);
  ASSERT_THAT(migrations, IsOk());
  ASSERT_EQ(migrations->size(), 2u);
  EXPECT_EQ((*migrations)[0].version, 1);
  EXPECT_EQ((*migrations)[0].name, "0001_create_teams");
  EXPECT_THAT((*migrations)[0].statements,
              ElementsAre("CREATE TABLE teams (id INT)", "CREATE INDEX i ON teams (id)"));
  EXPECT_EQ((*migrations)[1].version, 2);
  EXPECT_EQ((*migrations)[1].name, "0002_create_people");

  absl::StatusOr<std::vector<Migration>> mysql = LoadMigrations(sources, Dialect::kMysql);
  ASSERT_THAT(mysql, IsOk());
  ASSERT_EQ(mysql->size(), 1u);
  EXPECT_THAT(mysql->front().statements, ElementsAre("CREATE TABLE teams (id INT) ENGINE=InnoDB"));
}

TEST(LoadMigrations, ReturnsNothingWhenTheDialectHasNoFiles) {
  absl::StatusOr<std::vector<Migration>> migrations =
      LoadMigrations({{"mysql", "0001_create_teams.sql", "SELECT 1;"}}, Dialect::kSqlite);
  ASSERT_THAT(migrations, IsOk());
  EXPECT_THAT(*migrations, IsEmpty());
}

struct BadFileName {
  const char* rule;  // what the name breaks, as the test name suffix
  const char* file_name;
};

void PrintTo(const BadFileName& name, std::ostream* os) { *os << '"' << name.file_name << '"'; }

class LoadMigrationsBadName : public ::testing::TestWithParam<BadFileName> {};

TEST_P(LoadMigrationsBadName, IsInvalidArgumentNamingTheFile) {
  const std::string file_name = GetParam().file_name;
  EXPECT_THAT(LoadMigrations({{"sqlite", file_name, "SELECT 1;"}}, Dialect::kSqlite),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sqlite/" + file_name)));
}

INSTANTIATE_TEST_SUITE_P(
    FileNames, LoadMigrationsBadName,
    ::testing::Values(BadFileName{"NotSql", "0001_create_teams.txt"},
                      BadFileName{"NoExtension", "0001_create_teams"},
                      BadFileName{"OneDigitVersion", "1_create_teams.sql"},
                      BadFileName{"FiveDigitVersion", "00001_create_teams.sql"},
                      BadFileName{"NoSeparator", "0001create_teams.sql"},
                      BadFileName{"EmptyName", "0001_.sql"}, BadFileName{"VersionOnly", "0001.sql"},
                      BadFileName{"LettersForVersion", "abcd_create_teams.sql"},
                      BadFileName{"VersionZero", "0000_create_teams.sql"},
                      BadFileName{"NegativeVersion", "-001_create_teams.sql"},
                      BadFileName{"SignedVersion", "+001_create_teams.sql"},
                      BadFileName{"SpaceInVersion", " 001_create_teams.sql"}),
    [](const ::testing::TestParamInfo<BadFileName>& info) { return info.param.rule; });

TEST(LoadMigrations, RejectsAGapInVersionsNamingTheFileAfterIt) {
  EXPECT_THAT(LoadMigrations({{"sqlite", "0001_create_teams.sql", "SELECT 1;"},
                              {"sqlite", "0003_create_interactions.sql", "SELECT 3;"}},
                             Dialect::kSqlite),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("0003_create_interactions")));
}

TEST(LoadMigrations, RejectsAMissingFirstVersion) {
  EXPECT_THAT(LoadMigrations({{"mysql", "0002_create_people.sql", "SELECT 2;"}}, Dialect::kMysql),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("0002_create_people")));
}

TEST(LoadMigrations, RejectsTwoFilesWithTheSameVersion) {
  EXPECT_THAT(LoadMigrations({{"sqlite", "0001_create_teams.sql", "SELECT 1;"},
                              {"sqlite", "0002_create_people.sql", "SELECT 2;"},
                              {"sqlite", "0002_create_persons.sql", "SELECT 2;"}},
                             Dialect::kSqlite),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("without gaps or repeats")));
}

// The files compiled into the binary: both dialects must load, describe the same schema
// history (same versions and names) and contain statements.
TEST(EmbeddedMigrations, LoadForBothDialectsWithTheSameVersionsAndNames) {
  absl::StatusOr<std::vector<Migration>> sqlite =
      LoadMigrations(EmbeddedMigrations(), Dialect::kSqlite);
  absl::StatusOr<std::vector<Migration>> mysql =
      LoadMigrations(EmbeddedMigrations(), Dialect::kMysql);
  ASSERT_THAT(sqlite, IsOk());
  ASSERT_THAT(mysql, IsOk());
  ASSERT_FALSE(sqlite->empty());
  ASSERT_EQ(sqlite->size(), mysql->size());
  for (std::size_t i = 0; i < sqlite->size(); ++i) {
    EXPECT_EQ((*sqlite)[i].version, (*mysql)[i].version);
    EXPECT_EQ((*sqlite)[i].name, (*mysql)[i].name);
    EXPECT_THAT((*sqlite)[i].statements, ::testing::Not(IsEmpty())) << (*sqlite)[i].name;
    EXPECT_THAT((*mysql)[i].statements, ::testing::Not(IsEmpty())) << (*mysql)[i].name;
  }
}

TEST(EmbeddedMigrations, ComeOnlyFromTheTwoDialectFolders) {
  std::set<std::string> dialects;
  for (const MigrationSource& source : EmbeddedMigrations()) dialects.insert(source.dialect);
  EXPECT_THAT(dialects, ElementsAre("mysql", "sqlite"));
}

}  // namespace
}  // namespace escala::db
