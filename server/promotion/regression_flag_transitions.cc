#include "server/promotion/regression_flag_transitions.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"

namespace escala::server {
namespace {

absl::Status WrongState(const v1::RegressionFlag& current, const std::string& step,
                        const std::string& needs) {
  const std::string state = v1::RegressionFlagState_Name(current.state());
  return db::WithErrorInfo(
      absl::FailedPreconditionError(absl::StrCat("regression flag ", current.id(), " is ", state,
                                                 ": ", step, " needs ", needs)),
      db::kReasonInvalidStateTransition, {{"state", state}});
}

}  // namespace

absl::StatusOr<v1::RegressionFlag> AcknowledgeFlagStep(const v1::RegressionFlag& current,
                                                       const std::string& note,
                                                       const CaseActor& actor) {
  if (current.state() != v1::REGRESSION_FLAG_STATE_OPEN) {
    return WrongState(current, "AcknowledgeRegressionFlag", "REGRESSION_FLAG_STATE_OPEN");
  }
  v1::RegressionFlag next = current;
  next.set_state(v1::REGRESSION_FLAG_STATE_ACKNOWLEDGED);
  next.set_acknowledged_by(actor.principal);
  *next.mutable_acknowledge_time() = db::MillisToTimestamp(absl::ToUnixMillis(actor.time));
  next.set_acknowledge_note(note);
  return next;
}

absl::StatusOr<v1::RegressionFlag> CloseFlagStep(const v1::RegressionFlag& current,
                                                 v1::RegressionCloseReason reason,
                                                 const std::string& note, const CaseActor& actor) {
  if (current.state() != v1::REGRESSION_FLAG_STATE_OPEN &&
      current.state() != v1::REGRESSION_FLAG_STATE_ACKNOWLEDGED) {
    return WrongState(current, "CloseRegressionFlag",
                      "REGRESSION_FLAG_STATE_OPEN or REGRESSION_FLAG_STATE_ACKNOWLEDGED");
  }
  v1::RegressionFlag next = current;
  next.set_state(v1::REGRESSION_FLAG_STATE_CLOSED);
  next.set_closed_by(actor.principal);
  *next.mutable_close_time() = db::MillisToTimestamp(absl::ToUnixMillis(actor.time));
  next.set_close_reason(reason);
  next.set_close_note(note);
  return next;
}

}  // namespace escala::server
