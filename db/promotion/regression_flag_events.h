#pragma once

#include <vector>

#include "absl/time/time.h"
#include "db/events/outbox.h"
#include "escala/v1/promotion_regressions.pb.h"

namespace escala::db {

// The feed events of one change of a regression flag (`before` null for a new flag), with the
// flag as their data, about the person ("people/<id>") and their team when it was raised:
//   escala.promotion.regression.flagged.v1        raised
//   escala.promotion.regression.acknowledged.v1   acknowledged by a manager or team lead
//   escala.promotion.regression.closed.v1         closed, with a reason
// Nothing for a change that is none of these.
std::vector<OutboxEvent> RegressionFlagEvents(const v1::RegressionFlag* before,
                                              const v1::RegressionFlag& after, absl::Time now);

}  // namespace escala::db
