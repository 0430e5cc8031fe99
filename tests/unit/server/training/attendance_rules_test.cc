// The attendance rules of db/training/attendance_rules.h, with the shares computed by hand:
// PARTIAL counts half, EXCUSED leaves the denominator, blocks that ended before the booking are
// not applicable, and "still achievable" assumes every open block is attended.
#include "db/training/attendance_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

constexpr v1::AttendanceStatus kPresent = v1::ATTENDANCE_STATUS_PRESENT;
constexpr v1::AttendanceStatus kLate = v1::ATTENDANCE_STATUS_LATE;
constexpr v1::AttendanceStatus kPartial = v1::ATTENDANCE_STATUS_PARTIAL;
constexpr v1::AttendanceStatus kAbsent = v1::ATTENDANCE_STATUS_ABSENT;
constexpr v1::AttendanceStatus kExcused = v1::ATTENDANCE_STATUS_EXCUSED;
constexpr v1::AttendanceStatus kUnmarked = v1::ATTENDANCE_STATUS_UNSPECIFIED;
constexpr v1::AttendanceStatus kNotApplicable = v1::ATTENDANCE_STATUS_NOT_APPLICABLE;

// Five one-hour blocks at 09:00, 10:00, … 13:00 UTC on 2024-03-04.
v1::TrainingSession FiveBlocks() {
  v1::TrainingSession session;
  for (int hour = 9; hour < 14; ++hour)
    *session.add_blocks() = TestBlock(TestDay(hour), absl::Hours(1));
  return session;
}

const int64_t kBookedEarly = absl::ToUnixMillis(TestDay(8, 1));
const absl::Time kAfterAll = TestDay(18);

TEST(AttendanceRulesTest, PartialCountsHalfAndExcusedLeavesTheDenominator) {
  const db::AttendanceTally tally = db::Tally(
      FiveBlocks(), {kPresent, kPartial, kExcused, kAbsent, kLate}, kBookedEarly, kAfterAll);
  // 1 + 0.5 + 0 + 1 over the four blocks that are not excused.
  EXPECT_DOUBLE_EQ(tally.attended, 2.5);
  EXPECT_EQ(tally.counted, 4);
  EXPECT_EQ(tally.taken, 4);
  EXPECT_EQ(tally.excused, 1);
  EXPECT_EQ(tally.attended_blocks, 3);
  EXPECT_DOUBLE_EQ(tally.percent_of_all(), 62.5);
  EXPECT_FALSE(tally.still_achievable());
}

TEST(AttendanceRulesTest, BlocksEndedBeforeTheBookingAreNotApplicableNeverAbsent) {
  // Booked at 10:30: the 09:00–10:00 block ended before, the 10:00–11:00 one had not.
  const int64_t booked = absl::ToUnixMillis(TestDay(10) + absl::Minutes(30));
  const db::AttendanceTally tally = db::Tally(
      FiveBlocks(), {kUnmarked, kPresent, kPresent, kPartial, kPresent}, booked, kAfterAll);
  EXPECT_THAT(tally.statuses, ElementsAre(kNotApplicable, kPresent, kPresent, kPartial, kPresent));
  EXPECT_EQ(tally.counted, 4);
  EXPECT_DOUBLE_EQ(tally.percent_of_all(), 87.5);
  EXPECT_TRUE(tally.still_achievable());
  EXPECT_TRUE(db::BlockApplies(FiveBlocks(), 2, booked));
  EXPECT_FALSE(db::BlockApplies(FiveBlocks(), 1, booked));
}

TEST(AttendanceRulesTest, SharesOverTakenAndOverAllBlocksWhileTheSessionRuns) {
  // At 10:30 two blocks have started: one present, one absent, three to come.
  const absl::Time now = TestDay(10) + absl::Minutes(30);
  const db::AttendanceTally running =
      db::Tally(FiveBlocks(), {kPresent, kAbsent}, kBookedEarly, now);
  EXPECT_EQ(running.taken, 2);
  EXPECT_EQ(running.counted, 5);
  EXPECT_DOUBLE_EQ(running.percent_of_taken(), 50.0);
  EXPECT_DOUBLE_EQ(running.percent_of_all(), 20.0);
  // (1 + 3 open) / 5 = 80 %: still reachable.
  EXPECT_TRUE(running.still_achievable());
  // (0 + 3) / 5 = 60 %: no longer.
  EXPECT_FALSE(db::Tally(FiveBlocks(), {kAbsent, kAbsent}, kBookedEarly, now).still_achievable());
}

TEST(AttendanceRulesTest, ABlockIsMarkedFromItsStartAndOnlyWhenApplicable) {
  const v1::TrainingSession session = FiveBlocks();
  EXPECT_THAT(db::BlockGuard(session, 2, kBookedEarly, TestDay(9) + absl::Minutes(59)),
              Optional(AllOf(HasSubstr("block 2 has not started"),
                             HasSubstr("attendance opens at its start (2024-03-04T10:00:00Z)"))));
  EXPECT_EQ(db::BlockGuard(session, 2, kBookedEarly, TestDay(10)), std::nullopt);
  EXPECT_THAT(db::BlockGuard(session, 1, absl::ToUnixMillis(TestDay(11)), TestDay(12)),
              Optional(HasSubstr("block 1 is not applicable")));
}

TEST(AttendanceRulesTest, OnlyPresentToExcusedAreMarks) {
  EXPECT_FALSE(db::IsMarkableStatus(kUnmarked));
  EXPECT_FALSE(db::IsMarkableStatus(kNotApplicable));
  for (v1::AttendanceStatus status : {kPresent, kLate, kPartial, kAbsent, kExcused}) {
    EXPECT_TRUE(db::IsMarkableStatus(status)) << status;
  }
}

// The completion rule on a closed session (every block has started; unmarked ones are missed).
db::CompletionDecision Decide(const std::vector<v1::AttendanceStatus>& marks,
                              std::optional<int> pass_mark = std::nullopt,
                              std::optional<int> score = std::nullopt,
                              int64_t booked = kBookedEarly) {
  return db::DecideCompletion(db::Tally(FiveBlocks(), marks, booked, kAfterAll), pass_mark, score);
}

TEST(CompletionRuleTest, EightyPercentOfTheCountedBlocksWithPartialAsHalf) {
  // 1 + 1 + 0.5 + 1 + 0.5 = 4 of 5 = 80 %: met, at the threshold.
  const db::CompletionDecision met = Decide({kPresent, kLate, kPartial, kPresent, kPartial});
  EXPECT_TRUE(met.completed);
  EXPECT_EQ(met.outcome, db::AttendanceOutcome::kAttended);
  // 3.5 of 5 = 70 %: attended, not completed.
  const db::CompletionDecision short_of = Decide({kPresent, kLate, kPartial, kPresent, kAbsent});
  EXPECT_FALSE(short_of.completed);
  EXPECT_EQ(short_of.outcome, db::AttendanceOutcome::kPartiallyAttended);
  // An unmarked block counts as missed once the session is closed: 3 of 5.
  EXPECT_FALSE(Decide({kPresent, kPresent, kPresent}).completed);
}

TEST(CompletionRuleTest, ExcusedAndNotApplicableBlocksLeaveTheDenominator) {
  // Excused block 1: 3 of 4 = 75 %, then 3.5 of 4 = 87.5 %.
  EXPECT_FALSE(Decide({kExcused, kPresent, kPresent, kPresent, kAbsent}).completed);
  EXPECT_TRUE(Decide({kExcused, kPresent, kPresent, kPresent, kPartial}).completed);
  // Booked at 10:30, block 1 is not applicable: 3.5 of 4 = 87.5 %.
  const int64_t late_booking = absl::ToUnixMillis(TestDay(10) + absl::Minutes(30));
  EXPECT_TRUE(Decide({kUnmarked, kPresent, kPresent, kPresent, kPartial}, std::nullopt,
                     std::nullopt, late_booking)
                  .completed);
}

TEST(CompletionRuleTest, AnAssessmentMustReachThePassMark) {
  const std::vector<v1::AttendanceStatus> all = {kPresent, kPresent, kPresent, kPresent, kPresent};
  EXPECT_FALSE(Decide(all, 70, 69).completed);
  EXPECT_EQ(Decide(all, 70, 69).outcome, db::AttendanceOutcome::kPartiallyAttended);
  EXPECT_TRUE(Decide(all, 70, 70).completed);
  // No score recorded on a course with an assessment: not completed.
  EXPECT_FALSE(Decide(all, 70, std::nullopt).completed);
  // A course without an assessment: attendance alone decides.
  EXPECT_TRUE(Decide(all, std::nullopt, std::nullopt).completed);
}

TEST(CompletionRuleTest, NoShowAndExcusedOutcomes) {
  EXPECT_EQ(Decide({kAbsent, kAbsent, kAbsent, kAbsent, kAbsent}).outcome,
            db::AttendanceOutcome::kNoShow);
  EXPECT_EQ(Decide({}).outcome, db::AttendanceOutcome::kNoShow);
  EXPECT_EQ(Decide({kExcused, kExcused, kExcused, kExcused, kExcused}).outcome,
            db::AttendanceOutcome::kExcused);
  EXPECT_FALSE(Decide({kExcused, kExcused, kExcused, kExcused, kExcused}).completed);
}

}  // namespace
}  // namespace escala::testing
