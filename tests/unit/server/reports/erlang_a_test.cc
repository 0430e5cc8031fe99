#include "server/reports/erlang_a.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "server/reports/erlang_c.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::StatusIs;
using ::testing::HasSubstr;

// 100 contacts per 30 minutes, AHT 3 minutes: 10 Erlangs, as in the Erlang C worked example.
const QueueTraffic kTraffic = {
    .contacts = 100, .interval = absl::Minutes(30), .average_handle_time = absl::Minutes(3)};

TEST(ErlangATest, MatchesPyworkforceExactFigures) {
  // rodrigo-arenas/pyworkforce, pyworkforce/queuing/tests/test_abandonment.py,
  // test_erlanga_regression_metrics: the same traffic with mean patience 5 minutes and 14
  // agents; P(wait) 0.14526, P(abandon) 0.013984, occupancy 0.704297, mean wait of all arrivals
  // 0.069919 minutes, service level within 20 s 0.916792. pyworkforce computes the service level
  // by uniformising the tagged contact's chain; this library sums the exact Beta tails, so the
  // agreement to six decimals checks both.
  const absl::StatusOr<ErlangAMetrics> metrics =
      EvaluateErlangA(kTraffic, absl::Minutes(5), 14, absl::Seconds(20));
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_NEAR(metrics->wait_probability, 0.14526, 5e-6);
  EXPECT_NEAR(metrics->abandon_probability, 0.013984, 5e-7);
  EXPECT_NEAR(metrics->occupancy, 0.704297, 5e-7);
  EXPECT_NEAR(absl::ToDoubleMinutes(metrics->average_wait), 0.069919, 5e-7);
  EXPECT_NEAR(metrics->service_level, 0.916792, 5e-7);
  // Answered contacts wait less on average than all arrivals do: abandoners are the ones who
  // waited long.
  EXPECT_LT(metrics->average_speed_of_answer, metrics->average_wait);
}

TEST(ErlangATest, VeryLongPatienceEqualsErlangC) {
  // Mean patience 10^12 s against a 180 s handle time: nobody hangs up, and M/M/N+M is M/M/N.
  for (int agents : {11, 14, 20, 30}) {
    const absl::StatusOr<ErlangAMetrics> a =
        EvaluateErlangA(kTraffic, absl::Seconds(1e12), agents, absl::Seconds(20));
    const absl::StatusOr<ErlangCMetrics> c = EvaluateErlangC(kTraffic, agents, absl::Seconds(20));
    ASSERT_TRUE(a.ok()) << a.status();
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_NEAR(a->wait_probability, c->wait_probability, 1e-6) << agents;
    EXPECT_NEAR(a->service_level, c->service_level, 1e-6) << agents;
    EXPECT_NEAR(a->occupancy, c->occupancy, 1e-6) << agents;
    EXPECT_NEAR(absl::ToDoubleSeconds(a->average_speed_of_answer),
                absl::ToDoubleSeconds(c->average_speed_of_answer), 1e-6)
        << agents;
    EXPECT_NEAR(a->abandon_probability, 0.0, 1e-6) << agents;
  }
}

TEST(ErlangATest, VeryShortPatienceMeansNearlyNoWaiting) {
  // Callers who hang up within a millisecond: whoever finds all agents busy is lost, as in a loss
  // system, so abandonment tends to Erlang B and nobody waits to speak of.
  const absl::StatusOr<ErlangAMetrics> metrics =
      EvaluateErlangA(kTraffic, absl::Milliseconds(1), 12, absl::Seconds(20));
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  const absl::StatusOr<double> blocked = ErlangB(12, 10.0);
  ASSERT_TRUE(blocked.ok());
  EXPECT_NEAR(metrics->abandon_probability, *blocked, 1e-4);
  EXPECT_NEAR(metrics->service_level, 1 - *blocked, 1e-4);
  EXPECT_LT(metrics->average_wait, absl::Milliseconds(1));
  EXPECT_LT(metrics->average_speed_of_answer, absl::Milliseconds(1));
}

TEST(ErlangATest, PatienceEqualToHandleTimeGivesThePoissonDistribution) {
  // With θ = μ every contact in the system leaves at the same rate, served or not: the number in
  // the system is Poisson(A), so P(wait) = P(Poisson(10) >= 12) = 1 − Σ_{k<12} e^{−10}·10^k ÷ k!.
  double below = 0;
  double term = std::exp(-10.0);
  for (int k = 0; k < 12; ++k) {
    below += term;
    term *= 10.0 / (k + 1);
  }
  const absl::StatusOr<ErlangAMetrics> metrics =
      EvaluateErlangA(kTraffic, absl::Minutes(3), 12, absl::Seconds(20));
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_NEAR(metrics->wait_probability, 1 - below, 1e-12);
}

TEST(ErlangATest, TheServiceLevelEndsAtTheAnsweredShareAndStartsAtTheImmediateOne) {
  // Two independent routes to the same numbers: with an answer time of 10 hours every contact
  // that will be answered is answered in time, so the Beta-tail service level must equal
  // 1 − θ·Lq ÷ λ from Little's law; with an answer time of 0 only those who never wait count.
  const absl::StatusOr<ErlangAMetrics> long_threshold =
      EvaluateErlangA(kTraffic, absl::Minutes(5), 14, absl::Hours(10));
  ASSERT_TRUE(long_threshold.ok()) << long_threshold.status();
  EXPECT_NEAR(long_threshold->service_level, 1 - long_threshold->abandon_probability, 1e-12);
  const absl::StatusOr<ErlangAMetrics> zero_threshold =
      EvaluateErlangA(kTraffic, absl::Minutes(5), 14, absl::ZeroDuration());
  ASSERT_TRUE(zero_threshold.ok()) << zero_threshold.status();
  EXPECT_NEAR(zero_threshold->service_level, 1 - zero_threshold->wait_probability, 1e-12);
}

TEST(ErlangATest, MoreAgentsNeverMakeThingsWorse) {
  double previous_service_level = 0;
  double previous_wait = 1;
  double previous_abandon = 1;
  absl::Duration previous_asa = absl::InfiniteDuration();
  for (int agents = 1; agents <= 30; ++agents) {
    const absl::StatusOr<ErlangAMetrics> metrics =
        EvaluateErlangA(kTraffic, absl::Minutes(5), agents, absl::Seconds(20));
    ASSERT_TRUE(metrics.ok()) << metrics.status();
    EXPECT_GE(metrics->service_level, previous_service_level) << agents;
    EXPECT_LE(metrics->wait_probability, previous_wait) << agents;
    EXPECT_LE(metrics->abandon_probability, previous_abandon) << agents;
    EXPECT_LE(metrics->average_speed_of_answer, previous_asa) << agents;
    EXPECT_GE(metrics->occupancy, 0) << agents;
    EXPECT_LE(metrics->occupancy, 1) << agents;
    previous_service_level = metrics->service_level;
    previous_wait = metrics->wait_probability;
    previous_abandon = metrics->abandon_probability;
    previous_asa = metrics->average_speed_of_answer;
  }
}

TEST(ErlangATest, HasAnAnswerWithFewerAgentsThanErlangs) {
  // Erlang C has no steady state with 8 agents for 10 Erlangs; with callers who hang up the queue
  // settles, and the agents are nearly always busy.
  EXPECT_FALSE(EvaluateErlangC(kTraffic, 8, absl::Seconds(20)).ok());
  const absl::StatusOr<ErlangAMetrics> metrics =
      EvaluateErlangA(kTraffic, absl::Minutes(5), 8, absl::Seconds(20));
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  // Throughput cannot exceed what 8 agents serve: at least 20 % of the offered 10 Erlangs leave.
  EXPECT_GE(metrics->abandon_probability, 0.2);
  EXPECT_GT(metrics->occupancy, 0.9);
}

TEST(StaffErlangATest, NeedsFewerAgentsThanErlangCWhenCallersHangUp) {
  // Patience 5 minutes, 80/20: 13 agents reach 0.858 (12 reach 0.772), where Erlang C needs 14.
  const ServiceTarget target = {
      .service_level = 0.8, .answer_time = absl::Seconds(20), .shrinkage = 0.3};
  const absl::StatusOr<ErlangAStaffing> staffing = StaffErlangA(kTraffic, absl::Minutes(5), target);
  ASSERT_TRUE(staffing.ok()) << staffing.status();
  EXPECT_EQ(staffing->agents, 13);
  EXPECT_EQ(staffing->scheduled_agents, 19);  // ⌈13 ÷ 0.7⌉ = ⌈18.57⌉
  EXPECT_NEAR(staffing->metrics.service_level, 0.858178, 5e-7);
  const absl::StatusOr<ErlangAMetrics> fewer =
      EvaluateErlangA(kTraffic, absl::Minutes(5), 12, absl::Seconds(20));
  ASSERT_TRUE(fewer.ok());
  EXPECT_NEAR(fewer->service_level, 0.772279, 5e-7);
}

TEST(StaffErlangATest, AnAbandonmentCapCanNeedMoreAgents) {
  // At 13 agents 2.50 % abandon, at 14 1.40 %, at 15 0.75 %: a 1 % cap needs 15.
  const ServiceTarget target = {
      .service_level = 0.8, .answer_time = absl::Seconds(20), .max_abandonment = 0.01};
  const absl::StatusOr<ErlangAStaffing> staffing = StaffErlangA(kTraffic, absl::Minutes(5), target);
  ASSERT_TRUE(staffing.ok()) << staffing.status();
  EXPECT_EQ(staffing->agents, 15);
  EXPECT_LE(staffing->metrics.abandon_probability, 0.01);
}

TEST(StaffErlangATest, WithVeryLongPatienceStaffsLikeErlangC) {
  // The search starts below the offered load, where a patient queue needs millions of states;
  // those agent counts are passed over, and the answer is Erlang C's.
  const ServiceTarget target = {.service_level = 0.8,
                                .answer_time = absl::Seconds(20),
                                .max_occupancy = 0.85,
                                .shrinkage = 0.3};
  const absl::StatusOr<ErlangAStaffing> staffing =
      StaffErlangA(kTraffic, absl::Seconds(1e12), target);
  ASSERT_TRUE(staffing.ok()) << staffing.status();
  EXPECT_EQ(staffing->agents, 14);
  EXPECT_EQ(staffing->scheduled_agents, 20);
}

TEST(StaffErlangATest, NoContactsNeedNoAgents) {
  const absl::StatusOr<ErlangAStaffing> staffing = StaffErlangA(
      {.contacts = 0, .interval = absl::Minutes(30), .average_handle_time = absl::Minutes(3)},
      absl::Minutes(5), ServiceTarget());
  ASSERT_TRUE(staffing.ok()) << staffing.status();
  EXPECT_EQ(staffing->agents, 0);
  EXPECT_DOUBLE_EQ(staffing->metrics.service_level, 1.0);
}

TEST(ErlangATest, RefusesArgumentsThatBreakTheirRule) {
  EXPECT_THAT(
      EvaluateErlangA(kTraffic, absl::ZeroDuration(), 14, absl::Seconds(20)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mean_patience must be positive")));
  EXPECT_THAT(EvaluateErlangA(kTraffic, absl::Minutes(5), 0, absl::Seconds(20)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("agents must be >= 1")));
  EXPECT_THAT(EvaluateErlangA(kTraffic, absl::Minutes(5), 14, -absl::Seconds(1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("answer_time must be")));
  QueueTraffic traffic = kTraffic;
  traffic.average_handle_time = absl::ZeroDuration();
  EXPECT_THAT(EvaluateErlangA(traffic, absl::Minutes(5), 14, absl::Seconds(20)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("average_handle_time must be positive")));
  // 8 agents for 10 Erlangs of callers who (almost) never hang up: the queue would hold about
  // 2μ ÷ θ ≈ 10^10 contacts.
  EXPECT_THAT(EvaluateErlangA(kTraffic, absl::Seconds(1e12), 8, absl::Seconds(20)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("mean_patience is too long for this load")));
  EXPECT_THAT(
      StaffErlangA(kTraffic, absl::Minutes(5), {.service_level = 0.8, .max_abandonment = 0}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("max_abandonment must be in (0, 1]")));
}

}  // namespace
}  // namespace escala::server
