#include "server/reports/erlang_c.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/reports/rounding.h"

namespace escala::server {
namespace {

// Comparisons against a target forgive rounding noise in the last bits: an occupancy of exactly
// 0.8 computed as 8 ÷ 10 must meet a cap of 0.8.
constexpr double kErlangCSlack = 1e-12;

absl::Status ValidateLoad(int agents, double erlangs) {
  if (agents < 0) {
    return absl::InvalidArgumentError(absl::StrCat("agents must be >= 0, got ", agents));
  }
  if (!std::isfinite(erlangs) || erlangs < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("erlangs must be a finite number >= 0, got ", erlangs));
  }
  return absl::OkStatus();
}

// One step of the Erlang B recursion, B(k) from B(k − 1): every intermediate value is a
// probability in [0, 1], which is why it stays exact for thousands of agents where A^N ÷ N!
// overflows a double past N ≈ 170.
double NextErlangB(double previous, int k, double erlangs) {
  const double carried = erlangs * previous;
  return carried / (k + carried);
}

// C from B; the caller has checked agents > erlangs, so the denominator is positive.
double WaitProbabilityFromB(int agents, double erlangs, double b) {
  return agents * b / (agents - erlangs * (1 - b));
}

ErlangCMetrics MetricsFromB(const QueueTraffic& traffic, double erlangs, int agents, double b,
                            absl::Duration answer_time) {
  ErlangCMetrics metrics;
  metrics.agents = agents;
  metrics.offered_erlangs = erlangs;
  const double wait = WaitProbabilityFromB(agents, erlangs, b);
  metrics.wait_probability = wait;
  metrics.answered_immediately = 1 - wait;
  // The wait of a contact that queues is exponential with rate (N − A) ÷ AHT.
  const double spare = agents - erlangs;
  metrics.service_level =
      1 - wait * std::exp(-spare * absl::FDivDuration(answer_time, traffic.average_handle_time));
  metrics.average_speed_of_answer = traffic.average_handle_time * (wait / spare);
  metrics.occupancy = erlangs / agents;
  return metrics;
}

}  // namespace

absl::StatusOr<double> ErlangB(int agents, double erlangs) {
  if (absl::Status status = ValidateLoad(agents, erlangs); !status.ok()) return status;
  double b = 1.0;
  for (int k = 1; k <= agents; ++k) b = NextErlangB(b, k, erlangs);
  return b;
}

absl::StatusOr<double> ErlangCWaitProbability(int agents, double erlangs) {
  if (absl::Status status = ValidateLoad(agents, erlangs); !status.ok()) return status;
  if (agents <= erlangs) {
    return absl::InvalidArgumentError(absl::StrCat("agents must be more than erlangs (", erlangs,
                                                   ") for the queue to settle, got ", agents));
  }
  const absl::StatusOr<double> b = ErlangB(agents, erlangs);
  if (!b.ok()) return b.status();
  return WaitProbabilityFromB(agents, erlangs, *b);
}

absl::StatusOr<ErlangCMetrics> EvaluateErlangC(const QueueTraffic& traffic, int agents,
                                               absl::Duration answer_time) {
  const absl::StatusOr<double> erlangs = OfferedLoadErlangs(traffic);
  if (!erlangs.ok()) return erlangs.status();
  if (agents < 1 || agents <= *erlangs) {
    return absl::InvalidArgumentError(
        absl::StrCat("agents must be >= 1 and more than the offered load (", *erlangs,
                     " Erlangs) for the queue to settle, got ", agents));
  }
  if (answer_time < absl::ZeroDuration() || answer_time == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(absl::StrCat("answer_time must be finite and >= 0, got ",
                                                   absl::FormatDuration(answer_time)));
  }
  const absl::StatusOr<double> b = ErlangB(agents, *erlangs);
  if (!b.ok()) return b.status();
  return MetricsFromB(traffic, *erlangs, agents, *b, answer_time);
}

absl::StatusOr<ErlangCStaffing> StaffErlangC(const QueueTraffic& traffic,
                                             const ServiceTarget& target) {
  const absl::StatusOr<double> erlangs = OfferedLoadErlangs(traffic);
  if (!erlangs.ok()) return erlangs.status();
  if (absl::Status status = ValidateServiceTarget(target); !status.ok()) return status;
  if (absl::Status status = ValidateStaffingBounds(*erlangs, target); !status.ok()) return status;
  ErlangCStaffing staffing;
  if (*erlangs == 0) return staffing;  // No contacts, no agents: nothing waits.

  // Start at the least N the queue settles with, ⌊A⌋ + 1, and walk up one agent at a time,
  // carrying B(N) forward so that the whole search costs one pass of the recursion. It ends:
  // the service level tends to 1 (> target) and the occupancy A ÷ N to 0 as N grows.
  int agents = static_cast<int>(std::floor(*erlangs)) + 1;
  double b = 1.0;
  for (int k = 1; k <= agents; ++k) b = NextErlangB(b, k, *erlangs);
  while (true) {
    const ErlangCMetrics metrics = MetricsFromB(traffic, *erlangs, agents, b, target.answer_time);
    if (metrics.service_level + kErlangCSlack >= target.service_level &&
        metrics.occupancy <= target.max_occupancy + kErlangCSlack) {
      staffing.agents = agents;
      absl::StatusOr<int> scheduled = ScheduledAgents(agents, target.shrinkage);
      if (!scheduled.ok()) return scheduled.status();
      staffing.scheduled_agents = *scheduled;
      staffing.metrics = metrics;
      return staffing;
    }
    ++agents;
    b = NextErlangB(b, agents, *erlangs);
  }
}

}  // namespace escala::server
