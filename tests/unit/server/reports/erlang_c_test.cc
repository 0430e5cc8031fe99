#include "server/reports/erlang_c.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::IsOkAndHolds;
using ::escala::testing::StatusIs;
using ::testing::DoubleNear;
using ::testing::HasSubstr;

// The worked example of Call Centre Helper's "Erlang C Formula – Made Simple With an Easy Worked
// Example" (callcentrehelper.com): 100 calls in 30 minutes, AHT 180 s, target 80 % answered in
// 20 s, maximum occupancy 85 %, shrinkage 30 %. Traffic 200 calls/h × 3 min = 10 Erlangs.
// Published for 14 agents: P(wait) 0.1741, service level 88.8 %, ASA 7.8 s, 82.6 % answered
// immediately, occupancy 71.4 %; 14 ÷ (1 − 0.3) = 20 agents to schedule. The same figures are
// the expected values of pyworkforce's ErlangC tests (rodrigo-arenas/pyworkforce,
// pyworkforce/queuing/tests/test_erlang.py: raw 14, positions 20, service level 0.888,
// occupancy 0.714, waiting probability 0.174).
const QueueTraffic kWorkedExample = {
    .contacts = 100, .interval = absl::Minutes(30), .average_handle_time = absl::Seconds(180)};

ServiceTarget WorkedExampleTarget() {
  return {.service_level = 0.8,
          .answer_time = absl::Seconds(20),
          .max_occupancy = 0.85,
          .shrinkage = 0.3};
}

TEST(OfferedLoadTest, IsContactsTimesHandleTimeOverTheInterval) {
  EXPECT_THAT(OfferedLoadErlangs(kWorkedExample), IsOkAndHolds(DoubleNear(10.0, 1e-12)));
  // The units cancel: the same traffic written in hours and minutes.
  EXPECT_THAT(
      OfferedLoadErlangs(
          {.contacts = 200, .interval = absl::Hours(1), .average_handle_time = absl::Minutes(3)}),
      IsOkAndHolds(DoubleNear(10.0, 1e-12)));
}

TEST(ErlangBTest, MatchesClosedFormsForOneAndTwoAgents) {
  // B(1, A) = A ÷ (1 + A); B(2, A) = (A² ÷ 2) ÷ (1 + A + A² ÷ 2).
  EXPECT_THAT(ErlangB(1, 3.0), IsOkAndHolds(DoubleNear(0.75, 1e-15)));
  EXPECT_THAT(ErlangB(2, 2.0), IsOkAndHolds(DoubleNear(2.0 / 5.0, 1e-15)));
  EXPECT_THAT(ErlangB(0, 4.0), IsOkAndHolds(DoubleNear(1.0, 0)));
  // A printed Erlang B table: 10 Erlangs on 10 lines block 21.46 %.
  EXPECT_THAT(ErlangB(10, 10.0), IsOkAndHolds(DoubleNear(0.2146, 5e-5)));
}

TEST(ErlangCTest, MatchesTheSingleAndTwoServerQueues) {
  // M/M/1: P(wait) = ρ. M/M/2: P(wait) = A² ÷ (2 + A), 1/3 at A = 1.
  EXPECT_THAT(ErlangCWaitProbability(1, 0.5), IsOkAndHolds(DoubleNear(0.5, 1e-15)));
  EXPECT_THAT(ErlangCWaitProbability(2, 1.0), IsOkAndHolds(DoubleNear(1.0 / 3.0, 1e-15)));
}

TEST(ErlangCTest, StaysAccurateForThousandsOfAgents) {
  // A^N ÷ N! overflows a double at N ≈ 170; the recursion does not. Reference: the textbook
  // formula evaluated with logarithms (lgamma and a log-sum-exp), 0.178675068232725.
  EXPECT_THAT(ErlangCWaitProbability(2000, 1950.0),
              IsOkAndHolds(DoubleNear(0.178675068232725, 1e-12)));
}

TEST(ErlangCTest, MatchesThePublishedWorkedExample) {
  const absl::StatusOr<ErlangCMetrics> metrics =
      EvaluateErlangC(kWorkedExample, 14, absl::Seconds(20));
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_NEAR(metrics->wait_probability, 0.1741, 5e-5);
  EXPECT_NEAR(metrics->service_level, 0.888, 5e-4);
  EXPECT_NEAR(absl::ToDoubleSeconds(metrics->average_speed_of_answer), 7.8, 0.05);
  EXPECT_NEAR(metrics->answered_immediately, 0.826, 5e-4);
  EXPECT_NEAR(metrics->occupancy, 0.714, 5e-4);
  EXPECT_DOUBLE_EQ(metrics->offered_erlangs, 10.0);
}

TEST(ErlangCTest, MatchesTheErlangCRPackageToSevenDigits) {
  // The README of the CRAN package ErlangC 0.1.0 (cran.r-project.org/package=ErlangC) runs the
  // same example: with 14 agents wait_probability 0.1741319, service_level 0.88835,
  // average_speed_of_answer 7.83593701177724 s, immediate_answer_probability 0.8258681,
  // occupancy 0.7142857; its search's first step, 11 agents, has wait_probability 0.6821182 and
  // service_level 0.3896138.
  const absl::StatusOr<ErlangCMetrics> fourteen =
      EvaluateErlangC(kWorkedExample, 14, absl::Seconds(20));
  ASSERT_TRUE(fourteen.ok()) << fourteen.status();
  EXPECT_NEAR(fourteen->wait_probability, 0.1741319, 5e-8);
  EXPECT_NEAR(fourteen->service_level, 0.88835, 5e-6);
  EXPECT_NEAR(absl::ToDoubleSeconds(fourteen->average_speed_of_answer), 7.83593701177724, 1e-9);
  EXPECT_NEAR(fourteen->answered_immediately, 0.8258681, 5e-8);
  EXPECT_NEAR(fourteen->occupancy, 0.7142857, 5e-8);
  const absl::StatusOr<ErlangCMetrics> eleven =
      EvaluateErlangC(kWorkedExample, 11, absl::Seconds(20));
  ASSERT_TRUE(eleven.ok()) << eleven.status();
  EXPECT_NEAR(eleven->wait_probability, 0.6821182, 5e-8);
  EXPECT_NEAR(eleven->service_level, 0.3896138, 5e-8);
}

TEST(ErlangCTest, ThirteenAgentsFallJustShortOfEightyTwenty) {
  // Why the example needs 14: with 13, C = 0.2853 and 1 − C·e^{−3·20/180} = 0.7956 < 0.8.
  const absl::StatusOr<ErlangCMetrics> metrics =
      EvaluateErlangC(kWorkedExample, 13, absl::Seconds(20));
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_NEAR(metrics->wait_probability, 0.2853, 5e-5);
  EXPECT_NEAR(metrics->service_level, 0.7956, 5e-5);
  EXPECT_LT(metrics->service_level, 0.8);
}

TEST(StaffErlangCTest, MatchesThePublishedWorkedExample) {
  const absl::StatusOr<ErlangCStaffing> staffing =
      StaffErlangC(kWorkedExample, WorkedExampleTarget());
  ASSERT_TRUE(staffing.ok()) << staffing.status();
  EXPECT_EQ(staffing->agents, 14);
  EXPECT_EQ(staffing->scheduled_agents, 20);
  EXPECT_NEAR(staffing->metrics.service_level, 0.888, 5e-4);
  EXPECT_NEAR(staffing->metrics.occupancy, 0.714, 5e-4);
  EXPECT_NEAR(staffing->metrics.wait_probability, 0.174, 5e-4);
}

TEST(StaffErlangCTest, TheOccupancyCapCanNeedMoreAgentsThanTheServiceLevel) {
  // pyworkforce's test_over_occupancy_erlangc: the same traffic with a 70 % occupancy cap needs
  // ⌈10 ÷ 0.7⌉ = 15 agents (14 would be 71.4 %), 15 ÷ 0.7 → 22 scheduled; service level 0.941,
  // occupancy 0.667, waiting probability 0.102.
  ServiceTarget target = WorkedExampleTarget();
  target.max_occupancy = 0.7;
  const absl::StatusOr<ErlangCStaffing> staffing = StaffErlangC(kWorkedExample, target);
  ASSERT_TRUE(staffing.ok()) << staffing.status();
  EXPECT_EQ(staffing->agents, 15);
  EXPECT_EQ(staffing->scheduled_agents, 22);
  EXPECT_NEAR(staffing->metrics.service_level, 0.941, 5e-4);
  EXPECT_NEAR(staffing->metrics.occupancy, 0.667, 5e-4);
  EXPECT_NEAR(staffing->metrics.wait_probability, 0.102, 5e-4);
}

TEST(StaffErlangCTest, AnExactOccupancyCapIsMet) {
  // 8 Erlangs and a cap of 80 %: 10 agents are exactly at the cap and meet 80/20 easily.
  ServiceTarget target = {
      .service_level = 0.5, .answer_time = absl::Seconds(20), .max_occupancy = 0.8};
  const absl::StatusOr<ErlangCStaffing> staffing = StaffErlangC(
      {.contacts = 160, .interval = absl::Hours(1), .average_handle_time = absl::Minutes(3)},
      target);
  ASSERT_TRUE(staffing.ok()) << staffing.status();
  EXPECT_EQ(staffing->agents, 10);
}

TEST(StaffErlangCTest, NoContactsNeedNoAgents) {
  const absl::StatusOr<ErlangCStaffing> staffing = StaffErlangC(
      {.contacts = 0, .interval = absl::Minutes(30), .average_handle_time = absl::Seconds(180)},
      WorkedExampleTarget());
  ASSERT_TRUE(staffing.ok()) << staffing.status();
  EXPECT_EQ(staffing->agents, 0);
  EXPECT_EQ(staffing->scheduled_agents, 0);
  EXPECT_DOUBLE_EQ(staffing->metrics.service_level, 1.0);
}

TEST(StaffErlangCTest, TheAnswerIsTheLeastAgentsMeetingTheTarget) {
  // Across loads, the plan meets the target and one agent fewer does not (or the queue would not
  // settle): the search neither stops early nor overshoots.
  for (double contacts : {5.0, 37.0, 100.0, 250.0, 1000.0}) {
    const QueueTraffic traffic = {.contacts = contacts,
                                  .interval = absl::Minutes(30),
                                  .average_handle_time = absl::Seconds(240)};
    const ServiceTarget target = {.service_level = 0.9, .answer_time = absl::Seconds(15)};
    const absl::StatusOr<ErlangCStaffing> staffing = StaffErlangC(traffic, target);
    ASSERT_TRUE(staffing.ok()) << staffing.status();
    EXPECT_GE(staffing->metrics.service_level, 0.9) << contacts;
    const absl::StatusOr<ErlangCMetrics> fewer =
        EvaluateErlangC(traffic, staffing->agents - 1, target.answer_time);
    if (fewer.ok()) {
      EXPECT_LT(fewer->service_level, 0.9) << contacts;
    }
  }
}

TEST(ErlangCTest, RefusesArgumentsThatBreakTheirRule) {
  EXPECT_THAT(ErlangB(-1, 2.0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("agents must be >= 0")));
  EXPECT_THAT(ErlangB(3, -2.0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("erlangs must be")));
  EXPECT_THAT(
      ErlangCWaitProbability(10, 10.0),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("agents must be more than erlangs")));
  EXPECT_THAT(EvaluateErlangC(kWorkedExample, 10, absl::Seconds(20)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("agents must be >= 1 and more than the offered load")));
  EXPECT_THAT(EvaluateErlangC(kWorkedExample, 14, absl::Seconds(-1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("answer_time must be")));
  QueueTraffic traffic = kWorkedExample;
  traffic.interval = absl::ZeroDuration();
  EXPECT_THAT(EvaluateErlangC(traffic, 14, absl::Seconds(20)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("interval must be positive")));
  traffic = kWorkedExample;
  traffic.contacts = std::nan("");
  EXPECT_THAT(OfferedLoadErlangs(traffic),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("contacts must be")));

  ServiceTarget target = WorkedExampleTarget();
  target.service_level = 1.0;
  EXPECT_THAT(
      StaffErlangC(kWorkedExample, target),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("service_level must be in (0, 1)")));
  target = WorkedExampleTarget();
  target.max_occupancy = 0;
  EXPECT_THAT(
      StaffErlangC(kWorkedExample, target),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("max_occupancy must be in (0, 1]")));
  target = WorkedExampleTarget();
  target.max_occupancy = 1e-9;
  EXPECT_THAT(StaffErlangC(kWorkedExample, target),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("needs more than 1000000 agents for 10 Erlangs")));
  target = WorkedExampleTarget();
  target.shrinkage = 0.9999999;
  EXPECT_THAT(StaffErlangC(kWorkedExample, target),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("would schedule more than 1000000 agents")));
  traffic = kWorkedExample;
  traffic.contacts = 1e6;
  EXPECT_THAT(
      StaffErlangC(traffic, WorkedExampleTarget()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must be at most 10000 Erlangs")));
  target = WorkedExampleTarget();
  target.shrinkage = 1;
  EXPECT_THAT(StaffErlangC(kWorkedExample, target),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("shrinkage must be")));
}

}  // namespace
}  // namespace escala::server
