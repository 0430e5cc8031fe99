// Who is trained and who is compared with them: first completions, the period, the median
// reference time, the compared roles and levels, and the comparison people left out for having
// taken the course before their windows ended.
#include "server/training/effectiveness_groups.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/common/proto_time.h"

namespace escala::testing {
namespace {

using server::GroupMember;
using ::testing::ElementsAre;
using ::testing::Pair;

const absl::Time kDay0 = absl::FromCivil(absl::CivilDay(2026, 6, 1), absl::UTCTimeZone());

absl::Time Day(int offset) { return kDay0 + absl::Hours(24 * offset); }

v1::TrainingCompletion Completion(const std::string& person, int day) {
  v1::TrainingCompletion completion;
  completion.set_person_employee_id(person);
  completion.set_course_id("C");
  *completion.mutable_completion_time() = db::MillisToTimestamp(absl::ToUnixMillis(Day(day)));
  return completion;
}

v1::Person Person(const std::string& id, v1::Role role, int level) {
  v1::Person person;
  person.set_employee_id(id);
  person.set_role(role);
  person.set_level(level);
  return person;
}

std::vector<std::string> Ids(const std::vector<GroupMember>& members) {
  std::vector<std::string> ids;
  for (const GroupMember& member : members) ids.push_back(member.employee_id);
  return ids;
}

TEST(EffectivenessGroups, FirstCompletionIsTheEarliestOfEachPerson) {
  EXPECT_THAT(server::FirstCompletions({Completion("A", 5), Completion("B", 3), Completion("A", -2),
                                        Completion("A", 9)}),
              ElementsAre(Pair("A", Day(-2)), Pair("B", Day(3))));
}

TEST(EffectivenessGroups, TrainedAreFirstCompletionsInThePeriodStartInclusiveEndExclusive) {
  const auto first = server::FirstCompletions({Completion("at-start", 0), Completion("inside", 5),
                                               Completion("at-end", 10), Completion("before", -1),
                                               Completion("retook", -30), Completion("retook", 4)});
  const std::vector<GroupMember> trained = server::SelectTrained(first, Day(0), Day(10));
  EXPECT_THAT(Ids(trained), ElementsAre("at-start", "inside"));
  EXPECT_EQ(trained[1].split, Day(5));
}

TEST(EffectivenessGroups, ReferenceIsTheMedianCompletion) {
  EXPECT_FALSE(server::ReferenceTime({}).has_value());
  EXPECT_EQ(server::ReferenceTime({{"a", Day(9)}, {"b", Day(1)}, {"c", Day(4)}}), Day(4));
  // Even count: the midpoint of the middle two (days 2 and 4).
  EXPECT_EQ(server::ReferenceTime({{"a", Day(9)}, {"b", Day(1)}, {"c", Day(4)}, {"d", Day(2)}}),
            Day(3));
}

TEST(EffectivenessGroups, ComparedRoleLevelsAreThoseOfTheTrained) {
  EXPECT_THAT(server::ComparedRoleLevels({Person("a", v1::ROLE_AGENT, 1),
                                          Person("b", v1::ROLE_SPECIALIST, 2),
                                          Person("c", v1::ROLE_AGENT, 1)}),
              ElementsAre(Pair(v1::ROLE_AGENT, 1), Pair(v1::ROLE_SPECIALIST, 2)));
}

TEST(EffectivenessGroups, ComparisonLeavesOutTheTrainedAndWhoCompletedBeforeTheirWindowsEnded) {
  // Reference day 0, after window 30 days: the windows end on day 30.
  const auto first = server::FirstCompletions(
      {Completion("trained", 0), Completion("long-ago", -400), Completion("within", 12),
       Completion("at-end", 30), Completion("later", 45)});
  const std::vector<GroupMember> trained = {{"trained", Day(0)}};
  const server::ComparisonGroup group = server::SelectComparison(
      {Person("never", v1::ROLE_AGENT, 1), Person("trained", v1::ROLE_AGENT, 1),
       Person("long-ago", v1::ROLE_AGENT, 1), Person("within", v1::ROLE_AGENT, 1),
       Person("at-end", v1::ROLE_AGENT, 1), Person("later", v1::ROLE_AGENT, 1),
       Person("never", v1::ROLE_AGENT, 1)},
      trained, first, Day(0), absl::Hours(24 * 30));
  // Untrained throughout [day −before, day 30): never, and who completed on day 30 or later.
  EXPECT_THAT(Ids(group.members), ElementsAre("at-end", "later", "never"));
  for (const GroupMember& member : group.members) EXPECT_EQ(member.split, Day(0));
  EXPECT_EQ(group.left_out_completed, 2);  // long-ago, within
}

}  // namespace
}  // namespace escala::testing
