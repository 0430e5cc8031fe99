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
// CertificationStatus (certifications.proto): a person's certification expired, found by the
// server once the expiry date has come.
inline constexpr char kCertificationExpiredEvent[] = "escala.training.certification.expired.v1";

// PromotionCase (db/promotion/promotion_case_events.h says when each is written).
inline constexpr char kPromotionCaseOpenedEvent[] = "escala.promotion.case.opened.v1";
inline constexpr char kPromotionReviewStartedEvent[] = "escala.promotion.case.review_started.v1";
inline constexpr char kPromotionApprovedEvent[] = "escala.promotion.decision.approved.v1";
inline constexpr char kPromotionRejectedEvent[] = "escala.promotion.decision.rejected.v1";
inline constexpr char kPromotionWithdrawnEvent[] = "escala.promotion.case.withdrawn.v1";
inline constexpr char kPromotionEffectiveEvent[] = "escala.promotion.case.effective.v1";
inline constexpr char kPromotionHrAcknowledgedEvent[] = "escala.promotion.hr.acknowledged.v1";

// RegressionFlag (db/promotion/regression_flag_events.h). Seen by the person's team lead and by
// managers; never by HR systems nor by the person (server/events/event_visibility.h).
inline constexpr char kRegressionFlagEventPrefix[] = "escala.promotion.regression.";
inline constexpr char kRegressionFlaggedEvent[] = "escala.promotion.regression.flagged.v1";
inline constexpr char kRegressionAcknowledgedEvent[] =
    "escala.promotion.regression.acknowledged.v1";
inline constexpr char kRegressionClosedEvent[] = "escala.promotion.regression.closed.v1";

}  // namespace escala::db
