#include "db/promotion/regression_flag_events.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "db/common/event_types.h"

namespace escala::db {
namespace {

// The type of the event a flag's new state reports; empty for a state that reports none.
std::string StateEventType(v1::RegressionFlagState state) {
  switch (state) {
    case v1::REGRESSION_FLAG_STATE_OPEN:
      return kRegressionFlaggedEvent;
    case v1::REGRESSION_FLAG_STATE_ACKNOWLEDGED:
      return kRegressionAcknowledgedEvent;
    case v1::REGRESSION_FLAG_STATE_CLOSED:
      return kRegressionClosedEvent;
    default:
      return "";
  }
}

}  // namespace

std::vector<OutboxEvent> RegressionFlagEvents(const v1::RegressionFlag* before,
                                              const v1::RegressionFlag& after, absl::Time now) {
  std::vector<OutboxEvent> events;
  if (before != nullptr && before->state() == after.state()) return events;
  std::string type = StateEventType(after.state());
  if (type.empty()) return events;
  events.push_back(MakeOutboxEvent(std::move(type), absl::StrCat("people/", after.employee_id()),
                                   after.employee_id(), after.team_id(), now, after));
  return events;
}

}  // namespace escala::db
