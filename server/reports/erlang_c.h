#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/reports/queue_traffic.h"

namespace escala::server {

// Erlang C (the M/M/N queue): Poisson arrivals, exponential handle times, N agents and callers
// who wait as long as it takes. Nobody abandons, so it over-staffs a queue whose callers do hang
// up; Erlang A (erlang_a.h) models them.

// Erlang B, the share of arrivals that find all `agents` busy in a loss system offered `erlangs`,
// for agents >= 0 and erlangs >= 0. INVALID_ARGUMENT naming the argument otherwise.
absl::StatusOr<double> ErlangB(int agents, double erlangs);

// Erlang C, the probability that an arriving contact waits: C = N·B ÷ (N − A·(1 − B)) with B the
// Erlang B of the same N and A. Requires agents > erlangs (otherwise the queue grows without
// end); INVALID_ARGUMENT naming the argument and the rule.
absl::StatusOr<double> ErlangCWaitProbability(int agents, double erlangs);

struct ErlangCMetrics {
  int agents = 0;
  double offered_erlangs = 0;
  // P(wait) = C(N, A).
  double wait_probability = 0;
  // 1 − P(wait): answered without waiting.
  double answered_immediately = 1;
  // Share answered within T: 1 − C·e^{−(N − A)·T ÷ AHT}.
  double service_level = 1;
  // ASA, the mean wait over all contacts: C·AHT ÷ (N − A).
  absl::Duration average_speed_of_answer;
  // A ÷ N.
  double occupancy = 0;
};

// The queue's figures with `agents` on it (>= 1, > the offered load) and answer-time threshold
// `answer_time` (>= 0). INVALID_ARGUMENT naming the argument that breaks its rule.
absl::StatusOr<ErlangCMetrics> EvaluateErlangC(const QueueTraffic& traffic, int agents,
                                               absl::Duration answer_time);

struct ErlangCStaffing {
  // The least number of agents on the queue meeting target.service_level within
  // target.answer_time with an occupancy of at most target.max_occupancy; 0 when no contact
  // arrives.
  int agents = 0;
  // agents ÷ (1 − target.shrinkage), rounded up: the headcount to schedule.
  int scheduled_agents = 0;
  // The figures at `agents` (for no traffic: no agents, nobody waits, service level 1).
  ErlangCMetrics metrics;
};

// Sizes the queue for `target` (target.max_abandonment is ignored: Erlang C has no abandonment).
// INVALID_ARGUMENT naming the field that breaks its rule.
absl::StatusOr<ErlangCStaffing> StaffErlangC(const QueueTraffic& traffic,
                                             const ServiceTarget& target);

}  // namespace escala::server
