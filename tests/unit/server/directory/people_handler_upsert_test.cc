// PeopleHandler::UpsertPeople against the in-memory fakes: per-person results, keep-valid and
// all-or-nothing, partial records.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/directory/people_handler.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_team_repository.h"
#include "tests/testing/fakes/manual_clock.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::FieldViolations;
using ::escala::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Outcome = v1::UpsertPeopleResult::Outcome;

v1::Person NewPerson(const std::string& employee_id, const std::string& team_id = "") {
  v1::Person person;
  person.set_employee_id(employee_id);
  person.set_display_name("Person " + employee_id);
  person.set_role(v1::ROLE_AGENT);
  person.set_level(1);
  person.set_team_id(team_id);
  return person;
}

class UpsertPeopleTest : public ::testing::Test {
 protected:
  UpsertPeopleTest() : people_(&teams_), handler_(people_, teams_, clock_.AsClock()) {
    v1::Team blue;
    blue.set_team_id("blue");
    blue.set_display_name("Blue");
    teams_.Add(blue);
    v1::Person stored = NewPerson("E1", "blue");
    stored.set_email("e1@example.com");
    stored.set_hire_date("2023-05-02");
    stored.set_active(true);
    people_.Add(stored);
  }

  static CallContext HrCall() {
    CallContext call;
    call.caller.principal = "serviceAccounts/hr-sync";
    call.caller.role = v1::ROLE_HR_SYSTEM;
    call.scope = Scope::kAll;
    return call;
  }

  absl::StatusOr<v1::UpsertPeopleResponse> Upsert(std::vector<v1::Person> people,
                                                  v1::ImportMode mode) {
    v1::UpsertPeopleRequest request;
    for (const v1::Person& person : people) *request.add_people() = person;
    request.set_mode(mode);
    return handler_.UpsertPeople(HrCall(), request);
  }

  static std::vector<Outcome> Outcomes(const v1::UpsertPeopleResponse& response) {
    std::vector<Outcome> outcomes;
    for (const auto& result : response.results()) outcomes.push_back(result.outcome());
    return outcomes;
  }

  ::escala::testing::ManualClock clock_;
  ::escala::testing::FakeTeamRepository teams_;
  ::escala::testing::FakePeopleRepository people_;
  PeopleHandler handler_;
};

TEST_F(UpsertPeopleTest, KeepValidWritesTheValidPeopleAndReportsEachRejectedOneWithEveryViolation) {
  v1::Person bad = NewPerson("E3", "nowhere");
  bad.set_level(12);
  v1::Person unknown_team = NewPerson("E4", "nowhere");
  v1::Person changed = NewPerson("E1", "blue");
  changed.set_display_name("Renamed");
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::UpsertPeopleResponse response,
      Upsert({NewPerson("E2", "blue"), bad, unknown_team, changed}, v1::IMPORT_MODE_KEEP_VALID));
  EXPECT_THAT(Outcomes(response), ElementsAre(v1::UpsertPeopleResult::OUTCOME_CREATED,
                                              v1::UpsertPeopleResult::OUTCOME_REJECTED,
                                              v1::UpsertPeopleResult::OUTCOME_REJECTED,
                                              v1::UpsertPeopleResult::OUTCOME_UPDATED));
  EXPECT_EQ(response.created_count(), 1);
  EXPECT_EQ(response.updated_count(), 1);
  EXPECT_EQ(response.rejected_count(), 2);
  EXPECT_EQ(response.results(1).index(), 1);
  EXPECT_EQ(response.results(1).employee_id(), "E3");
  // E3 breaks two rules; each is reported, not only the first.
  ASSERT_EQ(response.results(1).violations_size(), 2);
  EXPECT_EQ(response.results(1).violations(0).field(), "level");
  EXPECT_EQ(response.results(1).violations(1).field(), "team_id");
  ASSERT_EQ(response.results(2).violations_size(), 1);
  EXPECT_EQ(response.results(2).violations(0).field(), "team_id");
  EXPECT_THAT(response.results(2).violations(0).description(), HasSubstr("'nowhere'"));
  EXPECT_TRUE(people_.Get("E2").ok());
  EXPECT_FALSE(people_.Get("E3").ok());
  EXPECT_FALSE(people_.Get("E4").ok());
  EXPECT_EQ(people_.Get("E1")->display_name(), "Renamed");
}

TEST_F(UpsertPeopleTest, AllOrNothingIsTheDefaultAndReportsEveryViolationWritingNothing) {
  v1::Person bad = NewPerson("E3");
  bad.set_level(0);
  bad.set_email("not-an-address");
  EXPECT_THAT(FieldViolations(Upsert({NewPerson("E2"), bad}, v1::IMPORT_MODE_UNSPECIFIED)),
              ElementsAre(HasSubstr("people[1].email"), HasSubstr("people[1].level")));
  EXPECT_FALSE(people_.Get("E2").ok()) << "nothing is written when one person is invalid";
}

TEST_F(UpsertPeopleTest, AllOrNothingNamesUnknownTeamsBesideMalformedFields) {
  v1::Person bad = NewPerson("E3");
  bad.set_level(0);
  absl::StatusOr<v1::UpsertPeopleResponse> response =
      Upsert({NewPerson("E2", "red"), bad}, v1::IMPORT_MODE_ALL_OR_NOTHING);
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolations(response), ElementsAre("people[0].team_id: team 'red' does not exist",
                                                     HasSubstr("people[1].level")));
}

TEST_F(UpsertPeopleTest, AllOrNothingWithOnlyUnknownTeamsIsFailedPreconditionNamingEach) {
  absl::StatusOr<v1::UpsertPeopleResponse> response =
      Upsert({NewPerson("E2", "red"), NewPerson("E3", "blue"), NewPerson("E4", "green")},
             v1::IMPORT_MODE_ALL_OR_NOTHING);
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(FieldViolations(response),
              ElementsAre("people[0].team_id: team 'red' does not exist",
                          "people[2].team_id: team 'green' does not exist"));
  EXPECT_FALSE(people_.Get("E3").ok());
}

TEST_F(UpsertPeopleTest, APartialRecordKeepsTheStoredFieldsAndCountsAsUnchangedWhenNothingMoves) {
  v1::Person partial;
  partial.set_employee_id("E1");
  partial.set_level(1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::UpsertPeopleResponse response,
                              Upsert({partial}, v1::IMPORT_MODE_KEEP_VALID));
  EXPECT_THAT(Outcomes(response), ElementsAre(v1::UpsertPeopleResult::OUTCOME_UNCHANGED));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person stored, people_.Get("E1"));
  EXPECT_EQ(stored.email(), "e1@example.com");
  EXPECT_EQ(stored.team_id(), "blue");
  EXPECT_EQ(stored.hire_date(), "2023-05-02");
  EXPECT_TRUE(stored.active());
}

TEST_F(UpsertPeopleTest, AnUpsertWithoutActiveCreatesAnActivePerson) {
  ASSERT_THAT(Upsert({NewPerson("E2")}, v1::IMPORT_MODE_ALL_OR_NOTHING), ::escala::testing::IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person created, people_.Get("E2"));
  EXPECT_TRUE(created.has_active());
  EXPECT_TRUE(created.active());
}

TEST_F(UpsertPeopleTest, AnUnknownModeIsRejectedNamingTheField) {
  EXPECT_THAT(Upsert({NewPerson("E2")}, static_cast<v1::ImportMode>(9)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mode")));
}

}  // namespace
}  // namespace escala::server
