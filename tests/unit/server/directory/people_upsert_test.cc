#include "server/directory/people_upsert.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/testing/error_details.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::FieldViolations;
using ::escala::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::Person Stored() {
  v1::Person person;
  person.set_employee_id("E1");
  person.set_display_name("Ada Agent");
  person.set_email("ada@example.com");
  person.set_role(v1::ROLE_AGENT);
  person.set_level(1);
  person.set_team_id("blue");
  person.set_hire_date("2024-01-15");
  person.set_active(false);
  person.set_etag("7");
  return person;
}

std::map<std::string, v1::Person> StoredE1() { return {{"E1", Stored()}}; }

v1::UpsertPeopleRequest RequestOf(std::initializer_list<v1::Person> people) {
  v1::UpsertPeopleRequest request;
  for (const v1::Person& person : people) *request.add_people() = person;
  return request;
}

v1::Person Record(const std::string& employee_id) {
  v1::Person person;
  person.set_employee_id(employee_id);
  return person;
}

TEST(PlanUpsert, ARecordThatLeavesFieldsOutKeepsTheStoredValues) {
  v1::Person record = Record("E1");
  record.set_email("ada@new.example.com");
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<PlannedPerson> plan,
                              PlanUpsert(RequestOf({record}), StoredE1()));
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_TRUE(plan[0].exists);
  EXPECT_TRUE(plan[0].invalid.ok()) << plan[0].invalid;
  const v1::Person& merged = plan[0].person;
  EXPECT_EQ(merged.email(), "ada@new.example.com");
  EXPECT_EQ(merged.display_name(), "Ada Agent");
  EXPECT_EQ(merged.team_id(), "blue");
  EXPECT_EQ(merged.hire_date(), "2024-01-15");
  EXPECT_EQ(merged.level(), 1);
  EXPECT_FALSE(merged.active()) << "active was not sent, so the stored false stays";
  EXPECT_EQ(merged.etag(), "7") << "the version merged from travels to the repository";
}

TEST(PlanUpsert, ANewPersonWithoutActiveIsActive) {
  v1::Person record = Record("E2");
  record.set_display_name("Bo New");
  record.set_role(v1::ROLE_AGENT);
  record.set_level(1);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<PlannedPerson> plan,
                              PlanUpsert(RequestOf({record}), StoredE1()));
  EXPECT_FALSE(plan[0].exists);
  EXPECT_TRUE(plan[0].person.active());
  EXPECT_TRUE(plan[0].person.etag().empty());
}

TEST(PlanUpsert, AnExplicitFalseActiveIsWrittenForNewAndExistingPeople) {
  v1::Person fresh = Record("E2");
  fresh.set_display_name("Bo New");
  fresh.set_role(v1::ROLE_AGENT);
  fresh.set_level(1);
  fresh.set_active(false);
  v1::Person stored = Stored();
  stored.set_active(true);
  v1::Person existing = Record("E1");
  existing.set_active(false);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<PlannedPerson> plan,
                              PlanUpsert(RequestOf({fresh, existing}), {{"E1", stored}}));
  EXPECT_FALSE(plan[0].person.active());
  EXPECT_FALSE(plan[1].person.active());
}

TEST(PlanUpsert, AMaskWritesTheNamedFieldsAndClearsThoseTheRecordLacks) {
  v1::UpsertPeopleRequest request = RequestOf({Record("E1")});
  request.mutable_update_mask()->add_paths("email");
  request.mutable_update_mask()->add_paths("team_id");
  request.mutable_people(0)->set_display_name("Ignored: not in the mask");
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<PlannedPerson> plan, PlanUpsert(request, StoredE1()));
  EXPECT_EQ(plan[0].person.email(), "");
  EXPECT_EQ(plan[0].person.team_id(), "");
  EXPECT_EQ(plan[0].person.display_name(), "Ada Agent");
  EXPECT_EQ(plan[0].person.hire_date(), "2024-01-15");
}

TEST(PlanUpsert, AStarMaskReplacesTheWholeRecord) {
  v1::Person record = Record("E1");
  record.set_display_name("Ada Renamed");
  record.set_role(v1::ROLE_SPECIALIST);
  record.set_level(2);
  v1::UpsertPeopleRequest request = RequestOf({record});
  request.mutable_update_mask()->add_paths("*");
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<PlannedPerson> plan, PlanUpsert(request, StoredE1()));
  EXPECT_EQ(plan[0].person.display_name(), "Ada Renamed");
  EXPECT_EQ(plan[0].person.email(), "");
  EXPECT_EQ(plan[0].person.team_id(), "");
  EXPECT_EQ(plan[0].person.hire_date(), "");
  EXPECT_FALSE(plan[0].person.active());
}

TEST(PlanUpsert, AMaskPathOutsideTheAllowListRejectsTheWholeRequest) {
  v1::UpsertPeopleRequest request = RequestOf({Record("E1")});
  request.mutable_update_mask()->add_paths("employee_id");
  EXPECT_THAT(PlanUpsert(request, StoredE1()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));
}

TEST(PlanUpsert, ANewPersonMissingRequiredFieldsIsInvalidWithEveryViolation) {
  v1::Person record = Record("E2");
  record.set_email("bo@example.com");
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<PlannedPerson> plan,
                              PlanUpsert(RequestOf({record}), StoredE1()));
  EXPECT_THAT(plan[0].invalid, StatusIs(absl::StatusCode::kInvalidArgument));
  std::vector<std::string> fields;
  for (const std::string& line : FieldViolations(plan[0].invalid)) {
    fields.push_back(line.substr(0, line.find(':')));
  }
  EXPECT_THAT(fields, ElementsAre("display_name", "role", "level"));
}

TEST(PlanUpsert, ARepeatedEmployeeIdIsAViolationOfTheRepeatOnly) {
  v1::Person first = Record("E1");
  v1::Person repeat = Record("E1");
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<PlannedPerson> plan,
                              PlanUpsert(RequestOf({first, repeat}), StoredE1()));
  EXPECT_TRUE(plan[0].invalid.ok()) << plan[0].invalid;
  EXPECT_THAT(FieldViolations(plan[1].invalid),
              ElementsAre("employee_id: repeats people[0] ('E1')"));
}

}  // namespace
}  // namespace escala::server
