// The history-based plan as a table and a bar chart: intervals labelled by weekday and local
// time, one bar series per model.
#include "client/reports/staffing_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace escala::client {
namespace {

using ::testing::ElementsAre;

v1::PlanStaffingFromHistoryResponse Plan() {
  v1::PlanStaffingFromHistoryResponse plan;
  plan.set_time_zone("Europe/Madrid");
  v1::IntervalStaffing* monday = plan.add_intervals();
  monday->set_interval_of_week(18);
  monday->set_contacts(100);
  monday->mutable_average_handle_time()->set_seconds(180);
  monday->set_offered_erlangs(10);
  monday->set_erlang_c_agents(14);
  monday->set_erlang_c_scheduled_agents(20);
  monday->set_erlang_c_service_level(0.888);
  monday->set_erlang_a_agents(12);
  monday->set_erlang_a_scheduled_agents(18);
  monday->set_erlang_a_service_level(0.81);
  monday->set_erlang_a_abandon_probability(0.03);
  plan.add_intervals()->set_interval_of_week(335);
  return plan;
}

TEST(StaffingPlanTest, IntervalsAreLabelledByWeekdayAndTime) {
  EXPECT_EQ(IntervalLabel(18, 1800), "Mon 09:00");
  EXPECT_EQ(IntervalLabel(335, 1800), "Sun 23:30");
  EXPECT_EQ(IntervalLabel(25, 3600), "Tue 01:00");
  const Table table = StaffingPlanTable(Plan());
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_THAT(table.rows[0], ElementsAre("Mon 09:00", "100.0", "180s", "10.00", "14", "20", "88.8%",
                                         "12", "18", "81.0%", "3.0%"));
}

TEST(StaffingPlanTest, TheChartHasABarSeriesPerModel) {
  const ChartSpec chart = StaffingChart(Plan());
  EXPECT_THAT(chart.categories, ElementsAre("Mon 09:00", "Sun 23:30"));
  ASSERT_EQ(chart.series.size(), 2u);
  EXPECT_EQ(chart.series[0].name, "Erlang C");
  EXPECT_TRUE(chart.whole_numbers);
  EXPECT_THAT(chart.series[0].values,
              ElementsAre(std::optional<double>(14), std::optional<double>(0)));
  EXPECT_THAT(chart.series[1].values,
              ElementsAre(std::optional<double>(12), std::optional<double>(0)));
}

}  // namespace
}  // namespace escala::client
