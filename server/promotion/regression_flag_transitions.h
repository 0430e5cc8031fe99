#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "escala/v1/promotion_regressions.pb.h"
#include "server/promotion/case_transitions.h"

namespace escala::server {

// The state machine of a regression flag, free of storage and gRPC: each function checks that
// the step is allowed from the flag's state and returns the flag as it is after the step. A
// step from the wrong state is FAILED_PRECONDITION with the ErrorInfo INVALID_STATE_TRANSITION
// (metadata "state": the state found).
//
//   OPEN ──Acknowledge──▶ ACKNOWLEDGED
//   OPEN | ACKNOWLEDGED ──Close──▶ CLOSED

absl::StatusOr<v1::RegressionFlag> AcknowledgeFlagStep(const v1::RegressionFlag& current,
                                                       const std::string& note,
                                                       const CaseActor& actor);

absl::StatusOr<v1::RegressionFlag> CloseFlagStep(const v1::RegressionFlag& current,
                                                 v1::RegressionCloseReason reason,
                                                 const std::string& note, const CaseActor& actor);

}  // namespace escala::server
