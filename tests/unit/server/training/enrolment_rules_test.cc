// The enrolment guards of db/training/enrolment_rules.h: every step's outcome and every refusal,
// with all failing guards named at once.
#include "db/training/enrolment_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// ValidTestSession (first block 2024-03-04 09:00 UTC) as it reads before it starts.
v1::TrainingSession Scheduled(std::optional<int> capacity, bool waitlist, bool approval = false) {
  v1::TrainingSession session = ValidTestSession();
  if (capacity.has_value()) {
    session.set_capacity(*capacity);
  } else {
    session.clear_capacity();
  }
  session.set_waitlist_enabled(waitlist);
  session.set_approval_required(approval);
  session.set_state(v1::TRAINING_SESSION_STATE_SCHEDULED);
  return session;
}

absl::Time Early() { return TestDay(8, 1); }

TEST(EnrolmentRules, ANewEnrolmentIsBookedWaitlistedRequestedOrRefused) {
  EXPECT_EQ(db::DecideEnrol(Scheduled(2, false), 1, Early()).to, v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(db::DecideEnrol(Scheduled(2, true), 2, Early()).to, v1::ENROLMENT_STATE_WAITLISTED);
  EXPECT_EQ(db::DecideEnrol(Scheduled(2, false, true), 2, Early()).to,
            v1::ENROLMENT_STATE_REQUESTED);
  EXPECT_EQ(db::DecideEnrol(Scheduled(std::nullopt, false), 5000, Early()).to,
            v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(db::DecideEnrol(Scheduled(0, true), 0, Early()).to, v1::ENROLMENT_STATE_WAITLISTED);
  EXPECT_THAT(db::DecideEnrol(Scheduled(0, false), 0, Early()).failures,
              ElementsAre("the session is closed to new bookings (capacity 0) and has no "
                          "waitlist"));
}

TEST(EnrolmentRules, EveryFailingGuardOfAnEnrolmentIsNamed) {
  v1::TrainingSession session = Scheduled(1, false);
  *session.mutable_registration_open_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(TestDay(9, 2)));
  EXPECT_THAT(db::DecideEnrol(session, 1, Early()).failures,
              ElementsAre("registration opens at 2024-03-02T09:00:00Z",
                          "the session is full (1 of 1 seats booked) and has no waitlist"));
  // Registration closes at the first block's start when no close time is set (half-open).
  EXPECT_THAT(db::DecideEnrol(Scheduled(5, false), 0, TestDay(9)).failures,
              ElementsAre("registration closed at 2024-03-04T09:00:00Z"));
  EXPECT_THAT(db::DecideEnrol(Scheduled(5, false), 0, TestDay(9) - absl::Milliseconds(1)).failures,
              IsEmpty());
  v1::TrainingSession started = Scheduled(5, false);
  started.set_state(v1::TRAINING_SESSION_STATE_IN_PROGRESS);
  EXPECT_THAT(db::DecideEnrol(started, 0, TestDay(10)).failures,
              ElementsAre(HasSubstr("IN_PROGRESS: only a session that has not started")));
}

TEST(EnrolmentRules, ApprovalBooksWaitlistsOrIsRefused) {
  EXPECT_EQ(db::DecideApprove(Scheduled(2, false, true), 1).to, v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(db::DecideApprove(Scheduled(2, true, true), 2).to, v1::ENROLMENT_STATE_WAITLISTED);
  EXPECT_THAT(db::DecideApprove(Scheduled(2, false, true), 2).failures,
              ElementsAre("the session is full (2 of 2 seats booked) and has no waitlist"));
  v1::TrainingSession cancelled = Scheduled(2, false, true);
  cancelled.set_state(v1::TRAINING_SESSION_STATE_CANCELLED);
  EXPECT_THAT(db::DecideApprove(cancelled, 2).failures,
              ElementsAre("the session is TRAINING_SESSION_STATE_CANCELLED",
                          "the session is full (2 of 2 seats booked) and has no waitlist"));
}

TEST(EnrolmentRules, TheCutOffBindsOnlyTheLearnerSide) {
  v1::TrainingSession session = Scheduled(2, false);
  *session.mutable_cancellation_cutoff_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(TestDay(9, 3)));
  EXPECT_TRUE(db::DecideWithdraw(session, true, TestDay(9, 3) - absl::Seconds(1)).ok());
  EXPECT_THAT(db::DecideWithdraw(session, true, TestDay(9, 3)).failures,
              ElementsAre(HasSubstr("cut-off passed at 2024-03-03T09:00:00Z")));
  EXPECT_TRUE(db::DecideWithdraw(session, false, TestDay(9, 3)).ok());
  session.set_state(v1::TRAINING_SESSION_STATE_CLOSED);
  EXPECT_THAT(db::DecideWithdraw(session, false, TestDay(9, 3)).failures,
              ElementsAre("the session is TRAINING_SESSION_STATE_CLOSED"));
}

TEST(EnrolmentRules, PromotionByHandOverbooksOnlyWhenAllowedAndNeverByItselfAfterTheStart) {
  EXPECT_TRUE(db::DecidePromote(Scheduled(2, true), 1, false).ok());
  EXPECT_THAT(db::DecidePromote(Scheduled(2, true), 2, false).failures,
              ElementsAre(HasSubstr("allow_overbook books beyond capacity")));
  EXPECT_TRUE(db::DecidePromote(Scheduled(2, true), 2, true).ok());
  v1::TrainingSession started = Scheduled(2, true);
  EXPECT_TRUE(db::AutoPromotes(started));
  started.set_state(v1::TRAINING_SESSION_STATE_IN_PROGRESS);
  EXPECT_FALSE(db::AutoPromotes(started));
  EXPECT_TRUE(db::DecidePromote(started, 1, false).ok());
  EXPECT_EQ(db::FreeSeats(Scheduled(3, true), 1), 2);
  EXPECT_EQ(db::FreeSeats(Scheduled(3, true), 4), 0);
  EXPECT_FALSE(db::FreeSeats(Scheduled(std::nullopt, true), 4).has_value());
}

TEST(EnrolmentRules, ARefusalIsFailedPreconditionWithTheReasonAndEveryGuard) {
  const absl::Status refused = db::Refused("cannot enrol", {"a", "b"}, "trainingSessions/1");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.message(), "cannot enrol: a; b");
  EXPECT_EQ(db::ErrorReason(refused), db::kReasonEnrolmentRefused);
  const absl::Status lowered = db::CapacityBelowBooked(1, 2, 3);
  EXPECT_THAT(std::string(lowered.message()), HasSubstr("2 is below the 3 seats booked"));
  EXPECT_EQ(db::ErrorReason(lowered), db::kReasonCapacityBelowBooked);
}

}  // namespace
}  // namespace escala::testing
