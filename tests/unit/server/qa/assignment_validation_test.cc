#include "server/qa/assignment_validation.h"

#include <gtest/gtest.h>

#include "absl/time/time.h"
#include "db/common/proto_time.h"

namespace escala::server {
namespace {

v1::SamplingPlan ValidPlan() {
  v1::SamplingPlan plan;
  plan.set_display_name("Weekly");
  plan.set_team_id("t1");
  plan.set_per_agent_per_week(3);
  plan.set_scorecard_id("calls");
  plan.add_evaluator_employee_ids("Q1");
  return plan;
}

// "field: reason" of each violation joined by "; ", or "" for none.
std::string Problem(const absl::Status& status) {
  // The message lists every violation as "field: rule", joined by "; ".
  EXPECT_TRUE(status.ok() || absl::IsInvalidArgument(status)) << status;
  return std::string(status.message());
}

TEST(ValidateSamplingPlanTest, AcceptsAValidPlan) {
  EXPECT_EQ(Problem(ValidateSamplingPlan(ValidPlan())), "");
}

TEST(ValidateSamplingPlanTest, NeedsExactlyOneOfTeamAndAgents) {
  v1::SamplingPlan both = ValidPlan();
  both.add_agent_employee_ids("A1");
  EXPECT_EQ(Problem(ValidateSamplingPlan(both)),
            "team_id: exactly one of team_id and agent_employee_ids must be given");
  v1::SamplingPlan neither = ValidPlan();
  neither.clear_team_id();
  EXPECT_EQ(Problem(ValidateSamplingPlan(neither)),
            "team_id: exactly one of team_id and agent_employee_ids must be given");
  v1::SamplingPlan twice = neither;
  twice.add_agent_employee_ids("A1");
  twice.add_agent_employee_ids("A1");
  EXPECT_EQ(Problem(ValidateSamplingPlan(twice)), "agent_employee_ids[1]: 'A1' is listed twice");
}

TEST(ValidateSamplingPlanTest, NeedsExactlyOneQuotaInRange) {
  v1::SamplingPlan both = ValidPlan();
  both.set_percent(5);
  EXPECT_EQ(Problem(ValidateSamplingPlan(both)),
            "per_agent_per_week: exactly one of per_agent_per_week and percent must be given");
  v1::SamplingPlan too_many = ValidPlan();
  too_many.set_per_agent_per_week(101);
  EXPECT_EQ(Problem(ValidateSamplingPlan(too_many)),
            "per_agent_per_week: must be between 1 and 100, got 101");
  v1::SamplingPlan percent = ValidPlan();
  percent.clear_per_agent_per_week();
  percent.set_percent(120);
  EXPECT_EQ(Problem(ValidateSamplingPlan(percent)),
            "percent: must be above 0 and at most 100, got 120");
  percent.set_percent(2.5);
  percent.set_minimum_per_agent(2);
  EXPECT_EQ(Problem(ValidateSamplingPlan(percent)), "");
  v1::SamplingPlan minimum = ValidPlan();
  minimum.set_minimum_per_agent(2);
  EXPECT_EQ(Problem(ValidateSamplingPlan(minimum)), "minimum_per_agent: applies only with percent");
}

TEST(ValidateSamplingPlanTest, ChecksChannelsScorecardAndEvaluators) {
  v1::SamplingPlan channels = ValidPlan();
  channels.add_channels(v1::CHANNEL_CHAT);
  channels.add_channels(v1::CHANNEL_CHAT);
  EXPECT_EQ(Problem(ValidateSamplingPlan(channels)), "channels[1]: CHANNEL_CHAT is listed twice");
  channels.set_channels(1, v1::CHANNEL_UNSPECIFIED);
  EXPECT_EQ(Problem(ValidateSamplingPlan(channels)), "channels[1]: must be a known channel, got 0");
  v1::SamplingPlan no_card = ValidPlan();
  no_card.clear_scorecard_id();
  EXPECT_EQ(Problem(ValidateSamplingPlan(no_card)).substr(0, 13), "scorecard_id:");
  v1::SamplingPlan no_evaluators = ValidPlan();
  no_evaluators.clear_evaluator_employee_ids();
  EXPECT_EQ(Problem(ValidateSamplingPlan(no_evaluators)),
            "evaluator_employee_ids: must list 1 to 100 evaluators, got 0");
  v1::SamplingPlan no_name = ValidPlan();
  no_name.clear_display_name();
  EXPECT_EQ(Problem(ValidateSamplingPlan(no_name)).substr(0, 13), "display_name:");
}

google::protobuf::Timestamp Day(int month, int day, int hour = 0) {
  return db::MillisToTimestamp(absl::ToUnixMillis(
      absl::FromCivil(absl::CivilSecond(2026, month, day, hour, 0, 0), absl::UTCTimeZone())));
}

TEST(ValidateGenerateRequestTest, NeedsWholeWeeksUpToThirteen) {
  v1::GenerateAssignmentsRequest request;
  request.set_plan_id(1);
  *request.mutable_period_start_time() = Day(11, 2);
  *request.mutable_period_end_time() = Day(11, 16);
  EXPECT_EQ(Problem(ValidateGenerateRequest(request)), "");
  *request.mutable_period_start_time() = Day(11, 3);
  EXPECT_EQ(Problem(ValidateGenerateRequest(request)),
            "period_start_time: must be a Monday 00:00 UTC");
  *request.mutable_period_start_time() = Day(11, 2, 1);
  EXPECT_EQ(Problem(ValidateGenerateRequest(request)),
            "period_start_time: must be a Monday 00:00 UTC");
  *request.mutable_period_start_time() = Day(11, 16);
  EXPECT_EQ(Problem(ValidateGenerateRequest(request)),
            "period_end_time: must be after period_start_time");
  *request.mutable_period_start_time() = Day(8, 3);
  EXPECT_EQ(Problem(ValidateGenerateRequest(request)),
            "period_end_time: must be at most 13 weeks after period_start_time, got 15");
  request.clear_period_end_time();
  EXPECT_EQ(Problem(ValidateGenerateRequest(request)), "period_end_time: is required");
  request.set_plan_id(0);
  // Every violation at once, not only the first.
  EXPECT_EQ(Problem(ValidateGenerateRequest(request)),
            "plan_id: must be a positive id, got 0; period_end_time: is required");
}

TEST(ValidateSkipRequestTest, NeedsAReason) {
  v1::SkipAssignmentRequest request;
  request.set_id(4);
  EXPECT_EQ(Problem(ValidateSkipRequest(request)).substr(0, 7), "reason:");
  request.set_reason(std::string(1001, 'x'));
  EXPECT_EQ(Problem(ValidateSkipRequest(request)).substr(0, 7), "reason:");
  request.set_reason("No audio");
  EXPECT_EQ(Problem(ValidateSkipRequest(request)), "");
}

TEST(ValidateQaSummariesRequestTest, ConfidenceBetweenEightyAndNinetyNine) {
  v1::ListAgentQaSummariesRequest request;
  EXPECT_EQ(Problem(ValidateQaSummariesRequest(request)), "");
  EXPECT_DOUBLE_EQ(EffectiveConfidence(request.confidence_level()), 0.95);
  request.set_confidence_level(0.5);
  EXPECT_EQ(Problem(ValidateQaSummariesRequest(request)),
            "confidence_level: must be between 0.80 and 0.99 (or 0 for 0.95), got 0.5");
  request.set_confidence_level(0.99);
  EXPECT_EQ(Problem(ValidateQaSummariesRequest(request)), "");
  *request.mutable_submitted_after() = Day(11, 9);
  *request.mutable_submitted_before() = Day(11, 2);
  EXPECT_EQ(Problem(ValidateQaSummariesRequest(request)),
            "submitted_before: must be after submitted_after");
}

}  // namespace
}  // namespace escala::server
