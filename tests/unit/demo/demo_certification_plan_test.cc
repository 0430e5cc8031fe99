// The demo's certifications, learning path and training history: they name courses of the demo
// catalogue, the history lies before the demo's "today", and its dates leave the certifications
// the demo shows (two expiring within 30 days, one expired).
#include "tools/demo/demo_certification_plan.h"

#include <set>
#include <string>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/demo/demo_training_plan.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;

DemoOptions Options() {
  DemoOptions options;
  options.seed = 3;
  options.days = 14;
  options.interactions_per_day = 50;
  options.end = absl::FromCivil(absl::CivilDay(2026, 11, 25), absl::UTCTimeZone());
  return options;
}

TEST(PlanDemoCertificationsTest, NamesCoursesOfTheCatalogueAndPeopleOfTheDirectory) {
  const DemoOptions options = Options();
  const DemoData data = GenerateDemoData(options);
  const DemoCertificationPlan plan = PlanDemoCertifications(data, options);
  const DemoTrainingPlan training = PlanDemoTraining(data, options);
  EXPECT_EQ(plan.author_employee_id, training.author_employee_id);
  std::set<std::string> courses, people;
  for (const v1::Course& c : training.courses) courses.insert(c.course_id());
  for (const v1::Person& p : data.people) people.insert(p.employee_id());
  ASSERT_EQ(plan.certifications.size(), 2u);
  for (const v1::Certification& c : plan.certifications) {
    for (const std::string& course : c.course_ids()) EXPECT_TRUE(courses.contains(course));
  }
  ASSERT_EQ(plan.paths.size(), 1u);
  for (const v1::LearningPathItem& item : plan.paths[0].items()) {
    EXPECT_TRUE(courses.contains(item.course_id())) << item.course_id();
  }
  ASSERT_GE(plan.history.size(), 7u);
  for (const v1::CompletionImportRecord& r : plan.history) {
    EXPECT_TRUE(courses.contains(r.course_id())) << r.course_id();
    EXPECT_TRUE(people.contains(r.person_employee_id())) << r.person_employee_id();
    EXPECT_LT(absl::FromUnixSeconds(r.completion_time().seconds()), options.end);
  }
  EXPECT_LE(plan.history_request_id.size(), 64u);
  EXPECT_EQ(plan.history_request_id, "demo-3-2026-11-25-history");
}

TEST(PlanDemoCertificationsTest, LeavesTwoExpiringWithin30DaysAndOneExpired) {
  const DemoOptions options = Options();
  const DemoCertificationPlan plan = PlanDemoCertifications(GenerateDemoData(options), options);
  // The expiry of one completion is its date plus the certification's active period in days.
  const absl::CivilDay today = absl::ToCivilDay(options.end, absl::UTCTimeZone());
  int expiring = 0, expired = 0;
  for (const v1::CompletionImportRecord& r : plan.history) {
    for (const v1::Certification& c : plan.certifications) {
      if (c.course_ids(0) != r.course_id()) continue;
      const absl::CivilDay done = absl::ToCivilDay(
          absl::FromUnixSeconds(r.completion_time().seconds()), absl::UTCTimeZone());
      const int days_left = static_cast<int>(done + c.active_period().count() - today);
      if (days_left < 0) ++expired;
      if (days_left >= 0 && days_left < 30) ++expiring;
    }
  }
  EXPECT_GE(expiring, 2);
  EXPECT_GE(expired, 1);
}

TEST(PlanDemoCertificationsTest, TheSameOptionsGiveTheSamePlan) {
  const DemoOptions options = Options();
  const DemoData data = GenerateDemoData(options);
  const DemoCertificationPlan a = PlanDemoCertifications(data, options);
  const DemoCertificationPlan b = PlanDemoCertifications(data, options);
  ASSERT_EQ(a.history.size(), b.history.size());
  for (size_t i = 0; i < a.history.size(); ++i) {
    EXPECT_EQ(a.history[i].SerializeAsString(), b.history[i].SerializeAsString());
  }
}

}  // namespace
}  // namespace escala::demo
