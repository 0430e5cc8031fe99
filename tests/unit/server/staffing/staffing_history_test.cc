// Staffing from history: intervals of the week cut on the local wall clock, contacts averaged
// per week, and the worked example the Erlang C tests use (100 contacts a half hour, AHT 180 s,
// 80/20, occupancy at most 85 %, shrinkage 30 %: 14 agents, 20 scheduled) found again from 200
// stored contacts over two weeks.
#include "server/staffing/staffing_history.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/common/proto_time.h"
#include "server/staffing/staffing_handler.h"
#include "tests/testing/fakes/fake_interaction_repository.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

absl::Time At(const std::string& rfc3339) {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &time, &error)) << error;
  return time;
}

absl::TimeZone Madrid() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Madrid", &zone));
  return zone;
}

v1::Interaction Contact(int64_t id, absl::Time start, int talk_seconds,
                        v1::Direction direction = v1::DIRECTION_INBOUND,
                        const std::string& queue = "general",
                        v1::Channel channel = v1::CHANNEL_PHONE) {
  v1::Interaction interaction;
  interaction.set_id(id);
  interaction.set_direction(direction);
  interaction.set_queue(queue);
  interaction.set_channel(channel);
  *interaction.mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(start));
  if (talk_seconds > 0) {
    *interaction.mutable_talk_duration() = db::MillisToDuration(talk_seconds * 1000LL);
    *interaction.mutable_after_contact_duration() = db::MillisToDuration(30'000);
  }
  return interaction;
}

ServiceTarget WorkedExampleTarget() {
  return {.service_level = 0.8,
          .answer_time = absl::Seconds(20),
          .max_occupancy = 0.85,
          .shrinkage = 0.3};
}

TEST(StaffingHistoryTest, IntervalsFollowTheLocalWallClockAcrossTheSpringChange) {
  StaffingHistory history(absl::Minutes(30), Madrid());
  // Monday 09:15 local, before (UTC+1) and after (UTC+2) the change of 29 March 2026.
  EXPECT_EQ(history.IntervalOfWeek(At("2026-03-23T08:15:00Z")), 18);
  EXPECT_EQ(history.IntervalOfWeek(At("2026-03-30T07:15:00Z")), 18);
  // Sunday 23:59 local is the last half hour of the week.
  EXPECT_EQ(history.IntervalOfWeek(At("2026-03-29T21:59:00Z")), 335);
}

TEST(StaffingHistoryTest, TwoWeeksOfTheWorkedExampleNeedItsFourteenAgents) {
  StaffingHistory history(absl::Minutes(30), Madrid());
  int64_t id = 0;
  for (const char* monday : {"2026-04-13T07:00:00Z", "2026-04-20T07:00:00Z"}) {
    for (int i = 0; i < 100; ++i) {
      history.Add(Contact(++id, At(monday) + absl::Seconds(15 * i), 150), {});
    }
  }
  // Neither an outbound contact nor another queue's counts when a queue is asked for.
  history.Add(Contact(++id, At("2026-04-13T07:00:00Z"), 150, v1::DIRECTION_OUTBOUND), {});
  history.Add(Contact(++id, At("2026-04-13T07:00:00Z"), 150, v1::DIRECTION_INBOUND, "other"),
              {.queue = "general"});
  absl::StatusOr<v1::PlanStaffingFromHistoryResponse> plan =
      history.Plan(2.0, absl::Minutes(2), WorkedExampleTarget());
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->interaction_count(), 200);
  ASSERT_EQ(plan->intervals_size(), 1);
  const v1::IntervalStaffing& monday = plan->intervals(0);
  EXPECT_EQ(monday.interval_of_week(), 18);
  EXPECT_DOUBLE_EQ(monday.contacts(), 100);
  EXPECT_EQ(db::DurationToMillis(monday.average_handle_time()), 180'000);
  EXPECT_DOUBLE_EQ(monday.offered_erlangs(), 10);
  EXPECT_EQ(monday.erlang_c_agents(), 14);
  EXPECT_EQ(monday.erlang_c_scheduled_agents(), 20);
  EXPECT_LE(monday.erlang_a_agents(), monday.erlang_c_agents());
}

TEST(StaffingHistoryTest, ContactsWithoutAnyHandleTimeCannotBeSized) {
  StaffingHistory history(absl::Minutes(30), absl::UTCTimeZone());
  history.Add(Contact(1, At("2026-04-13T07:00:00Z"), 0), {});
  EXPECT_THAT(history.Plan(1.0, absl::Minutes(2), WorkedExampleTarget()),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition));
  StaffingHistory empty(absl::Minutes(30), absl::UTCTimeZone());
  absl::StatusOr<v1::PlanStaffingFromHistoryResponse> none =
      empty.Plan(1.0, absl::Minutes(2), WorkedExampleTarget());
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->intervals_size(), 0);
}

TEST(StaffingHistoryTest, AChannelAndAQueueCountOnlyTheContactsOfBoth) {
  StaffingHistory history(absl::Minutes(30), absl::UTCTimeZone());
  const ContactFilter phone_billing{.channel = v1::CHANNEL_PHONE, .queue = "billing"};
  const absl::Time monday = At("2026-04-13T09:00:00Z");
  history.Add(Contact(1, monday, 150, v1::DIRECTION_INBOUND, "billing"), phone_billing);
  history.Add(Contact(2, monday, 150, v1::DIRECTION_INBOUND, "billing", v1::CHANNEL_CHAT),
              phone_billing);
  history.Add(Contact(3, monday, 150, v1::DIRECTION_INBOUND, "general"), phone_billing);
  history.Add(Contact(4, monday + absl::Hours(1), 150, v1::DIRECTION_INBOUND, "billing"),
              phone_billing);
  absl::StatusOr<v1::PlanStaffingFromHistoryResponse> plan =
      history.Plan(1.0, absl::Minutes(2), WorkedExampleTarget());
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->interaction_count(), 2);
  ASSERT_EQ(plan->intervals_size(), 2);
  EXPECT_DOUBLE_EQ(plan->intervals(0).contacts(), 1);
  EXPECT_DOUBLE_EQ(plan->intervals(1).contacts(), 1);
}

TEST(StaffingHandlerTest, OnlyTheAskedChannelIsReadAndCounted) {
  testing::FakeInteractionRepository interactions;
  const absl::Time monday = At("2026-04-13T09:00:00Z");
  int64_t id = 0;
  for (v1::Channel channel : {v1::CHANNEL_PHONE, v1::CHANNEL_PHONE, v1::CHANNEL_CHAT}) {
    interactions.Add(Contact(++id, monday, 150, v1::DIRECTION_INBOUND, "general", channel));
  }
  StaffingHandler handler(interactions);
  v1::PlanStaffingFromHistoryRequest request;
  *request.mutable_period_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(monday));
  *request.mutable_period_end_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(monday + absl::Hours(24 * 7)));
  request.set_service_level(0.8);
  request.set_channel(v1::CHANNEL_CHAT);
  absl::StatusOr<v1::PlanStaffingFromHistoryResponse> chat =
      handler.PlanStaffingFromHistory(CallContext{}, request);
  ASSERT_TRUE(chat.ok()) << chat.status();
  EXPECT_EQ(chat->interaction_count(), 1);
  request.clear_channel();
  absl::StatusOr<v1::PlanStaffingFromHistoryResponse> every =
      handler.PlanStaffingFromHistory(CallContext{}, request);
  ASSERT_TRUE(every.ok()) << every.status();
  EXPECT_EQ(every->interaction_count(), 3);
}

TEST(StaffingHandlerTest, TheRequestIsCheckedFieldByField) {
  testing::FakeInteractionRepository interactions;
  StaffingHandler handler(interactions);
  v1::PlanStaffingFromHistoryRequest request;
  *request.mutable_period_start_time() = db::MillisToTimestamp(0);
  *request.mutable_period_end_time() = db::MillisToTimestamp(100LL * 86400 * 1000);
  *request.mutable_interval() = db::MillisToDuration(7 * 60 * 1000);
  request.set_time_zone("Nowhere/Else");
  request.set_shrinkage(1);
  request.set_channel(static_cast<v1::Channel>(99));
  const absl::Status status = handler.PlanStaffingFromHistory(CallContext{}, request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  for (const char* field :
       {"period_end_time", "interval", "time_zone", "service_level", "shrinkage", "channel"}) {
    EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr(field));
  }
}

}  // namespace
}  // namespace escala::server
