#include "server/events/event_visibility.h"

#include "absl/strings/match.h"
#include "db/common/event_types.h"

namespace escala::server {
namespace {

// The event types an HR system acts on.
constexpr const char* kHrEventPrefixes[] = {"escala.people.level.", "escala.promotion."};

// Regression flags are for the person's managers: not an HR matter, nor the person's own feed.
bool IsRegressionEvent(const db::StoredEvent& event) {
  return absl::StartsWith(event.type, db::kRegressionFlagEventPrefix);
}

bool IsHrEvent(const db::StoredEvent& event) {
  if (IsRegressionEvent(event)) return false;
  for (const char* prefix : kHrEventPrefixes) {
    if (absl::StartsWith(event.type, prefix)) return true;
  }
  return false;
}

}  // namespace

bool EventVisibleTo(const CallContext& call, const db::StoredEvent& event) {
  if (call.caller.role == v1::ROLE_HR_SYSTEM && !IsHrEvent(event)) return false;
  switch (call.scope) {
    case Scope::kAll:
      return true;
    case Scope::kTeam:
      return !call.caller.team_id.empty() && event.team_id == call.caller.team_id;
    case Scope::kOwn:
      return !call.caller.employee_id.empty() && event.person_id == call.caller.employee_id &&
             !IsRegressionEvent(event);
  }
  return false;
}

}  // namespace escala::server
