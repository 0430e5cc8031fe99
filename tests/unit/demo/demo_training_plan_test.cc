#include "tools/demo/demo_training_plan.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "client/qa/scorecard_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/demo/demo_scorecard_files.h"
#include "tools/demo/demo_tokens.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;

DemoOptions TrainingPlanOptions() {
  DemoOptions options;
  options.seed = 3;
  options.days = 14;
  options.interactions_per_day = 50;
  options.end = absl::FromCivil(absl::CivilDay(2026, 11, 25), absl::UTCTimeZone());
  return options;
}

DemoTrainingPlan Plan() {
  const DemoOptions options = TrainingPlanOptions();
  return PlanDemoTraining(GenerateDemoData(options), options);
}

absl::Time TimeOf(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

TEST(PlanDemoTrainingTest, EveryRoleThatTrainsHasACourse) {
  std::set<int> roles;
  for (const v1::Course& course : Plan().courses) {
    for (int role : course.target_roles()) roles.insert(role);
  }
  for (v1::Role role : {v1::ROLE_AGENT, v1::ROLE_SPECIALIST, v1::ROLE_TECHNICAL_ENGINEER,
                        v1::ROLE_TEAM_LEAD, v1::ROLE_MANAGER}) {
    EXPECT_TRUE(roles.contains(role)) << v1::Role_Name(role);
  }
}

TEST(PlanDemoTrainingTest, PrerequisitesComeFirstAndCriteriaAreTheDemoScorecards) {
  const DemoScorecardFile& file = DemoScorecardFiles().front();
  const absl::StatusOr<v1::Scorecard> card = client::ParseScorecardJson(file.json, file.name);
  ASSERT_TRUE(card.ok()) << card.status();
  std::set<std::string> criteria;
  for (const v1::ScorecardSection& section : card->sections()) {
    for (const v1::Criterion& criterion : section.criteria()) criteria.insert(criterion.key());
  }
  std::set<std::string> earlier;
  int teaching = 0;
  for (const v1::Course& course : Plan().courses) {
    for (const std::string& prerequisite : course.prerequisite_course_ids()) {
      EXPECT_TRUE(earlier.contains(prerequisite))
          << course.course_id() << " needs " << prerequisite;
    }
    for (const std::string& key : course.criterion_keys()) {
      EXPECT_TRUE(criteria.contains(key)) << course.course_id() << " teaches " << key;
    }
    teaching += course.criterion_keys_size() > 0 ? 1 : 0;
    EXPECT_TRUE(earlier.insert(course.course_id()).second) << course.course_id();
  }
  // Enough courses point at criteria for QA results to point at courses.
  EXPECT_GE(teaching, 4);
}

TEST(PlanDemoTrainingTest, SessionsAreTrainedByTrainersWhoAreNeverInTwoPlacesAtOnce) {
  const DemoOptions options = TrainingPlanOptions();
  const DemoData data = GenerateDemoData(options);
  std::set<std::string> trainers;
  for (const v1::Person& person : data.people) {
    if (person.active() && person.role() == v1::ROLE_TRAINER) trainers.insert(person.employee_id());
  }
  const DemoTrainingPlan plan = PlanDemoTraining(data, options);
  ASSERT_GE(plan.sessions.size(), 6u);
  struct Busy {
    std::string trainer;
    absl::Time start;
    absl::Time end;
  };
  std::vector<Busy> busy;
  for (const DemoTrainingSession& planned : plan.sessions) {
    EXPECT_EQ(planned.scheduler_employee_id, planned.session.trainer_employee_ids(0));
    for (const std::string& trainer : planned.session.trainer_employee_ids()) {
      EXPECT_TRUE(trainers.contains(trainer)) << trainer;
      for (const v1::SessionBlock& block : planned.session.blocks()) {
        busy.push_back({trainer, TimeOf(block.start_time()), TimeOf(block.end_time())});
      }
    }
  }
  for (size_t i = 0; i < busy.size(); ++i) {
    EXPECT_LT(busy[i].start, busy[i].end);
    for (size_t j = i + 1; j < busy.size(); ++j) {
      if (busy[i].trainer != busy[j].trainer) continue;
      // Half-open blocks: touching is fine, overlapping is not.
      EXPECT_FALSE(busy[i].start < busy[j].end && busy[j].start < busy[i].end)
          << busy[i].trainer << " at " << busy[i].start;
    }
  }
}

TEST(PlanDemoTrainingTest, PastSessionsToCloseHaveEndedAndTheFutureHasAFullOneAndAnApproval) {
  const DemoOptions options = TrainingPlanOptions();
  const DemoTrainingPlan plan = Plan();
  int closed = 0;
  bool two_seats_with_waitlist = false;
  bool approval = false;
  bool unlimited = false;
  for (const DemoTrainingSession& planned : plan.sessions) {
    const v1::TrainingSession& s = planned.session;
    const absl::Time first = TimeOf(s.blocks(0).start_time());
    const absl::Time last = TimeOf(s.blocks(s.blocks_size() - 1).end_time());
    if (planned.close) {
      ++closed;
      EXPECT_LT(last, options.end);
    }
    if (first > options.end) {
      two_seats_with_waitlist |= s.has_capacity() && s.capacity() == 2 && s.waitlist_enabled();
      approval |= s.approval_required();
    }
    unlimited |= !s.has_capacity();
    if (s.has_cancellation_cutoff_time()) {
      EXPECT_LE(TimeOf(s.cancellation_cutoff_time()), first);
    }
    EXPECT_FALSE(s.location().empty() && s.video_link().empty());
  }
  EXPECT_EQ(closed, 2);
  EXPECT_TRUE(two_seats_with_waitlist);
  EXPECT_TRUE(approval);
  EXPECT_TRUE(unlimited);
}

TEST(PlanDemoTrainingTest, BlocksAreLocalMorningsInTheTrainingZone) {
  absl::TimeZone berlin;
  ASSERT_TRUE(absl::LoadTimeZone(kDemoTrainingTimeZone, &berlin));
  const DemoTrainingPlan plan = Plan();
  ASSERT_FALSE(plan.sessions.empty());
  const DemoTrainingSession& first = plan.sessions.front();
  EXPECT_EQ(first.session.time_zone(), kDemoTrainingTimeZone);
  const absl::CivilSecond local =
      absl::ToCivilSecond(TimeOf(first.session.blocks(0).start_time()), berlin);
  // Twenty days before 2026-11-25.
  EXPECT_EQ(local, absl::CivilSecond(2026, 11, 5, 9, 0, 0));
}

TEST(PlanDemoTrainingTest, RequestIdsAreDistinctValidKeysAndTheSameOnEveryRun) {
  const DemoTrainingPlan plan = Plan();
  const DemoTrainingPlan again = Plan();
  ASSERT_EQ(plan.sessions.size(), again.sessions.size());
  std::set<std::string> ids;
  for (size_t i = 0; i < plan.sessions.size(); ++i) {
    const std::string& id = plan.sessions[i].request_id;
    EXPECT_EQ(id, again.sessions[i].request_id);
    // The close request adds "-close"; both must stay within the server's 64 characters.
    EXPECT_LE(id.size() + 6, 64u) << id;
    EXPECT_EQ(id.find(' '), std::string::npos) << id;
    EXPECT_TRUE(ids.insert(id).second) << id;
  }
}

TEST(PlanDemoTrainingTest, OnlyComingSessionsEnrolAndTheTwoSeatOneHasTheDemoAgentLast) {
  const DemoOptions options = TrainingPlanOptions();
  const DemoData data = GenerateDemoData(options);
  const DemoTrainingPlan plan = PlanDemoTraining(data, options);
  const std::string demo_agent = PickDemoTokenHolders(data).front().employee_id;
  std::map<std::string, const v1::Person*> people;
  for (const v1::Person& person : data.people) people[person.employee_id()] = &person;
  bool saw_two_seats = false;
  int approvals = 0;
  std::set<std::string> request_ids;
  for (const DemoTrainingSession& planned : plan.sessions) {
    const v1::TrainingSession& s = planned.session;
    if (TimeOf(s.blocks(0).start_time()) < options.end) {
      EXPECT_TRUE(planned.enrolments.empty()) << s.course_id();
      continue;
    }
    std::set<std::string> learners;
    for (const DemoEnrolment& e : planned.enrolments) {
      ASSERT_TRUE(people.contains(e.employee_id)) << e.employee_id;
      EXPECT_TRUE(people[e.employee_id]->active());
      EXPECT_TRUE(learners.insert(e.employee_id).second) << e.employee_id << " twice";
      EXPECT_LE(e.request_id.size() + 3, 64u) << e.request_id;
      EXPECT_TRUE(request_ids.insert(e.request_id).second) << e.request_id;
      if (e.approve) {
        ++approvals;
        EXPECT_TRUE(s.approval_required());
      }
      // Nobody is enrolled in a session they train.
      for (const std::string& trainer : s.trainer_employee_ids()) EXPECT_NE(trainer, e.employee_id);
    }
    if (s.has_capacity() && s.capacity() == 2) {
      saw_two_seats = true;
      ASSERT_EQ(planned.enrolments.size(), 3u);
      EXPECT_EQ(planned.enrolments.back().employee_id, demo_agent);
    }
  }
  EXPECT_TRUE(saw_two_seats);
  EXPECT_EQ(approvals, 1);
}

TEST(PlanDemoTrainingTest, EachRuleWatchesACriterionItsCourseTeaches) {
  const DemoTrainingPlan plan = Plan();
  ASSERT_FALSE(plan.rules.empty());
  ASSERT_EQ(plan.rule_request_ids.size(), plan.rules.size());
  std::map<std::string, std::set<std::string>> taught;
  for (const v1::Course& course : plan.courses) {
    taught[course.course_id()].insert(course.criterion_keys().begin(),
                                      course.criterion_keys().end());
  }
  std::set<std::string> keys;
  for (size_t i = 0; i < plan.rules.size(); ++i) {
    const v1::CriterionTrainingRule& rule = plan.rules[i];
    EXPECT_TRUE(taught[rule.course_id()].contains(rule.criterion_key()))
        << rule.course_id() << " does not teach " << rule.criterion_key();
    // Exactly one way of choosing the results, and enough of them to be evidence.
    EXPECT_NE(rule.last_results() > 0, rule.has_window_duration()) << rule.criterion_key();
    EXPECT_GE(rule.min_results(), 2);
    if (rule.last_results() > 0) {
      EXPECT_LE(rule.min_results(), rule.last_results());
    }
    EXPECT_GT(rule.below_percent(), 0);
    EXPECT_LE(rule.below_percent(), 100);
    EXPECT_TRUE(keys.insert(plan.rule_request_ids[i]).second);
  }
  EXPECT_FALSE(plan.generation_request_id.empty());
  EXPECT_LE(plan.generation_request_id.size(), 64u);
}

TEST(PlanDemoTrainingTest, NoTrainerNoPlan) {
  DemoData data = GenerateDemoData(TrainingPlanOptions());
  for (v1::Person& person : data.people) {
    if (person.role() == v1::ROLE_TRAINER) person.set_active(false);
  }
  const DemoTrainingPlan plan = PlanDemoTraining(data, TrainingPlanOptions());
  EXPECT_TRUE(plan.author_employee_id.empty());
  EXPECT_TRUE(plan.courses.empty());
  EXPECT_TRUE(plan.sessions.empty());
  EXPECT_TRUE(plan.rules.empty());
}

}  // namespace
}  // namespace escala::demo
