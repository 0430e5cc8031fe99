// ValidateCourse: every field rule of courses.proto, and every broken rule reported at once.
#include "server/training/course_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/testing/error_details.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_courses.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(CourseValidationTest, TheTestCourseIsValid) {
  EXPECT_THAT(server::ValidateCourse(ValidTestCourse()), IsOk());
}

TEST(CourseValidationTest, AMinimalCourseIsValid) {
  v1::Course course;
  course.set_course_id("c");
  course.set_title("T");
  course.set_kind(v1::COURSE_KIND_THEORY);
  course.mutable_planned_duration()->set_seconds(60);
  EXPECT_THAT(server::ValidateCourse(course), IsOk());
}

TEST(CourseValidationTest, AnEmptyCourseNamesEveryRequiredField) {
  EXPECT_THAT(FieldViolations(server::ValidateCourse(v1::Course())),
              ElementsAre(HasSubstr("course_id: "), HasSubstr("title: "), "kind: is required",
                          HasSubstr("planned_duration: is required")));
}

TEST(CourseValidationTest, IdentifiersFollowTheCatalogueRules) {
  v1::Course course = ValidTestCourse();
  course.set_course_id("L1 ETIQ");
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre(HasSubstr("course_id: ")));
  course.set_course_id(std::string(65, 'c'));
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre(HasSubstr("course_id: ")));
}

TEST(CourseValidationTest, TextLimits) {
  v1::Course course = ValidTestCourse();
  course.set_title(std::string(201, 't'));
  course.set_description(std::string(4001, 'd'));
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre(HasSubstr("title: "), HasSubstr("description: ")));
  course.set_title(std::string(200, 't'));
  course.set_description(std::string(4000, 'd'));
  EXPECT_THAT(server::ValidateCourse(course), IsOk());
}

TEST(CourseValidationTest, KindMustBeKnown) {
  v1::Course course = ValidTestCourse();
  course.set_kind(static_cast<v1::CourseKind>(99));
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre("kind: unknown value 99"));
}

TEST(CourseValidationTest, RolesAreKnownAndListedOnce) {
  v1::Course course = ValidTestCourse();
  course.add_target_roles(v1::ROLE_UNSPECIFIED);
  course.add_target_roles(v1::ROLE_AGENT);
  course.add_target_roles(static_cast<v1::Role>(77));
  EXPECT_THAT(
      FieldViolations(server::ValidateCourse(course)),
      ElementsAre("target_roles[1]: unknown role 0", "target_roles[2]: ROLE_AGENT is listed twice",
                  "target_roles[3]: unknown role 77"));
}

TEST(CourseValidationTest, LevelsAreOneToNineAndListedOnce) {
  v1::Course course = ValidTestCourse();
  course.add_target_levels(0);
  course.add_target_levels(10);
  course.add_target_levels(1);
  course.add_target_levels(9);
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre("target_levels[1]: must be between 1 and 9, got 0",
                          "target_levels[2]: must be between 1 and 9, got 10",
                          "target_levels[3]: level 1 is listed twice"));
}

TEST(CourseValidationTest, DurationIsWholeMinutesFromOneMinuteToAThousandHours) {
  v1::Course course = ValidTestCourse();
  course.mutable_planned_duration()->set_seconds(90);
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre("planned_duration: must be a whole number of minutes"));
  course.mutable_planned_duration()->set_seconds(60);
  course.mutable_planned_duration()->set_nanos(1);
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre("planned_duration: must be a whole number of minutes"));
  course.mutable_planned_duration()->set_nanos(0);
  course.mutable_planned_duration()->set_seconds(0);
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre(HasSubstr("planned_duration: must be between 1 minute and 1000 hours")));
  course.mutable_planned_duration()->set_seconds(-60);
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre(HasSubstr("planned_duration: must be between")));
  course.mutable_planned_duration()->set_seconds(1000 * 3600 + 60);
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre(HasSubstr("planned_duration: must be between")));
  course.mutable_planned_duration()->set_seconds(1000 * 3600);
  EXPECT_THAT(server::ValidateCourse(course), IsOk());
}

TEST(CourseValidationTest, PrerequisitesAreIdentifiersListedOnceAndNotTheCourseItself) {
  v1::Course course = ValidTestCourse();
  course.add_prerequisite_course_ids("L0-BASICS");
  course.add_prerequisite_course_ids("L0-BASICS");
  course.add_prerequisite_course_ids("x' OR '1'='1");
  course.add_prerequisite_course_ids("L1-ETIQ-101");
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre("prerequisite_course_ids[1]: 'L0-BASICS' is listed twice",
                          HasSubstr("prerequisite_course_ids[2]: "),
                          "prerequisite_course_ids[3]: a course cannot require itself"));
}

TEST(CourseValidationTest, AtMostTwentyPrerequisitesAndFiftyCriterionKeys) {
  v1::Course course = ValidTestCourse();
  course.clear_criterion_keys();
  for (int i = 0; i < 21; ++i) course.add_prerequisite_course_ids("P" + std::to_string(i));
  for (int i = 0; i < 51; ++i) course.add_criterion_keys("k" + std::to_string(i));
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre("prerequisite_course_ids: at most 20 entries, got 21",
                          "criterion_keys: at most 50 entries, got 51"));
}

TEST(CourseValidationTest, PassMarkIsAPercentWhenPresent) {
  v1::Course course = ValidTestCourse();
  course.set_pass_mark_percent(0);
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre(HasSubstr("pass_mark_percent: must be between 1 and 100")));
  course.set_pass_mark_percent(101);
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre(HasSubstr("pass_mark_percent: must be between 1 and 100")));
  course.set_pass_mark_percent(100);
  EXPECT_THAT(server::ValidateCourse(course), IsOk());
  // Absent: no assessment, which is not the same as a pass mark of 0.
  course.clear_pass_mark_percent();
  EXPECT_THAT(server::ValidateCourse(course), IsOk());
}

TEST(CourseValidationTest, CriterionKeysAreIdentifiersListedOnce) {
  v1::Course course = ValidTestCourse();
  course.add_criterion_keys("greeting");
  course.add_criterion_keys("");
  EXPECT_THAT(FieldViolations(server::ValidateCourse(course)),
              ElementsAre("criterion_keys[1]: 'greeting' is listed twice",
                          HasSubstr("criterion_keys[2]: ")));
}

TEST(CourseValidationTest, EveryBrokenRuleIsReportedAtOnce) {
  v1::Course course = ValidTestCourse();
  course.set_title("");
  course.set_kind(v1::COURSE_KIND_UNSPECIFIED);
  course.add_target_levels(12);
  course.set_pass_mark_percent(0);
  EXPECT_THAT(server::ValidateCourse(course).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldViolations(server::ValidateCourse(course)).size(), 4u);
  EXPECT_THAT(FieldViolations(server::ValidateCourse(ValidTestCourse())), IsEmpty());
}

}  // namespace
}  // namespace escala::testing
