// What closing a session decides (db/training/session_closing.h), with every share computed by
// hand: 4 of 4 present completes; 3 of 4 is 75 %, below 80 %, so partially attended; a partial
// block counts half; excused blocks leave the denominator; unmarked blocks count as not
// attended; all excused is EXCUSED, nothing attended NO_SHOW; a score below the pass mark does
// not complete, one at the pass mark does; missing scores refuse the close unless allowed.
#include "db/training/session_closing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <vector>

#include "db/common/error_details.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr v1::AttendanceStatus kPresent = v1::ATTENDANCE_STATUS_PRESENT;
constexpr v1::AttendanceStatus kLate = v1::ATTENDANCE_STATUS_LATE;
constexpr v1::AttendanceStatus kPartial = v1::ATTENDANCE_STATUS_PARTIAL;
constexpr v1::AttendanceStatus kAbsent = v1::ATTENDANCE_STATUS_ABSENT;
constexpr v1::AttendanceStatus kExcused = v1::ATTENDANCE_STATUS_EXCUSED;

// Blocks of one hour at 09:00, 10:00, … on 2024-03-04, of course C1 version 3.
v1::TrainingSession Blocks(int count) {
  v1::TrainingSession session;
  session.set_id(7);
  session.set_course_id("C1");
  session.set_course_version(3);
  for (int b = 0; b < count; ++b) {
    *session.add_blocks() = TestBlock(TestDay(9 + b), absl::Hours(1));
  }
  return session;
}

const absl::Time kClosed = TestDay(20);

// A booked enrolment (id 1, booked the day before) with `marks` for blocks 1, 2, … in order;
// UNSPECIFIED leaves a block unmarked.
db::ClosingInput Learner(const std::vector<v1::AttendanceStatus>& marks,
                         std::optional<int> score = std::nullopt, int64_t id = 1) {
  db::ClosingInput input;
  input.entry.enrolment.set_id(id);
  input.entry.enrolment.set_person_employee_id("A" + std::to_string(id));
  input.entry.enrolment.set_state(v1::ENROLMENT_STATE_BOOKED);
  input.entry.booked_ms = absl::ToUnixMillis(TestDay(9, 3));
  for (std::size_t b = 0; b < marks.size(); ++b) {
    if (marks[b] != v1::ATTENDANCE_STATUS_UNSPECIFIED) input.marks[b + 1] = marks[b];
  }
  input.score_percent = score;
  return input;
}

db::ClosingOutcome Decide(int blocks, const db::ClosingInput& input,
                          std::optional<int> pass_mark = std::nullopt) {
  db::CloseOptions options;
  options.pass_mark_percent = pass_mark;
  options.allow_missing_assessments = true;
  std::vector<db::ClosingOutcome> outcomes =
      db::DecideClosing(Blocks(blocks), {input}, options, kClosed);
  EXPECT_EQ(outcomes.size(), 1u);
  return outcomes.empty() ? db::ClosingOutcome() : outcomes.front();
}

TEST(SessionClosingTest, AllPresentIsAttendedAndCompletes) {
  const db::ClosingOutcome outcome = Decide(4, Learner({kPresent, kPresent, kPresent, kPresent}));
  EXPECT_EQ(outcome.state, v1::ENROLMENT_STATE_ATTENDED);
  EXPECT_TRUE(outcome.completed);
  EXPECT_EQ(outcome.reason, "session closed: 4 of 4 counted blocks attended (100.0 %); completed");
}

TEST(SessionClosingTest, ThreeOfFourIsSeventyFivePercentBelowTheRuleSoPartiallyAttended) {
  // 3 / 4 = 75 % < 80 %.
  const db::ClosingOutcome outcome = Decide(4, Learner({kPresent, kLate, kPresent, kAbsent}));
  EXPECT_EQ(outcome.state, v1::ENROLMENT_STATE_PARTIALLY_ATTENDED);
  EXPECT_FALSE(outcome.completed);
  EXPECT_THAT(outcome.reason, HasSubstr("3 of 4 counted blocks attended (75.0 %)"));
}

TEST(SessionClosingTest, FourOfFiveIsExactlyEightyPercentAndCompletes) {
  const db::ClosingOutcome outcome =
      Decide(5, Learner({kPresent, kPresent, kAbsent, kPresent, kPresent}));
  EXPECT_EQ(outcome.state, v1::ENROLMENT_STATE_ATTENDED);
  EXPECT_TRUE(outcome.completed);
}

TEST(SessionClosingTest, APartialBlockCountsHalf) {
  // 3 + 0.5 = 3.5 of 4 = 87.5 %: completes.
  const db::ClosingOutcome half = Decide(4, Learner({kPresent, kPresent, kPresent, kPartial}));
  EXPECT_EQ(half.state, v1::ENROLMENT_STATE_ATTENDED);
  EXPECT_THAT(half.reason, HasSubstr("3.5 of 4 counted blocks attended (87.5 %)"));
  // 2 + 0.5 + 0.5 = 3 of 4 = 75 %: does not.
  const db::ClosingOutcome two_halves =
      Decide(4, Learner({kPresent, kPresent, kPartial, kPartial}));
  EXPECT_EQ(two_halves.state, v1::ENROLMENT_STATE_PARTIALLY_ATTENDED);
  // Only partial blocks: attended something, so not a no-show.
  EXPECT_EQ(Decide(2, Learner({kPartial, kAbsent})).state, v1::ENROLMENT_STATE_PARTIALLY_ATTENDED);
}

TEST(SessionClosingTest, ExcusedBlocksLeaveTheDenominator) {
  // 3 of 3 counted (the excused block is not counted): 100 %.
  const db::ClosingOutcome outcome = Decide(4, Learner({kPresent, kExcused, kPresent, kPresent}));
  EXPECT_EQ(outcome.state, v1::ENROLMENT_STATE_ATTENDED);
  EXPECT_THAT(outcome.reason, HasSubstr("3 of 3 counted blocks attended"));
}

TEST(SessionClosingTest, EveryBlockExcusedIsExcusedWithoutCompletion) {
  const db::ClosingOutcome outcome = Decide(2, Learner({kExcused, kExcused}));
  EXPECT_EQ(outcome.state, v1::ENROLMENT_STATE_EXCUSED);
  EXPECT_FALSE(outcome.completed);
}

TEST(SessionClosingTest, NothingAttendedIsANoShowAndUnmarkedBlocksCountAsNotAttended) {
  EXPECT_EQ(Decide(2, Learner({kAbsent, kAbsent})).state, v1::ENROLMENT_STATE_NO_SHOW);
  // Never marked at all: a no-show once closed.
  const db::ClosingOutcome unmarked = Decide(2, Learner({}));
  EXPECT_EQ(unmarked.state, v1::ENROLMENT_STATE_NO_SHOW);
  EXPECT_THAT(unmarked.reason, HasSubstr("2 unmarked (not attended)"));
  // 3 present and one left unmarked: 3 / 4 = 75 %, as if absent.
  const db::ClosingOutcome one_open =
      Decide(4, Learner({kPresent, kPresent, kPresent, v1::ATTENDANCE_STATUS_UNSPECIFIED}));
  EXPECT_EQ(one_open.state, v1::ENROLMENT_STATE_PARTIALLY_ATTENDED);
}

TEST(SessionClosingTest, BlocksBeforeTheBookingAreNotApplicable) {
  // Booked at 10:30: block 1 (09:00–10:00) never applied; 1 of 1 counted block attended.
  db::ClosingInput late = Learner({v1::ATTENDANCE_STATUS_UNSPECIFIED, kPresent});
  late.entry.booked_ms = absl::ToUnixMillis(TestDay(10) + absl::Minutes(30));
  const db::ClosingOutcome outcome = Decide(2, late);
  EXPECT_EQ(outcome.state, v1::ENROLMENT_STATE_ATTENDED);
  EXPECT_THAT(outcome.reason, HasSubstr("1 of 1 counted blocks attended"));
}

TEST(SessionClosingTest, AScoreBelowThePassMarkDoesNotCompleteOneAtThePassMarkDoes) {
  const std::vector<v1::AttendanceStatus> all = {kPresent, kPresent};
  const db::ClosingOutcome below = Decide(2, Learner(all, 79), 80);
  EXPECT_EQ(below.state, v1::ENROLMENT_STATE_PARTIALLY_ATTENDED);
  EXPECT_FALSE(below.completed);
  EXPECT_THAT(below.reason, HasSubstr("assessment 79 % (pass mark 80 %); not completed"));
  const db::ClosingOutcome at = Decide(2, Learner(all, 80), 80);
  EXPECT_EQ(at.state, v1::ENROLMENT_STATE_ATTENDED);
  EXPECT_TRUE(at.completed);
  EXPECT_EQ(at.score_percent, 80);
  // Closed with missing scores allowed: no score, no completion, and the history says why.
  const db::ClosingOutcome none = Decide(2, Learner(all), 80);
  EXPECT_EQ(none.state, v1::ENROLMENT_STATE_PARTIALLY_ATTENDED);
  EXPECT_THAT(none.reason, HasSubstr("no assessment score: closed with allow_missing_assessments"));
  // Too little attendance fails even with a top score.
  EXPECT_FALSE(Decide(2, Learner({kPresent, kAbsent}, 100), 80).completed);
}

TEST(SessionClosingTest, MissingScoresRefuseTheCloseNamingEveryEnrolmentUnlessAllowed) {
  const v1::TrainingSession session = Blocks(2);
  const std::vector<db::ClosingInput> inputs = {Learner({kPresent}, std::nullopt, 1),
                                                Learner({kPresent}, 90, 2),
                                                Learner({kAbsent}, std::nullopt, 3)};
  db::CloseOptions options;
  options.pass_mark_percent = 80;
  const absl::Status refused = db::CheckAssessments(session, inputs, options);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition,
                                AllOf(HasSubstr("no score is recorded for enrolment 1 (A1), "
                                                "enrolment 3 (A3)"),
                                      HasSubstr("allow_missing_assessments"))));
  EXPECT_EQ(db::ErrorReason(refused), db::kReasonAssessmentsMissing);
  options.allow_missing_assessments = true;
  EXPECT_THAT(db::CheckAssessments(session, inputs, options), IsOk());
  // A course without an assessment needs no scores.
  EXPECT_THAT(db::CheckAssessments(session, inputs, db::CloseOptions()), IsOk());
}

TEST(SessionClosingTest, TheCompletionIsDatedAtTheEndOfTheLastBlockWithThePinnedVersion) {
  const v1::TrainingSession session = Blocks(3);
  db::ClosingOutcome outcome = Decide(3, Learner({kPresent, kPresent, kPresent}, 95), 80);
  const v1::TrainingCompletion completion =
      db::CompletionOf(session, outcome, db::AuditStamp{"people/T1"}, kClosed);
  EXPECT_EQ(completion.person_employee_id(), "A1");
  EXPECT_EQ(completion.course_id(), "C1");
  EXPECT_EQ(completion.course_version(), 3);
  EXPECT_EQ(completion.training_session_id(), 7);
  EXPECT_EQ(completion.enrolment_id(), 1);
  // The last block is 11:00–12:00.
  EXPECT_EQ(db::TimestampToMillis(completion.completion_time()), absl::ToUnixMillis(TestDay(12)));
  EXPECT_EQ(completion.assessment_score_percent(), 95);
  EXPECT_EQ(completion.source(), v1::COMPLETION_SOURCE_SESSION);
  EXPECT_EQ(completion.created_by(), "people/T1");
  EXPECT_EQ(db::TimestampToMillis(completion.create_time()), absl::ToUnixMillis(kClosed));
  // Without an assessment the score is absent.
  outcome.score_percent.reset();
  EXPECT_FALSE(db::CompletionOf(session, outcome, {}, kClosed).has_assessment_score_percent());
}

}  // namespace
}  // namespace escala::testing
