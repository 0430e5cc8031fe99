#include "server/reports/interval_staffing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::StatusIs;
using ::testing::HasSubstr;

const ServiceTarget kEightyTwenty = {.service_level = 0.8,
                                     .answer_time = absl::Seconds(20),
                                     .max_occupancy = 0.85,
                                     .shrinkage = 0.3};

TEST(StaffIntervalsTest, SizesEachHourWithBothModelsInWeekOrder) {
  // Monday 09:00 (hour 9) carries the Erlang C worked example, 200 calls an hour × 3 minutes =
  // 10 Erlangs: Erlang C needs 14 on the queue (20 scheduled), Erlang A with 5-minute patience
  // 13 (19 scheduled). Monday 03:00 is closed. Sunday 23:00 (hour 167) has 20 calls × 3 minutes
  // = 1 Erlang: Erlang C needs 3 (2 agents answer only 70 % within 20 s).
  const std::vector<IntervalForecast> forecasts = {
      {.interval_of_week = 167, .contacts = 20, .average_handle_time = absl::Minutes(3)},
      {.interval_of_week = 9, .contacts = 200, .average_handle_time = absl::Minutes(3)},
      {.interval_of_week = 3, .contacts = 0, .average_handle_time = absl::Minutes(3)},
  };
  const absl::StatusOr<std::vector<IntervalRequirement>> plan =
      StaffIntervals(forecasts, absl::Hours(1), absl::Minutes(5), kEightyTwenty);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->size(), 3u);

  EXPECT_EQ((*plan)[0].interval_of_week, 3);
  EXPECT_EQ((*plan)[0].offered_erlangs, 0);
  EXPECT_EQ((*plan)[0].erlang_c.agents, 0);
  EXPECT_EQ((*plan)[0].erlang_a.agents, 0);

  EXPECT_EQ((*plan)[1].interval_of_week, 9);
  EXPECT_NEAR((*plan)[1].offered_erlangs, 10.0, 1e-12);
  EXPECT_EQ((*plan)[1].erlang_c.agents, 14);
  EXPECT_EQ((*plan)[1].erlang_c.scheduled_agents, 20);
  EXPECT_EQ((*plan)[1].erlang_a.agents, 13);
  EXPECT_EQ((*plan)[1].erlang_a.scheduled_agents, 19);

  EXPECT_EQ((*plan)[2].interval_of_week, 167);
  EXPECT_NEAR((*plan)[2].offered_erlangs, 1.0, 1e-12);
  EXPECT_EQ((*plan)[2].erlang_c.agents, 3);
  for (const IntervalRequirement& requirement : *plan) {
    // Callers who hang up never need more agents than callers who wait forever, here.
    EXPECT_LE(requirement.erlang_a.agents, requirement.erlang_c.agents)
        << requirement.interval_of_week;
  }
}

TEST(StaffIntervalsTest, HalfHourIntervalsCountTheLoadPerHalfHour) {
  // The worked example as it is written: 100 calls in a half hour (interval 18 of the week is
  // Monday 09:00–09:30).
  const absl::StatusOr<std::vector<IntervalRequirement>> plan = StaffIntervals(
      {{.interval_of_week = 18, .contacts = 100, .average_handle_time = absl::Seconds(180)}},
      absl::Minutes(30), absl::Minutes(5), kEightyTwenty);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->size(), 1u);
  EXPECT_NEAR((*plan)[0].offered_erlangs, 10.0, 1e-12);
  EXPECT_EQ((*plan)[0].erlang_c.agents, 14);
}

TEST(StaffIntervalsTest, RefusesArgumentsThatBreakTheirRule) {
  const IntervalForecast valid = {
      .interval_of_week = 0, .contacts = 10, .average_handle_time = absl::Minutes(3)};
  EXPECT_THAT(StaffIntervals({valid}, absl::Minutes(11), absl::Minutes(5), kEightyTwenty),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("interval_length must divide a week")));
  EXPECT_THAT(
      StaffIntervals({valid}, absl::ZeroDuration(), absl::Minutes(5), kEightyTwenty),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("interval_length must be positive")));
  IntervalForecast late = valid;
  late.interval_of_week = 168;
  EXPECT_THAT(StaffIntervals({valid, late}, absl::Hours(1), absl::Minutes(5), kEightyTwenty),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("forecasts[1].interval_of_week must be in [0, 168)")));
  EXPECT_THAT(StaffIntervals({valid, valid}, absl::Hours(1), absl::Minutes(5), kEightyTwenty),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("forecasts[1].interval_of_week 0 appears more than once")));
  IntervalForecast negative = valid;
  negative.interval_of_week = 5;
  negative.contacts = -3;
  EXPECT_THAT(
      StaffIntervals({valid, negative}, absl::Hours(1), absl::Minutes(5), kEightyTwenty),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("forecasts[1].contacts must be")));
  EXPECT_THAT(
      StaffIntervals({valid}, absl::Hours(1), absl::ZeroDuration(), kEightyTwenty),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mean_patience must be positive")));
}

}  // namespace
}  // namespace escala::server
