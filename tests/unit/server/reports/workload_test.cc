#include "server/reports/workload.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::StatusIs;
using ::testing::HasSubstr;

TEST(SizeWorkloadTest, MatchesTheSeedExample) {
  // The department's founding brief: 500 incidents a day × 10 minutes = 5,000 minutes ≈ 83
  // hours; an agent gives about 7 productive hours a day, "so at least 12 agents".
  // 5000 ÷ 60 ÷ 7 = 11.905 agents, rounded up to 12.
  const absl::StatusOr<WorkloadEstimate> estimate =
      SizeWorkload({.contacts = 500,
                    .average_handle_time = absl::Minutes(10),
                    .productive_time_per_agent = absl::Hours(7)});
  ASSERT_TRUE(estimate.ok()) << estimate.status();
  EXPECT_EQ(estimate->workload, absl::Minutes(5000));
  EXPECT_NEAR(estimate->exact_agents, 11.905, 5e-4);
  EXPECT_EQ(estimate->agents, 12);
}

TEST(SizeWorkloadTest, ShrinkageScalesTheProductiveTimeDown) {
  // 8 paid hours of which 12.5 % go to breaks and training: 7 productive hours, as above.
  const absl::StatusOr<WorkloadEstimate> estimate =
      SizeWorkload({.contacts = 500,
                    .average_handle_time = absl::Minutes(10),
                    .productive_time_per_agent = absl::Hours(8),
                    .shrinkage = 0.125});
  ASSERT_TRUE(estimate.ok()) << estimate.status();
  EXPECT_NEAR(estimate->exact_agents, 11.905, 5e-4);
  EXPECT_EQ(estimate->agents, 12);
}

TEST(SizeWorkloadTest, AnExactWholeNumberIsNotRoundedUpByFloatingPointNoise) {
  // 7 contacts × 6 minutes = 42 minutes = one agent's 42 productive minutes exactly, but in
  // binary 7 × 0.1 h ÷ 0.7 h is 1.0000000000000002.
  const absl::StatusOr<WorkloadEstimate> exact =
      SizeWorkload({.contacts = 7,
                    .average_handle_time = absl::Minutes(6),
                    .productive_time_per_agent = absl::Minutes(42)});
  ASSERT_TRUE(exact.ok()) << exact.status();
  EXPECT_EQ(exact->agents, 1);
  // One contact more than fits rounds up.
  const absl::StatusOr<WorkloadEstimate> over =
      SizeWorkload({.contacts = 8,
                    .average_handle_time = absl::Minutes(6),
                    .productive_time_per_agent = absl::Minutes(42)});
  ASSERT_TRUE(over.ok()) << over.status();
  EXPECT_EQ(over->agents, 2);
}

TEST(SizeWorkloadTest, NoContactsNeedNoAgents) {
  const absl::StatusOr<WorkloadEstimate> estimate =
      SizeWorkload({.contacts = 0,
                    .average_handle_time = absl::Minutes(10),
                    .productive_time_per_agent = absl::Hours(7)});
  ASSERT_TRUE(estimate.ok()) << estimate.status();
  EXPECT_EQ(estimate->agents, 0);
}

TEST(SizeWorkloadTest, RefusesArgumentsThatBreakTheirRule) {
  const WorkloadInput valid = {.contacts = 500,
                               .average_handle_time = absl::Minutes(10),
                               .productive_time_per_agent = absl::Hours(7)};
  WorkloadInput input = valid;
  input.contacts = -1;
  EXPECT_THAT(SizeWorkload(input),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("contacts must be")));
  input = valid;
  input.average_handle_time = absl::ZeroDuration();
  EXPECT_THAT(SizeWorkload(input), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("average_handle_time must be positive")));
  input = valid;
  input.productive_time_per_agent = -absl::Hours(1);
  EXPECT_THAT(SizeWorkload(input),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("productive_time_per_agent must be positive")));
  input = valid;
  input.shrinkage = 1;
  EXPECT_THAT(SizeWorkload(input), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("shrinkage must be in [0, 1)")));
}

}  // namespace
}  // namespace escala::server
