#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace escala::server {

// What the queueing models (Erlang C, Erlang A) share: the traffic one queue is offered in one
// interval and the target a staffing calculation must reach. Times are absl::Duration so that no
// caller has to guess whether a number means seconds or minutes.

struct QueueTraffic {
  // Contacts arriving in the interval, >= 0 (a forecast may be fractional).
  double contacts = 0;
  // The interval's length, > 0: 30 minutes for "100 calls per half hour".
  absl::Duration interval;
  // Mean handle time per contact (talk + hold + after-contact work), > 0.
  absl::Duration average_handle_time;
};

// The offered load in Erlangs, A = contacts × AHT ÷ interval: the mean number of agents busy if
// every contact were served the moment it arrived. INVALID_ARGUMENT naming the field that breaks
// its rule, also for a load above 10,000 Erlangs.
absl::StatusOr<double> OfferedLoadErlangs(const QueueTraffic& traffic);

struct ServiceTarget {
  // Share of all arriving contacts to answer within answer_time, in (0, 1): 0.8 for "80/20". 1
  // is refused: with random arrivals no finite team answers every contact within a fixed time.
  double service_level = 0.8;
  // The threshold T of the service level, >= 0 (0: answered without waiting at all).
  absl::Duration answer_time = absl::Seconds(20);
  // Highest acceptable occupancy (share of on-queue agent time spent on contacts), in (0, 1]:
  // past about 85 % agents burn out, so a plan may need more agents than the service level does.
  double max_occupancy = 1.0;
  // Highest acceptable share of contacts abandoning, in (0, 1]. Only Erlang A, which models
  // abandonment, uses it; Erlang C assumes nobody hangs up.
  double max_abandonment = 1.0;
  // Share of paid time agents are not on the queue (breaks, training, absence, meetings), in
  // [0, 1): the scheduled headcount is the on-queue headcount ÷ (1 − shrinkage).
  double shrinkage = 0.0;
};

// OK, or INVALID_ARGUMENT naming the field of `target` that breaks its rule.
absl::Status ValidateServiceTarget(const ServiceTarget& target);

// For a valid target: OK, or INVALID_ARGUMENT when its occupancy cap alone would call for more
// than a million agents for `erlangs` (a cap of 1e-9 is a data error, and the counts must stay
// inside an int).
absl::Status ValidateStaffingBounds(double erlangs, const ServiceTarget& target);

// Checked: a positive, finite duration; INVALID_ARGUMENT "<name> must be ..." otherwise.
absl::Status ValidatePositiveDuration(absl::Duration value, const char* name);

// ⌈agents ÷ (1 − shrinkage)⌉: the headcount to schedule so that `agents` are on the queue.
// INVALID_ARGUMENT when that is more than a million (a shrinkage of 0.999999 is a data error).
absl::StatusOr<int> ScheduledAgents(int agents, double shrinkage);

}  // namespace escala::server
