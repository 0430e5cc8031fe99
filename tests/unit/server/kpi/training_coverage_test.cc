// Training coverage counted by hand: who completed the required courses of their paths, who
// holds each required certification on the as-of day (an expired one does not count), and the
// names missing.
#include "server/kpi/training_coverage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/common/proto_time.h"

namespace escala::server {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const absl::CivilDay kAsOf(2026, 3, 31);

v1::Person Agent(const std::string& id, int level) {
  v1::Person person;
  person.set_employee_id(id);
  person.set_role(v1::ROLE_AGENT);
  person.set_level(level);
  person.set_hire_date("2025-01-06");
  person.set_active(true);
  return person;
}

v1::TrainingCompletion Completed(const std::string& who, const std::string& course,
                                 absl::CivilDay day) {
  v1::TrainingCompletion completion;
  completion.set_person_employee_id(who);
  completion.set_course_id(course);
  completion.set_course_version(1);
  *completion.mutable_completion_time() = db::MillisToTimestamp(
      absl::ToUnixMillis(absl::FromCivil(day, absl::UTCTimeZone())) + 3'600'000);
  return completion;
}

v1::LearningPath L1Path() {
  v1::LearningPath path;
  path.set_learning_path_id("L1-ONBOARDING");
  path.set_role(v1::ROLE_AGENT);
  path.set_level(1);
  for (const auto& [course, required] :
       std::vector<std::pair<std::string, bool>>{{"ETIQ", true}, {"TOOLS", true}, {"X", false}}) {
    v1::LearningPathItem* item = path.add_items();
    item->set_course_id(course);
    item->set_required(required);
  }
  return path;
}

v1::Certification DataProtection() {
  v1::Certification certification;
  certification.set_certification_id("DP");
  certification.set_title("Data protection");
  certification.add_course_ids("DP-101");
  certification.mutable_active_period()->set_count(12);
  certification.mutable_active_period()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  certification.mutable_renewal_window()->set_count(1);
  certification.mutable_renewal_window()->set_unit(v1::CALENDAR_PERIOD_UNIT_MONTHS);
  certification.set_renewal_basis(v1::RENEWAL_BASIS_COMPLETION_DATE);
  certification.add_required_roles(v1::ROLE_AGENT);
  return certification;
}

TEST(TrainingCoverageTest, CountsCompletedPathsAndValidCertificationsWithTheNamesMissing) {
  // A1 did both required courses (the optional one is not needed) and is certified; A2 did one
  // and let the certification expire; A3 did nothing; S1, level 2, has no path and holds DP.
  std::vector<v1::Person> people = {Agent("A1", 1), Agent("A2", 1), Agent("A3", 1), Agent("S1", 2)};
  std::map<std::string, std::vector<v1::TrainingCompletion>> completions;
  completions["A1"] = {Completed("A1", "ETIQ", absl::CivilDay(2025, 2, 1)),
                       Completed("A1", "TOOLS", absl::CivilDay(2025, 3, 1)),
                       Completed("A1", "DP-101", absl::CivilDay(2025, 9, 1))};
  completions["A2"] = {Completed("A2", "ETIQ", absl::CivilDay(2025, 2, 1)),
                       Completed("A2", "DP-101", absl::CivilDay(2025, 1, 15))};
  completions["S1"] = {Completed("S1", "DP-101", absl::CivilDay(2026, 3, 30))};
  v1::LearningPath retired = L1Path();
  retired.set_learning_path_id("OLD");
  retired.set_active(false);
  retired.mutable_items(0)->set_course_id("NEVER");
  const v1::TrainingCoverage coverage = ComputeTrainingCoverage(
      people, {L1Path(), retired}, {DataProtection()}, completions, kAsOf, 30);
  EXPECT_EQ(coverage.people(), 4);
  EXPECT_EQ(coverage.path_people(), 3);
  EXPECT_EQ(coverage.path_complete(), 1);
  EXPECT_NEAR(coverage.path_completion_rate(), 100.0 / 3, 1e-9);
  EXPECT_THAT(coverage.path_missing_employee_ids(), ElementsAre("A2", "A3"));
  EXPECT_TRUE(coverage.low_sample());
  ASSERT_EQ(coverage.certifications_size(), 1);
  const v1::CertificationCoverage& dp = coverage.certifications(0);
  EXPECT_EQ(dp.certification_id(), "DP");
  EXPECT_EQ(dp.title(), "Data protection");
  EXPECT_EQ(dp.required(), 4);
  EXPECT_EQ(dp.valid(), 2);
  EXPECT_DOUBLE_EQ(dp.coverage_rate(), 50.0);
  EXPECT_THAT(dp.missing_employee_ids(), ElementsAre("A2", "A3"));
}

TEST(TrainingCoverageTest, NobodyToMeasureLeavesTheRatesUnset) {
  const v1::TrainingCoverage coverage =
      ComputeTrainingCoverage({Agent("S1", 2)}, {L1Path()}, {}, {}, kAsOf, 30);
  EXPECT_EQ(coverage.people(), 1);
  EXPECT_EQ(coverage.path_people(), 0);
  EXPECT_FALSE(coverage.has_path_completion_rate());
  EXPECT_THAT(coverage.certifications(), IsEmpty());
}

}  // namespace
}  // namespace escala::server
