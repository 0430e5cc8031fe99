#include "server/directory/people_validation.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/error_details.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::FieldViolations;
using ::escala::testing::FieldViolationText;
using ::escala::testing::OnlyViolation;
using ::escala::testing::StatusIs;
using ::testing::ElementsAre;

v1::Person ValidPerson() {
  v1::Person person;
  person.set_employee_id("E1001");
  person.set_display_name("María José Núñez");
  person.set_email("maria@escala.example");
  person.set_role(v1::ROLE_AGENT);
  person.set_level(1);
  person.set_team_id("t-phone-1");
  person.set_hire_date("2024-02-29");
  person.set_active(true);
  return person;
}

std::string FieldOf(const v1::Person& person) {
  std::optional<FieldViolationText> v = OnlyViolation(ValidatePerson(person));
  return v ? v->field : "";
}

TEST(PeopleValidationTest, AcceptsAValidPerson) { EXPECT_TRUE(ValidatePerson(ValidPerson()).ok()); }

TEST(PeopleValidationTest, RejectsEachBrokenField) {
  v1::Person p = ValidPerson();
  p.set_employee_id("");
  EXPECT_EQ(FieldOf(p), "employee_id");
  p = ValidPerson();
  p.set_employee_id("E'1; DROP TABLE people");
  EXPECT_EQ(FieldOf(p), "employee_id");
  p = ValidPerson();
  p.set_display_name(std::string(201, 'n'));
  EXPECT_EQ(FieldOf(p), "display_name");
  p = ValidPerson();
  p.set_email("not-an-address");
  EXPECT_EQ(FieldOf(p), "email");
  p = ValidPerson();
  p.set_email("a@b@c");
  EXPECT_EQ(FieldOf(p), "email");
  p = ValidPerson();
  p.set_role(static_cast<v1::Role>(77));
  EXPECT_EQ(FieldOf(p), "role");
  p = ValidPerson();
  p.set_level(0);
  EXPECT_EQ(FieldOf(p), "level");
  p = ValidPerson();
  p.set_level(10);
  EXPECT_EQ(FieldOf(p), "level");
  p = ValidPerson();
  p.set_hire_date("2023-02-29");
  EXPECT_EQ(FieldOf(p), "hire_date");
  p = ValidPerson();
  p.set_hire_date("29/02/2024");
  EXPECT_EQ(FieldOf(p), "hire_date");
}

TEST(PeopleValidationTest, DisplayNameLimitCountsCharactersNotBytes) {
  v1::Person p = ValidPerson();
  std::string name;
  for (int i = 0; i < 200; ++i) name += "ñ";  // 400 bytes, 200 characters
  p.set_display_name(name);
  EXPECT_TRUE(ValidatePerson(p).ok());
  p.set_display_name(name + "ñ");
  EXPECT_EQ(FieldOf(p), "display_name");
}

TEST(PeopleValidationTest, TeamNeedsIdAndName) {
  v1::Team team;
  team.set_team_id("t-1");
  team.set_display_name("Phone 1");
  EXPECT_TRUE(ValidateTeam(team).ok());
  team.set_lead_employee_id("bad id");
  ASSERT_FALSE(ValidateTeam(team).ok());
  EXPECT_EQ(OnlyViolation(ValidateTeam(team))->field, "lead_employee_id");
  team.clear_lead_employee_id();
  team.clear_display_name();
  EXPECT_EQ(OnlyViolation(ValidateTeam(team))->field, "display_name");
}

TEST(PeopleValidationTest, ReportsEveryBrokenFieldAtOnce) {
  v1::Person p = ValidPerson();
  p.set_employee_id("");
  p.set_email("not-an-address");
  p.set_level(10);
  p.set_hire_date("2023-02-29");
  const absl::Status status = ValidatePerson(p);
  EXPECT_THAT(
      FieldViolations(status),
      ElementsAre("employee_id: is required", "email: must be an address of the form name@domain",
                  "level: must be between 1 and 9, got 10",
                  "hire_date: is not a calendar date: '2023-02-29'"));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               "employee_id: is required; email: must be an address of the form "
                               "name@domain; level: must be between 1 and 9, got 10; hire_date: "
                               "is not a calendar date: '2023-02-29'"));
}

}  // namespace
}  // namespace escala::server
