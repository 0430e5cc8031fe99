#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace escala::server {

// First-cut sizing of a team from its workload, the back-of-the-envelope calculation a new
// department starts with (500 contacts a day × 10 minutes = 5,000 minutes ≈ 83.3 hours; at 7
// productive hours per agent a day, 12 agents). It ignores queueing: contacts are assumed to
// wait as long as it takes, so it suits back-office work (email, web forms) and is a lower bound
// for real-time channels, which Erlang C and Erlang A size.
struct WorkloadInput {
  // Contacts in the period (a day, a week...), >= 0; a forecast may be fractional.
  double contacts = 0;
  // Mean handle time per contact, > 0.
  absl::Duration average_handle_time;
  // Productive (on-contact) time one agent gives in the same period, > 0: 7 hours of an 8-hour
  // day in the example above.
  absl::Duration productive_time_per_agent;
  // Share of the productive time still lost to absence, training and meetings, in [0, 1). Leave
  // it 0 when productive_time_per_agent already excludes them, as the 7 hours above do.
  double shrinkage = 0;
};

struct WorkloadEstimate {
  // contacts × average_handle_time.
  absl::Duration workload;
  // workload ÷ (productive_time_per_agent × (1 − shrinkage)), unrounded (11.9 in the example).
  double exact_agents = 0;
  // exact_agents rounded up: a fraction of an agent is a whole person on the rota.
  int agents = 0;
};

// agents = ⌈contacts × AHT ÷ (productive time per agent × (1 − shrinkage))⌉, with the time units
// carried by absl::Duration. INVALID_ARGUMENT naming the field when one breaks its rule.
absl::StatusOr<WorkloadEstimate> SizeWorkload(const WorkloadInput& input);

}  // namespace escala::server
