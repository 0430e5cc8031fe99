#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/reports/queue_traffic.h"

namespace escala::server {

// Erlang A (the M/M/N+M queue): Erlang C's Poisson arrivals, exponential handle times and N
// agents, plus callers who hang up after an exponential patience with mean θ. Abandonment keeps
// the queue finite at any load, so unlike Erlang C it has an answer with fewer agents than
// Erlangs, and it does not over-staff a queue whose callers do hang up.
//
// Method: the number of contacts in the system is a birth–death chain (births at λ, deaths at
// min(n, N)·μ + max(n − N, 0)·θ); its stationary distribution is computed exactly, in
// logarithms, over as many states as it takes for the tail beyond the last one to fall under
// 1e-18 of the total (a geometric bound, as the death rate only grows past N). The state
// distribution gives P(wait), the mean queue and, by Little's law, abandonment and the mean wait.
// The service level needs the wait of a tagged contact that finds j others queued: it moves up at
// the rates N·μ + k·θ (k = j … 0) and abandons at rate θ, so with V the sum of those exponential
// stages, P(answered within T) = E[e^{−θV}; V ≤ T]. e^{−θV} has the Beta(N·μ/θ, j + 1)
// distribution (the moments match: both are ∏ (α + k) ÷ (α + k + s)), and with an integer
// second parameter the incomplete beta function it needs is a finite negative-binomial sum,
// evaluated by its term ratio in logarithms. This is exact — no uniformisation or Poisson
// truncation — and stays accurate for patience a million times the handle time, where Erlang A
// must (and does) agree with Erlang C.

struct ErlangAMetrics {
  int agents = 0;
  double offered_erlangs = 0;
  // P(an arrival finds all agents busy and queues).
  double wait_probability = 0;
  // P(an arrival hangs up before being answered) = θ·Lq ÷ λ.
  double abandon_probability = 0;
  // Share of all arrivals answered within the answer-time threshold; abandoners count as not.
  double service_level = 1;
  // Mean wait of the answered contacts (what a wallboard's ASA shows); tends to Erlang C's ASA
  // as patience grows.
  absl::Duration average_speed_of_answer;
  // Mean wait over all arrivals, abandoners included (Lq ÷ λ).
  absl::Duration average_wait;
  // Share of on-queue agent time spent on contacts: λ·(1 − P(abandon))·AHT ÷ N.
  double occupancy = 0;
};

// The queue's figures with `agents` (>= 1) and callers of mean patience `mean_patience` (> 0),
// for an answer-time threshold `answer_time` (>= 0). INVALID_ARGUMENT naming the argument that
// breaks its rule, also when the chain would need more than a million states (a heavily
// overloaded queue whose callers almost never hang up: use fewer Erlangs or a shorter patience).
absl::StatusOr<ErlangAMetrics> EvaluateErlangA(const QueueTraffic& traffic,
                                               absl::Duration mean_patience, int agents,
                                               absl::Duration answer_time);

struct ErlangAStaffing {
  // The least number of agents on the queue meeting target.service_level within
  // target.answer_time with occupancy <= target.max_occupancy and abandonment <=
  // target.max_abandonment; 0 when no contact arrives.
  int agents = 0;
  // agents ÷ (1 − target.shrinkage), rounded up.
  int scheduled_agents = 0;
  // The figures at `agents` (for no traffic: no agents, nobody waits, service level 1).
  ErlangAMetrics metrics;
};

// Sizes the queue for `target`. INVALID_ARGUMENT naming the field that breaks its rule.
absl::StatusOr<ErlangAStaffing> StaffErlangA(const QueueTraffic& traffic,
                                             absl::Duration mean_patience,
                                             const ServiceTarget& target);

}  // namespace escala::server
