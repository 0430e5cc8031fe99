#include "server/reports/sla_compliance.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::StatusIs;
using ::testing::HasSubstr;

absl::TimeZone ComplianceBerlin() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Berlin", &zone));
  return zone;
}

absl::Time ComplianceAt(int year, int month, int day, int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, 0), ComplianceBerlin());
}

// Monday to Friday 09:00–17:00 in Berlin; Good Friday and Easter Monday 2026 closed.
BusinessCalendar ComplianceOffice() {
  std::vector<OpeningWindow> windows;
  for (absl::Weekday day : {absl::Weekday::monday, absl::Weekday::tuesday, absl::Weekday::wednesday,
                            absl::Weekday::thursday, absl::Weekday::friday}) {
    windows.push_back({day, absl::Hours(9), absl::Hours(17)});
  }
  absl::StatusOr<BusinessCalendar> calendar = BusinessCalendar::Create(
      ComplianceBerlin(), windows, {absl::CivilDay(2026, 4, 3), absl::CivilDay(2026, 4, 6)});
  EXPECT_TRUE(calendar.ok()) << calendar.status();
  return *calendar;
}

// First response / resolution in business hours: urgent 1 h / 4 h, high 4 h / 8 h, medium 8 h /
// 24 h, low 16 h / 40 h.
SlaPolicy Policy() {
  SlaPolicy policy;
  policy.targets[SlaPriority::kUrgent] = {{absl::Hours(1)}, {absl::Hours(4)}};
  policy.targets[SlaPriority::kHigh] = {{absl::Hours(4)}, {absl::Hours(8)}};
  policy.targets[SlaPriority::kMedium] = {{absl::Hours(8)}, {absl::Hours(24)}};
  policy.targets[SlaPriority::kLow] = {{absl::Hours(16)}, {absl::Hours(40)}};
  return policy;
}

SlaCompliance Evaluate(const InteractionTimeline& timeline, absl::Time now) {
  absl::StatusOr<SlaCompliance> compliance =
      EvaluateSla(timeline, Policy(), ComplianceOffice(), now);
  EXPECT_TRUE(compliance.ok()) << compliance.status();
  return compliance.value_or(SlaCompliance());
}

TEST(EvaluateSlaTest, AResponseAcrossTheWeekendIsMeasuredInBusinessHours) {
  // High priority created Friday 2026-03-06 15:00: the 4-hour first-response target falls due
  // Monday 11:00. A response at 11:00 sharp is in time (67 calendar hours later); one at 11:01
  // is not.
  InteractionTimeline timeline = {.created = ComplianceAt(2026, 3, 6, 15),
                                  .priority = SlaPriority::kHigh};
  timeline.first_response = ComplianceAt(2026, 3, 9, 11);
  SlaCompliance compliance = Evaluate(timeline, ComplianceAt(2026, 3, 9, 12));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kMet);
  EXPECT_EQ(compliance.first_response.deadline, ComplianceAt(2026, 3, 9, 11));
  EXPECT_EQ(compliance.first_response.elapsed, absl::Hours(4));

  timeline.first_response = ComplianceAt(2026, 3, 9, 11, 1);
  compliance = Evaluate(timeline, ComplianceAt(2026, 3, 9, 12));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kBreached);
  EXPECT_EQ(compliance.first_response.deadline, ComplianceAt(2026, 3, 9, 11));
  EXPECT_EQ(compliance.first_response.elapsed, absl::Hours(4) + absl::Minutes(1));
}

TEST(EvaluateSlaTest, ABreachAcrossAHolidayWeekend) {
  // High priority created Thursday 2026-04-02 16:00: Good Friday, the weekend and Easter Monday
  // are closed, so the 4 hours end Tuesday 12:00.
  InteractionTimeline timeline = {.created = ComplianceAt(2026, 4, 2, 16),
                                  .priority = SlaPriority::kHigh};
  timeline.first_response = ComplianceAt(2026, 4, 7, 11, 59);
  EXPECT_EQ(Evaluate(timeline, ComplianceAt(2026, 4, 7, 13)).first_response.outcome,
            SlaOutcome::kMet);
  timeline.first_response = ComplianceAt(2026, 4, 7, 12, 30);
  const SlaCompliance compliance = Evaluate(timeline, ComplianceAt(2026, 4, 7, 13));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kBreached);
  EXPECT_EQ(compliance.first_response.deadline, ComplianceAt(2026, 4, 7, 12));
}

TEST(EvaluateSlaTest, ADeadlineAcrossTheSpringChangeIsOnTheWallClock) {
  // Created Friday 27 March 15:00 CET, high: due Monday 30 March 11:00 CEST, 67 real hours on.
  InteractionTimeline timeline = {.created = ComplianceAt(2026, 3, 27, 15),
                                  .priority = SlaPriority::kHigh};
  timeline.first_response = ComplianceAt(2026, 3, 30, 10, 59);
  SlaCompliance compliance = Evaluate(timeline, ComplianceAt(2026, 3, 30, 12));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kMet);
  EXPECT_EQ(compliance.first_response.deadline, ComplianceAt(2026, 3, 30, 11));
  timeline.first_response = ComplianceAt(2026, 3, 30, 11, 1);
  compliance = Evaluate(timeline, ComplianceAt(2026, 3, 30, 12));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kBreached);
}

TEST(EvaluateSlaTest, ADeadlineAcrossTheAutumnChangeIsOnTheWallClock) {
  // Created Friday 23 October 15:00 CEST, high: due Monday 26 October 11:00 CET.
  InteractionTimeline timeline = {.created = ComplianceAt(2026, 10, 23, 15),
                                  .priority = SlaPriority::kHigh};
  timeline.first_response = ComplianceAt(2026, 10, 26, 11);
  const SlaCompliance compliance = Evaluate(timeline, ComplianceAt(2026, 10, 26, 12));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kMet);
  EXPECT_EQ(compliance.first_response.deadline, ComplianceAt(2026, 10, 26, 11));
  EXPECT_EQ(ComplianceAt(2026, 10, 26, 11) - ComplianceAt(2026, 10, 23, 15), absl::Hours(69));
}

TEST(EvaluateSlaTest, ARaisedPriorityKeepsTheTimeAlreadyElapsed) {
  // Medium (8 h) created Monday 2026-03-09 09:00, raised to urgent (1 h) at 09:30: the urgent
  // target counts from 09:00, so the response is due at 10:00, not 10:30.
  InteractionTimeline timeline = {.created = ComplianceAt(2026, 3, 9, 9),
                                  .priority = SlaPriority::kMedium};
  timeline.priority_changes = {{ComplianceAt(2026, 3, 9, 9, 30), SlaPriority::kUrgent}};
  timeline.first_response = ComplianceAt(2026, 3, 9, 9, 50);
  SlaCompliance compliance = Evaluate(timeline, ComplianceAt(2026, 3, 9, 12));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kMet);
  EXPECT_EQ(compliance.first_response.priority, SlaPriority::kUrgent);
  EXPECT_EQ(compliance.first_response.deadline, ComplianceAt(2026, 3, 9, 10));

  timeline.first_response = ComplianceAt(2026, 3, 9, 10, 15);
  compliance = Evaluate(timeline, ComplianceAt(2026, 3, 9, 12));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kBreached);
  EXPECT_EQ(compliance.first_response.priority, SlaPriority::kUrgent);
  EXPECT_EQ(compliance.first_response.deadline, ComplianceAt(2026, 3, 9, 10));
  // Resolution: urgent's 4 hours from 09:00, due 13:00; still open at 12:00.
  EXPECT_EQ(compliance.resolution.outcome, SlaOutcome::kPending);
  EXPECT_EQ(compliance.resolution.deadline, ComplianceAt(2026, 3, 9, 13));
}

TEST(EvaluateSlaTest, ARaiseAfterTheNewTargetRanOutBreachesAtTheRaise) {
  // Medium created 09:00, raised to urgent at 11:00 when two hours had passed: urgent's hour ran
  // out at 10:00, before anyone knew; the interaction is late from the raise on, so a response
  // at 11:05 is a breach dated 11:00 — and one at the very moment of the raise is in time.
  InteractionTimeline timeline = {.created = ComplianceAt(2026, 3, 9, 9),
                                  .priority = SlaPriority::kMedium};
  timeline.priority_changes = {{ComplianceAt(2026, 3, 9, 11), SlaPriority::kUrgent}};
  timeline.first_response = ComplianceAt(2026, 3, 9, 11, 5);
  SlaCompliance compliance = Evaluate(timeline, ComplianceAt(2026, 3, 9, 12));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kBreached);
  EXPECT_EQ(compliance.first_response.priority, SlaPriority::kUrgent);
  EXPECT_EQ(compliance.first_response.deadline, ComplianceAt(2026, 3, 9, 11));

  timeline.first_response = ComplianceAt(2026, 3, 9, 11);
  compliance = Evaluate(timeline, ComplianceAt(2026, 3, 9, 12));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kMet);
}

TEST(EvaluateSlaTest, LoweringThePriorityDoesNotUndoABreach) {
  // High created 09:00, first response due 13:00; lowered to low (16 h) at 14:00 with no
  // response yet: the breach at 13:00 stands, though 15:00 is within low's target.
  InteractionTimeline timeline = {.created = ComplianceAt(2026, 3, 9, 9),
                                  .priority = SlaPriority::kHigh};
  timeline.priority_changes = {{ComplianceAt(2026, 3, 9, 14), SlaPriority::kLow}};
  timeline.first_response = ComplianceAt(2026, 3, 9, 15);
  const SlaCompliance compliance = Evaluate(timeline, ComplianceAt(2026, 3, 9, 16));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kBreached);
  EXPECT_EQ(compliance.first_response.priority, SlaPriority::kHigh);
  EXPECT_EQ(compliance.first_response.deadline, ComplianceAt(2026, 3, 9, 13));
}

TEST(EvaluateSlaTest, LoweringThePriorityInTimeGivesTheLongerTarget) {
  // Lowered at 12:00, before high's 13:00: low's 16 hours from Monday 09:00 end Tuesday 17:00.
  InteractionTimeline timeline = {.created = ComplianceAt(2026, 3, 9, 9),
                                  .priority = SlaPriority::kHigh};
  timeline.priority_changes = {{ComplianceAt(2026, 3, 9, 12), SlaPriority::kLow}};
  timeline.first_response = ComplianceAt(2026, 3, 9, 15);
  const SlaCompliance compliance = Evaluate(timeline, ComplianceAt(2026, 3, 9, 16));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kMet);
  EXPECT_EQ(compliance.first_response.priority, SlaPriority::kLow);
  EXPECT_EQ(compliance.first_response.deadline, ComplianceAt(2026, 3, 10, 17));
}

TEST(EvaluateSlaTest, ChangesAfterTheEventDoNotTouchIt) {
  // Answered at 10:00 as medium, raised to urgent at 11:00: the response was in time.
  InteractionTimeline timeline = {.created = ComplianceAt(2026, 3, 9, 9),
                                  .priority = SlaPriority::kMedium};
  timeline.priority_changes = {{ComplianceAt(2026, 3, 9, 11), SlaPriority::kUrgent}};
  timeline.first_response = ComplianceAt(2026, 3, 9, 10);
  const SlaCompliance compliance = Evaluate(timeline, ComplianceAt(2026, 3, 9, 12));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kMet);
  EXPECT_EQ(compliance.first_response.priority, SlaPriority::kMedium);
}

TEST(EvaluateSlaTest, WithoutAnEventTheTargetIsPendingUntilItsDeadlinePasses) {
  const InteractionTimeline timeline = {.created = ComplianceAt(2026, 3, 9, 9),
                                        .priority = SlaPriority::kHigh};
  SlaCompliance compliance = Evaluate(timeline, ComplianceAt(2026, 3, 9, 12));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kPending);
  EXPECT_EQ(compliance.first_response.deadline, ComplianceAt(2026, 3, 9, 13));
  EXPECT_EQ(compliance.first_response.elapsed, absl::Hours(3));
  compliance = Evaluate(timeline, ComplianceAt(2026, 3, 9, 13, 30));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kBreached);
  // Resolution (8 h) is due at Monday 17:00 and still pending.
  EXPECT_EQ(compliance.resolution.outcome, SlaOutcome::kPending);
  EXPECT_EQ(compliance.resolution.deadline, ComplianceAt(2026, 3, 9, 17));
}

TEST(EvaluateSlaTest, FirstResponseAndResolutionAreJudgedApart) {
  // High created Monday 09:00, answered 10:00 (due 13:00), resolved Tuesday 10:00 (due Monday
  // 17:00 after 8 business hours).
  InteractionTimeline timeline = {.created = ComplianceAt(2026, 3, 9, 9),
                                  .priority = SlaPriority::kHigh};
  timeline.first_response = ComplianceAt(2026, 3, 9, 10);
  timeline.resolved = ComplianceAt(2026, 3, 10, 10);
  const SlaCompliance compliance = Evaluate(timeline, ComplianceAt(2026, 3, 10, 12));
  EXPECT_EQ(compliance.first_response.outcome, SlaOutcome::kMet);
  EXPECT_EQ(compliance.resolution.outcome, SlaOutcome::kBreached);
  EXPECT_EQ(compliance.resolution.deadline, ComplianceAt(2026, 3, 9, 17));
  EXPECT_EQ(compliance.resolution.elapsed, absl::Hours(9));
}

TEST(EvaluateSlaTest, ACalendarHoursTargetBesideABusinessHoursOne) {
  // First response in 4 business hours, resolution in 48 calendar hours. Created Friday
  // 2026-03-06 15:00, answered Monday 10:00 (due Monday 11:00), resolved Monday 10:00 too: the
  // resolution fell due Sunday 15:00, as the weekend counts for it.
  SlaPolicy policy = Policy();
  policy.targets[SlaPriority::kHigh].resolution = {absl::Hours(48), /*business_hours=*/false};
  InteractionTimeline timeline = {.created = ComplianceAt(2026, 3, 6, 15),
                                  .priority = SlaPriority::kHigh};
  timeline.first_response = ComplianceAt(2026, 3, 9, 10);
  timeline.resolved = ComplianceAt(2026, 3, 9, 10);
  const absl::StatusOr<SlaCompliance> compliance =
      EvaluateSla(timeline, policy, ComplianceOffice(), ComplianceAt(2026, 3, 9, 12));
  ASSERT_TRUE(compliance.ok()) << compliance.status();
  EXPECT_EQ(compliance->first_response.outcome, SlaOutcome::kMet);
  EXPECT_EQ(compliance->first_response.elapsed, absl::Hours(3));
  EXPECT_EQ(compliance->resolution.outcome, SlaOutcome::kBreached);
  EXPECT_EQ(compliance->resolution.deadline, ComplianceAt(2026, 3, 8, 15));
  EXPECT_EQ(compliance->resolution.elapsed, absl::Hours(67));
}

TEST(EvaluateSlaTest, RefusesInconsistentTimelinesAndPolicies) {
  const BusinessCalendar office = ComplianceOffice();
  InteractionTimeline timeline = {.created = ComplianceAt(2026, 3, 9, 9),
                                  .priority = SlaPriority::kHigh};
  timeline.first_response = ComplianceAt(2026, 3, 9, 8);
  EXPECT_THAT(EvaluateSla(timeline, Policy(), office, ComplianceAt(2026, 3, 9, 12)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("first_response must be between created and now")));
  timeline.first_response.reset();
  timeline.resolved = ComplianceAt(2026, 3, 9, 13);
  EXPECT_THAT(EvaluateSla(timeline, Policy(), office, ComplianceAt(2026, 3, 9, 12)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("resolved must be between created and now")));
  timeline.resolved.reset();
  EXPECT_THAT(EvaluateSla(timeline, Policy(), office, ComplianceAt(2026, 3, 9, 8)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("now must be finite and not before created")));
  timeline.priority_changes = {{ComplianceAt(2026, 3, 9, 11), SlaPriority::kUrgent},
                               {ComplianceAt(2026, 3, 9, 10), SlaPriority::kLow}};
  EXPECT_THAT(EvaluateSla(timeline, Policy(), office, ComplianceAt(2026, 3, 9, 12)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("priority_changes[1].at must be in time order")));
  timeline.priority_changes = {{ComplianceAt(2026, 3, 9, 10), SlaPriority::kUrgent}};
  SlaPolicy policy = Policy();
  policy.targets.erase(SlaPriority::kUrgent);
  EXPECT_THAT(EvaluateSla(timeline, policy, office, ComplianceAt(2026, 3, 9, 12)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("policy.targets has no targets for priority urgent")));
  policy = Policy();
  policy.targets[SlaPriority::kHigh].first_response.within = absl::ZeroDuration();
  EXPECT_THAT(EvaluateSla(timeline, policy, office, ComplianceAt(2026, 3, 9, 12)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("policy.targets[high].first_response.within must be positive")));
}

}  // namespace
}  // namespace escala::server
