// SLA policy validation: every broken rule is named by its field path, all at once.
#include "server/sla/sla_policy_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/common/error_details.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_sla_policies.h"

namespace escala::server {
namespace {

using testing::IsOk;
using testing::TestSlaPolicy;
using ::testing::UnorderedElementsAre;

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::BadRequest bad_request = db::BadRequestOf(status);
  for (const auto& violation : bad_request.field_violations()) {
    fields.push_back(violation.field());
  }
  return fields;
}

TEST(SlaPolicyValidationTest, TheTestPolicyIsValid) {
  EXPECT_THAT(ValidateSlaPolicy(TestSlaPolicy("p")), IsOk());
}

TEST(SlaPolicyValidationTest, EveryPriorityNeedsTargetsOnce) {
  v1::SlaPolicy policy = TestSlaPolicy("p");
  policy.mutable_targets(3)->set_priority(v1::PRIORITY_HIGH);
  const absl::Status status = ValidateSlaPolicy(policy);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(status), UnorderedElementsAre("targets[3].priority", "targets"));
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("missing PRIORITY_LOW"));
}

TEST(SlaPolicyValidationTest, TargetsNeedAPositiveWholeDurationAndAClock) {
  v1::SlaPolicy policy = TestSlaPolicy("p");
  policy.mutable_targets(0)->mutable_first_response()->mutable_within()->set_seconds(0);
  policy.mutable_targets(1)->mutable_resolution()->mutable_within()->set_nanos(5);
  policy.mutable_targets(2)->mutable_resolution()->set_clock(v1::SLA_CLOCK_UNSPECIFIED);
  policy.mutable_targets(3)->clear_first_response();
  EXPECT_THAT(
      Fields(ValidateSlaPolicy(policy)),
      UnorderedElementsAre("targets[0].first_response.within", "targets[1].resolution.within",
                           "targets[2].resolution.clock", "targets[3].first_response"));
}

TEST(SlaPolicyValidationTest, TheCalendarIsCheckedFieldByField) {
  v1::SlaPolicy policy = TestSlaPolicy("p");
  v1::BusinessHoursCalendar* calendar = policy.mutable_calendar();
  calendar->set_time_zone("Mars/Olympus_Mons");
  calendar->mutable_opening_hours(0)->set_close_minute(1441);
  calendar->mutable_opening_hours(1)->set_weekday(v1::WEEKDAY_UNSPECIFIED);
  v1::OpeningHours* overlap = calendar->add_opening_hours();
  overlap->set_weekday(v1::WEEKDAY_FRIDAY);
  overlap->set_open_minute(16 * 60);
  overlap->set_close_minute(18 * 60);
  calendar->add_holiday_dates("2026-02-30");
  calendar->add_holiday_dates("2026-04-06");
  EXPECT_THAT(Fields(ValidateSlaPolicy(policy)),
              UnorderedElementsAre("calendar.time_zone", "calendar.opening_hours[0].close_minute",
                                   "calendar.opening_hours[1].weekday", "calendar.opening_hours[5]",
                                   "calendar.holiday_dates[1]", "calendar.holiday_dates[2]"));
}

TEST(SlaPolicyValidationTest, BusinessHoursTargetsNeedACalendarAndCalendarHoursOnesDoNot) {
  v1::SlaPolicy policy = TestSlaPolicy("p");
  policy.clear_calendar();
  EXPECT_THAT(Fields(ValidateSlaPolicy(policy)), UnorderedElementsAre("calendar"));
  for (v1::SlaPriorityTargets& targets : *policy.mutable_targets()) {
    targets.mutable_first_response()->set_clock(v1::SLA_CLOCK_CALENDAR_HOURS);
    targets.mutable_resolution()->set_clock(v1::SLA_CLOCK_CALENDAR_HOURS);
  }
  EXPECT_THAT(ValidateSlaPolicy(policy), IsOk());
  absl::StatusOr<BusinessCalendar> calendar = CalendarOf(policy);
  ASSERT_TRUE(calendar.ok());
  EXPECT_TRUE(calendar->all_hours());
}

TEST(SlaPolicyValidationTest, TheCalendarOfAValidPolicyIsItsBusinessHours) {
  absl::StatusOr<BusinessCalendar> calendar = CalendarOf(TestSlaPolicy("p"));
  ASSERT_TRUE(calendar.ok()) << calendar.status();
  EXPECT_FALSE(calendar->all_hours());
  const SlaPolicy targets = TargetsOf(TestSlaPolicy("p"));
  EXPECT_EQ(targets.targets.at(SlaPriority::kMedium).first_response.within, absl::Hours(4));
  EXPECT_TRUE(targets.targets.at(SlaPriority::kMedium).first_response.business_hours);
  EXPECT_FALSE(targets.targets.at(SlaPriority::kUrgent).first_response.business_hours);
}

}  // namespace
}  // namespace escala::server
