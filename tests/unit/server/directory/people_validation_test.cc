#include "server/directory/people_validation.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace escala::server {
namespace {

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
  Violation v = ValidatePerson(person);
  return v ? v->field : "";
}

TEST(PeopleValidationTest, AcceptsAValidPerson) { EXPECT_EQ(ValidatePerson(ValidPerson()), std::nullopt); }

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
  EXPECT_EQ(ValidatePerson(p), std::nullopt);
  p.set_display_name(name + "ñ");
  EXPECT_EQ(FieldOf(p), "display_name");
}

TEST(PeopleValidationTest, TeamNeedsIdAndName) {
  v1::Team team;
  team.set_team_id("t-1");
  team.set_display_name("Phone 1");
  EXPECT_EQ(ValidateTeam(team), std::nullopt);
  team.set_lead_employee_id("bad id");
  ASSERT_TRUE(ValidateTeam(team).has_value());
  EXPECT_EQ(ValidateTeam(team)->field, "lead_employee_id");
  team.clear_lead_employee_id();
  team.clear_display_name();
  EXPECT_EQ(ValidateTeam(team)->field, "display_name");
}

}  // namespace
}  // namespace escala::server
