// The staffing calculator on the worked example the Erlang C tests use (100 calls in 30 minutes,
// AHT 180 s, 80/20, occupancy at most 85 %, shrinkage 30 %: 14 agents, 20 scheduled), and the
// parsing of its flags.
#include "client/reports/staffing_calculation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace escala::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

StaffingInput WorkedExample() {
  StaffingInput input;
  input.traffic = {
      .contacts = 100, .interval = absl::Minutes(30), .average_handle_time = absl::Seconds(180)};
  EXPECT_TRUE(ParseServiceTarget("80/20", &input.target).ok());
  input.target.max_occupancy = 0.85;
  input.target.shrinkage = 0.3;
  return input;
}

TEST(StaffingCalculationTest, MatchesTheWorkedExample) {
  absl::StatusOr<StaffingResult> result = CalculateStaffing(WorkedExample());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_DOUBLE_EQ(result->offered_erlangs, 10.0);
  EXPECT_EQ(result->erlang_c.agents, 14);
  EXPECT_EQ(result->erlang_c.scheduled_agents, 20);
  EXPECT_FALSE(result->erlang_a.has_value());
  const Table table = StaffingTable(*result);
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_THAT(table.rows[0],
              ElementsAre("erlang-c", "10.00", "14", "20", "88.8%", "7.8s", "71.4%", "17.4%", "-"));
}

TEST(StaffingCalculationTest, PatienceAddsErlangAWhichNeedsNoMoreAgentsThanErlangC) {
  StaffingInput input = WorkedExample();
  input.patience = absl::Minutes(2);
  absl::StatusOr<StaffingResult> result = CalculateStaffing(input);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_TRUE(result->erlang_a.has_value());
  EXPECT_LE(result->erlang_a->agents, result->erlang_c.agents);
  EXPECT_GT(result->erlang_a->metrics.abandon_probability, 0);
  EXPECT_EQ(StaffingTable(*result).rows.size(), 2u);
  EXPECT_EQ(StaffingTable(*result).rows[1][0], "erlang-a");
}

TEST(StaffingCalculationTest, FlagsAreReadAsPeopleWriteThem) {
  server::ServiceTarget target;
  ASSERT_TRUE(ParseServiceTarget("90/15", &target).ok());
  EXPECT_DOUBLE_EQ(target.service_level, 0.9);
  EXPECT_EQ(target.answer_time, absl::Seconds(15));
  EXPECT_THAT(std::string(ParseServiceTarget("100/20", &target).message()), HasSubstr("--target"));
  EXPECT_FALSE(ParseServiceTarget("80", &target).ok());
  EXPECT_EQ(*ParseFlagDuration("aht", "6m"), absl::Minutes(6));
  EXPECT_EQ(*ParseFlagDuration("aht", "1h30m"), absl::Minutes(90));
  EXPECT_EQ(*ParseFlagDuration("aht", "180"), absl::Seconds(180));
  EXPECT_THAT(std::string(ParseFlagDuration("aht", "six").status().message()), HasSubstr("--aht"));
}

}  // namespace
}  // namespace escala::client
