// The SLA report's arithmetic on hand-computed cases: a breach across a weekend and a holiday, a
// deadline across the spring daylight-saving change, a priority raised mid-interaction, the
// version in force at an interaction's start, and buckets cut in the policy's time zone.
#include "server/sla/sla_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/common/proto_time.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_sla_policies.h"

namespace escala::server {
namespace {

using testing::TestSlaPolicy;

absl::Time At(const std::string& rfc3339) {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &time, &error)) << error;
  return time;
}

google::protobuf::Timestamp Stamp(const std::string& rfc3339) {
  return db::MillisToTimestamp(absl::ToUnixMillis(At(rfc3339)));
}

v1::SlaPolicy Published(v1::SlaPolicy policy, int32_t version, const std::string& when) {
  policy.set_version(version);
  policy.set_state(v1::SLA_POLICY_STATE_PUBLISHED);
  *policy.mutable_publish_time() = Stamp(when);
  return policy;
}

v1::Interaction Contact(int64_t id, v1::Priority priority, const std::string& start,
                        const std::string& first_response, const std::string& resolved) {
  v1::Interaction interaction;
  interaction.set_id(id);
  interaction.set_priority(priority);
  *interaction.mutable_start_time() = Stamp(start);
  if (!first_response.empty()) *interaction.mutable_first_response_time() = Stamp(first_response);
  if (!resolved.empty()) *interaction.mutable_resolve_time() = Stamp(resolved);
  return interaction;
}

constexpr char kNow[] = "2026-05-01T00:00:00Z";

// A one-bucket report over March and April 2026 with the test policy published on 1 March.
SlaReportBuilder WholeRange(std::vector<v1::SlaPolicy> published = {}) {
  if (published.empty()) published = {Published(TestSlaPolicy("p"), 1, "2026-03-01T00:00:00Z")};
  absl::StatusOr<SlaReportBuilder> builder =
      SlaReportBuilder::Create(published, v1::REPORT_PERIOD_RANGE, At("2026-03-01T00:00:00Z"),
                               At("2026-04-30T00:00:00Z"), At(kNow));
  EXPECT_TRUE(builder.ok()) << builder.status();
  return *std::move(builder);
}

const v1::SlaPriorityCompliance& Row(const v1::ComputeSlaReportResponse& report, v1::Priority p) {
  return report.totals(static_cast<int>(p) - 1);
}

TEST(SlaReportTest, AMediumTargetRunsOverTheWeekendAndTheHolidayInBusinessHours) {
  // Friday 3 April 16:00 in Madrid (UTC+2): one business hour on Friday, none on the weekend or
  // on Easter Monday, three on Tuesday from 09:00: the deadline is Tuesday 12:00 (10:00Z).
  SlaReportBuilder builder = WholeRange();
  builder.Add(Contact(1, v1::PRIORITY_MEDIUM, "2026-04-03T14:00:00Z", "2026-04-07T09:59:00Z",
                      "2026-04-08T12:00:00Z"),
              {});
  builder.Add(Contact(2, v1::PRIORITY_MEDIUM, "2026-04-03T14:00:00Z", "2026-04-07T10:01:00Z",
                      "2026-04-08T12:00:00Z"),
              {});
  const v1::ComputeSlaReportResponse report = builder.Finish();
  const v1::SlaPriorityCompliance& medium = Row(report, v1::PRIORITY_MEDIUM);
  EXPECT_EQ(medium.first_response().met_count(), 1);
  EXPECT_EQ(medium.first_response().breached_count(), 1);
  EXPECT_EQ(medium.first_response().n(), 2);
  EXPECT_DOUBLE_EQ(medium.first_response().compliance(), 0.5);
  EXPECT_EQ(medium.resolution().met_count(), 2);
  EXPECT_EQ(report.interaction_count(), 2);
}

TEST(SlaReportTest, ADeadlineAcrossTheSpringChangeFollowsTheWallClock) {
  // Friday 27 March 15:00 in Madrid (UTC+1): two business hours on Friday, two more on Monday
  // 30 March from 09:00 local, now UTC+2: the deadline is 11:00 local, 09:00Z (not 10:00Z, as
  // an hour-offset that ignored the change would say).
  SlaReportBuilder builder = WholeRange();
  builder.Add(Contact(1, v1::PRIORITY_MEDIUM, "2026-03-27T14:00:00Z", "2026-03-30T09:30:00Z",
                      "2026-03-31T09:00:00Z"),
              {});
  builder.Add(Contact(2, v1::PRIORITY_MEDIUM, "2026-03-27T14:00:00Z", "2026-03-30T08:45:00Z",
                      "2026-03-31T09:00:00Z"),
              {});
  const v1::ComputeSlaReportResponse report = builder.Finish();
  const v1::SlaPriorityCompliance& medium = Row(report, v1::PRIORITY_MEDIUM);
  EXPECT_EQ(medium.first_response().met_count(), 1);
  EXPECT_EQ(medium.first_response().breached_count(), 1);
}

TEST(SlaReportTest, APriorityRaisedMidInteractionKeepsTheElapsedTime) {
  // Low (48 h) raised to urgent (1 h, calendar). Raised after 30 minutes: the urgent deadline is
  // creation + 1 h, met by a response at 50 minutes. Raised after 3 hours, when the urgent target
  // had already run out: it breaches at the raise, so a response 30 minutes later is late.
  SlaReportBuilder builder = WholeRange();
  const int64_t created_ms = absl::ToUnixMillis(At("2026-04-01T10:00:00Z"));
  builder.Add(Contact(1, v1::PRIORITY_URGENT, "2026-04-01T10:00:00Z", "2026-04-01T10:50:00Z",
                      "2026-04-01T17:00:00Z"),
              {{.interaction_id = 1,
                .change_ms = created_ms + 30 * 60 * 1000,
                .from_priority = v1::PRIORITY_LOW,
                .to_priority = v1::PRIORITY_URGENT}});
  builder.Add(Contact(2, v1::PRIORITY_URGENT, "2026-04-01T10:00:00Z", "2026-04-01T13:30:00Z",
                      "2026-04-01T17:00:00Z"),
              {{.interaction_id = 2,
                .change_ms = created_ms + 3 * 3600 * 1000,
                .from_priority = v1::PRIORITY_LOW,
                .to_priority = v1::PRIORITY_URGENT}});
  const v1::ComputeSlaReportResponse report = builder.Finish();
  const v1::SlaPriorityCompliance& urgent = Row(report, v1::PRIORITY_URGENT);
  EXPECT_EQ(urgent.first_response().met_count(), 1);
  EXPECT_EQ(urgent.first_response().breached_count(), 1);
  // Resolution within creation + 8 h for both.
  EXPECT_EQ(urgent.resolution().met_count(), 2);
  EXPECT_EQ(Row(report, v1::PRIORITY_LOW).first_response().n(), 0);
  EXPECT_FALSE(Row(report, v1::PRIORITY_LOW).first_response().has_compliance());
}

TEST(SlaReportTest, TheTimelineStartsWithTheFirstChangesFromPriority) {
  const InteractionTimeline timeline =
      SlaReportBuilder::TimelineOf(Contact(1, v1::PRIORITY_LOW, "2026-04-01T10:00:00Z", "", ""),
                                   {{.interaction_id = 1,
                                     .change_ms = absl::ToUnixMillis(At("2026-04-01T11:00:00Z")),
                                     .from_priority = v1::PRIORITY_HIGH,
                                     .to_priority = v1::PRIORITY_URGENT},
                                    {.interaction_id = 1,
                                     .change_ms = absl::ToUnixMillis(At("2026-04-01T12:00:00Z")),
                                     .from_priority = v1::PRIORITY_URGENT,
                                     .to_priority = v1::PRIORITY_LOW}});
  EXPECT_EQ(timeline.priority, SlaPriority::kHigh);
  ASSERT_EQ(timeline.priority_changes.size(), 2u);
  EXPECT_EQ(timeline.priority_changes[0].priority, SlaPriority::kUrgent);
  EXPECT_EQ(timeline.priority_changes[1].at, At("2026-04-01T12:00:00Z"));
  EXPECT_FALSE(timeline.first_response.has_value());
}

TEST(SlaReportTest, EachInteractionIsMeasuredByTheVersionInForceAtItsStart) {
  // Version 2, published on 2 April, doubles the medium first-response target to 8 business
  // hours: the Friday 3 April contact answered on Tuesday 12:30 local is met under it (deadline
  // Tuesday 16:00), while the same answer to a contact of Friday 27 March (version 1) is late.
  v1::SlaPolicy second = TestSlaPolicy("p");
  second.mutable_targets(2)->mutable_first_response()->mutable_within()->set_seconds(8 * 3600);
  SlaReportBuilder builder = WholeRange({Published(TestSlaPolicy("p"), 1, "2026-03-01T00:00:00Z"),
                                         Published(second, 2, "2026-04-02T00:00:00Z")});
  builder.Add(Contact(1, v1::PRIORITY_MEDIUM, "2026-04-03T14:00:00Z", "2026-04-07T10:30:00Z", ""),
              {});
  builder.Add(Contact(2, v1::PRIORITY_MEDIUM, "2026-03-27T14:00:00Z", "2026-03-31T10:30:00Z", ""),
              {});
  const v1::ComputeSlaReportResponse report = builder.Finish();
  const v1::SlaPriorityCompliance& medium = Row(report, v1::PRIORITY_MEDIUM);
  EXPECT_EQ(medium.first_response().met_count(), 1);
  EXPECT_EQ(medium.first_response().breached_count(), 1);
}

TEST(SlaReportTest, ContactsOlderThanTheFirstPublicationUseTheFirstVersion) {
  SlaReportBuilder builder = WholeRange({Published(TestSlaPolicy("p"), 1, "2026-04-20T00:00:00Z")});
  builder.Add(Contact(1, v1::PRIORITY_URGENT, "2026-04-01T10:00:00Z", "2026-04-01T10:30:00Z", ""),
              {});
  const v1::ComputeSlaReportResponse report = builder.Finish();
  EXPECT_EQ(Row(report, v1::PRIORITY_URGENT).first_response().met_count(), 1);
  // Never resolved, and creation + 8 h passed long before `now`.
  EXPECT_EQ(Row(report, v1::PRIORITY_URGENT).resolution().breached_count(), 1);
}

TEST(SlaReportTest, PendingTargetsAreCountedApartFromCompliance) {
  absl::StatusOr<SlaReportBuilder> builder = SlaReportBuilder::Create(
      {Published(TestSlaPolicy("p"), 1, "2026-03-01T00:00:00Z")}, v1::REPORT_PERIOD_RANGE,
      At("2026-04-01T00:00:00Z"), At("2026-04-02T00:00:00Z"), At("2026-04-01T12:00:00Z"));
  ASSERT_TRUE(builder.ok()) << builder.status();
  builder->Add(Contact(1, v1::PRIORITY_LOW, "2026-04-01T10:00:00Z", "", ""), {});
  const v1::ComputeSlaReportResponse report = builder->Finish();
  const v1::SlaPriorityCompliance& low = Row(report, v1::PRIORITY_LOW);
  EXPECT_EQ(low.first_response().pending_count(), 1);
  EXPECT_EQ(low.first_response().n(), 0);
  EXPECT_FALSE(low.first_response().has_compliance());
}

TEST(SlaReportTest, ContradictoryTimesAreSkipped) {
  SlaReportBuilder builder = WholeRange();
  builder.Add(Contact(1, v1::PRIORITY_LOW, "2026-04-01T10:00:00Z", "2026-04-01T09:00:00Z", ""), {});
  const v1::ComputeSlaReportResponse report = builder.Finish();
  EXPECT_EQ(report.skipped_count(), 1);
  EXPECT_EQ(report.interaction_count(), 0);
}

TEST(SlaReportTest, WeeksAreCutOnLocalMondaysInThePolicysTimeZone) {
  absl::StatusOr<SlaReportBuilder> builder = SlaReportBuilder::Create(
      {Published(TestSlaPolicy("p"), 1, "2026-03-01T00:00:00Z")}, v1::REPORT_PERIOD_WEEK,
      At("2026-03-23T00:00:00Z"), At("2026-04-13T00:00:00Z"), At(kNow));
  ASSERT_TRUE(builder.ok()) << builder.status();
  builder->Add(Contact(1, v1::PRIORITY_MEDIUM, "2026-03-27T14:00:00Z", "2026-03-27T14:30:00Z", ""),
               {});
  builder->Add(Contact(2, v1::PRIORITY_MEDIUM, "2026-04-03T14:00:00Z", "2026-04-03T14:30:00Z", ""),
               {});
  const v1::ComputeSlaReportResponse report = builder->Finish();
  EXPECT_EQ(report.time_zone(), "Europe/Madrid");
  ASSERT_EQ(report.buckets_size(), 4);
  // Monday 23 March 00:00 at UTC+1; Monday 30 March 00:00 at UTC+2.
  EXPECT_EQ(db::TimestampToMillis(report.buckets(0).bucket_start_time()),
            absl::ToUnixMillis(At("2026-03-22T23:00:00Z")));
  EXPECT_EQ(db::TimestampToMillis(report.buckets(1).bucket_start_time()),
            absl::ToUnixMillis(At("2026-03-29T22:00:00Z")));
  EXPECT_EQ(report.buckets(0).priorities(2).first_response().met_count(), 1);
  EXPECT_EQ(report.buckets(1).priorities(2).first_response().met_count(), 1);
  EXPECT_EQ(report.buckets(2).priorities(2).first_response().n(), 0);
}

TEST(SlaReportTest, MonthsAndDaysCoverTheRange) {
  const std::vector<v1::SlaPolicy> published = {
      Published(TestSlaPolicy("p"), 1, "2026-03-01T00:00:00Z")};
  absl::StatusOr<SlaReportBuilder> months =
      SlaReportBuilder::Create(published, v1::REPORT_PERIOD_MONTH, At("2026-03-15T00:00:00Z"),
                               At("2026-05-02T00:00:00Z"), At(kNow));
  ASSERT_TRUE(months.ok());
  EXPECT_EQ(months->Finish().buckets_size(), 3);
  absl::StatusOr<SlaReportBuilder> days =
      SlaReportBuilder::Create(published, v1::REPORT_PERIOD_DAY, At("2026-04-01T00:00:00Z"),
                               At("2026-04-08T00:00:00Z"), At(kNow));
  ASSERT_TRUE(days.ok());
  // 1 April 00:00Z is 02:00 in Madrid: the first day starts at 31 March 22:00Z, and 8 April
  // 00:00Z falls inside the eighth.
  EXPECT_EQ(days->Finish().buckets_size(), 8);
}

}  // namespace
}  // namespace escala::server
