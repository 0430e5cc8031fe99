#include "server/reports/workload.h"

#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/reports/rounding.h"

namespace escala::server {

absl::StatusOr<WorkloadEstimate> SizeWorkload(const WorkloadInput& input) {
  if (!std::isfinite(input.contacts) || input.contacts < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("contacts must be a finite number >= 0, got ", input.contacts));
  }
  if (input.average_handle_time <= absl::ZeroDuration() ||
      input.average_handle_time == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("average_handle_time must be positive and finite, got ",
                     absl::FormatDuration(input.average_handle_time)));
  }
  if (input.productive_time_per_agent <= absl::ZeroDuration() ||
      input.productive_time_per_agent == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("productive_time_per_agent must be positive and finite, got ",
                     absl::FormatDuration(input.productive_time_per_agent)));
  }
  if (!(input.shrinkage >= 0 && input.shrinkage < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("shrinkage must be in [0, 1), got ", input.shrinkage));
  }
  // In hours, not Duration arithmetic: a fractional contact count times a Duration is fine, but
  // the ratio of two durations is a plain number anyway.
  const double workload_hours = input.contacts * absl::ToDoubleHours(input.average_handle_time);
  const double available_hours =
      absl::ToDoubleHours(input.productive_time_per_agent) * (1 - input.shrinkage);
  const double exact_agents = workload_hours / available_hours;
  if (exact_agents > std::numeric_limits<int>::max() / 2) {
    return absl::InvalidArgumentError(absl::StrCat("contacts × average_handle_time needs ",
                                                   exact_agents,
                                                   " agents, more than a staffing plan can hold"));
  }
  WorkloadEstimate estimate;
  estimate.workload = absl::Hours(workload_hours);
  estimate.exact_agents = exact_agents;
  estimate.agents = CeilAgents(exact_agents);
  return estimate;
}

}  // namespace escala::server
