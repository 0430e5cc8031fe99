#include "server/reports/sla_compliance.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace escala::server {
namespace {

const char* PriorityName(SlaPriority priority) {
  switch (priority) {
    case SlaPriority::kUrgent:
      return "urgent";
    case SlaPriority::kHigh:
      return "high";
    case SlaPriority::kMedium:
      return "medium";
    case SlaPriority::kLow:
      return "low";
  }
  return "unknown";
}

// The span [from, until) during which one priority was in force.
struct PrioritySpan {
  SlaPriority priority;
  absl::Time from;
  absl::Time until;  // InfiniteFuture for the last one.
};

absl::Status ValidateTarget(const SlaTarget& target, SlaPriority priority, const char* metric) {
  if (target.within <= absl::ZeroDuration() || target.within > absl::Hours(24 * 366)) {
    return absl::InvalidArgumentError(
        absl::StrCat("policy.targets[", PriorityName(priority), "].", metric,
                     ".within must be positive and at most 366 days, got ",
                     absl::FormatDuration(target.within)));
  }
  return absl::OkStatus();
}

absl::Status ValidateEvent(const std::optional<absl::Time>& event, const char* name,
                           absl::Time created, absl::Time now) {
  if (event && (*event < created || *event > now)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " must be between created and now, got ", absl::FormatTime(*event)));
  }
  return absl::OkStatus();
}

absl::StatusOr<TargetCompliance> Evaluate(const std::vector<PrioritySpan>& spans,
                                          const SlaPolicy& policy, bool first_response,
                                          const BusinessCalendar& business, absl::Time created,
                                          const std::optional<absl::Time>& event, absl::Time now) {
  // The measurement ends at the event, or at `now` while there is none.
  const absl::Time end = event.value_or(now);
  const BusinessCalendar all_hours = BusinessCalendar::AllHours();
  TargetCompliance result;
  for (const PrioritySpan& span : spans) {
    // A change at or after the event does not touch it.
    if (&span != &spans.front() && span.from >= end) break;
    const PriorityTargets& targets = policy.targets.at(span.priority);
    const SlaTarget& target = first_response ? targets.first_response : targets.resolution;
    const BusinessCalendar& clock = target.business_hours ? business : all_hours;
    absl::StatusOr<absl::Time> due = clock.DeadlineAfter(created, target.within);
    if (!due.ok()) return due.status();
    const absl::Time deadline = std::max(*due, span.from);
    absl::StatusOr<absl::Duration> elapsed = clock.BusinessDurationBetween(created, end);
    if (!elapsed.ok()) return elapsed.status();
    result.priority = span.priority;
    result.deadline = deadline;
    result.elapsed = *elapsed;
    // Breached in this span: its deadline passed while it was in force and before the event.
    if (deadline < span.until && deadline < end) {
      result.outcome = SlaOutcome::kBreached;
      return result;
    }
  }
  result.outcome = event ? SlaOutcome::kMet : SlaOutcome::kPending;
  return result;
}

}  // namespace

absl::StatusOr<SlaCompliance> EvaluateSla(const InteractionTimeline& timeline,
                                          const SlaPolicy& policy, const BusinessCalendar& calendar,
                                          absl::Time now) {
  if (timeline.created == absl::InfinitePast() || timeline.created == absl::InfiniteFuture()) {
    return absl::InvalidArgumentError("created must be a finite time");
  }
  if (now < timeline.created || now == absl::InfiniteFuture()) {
    return absl::InvalidArgumentError(
        absl::StrCat("now must be finite and not before created, got ", absl::FormatTime(now)));
  }
  if (absl::Status status =
          ValidateEvent(timeline.first_response, "first_response", timeline.created, now);
      !status.ok()) {
    return status;
  }
  if (absl::Status status = ValidateEvent(timeline.resolved, "resolved", timeline.created, now);
      !status.ok()) {
    return status;
  }
  std::vector<PrioritySpan> spans = {{timeline.priority, timeline.created, absl::InfiniteFuture()}};
  for (size_t i = 0; i < timeline.priority_changes.size(); ++i) {
    const PriorityChange& change = timeline.priority_changes[i];
    if (change.at < spans.back().from || change.at > now) {
      return absl::InvalidArgumentError(
          absl::StrCat("priority_changes[", i,
                       "].at must be in time order, not before created and not after "
                       "now, got ",
                       absl::FormatTime(change.at)));
    }
    spans.back().until = change.at;
    spans.push_back({change.priority, change.at, absl::InfiniteFuture()});
  }
  for (const PrioritySpan& span : spans) {
    const auto targets = policy.targets.find(span.priority);
    if (targets == policy.targets.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy.targets has no targets for priority ", PriorityName(span.priority)));
    }
    if (absl::Status status =
            ValidateTarget(targets->second.first_response, span.priority, "first_response");
        !status.ok()) {
      return status;
    }
    if (absl::Status status =
            ValidateTarget(targets->second.resolution, span.priority, "resolution");
        !status.ok()) {
      return status;
    }
  }
  SlaCompliance compliance;
  absl::StatusOr<TargetCompliance> first_response =
      Evaluate(spans, policy, /*first_response=*/true, calendar, timeline.created,
               timeline.first_response, now);
  if (!first_response.ok()) return first_response.status();
  compliance.first_response = *first_response;
  absl::StatusOr<TargetCompliance> resolution = Evaluate(
      spans, policy, /*first_response=*/false, calendar, timeline.created, timeline.resolved, now);
  if (!resolution.ok()) return resolution.status();
  compliance.resolution = *resolution;
  return compliance;
}

}  // namespace escala::server
