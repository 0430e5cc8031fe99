#pragma once

namespace escala::db {

// The event types the outbox carries ("escala.<domain>.<resource>.<verb>.v<N>"); data is the
// message of events.proto named beside each.

// PersonLevelChanged.
inline constexpr char kLevelChangedEvent[] = "escala.people.level.changed.v1";
// EvaluationChanged.
inline constexpr char kEvaluationSubmittedEvent[] = "escala.qa.evaluation.submitted.v1";
inline constexpr char kEvaluationDisputedEvent[] = "escala.qa.evaluation.disputed.v1";
inline constexpr char kEvaluationDisputeResolvedEvent[] =
    "escala.qa.evaluation.dispute_resolved.v1";
// EnrolmentChanged.
inline constexpr char kEnrolmentCreatedEvent[] = "escala.training.enrolment.created.v1";
inline constexpr char kEnrolmentChangedEvent[] = "escala.training.enrolment.changed.v1";
inline constexpr char kEnrolmentCancelledEvent[] = "escala.training.enrolment.cancelled.v1";

}  // namespace escala::db
