#pragma once

#include <map>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/reports/business_calendar.h"

namespace escala::server {

// SLA compliance of one interaction: was the first response, and was the resolution, within
// the target of the interaction's priority?
//
// A priority change mid-interaction (the Zendesk model, which re-applies the policy on every
// update): the target of the new priority applies, counted from the interaction's creation —
// the time already elapsed is kept. The customer has been waiting since the interaction was
// created; restarting the clock at the change would let a raise to urgent *extend* a deadline
// and reward a late reclassification. Two guards keep the rule fair both ways:
//   - a breach that happened under the priority in force before the change stands: lowering the
//     priority afterwards does not undo it;
//   - a raise whose new target had already run out when the priority was raised breaches at the
//     raise itself, not retroactively: nothing was late before anyone knew it was urgent, and
//     the interaction is late from that moment on.
// So each priority governs the span until the next change; its effective deadline is the later
// of "creation + its target" and the moment it came into force, and the target is breached if
// some effective deadline passes, inside its span, before the response (or resolution) arrives.

enum class SlaPriority { kUrgent, kHigh, kMedium, kLow };

struct SlaTarget {
  // Time allowed, > 0 and at most 366 days.
  absl::Duration within;
  // Counted in the calendar's business hours, or in calendar hours (every hour counts).
  bool business_hours = true;
};

struct PriorityTargets {
  SlaTarget first_response;
  SlaTarget resolution;
};

struct SlaPolicy {
  // The targets of every priority the interaction can have.
  std::map<SlaPriority, PriorityTargets> targets;
};

struct PriorityChange {
  absl::Time at;
  SlaPriority priority = SlaPriority::kMedium;
};

struct InteractionTimeline {
  absl::Time created;
  SlaPriority priority = SlaPriority::kMedium;  // At creation.
  // Later changes, in time order, none before `created`.
  std::vector<PriorityChange> priority_changes;
  std::optional<absl::Time> first_response;
  std::optional<absl::Time> resolved;
};

enum class SlaOutcome {
  kMet,       // the event came at or before its deadline
  kBreached,  // a deadline passed first (the event may have come later or not yet)
  kPending,   // no event yet, and the deadline in force has not passed
};

struct TargetCompliance {
  SlaOutcome outcome = SlaOutcome::kPending;
  // The priority whose deadline decided the outcome: the one breached, or the one in force at the
  // event (met) or at `now` (pending).
  SlaPriority priority = SlaPriority::kMedium;
  // That priority's effective deadline.
  absl::Time deadline;
  // Time counted by the target's clock from creation to the event (or to `now` while pending).
  absl::Duration elapsed;
};

struct SlaCompliance {
  TargetCompliance first_response;
  TargetCompliance resolution;
};

// Evaluates both targets of `timeline` under `policy`, business-hours targets on `calendar`, as
// known at `now` (>= created). INVALID_ARGUMENT naming the field and the rule: an event or change
// before creation or after `now`, changes out of order, a priority without targets, a target not
// positive.
absl::StatusOr<SlaCompliance> EvaluateSla(const InteractionTimeline& timeline,
                                          const SlaPolicy& policy, const BusinessCalendar& calendar,
                                          absl::Time now);

}  // namespace escala::server
