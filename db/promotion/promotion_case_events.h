#pragma once

#include <vector>

#include "absl/time/time.h"
#include "db/events/outbox.h"
#include "escala/v1/promotion_cases.pb.h"

namespace escala::db {

// The feed events of one change of a promotion case (`before` null for a new case), with the
// case as their data, about the person ("people/<id>"), so that HR systems (which see
// "escala.promotion." events) and the person's team lead see them:
//   escala.promotion.case.opened.v1            nominated
//   escala.promotion.case.review_started.v1    taken under review
//   escala.promotion.decision.approved.v1      approved (carries the effective date)
//   escala.promotion.decision.rejected.v1      rejected, with the reasons
//   escala.promotion.case.withdrawn.v1         withdrawn
//   escala.promotion.case.effective.v1         the level change took effect
//   escala.promotion.hr.acknowledged.v1        an HR system acknowledged the decision
// Nothing for a change that is none of these.
std::vector<OutboxEvent> PromotionCaseEvents(const v1::PromotionCase* before,
                                             const v1::PromotionCase& after, absl::Time now);

}  // namespace escala::db
