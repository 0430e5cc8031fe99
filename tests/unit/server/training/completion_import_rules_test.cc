// The rules of one imported completion record, each broken on its own: the field rules
// (CheckImportFields) and the references (ResolveImportRecord): person, course, version (and
// which version an empty one resolves to), and a score only with an assessment.
#include "server/training/completion_import_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/common/proto_time.h"
#include "tests/testing/error_details.h"
#include "tests/testing/status_matchers.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

absl::Time RulesDay(int month, int day) {
  return absl::FromCivil(absl::CivilDay(2024, month, day), absl::UTCTimeZone());
}

google::protobuf::Timestamp RulesAt(absl::Time t) {
  return db::MillisToTimestamp(absl::ToUnixMillis(t));
}

v1::CompletionImportRecord Record() {
  v1::CompletionImportRecord record;
  record.set_person_employee_id("A1");
  record.set_course_id("C1");
  *record.mutable_completion_time() = RulesAt(RulesDay(3, 1));
  return record;
}

// Versions 1 (written Jan 1, no assessment), 2 (Feb 1, pass mark 70), 3 (Apr 1, no assessment).
std::vector<v1::Course> Versions() {
  std::vector<v1::Course> versions;
  const int months[] = {1, 2, 4};
  for (int v = 1; v <= 3; ++v) {
    v1::Course& course = versions.emplace_back();
    course.set_course_id("C1");
    course.set_version(v);
    *course.mutable_create_time() = RulesAt(RulesDay(months[v - 1], 1));
    if (v == 2) course.set_pass_mark_percent(70);
  }
  return versions;
}

std::vector<std::string> Refusals(const server::ResolvedImport& resolved) {
  return FieldViolations(resolved.refused.ToStatus());
}

TEST(CheckImportFieldsTest, AValidRecordPasses) {
  EXPECT_TRUE(server::CheckImportFields(Record(), RulesDay(6, 1)).empty());
}

TEST(CheckImportFieldsTest, IdentifiersAreRequiredAndWellFormed) {
  v1::CompletionImportRecord record = Record();
  record.clear_person_employee_id();
  record.set_course_id("C1'; DROP TABLE courses; --");
  EXPECT_THAT(FieldViolations(server::CheckImportFields(record, RulesDay(6, 1)).ToStatus()),
              ElementsAre(HasSubstr("person_employee_id"), HasSubstr("course_id")));
}

TEST(CheckImportFieldsTest, NegativeVersionIsRefused) {
  v1::CompletionImportRecord record = Record();
  record.set_course_version(-1);
  EXPECT_THAT(FieldViolations(server::CheckImportFields(record, RulesDay(6, 1)).ToStatus()),
              ElementsAre(HasSubstr("course_version: must be 0")));
}

TEST(CheckImportFieldsTest, CompletionTimeIsRequiredValidAndNotInTheFuture) {
  v1::CompletionImportRecord missing = Record();
  missing.clear_completion_time();
  EXPECT_THAT(FieldViolations(server::CheckImportFields(missing, RulesDay(6, 1)).ToStatus()),
              ElementsAre("completion_time: is required"));
  v1::CompletionImportRecord invalid = Record();
  invalid.mutable_completion_time()->set_nanos(-5);
  EXPECT_THAT(FieldViolations(server::CheckImportFields(invalid, RulesDay(6, 1)).ToStatus()),
              ElementsAre(HasSubstr("completion_time: must be a valid time")));
  // One millisecond after now is the future; now itself is not.
  v1::CompletionImportRecord future = Record();
  *future.mutable_completion_time() = RulesAt(RulesDay(6, 1) + absl::Milliseconds(1));
  EXPECT_THAT(FieldViolations(server::CheckImportFields(future, RulesDay(6, 1)).ToStatus()),
              ElementsAre(HasSubstr("completion_time: must not be in the future")));
  v1::CompletionImportRecord now = Record();
  *now.mutable_completion_time() = RulesAt(RulesDay(6, 1));
  EXPECT_TRUE(server::CheckImportFields(now, RulesDay(6, 1)).empty());
}

TEST(CheckImportFieldsTest, ScoreIsAWholePercentFrom0To100) {
  for (int score : {-1, 101}) {
    v1::CompletionImportRecord record = Record();
    record.set_assessment_score_percent(score);
    EXPECT_THAT(FieldViolations(server::CheckImportFields(record, RulesDay(6, 1)).ToStatus()),
                ElementsAre(HasSubstr("assessment_score_percent: must be a whole percent")));
  }
  for (int score : {0, 100}) {
    v1::CompletionImportRecord record = Record();
    record.set_assessment_score_percent(score);
    EXPECT_TRUE(server::CheckImportFields(record, RulesDay(6, 1)).empty());
  }
}

TEST(ResolveImportRecordTest, UnknownPersonAndCourseAreRefused) {
  const server::ResolvedImport resolved = server::ResolveImportRecord(Record(), false, {});
  EXPECT_THAT(Refusals(resolved), ElementsAre("person_employee_id: no person 'A1' in the directory",
                                              "course_id: no course 'C1'"));
}

TEST(ResolveImportRecordTest, EmptyVersionIsTheOneCurrentAtTheCompletion) {
  // Mar 1: version 2 (Feb 1) is current, version 3 (Apr 1) is not yet written.
  server::ResolvedImport resolved = server::ResolveImportRecord(Record(), true, Versions());
  EXPECT_THAT(Refusals(resolved), IsEmpty());
  EXPECT_EQ(resolved.completion.course_version(), 2);
  EXPECT_EQ(resolved.completion.source(), v1::COMPLETION_SOURCE_IMPORT);
  EXPECT_EQ(resolved.completion.person_employee_id(), "A1");
  // Written exactly at the completion counts as current.
  v1::CompletionImportRecord on_the_day = Record();
  *on_the_day.mutable_completion_time() = RulesAt(RulesDay(4, 1));
  EXPECT_EQ(server::ResolveImportRecord(on_the_day, true, Versions()).completion.course_version(),
            3);
  // Before every version: version 1, the course before it was catalogued.
  v1::CompletionImportRecord old = Record();
  *old.mutable_completion_time() =
      RulesAt(absl::FromCivil(absl::CivilDay(2019, 5, 5), absl::UTCTimeZone()));
  EXPECT_EQ(server::ResolveImportRecord(old, true, Versions()).completion.course_version(), 1);
}

TEST(ResolveImportRecordTest, UnknownVersionIsRefused) {
  v1::CompletionImportRecord record = Record();
  record.set_course_version(7);
  EXPECT_THAT(Refusals(server::ResolveImportRecord(record, true, Versions())),
              ElementsAre("course_version: course 'C1' has no version 7 (versions 1 to 3)"));
}

TEST(ResolveImportRecordTest, VersionWrittenAfterTheCompletionIsRefusedExceptVersion1) {
  v1::CompletionImportRecord record = Record();  // Mar 1
  record.set_course_version(3);                  // written Apr 1
  EXPECT_THAT(Refusals(server::ResolveImportRecord(record, true, Versions())),
              ElementsAre(HasSubstr("course_version: version 3 of course 'C1' was written at "
                                    "2024-04-01T00:00:00Z, after the completion")));
  v1::CompletionImportRecord old = Record();
  *old.mutable_completion_time() =
      RulesAt(absl::FromCivil(absl::CivilDay(2019, 5, 5), absl::UTCTimeZone()));
  old.set_course_version(1);
  const server::ResolvedImport resolved = server::ResolveImportRecord(old, true, Versions());
  EXPECT_THAT(Refusals(resolved), IsEmpty());
  EXPECT_EQ(resolved.completion.course_version(), 1);
}

TEST(ResolveImportRecordTest, ScoreOnlyForAVersionWithAnAssessment) {
  v1::CompletionImportRecord scored = Record();  // resolves to version 2, pass mark 70
  scored.set_assessment_score_percent(85);
  const server::ResolvedImport resolved = server::ResolveImportRecord(scored, true, Versions());
  EXPECT_THAT(Refusals(resolved), IsEmpty());
  EXPECT_EQ(resolved.completion.assessment_score_percent(), 85);
  v1::CompletionImportRecord on_v1 = scored;
  on_v1.set_course_version(1);
  EXPECT_THAT(Refusals(server::ResolveImportRecord(on_v1, true, Versions())),
              ElementsAre(HasSubstr("assessment_score_percent: version 1 of course 'C1' has no "
                                    "assessment")));
}

TEST(ResolveImportRecordTest, CompletionTimeIsKeptToTheMillisecond) {
  v1::CompletionImportRecord record = Record();
  record.mutable_completion_time()->set_nanos(123456789);
  const server::ResolvedImport resolved = server::ResolveImportRecord(record, true, Versions());
  EXPECT_EQ(resolved.completion.completion_time().nanos(), 123000000);
}

}  // namespace
}  // namespace escala::testing
