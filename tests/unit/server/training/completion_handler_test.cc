// CompletionHandler over the in-memory completions: reach by scope (own, team, all), filters,
// malformed filters and page tokens that continue newest first.
#include "server/training/completion_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/common/proto_time.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/fake_completion_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/manual_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

server::CallContext Caller(const std::string& employee_id, server::Scope scope,
                           const std::string& team = "t-a") {
  server::CallContext call;
  call.caller.principal = "people/" + employee_id;
  call.caller.employee_id = employee_id;
  call.caller.team_id = team;
  call.scope = scope;
  call.method = "escala.v1.CompletionService/ListCompletions";
  return call;
}

class CompletionHandlerTest : public ::testing::Test {
 protected:
  CompletionHandlerTest() : completions_(&people_), handler_(completions_, clock_.AsClock()) {
    for (const auto& [id, team] : std::vector<std::pair<std::string, std::string>>{
             {"A1", "t-a"}, {"A2", "t-a"}, {"B1", "t-b"}}) {
      v1::Person person;
      person.set_employee_id(id);
      person.set_display_name(id);
      person.set_role(v1::ROLE_AGENT);
      person.set_level(1);
      person.set_team_id(team);
      person.set_active(true);
      people_.Add(person);
    }
    // One completion a day: A1 on the 4th, A2 on the 5th, B1 on the 6th, A1 again on the 7th.
    std::vector<v1::TrainingCompletion> rows;
    int day = 4;
    for (const char* person : {"A1", "A2", "B1", "A1"}) {
      v1::TrainingCompletion& c = rows.emplace_back();
      c.set_person_employee_id(person);
      c.set_course_id(day == 7 ? "C2" : "C1");
      c.set_course_version(1);
      *c.mutable_completion_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestDay(17, day++)));
      c.set_source(v1::COMPLETION_SOURCE_SESSION);
    }
    EXPECT_THAT(completions_.AddAll(rows, db::AuditStamp{"people/T1"}, TestDay(20, 7)), IsOk());
  }

  std::vector<std::string> People(const server::CallContext& call,
                                  v1::ListCompletionsRequest request = {}) {
    absl::StatusOr<v1::ListCompletionsResponse> response = handler_.ListCompletions(call, request);
    EXPECT_THAT(response, IsOk());
    std::vector<std::string> people;
    if (!response.ok()) return people;
    for (const v1::TrainingCompletion& c : response->completions()) {
      people.push_back(c.person_employee_id());
    }
    return people;
  }

  FakePeopleRepository people_;
  FakeCompletionRepository completions_;
  ManualClock clock_;
  server::CompletionHandler handler_;
};

TEST_F(CompletionHandlerTest, EachScopeSeesItsReachNewestFirst) {
  EXPECT_THAT(People(Caller("M1", server::Scope::kAll)), ElementsAre("A1", "B1", "A2", "A1"));
  EXPECT_THAT(People(Caller("A1", server::Scope::kOwn)), ElementsAre("A1", "A1"));
  EXPECT_THAT(People(Caller("L1", server::Scope::kTeam)), ElementsAre("A1", "A2", "A1"));
  // A filter outside the reach answers nothing rather than someone else's records.
  v1::ListCompletionsRequest other;
  other.set_employee_id("B1");
  EXPECT_THAT(People(Caller("A1", server::Scope::kOwn), other), IsEmpty());
  other.clear_employee_id();
  other.set_team_id("t-b");
  EXPECT_THAT(People(Caller("L1", server::Scope::kTeam), other), IsEmpty());
  EXPECT_THAT(People(Caller("M1", server::Scope::kAll), other), ElementsAre("B1"));
}

TEST_F(CompletionHandlerTest, FiltersCombine) {
  v1::ListCompletionsRequest request;
  request.set_course_id("C1");
  request.set_team_id("t-a");
  EXPECT_THAT(People(Caller("M1", server::Scope::kAll), request), ElementsAre("A2", "A1"));
}

TEST_F(CompletionHandlerTest, MalformedFiltersAreInvalidArgumentNamingTheField) {
  v1::ListCompletionsRequest request;
  request.set_employee_id("no spaces");
  request.set_course_id(std::string(65, 'c'));
  EXPECT_THAT(FieldViolations(handler_.ListCompletions(Caller("M1", server::Scope::kAll), request)),
              ElementsAre(HasSubstr("employee_id: "), HasSubstr("course_id: ")));
}

TEST_F(CompletionHandlerTest, PagesContinueWhereTheLastEnded) {
  const server::CallContext manager = Caller("M1", server::Scope::kAll);
  v1::ListCompletionsRequest request;
  request.set_page_size(3);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListCompletionsResponse first,
                              handler_.ListCompletions(manager, request));
  ASSERT_EQ(first.completions_size(), 3);
  ASSERT_FALSE(first.next_page_token().empty());
  request.set_page_token(first.next_page_token());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListCompletionsResponse second,
                              handler_.ListCompletions(manager, request));
  ASSERT_EQ(second.completions_size(), 1);
  EXPECT_EQ(second.completions(0).person_employee_id(), "A1");
  EXPECT_TRUE(second.next_page_token().empty());
  // A token is bound to its filters.
  request.set_course_id("C1");
  EXPECT_THAT(handler_.ListCompletions(manager, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

}  // namespace
}  // namespace escala::testing
