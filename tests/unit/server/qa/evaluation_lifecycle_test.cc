#include "server/qa/evaluation_lifecycle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/common/proto_time.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::IsOk;
using ::escala::testing::StatusIs;
using ::testing::HasSubstr;

const absl::Time kLifecycleNow = absl::FromUnixSeconds(1'800'000'000);

v1::Evaluation InState(v1::EvaluationState state) {
  v1::Evaluation evaluation;
  evaluation.set_id(7);
  evaluation.set_state(state);
  if (state != v1::EVALUATION_STATE_DRAFT) {
    *evaluation.mutable_dispute_deadline_time() =
        db::TimeToTimestamp(kLifecycleNow + absl::Hours(1));
  }
  return evaluation;
}

TEST(EvaluationLifecycleTest, LegalTransitionsPass) {
  EXPECT_THAT(CheckTransition(InState(v1::EVALUATION_STATE_DRAFT), EvaluationAction::kUpdate,
                              kLifecycleNow),
              IsOk());
  EXPECT_THAT(CheckTransition(InState(v1::EVALUATION_STATE_DRAFT), EvaluationAction::kSubmit,
                              kLifecycleNow),
              IsOk());
  EXPECT_THAT(CheckTransition(InState(v1::EVALUATION_STATE_SUBMITTED),
                              EvaluationAction::kAcknowledge, kLifecycleNow),
              IsOk());
  EXPECT_THAT(CheckTransition(InState(v1::EVALUATION_STATE_SUBMITTED),
                              EvaluationAction::kOpenDispute, kLifecycleNow),
              IsOk());
  EXPECT_THAT(CheckTransition(InState(v1::EVALUATION_STATE_DISPUTED),
                              EvaluationAction::kResolveDispute, kLifecycleNow),
              IsOk());
}

TEST(EvaluationLifecycleTest, AcknowledgingADraftIsRefused) {
  EXPECT_THAT(CheckTransition(InState(v1::EVALUATION_STATE_DRAFT), EvaluationAction::kAcknowledge,
                              kLifecycleNow),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "evaluation 7 is a draft: only a submitted evaluation can be acknowledged"));
}

TEST(EvaluationLifecycleTest, DisputingADraftIsRefused) {
  EXPECT_THAT(CheckTransition(InState(v1::EVALUATION_STATE_DRAFT), EvaluationAction::kOpenDispute,
                              kLifecycleNow),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("is a draft")));
}

TEST(EvaluationLifecycleTest, AcknowledgingTwiceIsRefused) {
  EXPECT_THAT(
      CheckTransition(InState(v1::EVALUATION_STATE_ACKNOWLEDGED), EvaluationAction::kAcknowledge,
                      kLifecycleNow),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("was already acknowledged")));
}

TEST(EvaluationLifecycleTest, DisputingTwiceIsRefused) {
  EXPECT_THAT(CheckTransition(InState(v1::EVALUATION_STATE_DISPUTED),
                              EvaluationAction::kOpenDispute, kLifecycleNow),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("is already disputed")));
  EXPECT_THAT(
      CheckTransition(InState(v1::EVALUATION_STATE_DISPUTE_RESOLVED),
                      EvaluationAction::kOpenDispute, kLifecycleNow),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("had its dispute resolved")));
}

TEST(EvaluationLifecycleTest, AcknowledgingADisputedOrAcknowledgedOneAfterTheOtherIsRefused) {
  EXPECT_THAT(CheckTransition(InState(v1::EVALUATION_STATE_DISPUTED),
                              EvaluationAction::kAcknowledge, kLifecycleNow),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(CheckTransition(InState(v1::EVALUATION_STATE_ACKNOWLEDGED),
                              EvaluationAction::kOpenDispute, kLifecycleNow),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(EvaluationLifecycleTest, DisputingAfterTheDeadlineIsRefused) {
  v1::Evaluation evaluation = InState(v1::EVALUATION_STATE_SUBMITTED);
  EXPECT_THAT(
      CheckTransition(evaluation, EvaluationAction::kOpenDispute, kLifecycleNow + absl::Hours(1)),
      IsOk());
  EXPECT_THAT(CheckTransition(evaluation, EvaluationAction::kOpenDispute,
                              kLifecycleNow + absl::Hours(1) + absl::Milliseconds(1)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("dispute deadline of evaluation 7 passed")));
  // Acknowledging stays possible after the deadline.
  EXPECT_THAT(
      CheckTransition(evaluation, EvaluationAction::kAcknowledge, kLifecycleNow + absl::Hours(48)),
      IsOk());
}

TEST(EvaluationLifecycleTest, ResolvingANonDisputedOneIsRefused) {
  for (v1::EvaluationState state : {v1::EVALUATION_STATE_DRAFT, v1::EVALUATION_STATE_SUBMITTED,
                                    v1::EVALUATION_STATE_ACKNOWLEDGED}) {
    EXPECT_THAT(CheckTransition(InState(state), EvaluationAction::kResolveDispute, kLifecycleNow),
                StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("is not disputed")))
        << state;
  }
}

TEST(EvaluationLifecycleTest, ResolvingTwiceIsRefused) {
  EXPECT_THAT(CheckTransition(InState(v1::EVALUATION_STATE_DISPUTE_RESOLVED),
                              EvaluationAction::kResolveDispute, kLifecycleNow),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "the dispute of evaluation 7 was already resolved"));
}

TEST(EvaluationLifecycleTest, UpdatingOrSubmittingANonDraftIsRefused) {
  for (v1::EvaluationState state :
       {v1::EVALUATION_STATE_SUBMITTED, v1::EVALUATION_STATE_ACKNOWLEDGED,
        v1::EVALUATION_STATE_DISPUTED, v1::EVALUATION_STATE_DISPUTE_RESOLVED}) {
    EXPECT_THAT(
        CheckTransition(InState(state), EvaluationAction::kUpdate, kLifecycleNow),
        StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("only a draft can be updated")));
    EXPECT_THAT(CheckTransition(InState(state), EvaluationAction::kSubmit, kLifecycleNow),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         HasSubstr("only a draft can be submitted")));
  }
}

TEST(EvaluationLifecycleTest, TargetStatesFollowTheDiagram) {
  EXPECT_EQ(TargetState(EvaluationAction::kSubmit), v1::EVALUATION_STATE_SUBMITTED);
  EXPECT_EQ(TargetState(EvaluationAction::kAcknowledge), v1::EVALUATION_STATE_ACKNOWLEDGED);
  EXPECT_EQ(TargetState(EvaluationAction::kOpenDispute), v1::EVALUATION_STATE_DISPUTED);
  EXPECT_EQ(TargetState(EvaluationAction::kResolveDispute), v1::EVALUATION_STATE_DISPUTE_RESOLVED);
}

TEST(EvaluationLifecycleTest, DisputeDeadlineUsesTheWindowOrTheDefault) {
  EXPECT_EQ(DisputeDeadline(kLifecycleNow, 3), kLifecycleNow + absl::Hours(72));
  EXPECT_EQ(DisputeDeadline(kLifecycleNow, 0), kLifecycleNow + absl::Hours(24 * 7));
}

}  // namespace
}  // namespace escala::server
