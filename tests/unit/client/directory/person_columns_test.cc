#include "client/directory/person_columns.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/core/field_text.h"
#include "escala/v1/people.pb.h"

namespace escala::client {
namespace {

using escala::v1::Person;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PersonColumnsTest, EveryColumnNamesARealField) {
  for (const ColumnSpec& column : PersonDetailColumns()) {
    EXPECT_TRUE(CheckFieldPath(*Person::descriptor(), column.field_path).ok()) << column.name;
  }
  for (const ColumnSpec& column : TeamDetailColumns()) {
    EXPECT_TRUE(CheckFieldPath(*escala::v1::Team::descriptor(), column.field_path).ok())
        << column.name;
  }
}

TEST(PersonColumnsTest, ColumnsAreTheImportColumns) {
  EXPECT_THAT(ColumnNames(PersonColumns()),
              ElementsAre("employee_id", "display_name", "email", "role", "level", "team_id",
                          "hire_date", "active"));
}

TEST(PersonColumnsTest, MissingActiveColumnMeansActive) {
  absl::StatusOr<CsvLayout> layout =
      CsvLayout::Bind(PersonColumns(), {"employee_id", "display_name", "role", "level"});
  ASSERT_TRUE(layout.ok()) << layout.status();
  Person person;
  EXPECT_THAT(layout->Fill({"e1", "Ann", "team-lead", "3"}, 2, &person), IsEmpty());
  EXPECT_TRUE(person.active());
  EXPECT_EQ(person.role(), escala::v1::ROLE_TEAM_LEAD);
  EXPECT_EQ(person.level(), 3);
}

TEST(PersonColumnsTest, EmptyActiveCellMeansActiveButFalseIsKept) {
  absl::StatusOr<CsvLayout> layout =
      CsvLayout::Bind(PersonColumns(), {"employee_id", "display_name", "role", "level", "active"});
  ASSERT_TRUE(layout.ok());
  Person person;
  EXPECT_THAT(layout->Fill({"e1", "Ann", "agent", "1", ""}, 2, &person), IsEmpty());
  EXPECT_TRUE(person.active());
  person.Clear();
  EXPECT_THAT(layout->Fill({"e1", "Ann", "agent", "1", "no"}, 3, &person), IsEmpty());
  EXPECT_FALSE(person.active());
}

// An import may carry only some columns (the others keep their stored values); the server
// names what a new person lacks, row by row.
TEST(PersonColumnsTest, OnlyTheEmployeeIdIsRequired) {
  EXPECT_TRUE(CsvLayout::Bind(PersonColumns(), {"employee_id", "email"}).ok());
  EXPECT_FALSE(CsvLayout::Bind(PersonColumns(), {"display_name", "role", "level"}).ok());
}

TEST(PersonColumnsTest, ImportedFieldPathsAreTheHeadersColumnsInOrder) {
  absl::StatusOr<CsvLayout> layout =
      CsvLayout::Bind(PersonColumns(), {"email", "employee_id", "team_id"});
  ASSERT_TRUE(layout.ok());
  EXPECT_THAT(layout->ImportedFieldPaths(), ElementsAre("email", "employee_id", "team_id"));
}

TEST(PersonColumnsTest, RowWritesEveryColumn) {
  Person person;
  person.set_employee_id("e1");
  person.set_display_name("Ann, Lee");
  person.set_role(escala::v1::ROLE_QA_ANALYST);
  person.set_level(4);
  person.set_active(false);
  EXPECT_THAT(MessageToRow(PersonColumns(), person),
              ElementsAre("e1", "Ann, Lee", "", "qa-analyst", "4", "", "", "false"));
}

}  // namespace
}  // namespace escala::client
