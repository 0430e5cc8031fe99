// Who sees which event of the feed, and the request's own filters.
#include "server/events/event_visibility.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/common/error_details.h"
#include "server/events/watch_filter.h"
#include "tests/testing/error_details.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::IsOk;
using ::escala::testing::StatusIs;
using ::testing::ElementsAre;

db::StoredEvent EventOf(const std::string& type, const std::string& person,
                        const std::string& team) {
  db::StoredEvent event;
  event.seq = 1;
  event.type = type;
  event.subject = "people/" + person;
  event.person_id = person;
  event.team_id = team;
  return event;
}

CallContext Watcher(v1::Role role, Scope scope, const std::string& employee_id,
                    const std::string& team_id) {
  CallContext call;
  call.caller.role = role;
  call.caller.employee_id = employee_id;
  call.caller.team_id = team_id;
  call.caller.principal = employee_id.empty() ? "serviceAccounts/hr" : "people/" + employee_id;
  call.scope = scope;
  return call;
}

const db::StoredEvent kEvaluationOfE1 = EventOf("escala.qa.evaluation.submitted.v1", "E1", "T1");
const db::StoredEvent kEvaluationOfE2 = EventOf("escala.qa.evaluation.submitted.v1", "E2", "T1");
const db::StoredEvent kEvaluationOfE3 = EventOf("escala.qa.evaluation.submitted.v1", "E3", "T2");
const db::StoredEvent kLevelOfE3 = EventOf("escala.people.level.changed.v1", "E3", "T2");
const db::StoredEvent kPromotionOfE2 = EventOf("escala.promotion.decision.approved.v1", "E2", "T1");

TEST(EventVisibilityTest, AgentSeesOnlyTheirOwnEvents) {
  const CallContext agent = Watcher(v1::ROLE_AGENT, Scope::kOwn, "E1", "T1");
  EXPECT_TRUE(EventVisibleTo(agent, kEvaluationOfE1));
  EXPECT_FALSE(EventVisibleTo(agent, kEvaluationOfE2));
  EXPECT_FALSE(EventVisibleTo(agent, kEvaluationOfE3));
}

TEST(EventVisibilityTest, TeamLeadSeesTheirTeamsEvents) {
  const CallContext lead = Watcher(v1::ROLE_TEAM_LEAD, Scope::kTeam, "L1", "T1");
  EXPECT_TRUE(EventVisibleTo(lead, kEvaluationOfE1));
  EXPECT_TRUE(EventVisibleTo(lead, kEvaluationOfE2));
  EXPECT_FALSE(EventVisibleTo(lead, kEvaluationOfE3));
  EXPECT_FALSE(EventVisibleTo(lead, kLevelOfE3));
  // A lead without a team sees no team's events, not the events of people without one.
  const CallContext teamless = Watcher(v1::ROLE_TEAM_LEAD, Scope::kTeam, "L2", "");
  EXPECT_FALSE(EventVisibleTo(teamless, EventOf("escala.people.level.changed.v1", "E9", "")));
}

TEST(EventVisibilityTest, HrSystemSeesLevelAndPromotionEventsNeverEvaluations) {
  const CallContext hr = Watcher(v1::ROLE_HR_SYSTEM, Scope::kAll, "", "");
  EXPECT_TRUE(EventVisibleTo(hr, kLevelOfE3));
  EXPECT_TRUE(EventVisibleTo(hr, kPromotionOfE2));
  EXPECT_FALSE(EventVisibleTo(hr, kEvaluationOfE1));
  EXPECT_FALSE(EventVisibleTo(hr, EventOf("escala.training.enrolment.created.v1", "E1", "T1")));
}

TEST(EventVisibilityTest, ARegressionFlagIsForTheLeadAndManagersNeverHrNorThePerson) {
  const db::StoredEvent flagged = EventOf("escala.promotion.regression.flagged.v1", "E2", "T1");
  EXPECT_FALSE(EventVisibleTo(Watcher(v1::ROLE_HR_SYSTEM, Scope::kAll, "", ""), flagged));
  EXPECT_FALSE(EventVisibleTo(Watcher(v1::ROLE_AGENT, Scope::kOwn, "E2", "T1"), flagged));
  EXPECT_TRUE(EventVisibleTo(Watcher(v1::ROLE_TEAM_LEAD, Scope::kTeam, "L1", "T1"), flagged));
  EXPECT_FALSE(EventVisibleTo(Watcher(v1::ROLE_TEAM_LEAD, Scope::kTeam, "L2", "T2"), flagged));
  EXPECT_TRUE(EventVisibleTo(Watcher(v1::ROLE_MANAGER, Scope::kAll, "M1", ""), flagged));
}

TEST(EventVisibilityTest, HeadAndAdministratorSeeEverything) {
  for (v1::Role role : {v1::ROLE_HEAD_OF_SUPPORT, v1::ROLE_ADMINISTRATOR, v1::ROLE_MANAGER}) {
    const CallContext all = Watcher(role, Scope::kAll, "H1", "T9");
    for (const db::StoredEvent& event :
         {kEvaluationOfE1, kEvaluationOfE3, kLevelOfE3, kPromotionOfE2}) {
      EXPECT_TRUE(EventVisibleTo(all, event)) << v1::Role_Name(role) << " " << event.type;
    }
  }
}

TEST(WatchFilterTest, TypePrefixesAndSubjectsAreAnded) {
  v1::WatchEventsRequest request;
  request.add_type_prefixes("escala.people.");
  request.add_type_prefixes("escala.promotion.");
  request.add_subjects("people/E2");
  request.add_subjects("people/E3");
  absl::StatusOr<WatchFilter> filter = ValidateWatchRequest(request);
  ASSERT_THAT(filter, IsOk());
  EXPECT_TRUE(filter->Matches(kLevelOfE3));
  EXPECT_TRUE(filter->Matches(kPromotionOfE2));
  EXPECT_FALSE(filter->Matches(kEvaluationOfE3));
  EXPECT_FALSE(filter->Matches(EventOf("escala.people.level.changed.v1", "E1", "T1")));
  EXPECT_EQ(filter->progress_interval, absl::Seconds(30));
}

TEST(WatchFilterTest, RejectsOutOfBoundsFieldsByName) {
  v1::WatchEventsRequest interval;
  interval.set_progress_interval_seconds(4);
  EXPECT_THAT(db::ViolatedFields(ValidateWatchRequest(interval).status()),
              ElementsAre("progress_interval_seconds"));
  interval.set_progress_interval_seconds(301);
  EXPECT_THAT(db::ViolatedFields(ValidateWatchRequest(interval).status()),
              ElementsAre("progress_interval_seconds"));
  v1::WatchEventsRequest empty_prefix;
  empty_prefix.add_type_prefixes("escala.");
  empty_prefix.add_type_prefixes("");
  EXPECT_THAT(ValidateWatchRequest(empty_prefix), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(db::ViolatedFields(ValidateWatchRequest(empty_prefix).status()),
              ElementsAre("type_prefixes[1]"));
  v1::WatchEventsRequest long_subject;
  long_subject.add_subjects(std::string(256, 'x'));
  EXPECT_THAT(db::ViolatedFields(ValidateWatchRequest(long_subject).status()),
              ElementsAre("subjects[0]"));
  v1::WatchEventsRequest many;
  for (int i = 0; i < 21; ++i) many.add_type_prefixes("escala.");
  EXPECT_THAT(db::ViolatedFields(ValidateWatchRequest(many).status()),
              ElementsAre("type_prefixes"));
}

}  // namespace
}  // namespace escala::server
