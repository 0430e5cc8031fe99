#include "server/reports/erlang_a.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/reports/rounding.h"

namespace escala::server {
namespace {

// See the header: beyond this the chain is a data error more than a queue.
constexpr int kMaxStates = 1'000'000;
// The tail beyond the last state kept is below this share of the probability mass.
constexpr double kTailShare = 1e-18;
constexpr double kSlack = 1e-12;

// Rates per second.
struct Rates {
  double arrival = 0;      // λ
  double service = 0;      // μ = 1 ÷ AHT
  double abandonment = 0;  // θ = 1 ÷ mean patience
};

// p[n], n = 0 … size − 1, the stationary probability of n contacts in the system; nullopt when
// it needs more than kMaxStates states.
std::optional<std::vector<double>> StationaryDistribution(const Rates& rates, int agents) {
  // An overloaded queue (λ > N·μ) grows until abandonment takes up the excess, around (λ − N·μ)
  // ÷ θ waiting: known in advance to be too many, it is refused without walking there.
  if (rates.arrival > agents * rates.service &&
      agents + (rates.arrival - agents * rates.service) / rates.abandonment >= kMaxStates) {
    return std::nullopt;
  }
  // log p[n] relative to p[0]; ratios p[n] ÷ p[n − 1] = λ ÷ death(n). Logarithms, because with a
  // heavy load the unnormalised terms climb far past a double's range before they fall.
  std::vector<double> log_terms = {0.0};
  double peak = 0.0;
  for (int n = 1;; ++n) {
    if (n >= kMaxStates) return std::nullopt;
    const double death =
        std::min(n, agents) * rates.service + std::max(n - agents, 0) * rates.abandonment;
    const double ratio = rates.arrival / death;
    const double log_term = log_terms.back() + std::log(ratio);
    log_terms.push_back(log_term);
    peak = std::max(peak, log_term);
    // Past N the ratios only fall, so the tail is at most term × ratio ÷ (1 − ratio).
    if (n > agents && ratio < 1 &&
        log_term + std::log(ratio / (1 - ratio)) < peak + std::log(kTailShare)) {
      break;
    }
  }
  std::vector<double> p(log_terms.size());
  double total = 0;
  for (size_t n = 0; n < p.size(); ++n) {
    p[n] = std::exp(log_terms[n] - peak);
    total += p[n];
  }
  for (double& value : p) value /= total;
  return p;
}

// The figures of a validated queue; nullopt when the chain needs more than kMaxStates states.
std::optional<ErlangAMetrics> ComputeErlangA(const QueueTraffic& traffic, double erlangs,
                                             absl::Duration mean_patience, int agents,
                                             absl::Duration answer_time) {
  ErlangAMetrics metrics;
  metrics.agents = agents;
  metrics.offered_erlangs = erlangs;
  if (erlangs == 0) return metrics;  // Nobody arrives: nobody waits or abandons.

  Rates rates;
  rates.arrival = traffic.contacts / absl::ToDoubleSeconds(traffic.interval);
  rates.service = 1 / absl::ToDoubleSeconds(traffic.average_handle_time);
  rates.abandonment = 1 / absl::ToDoubleSeconds(mean_patience);
  const std::optional<std::vector<double>> distribution = StationaryDistribution(rates, agents);
  if (!distribution) return std::nullopt;
  const std::vector<double>& p = *distribution;

  // α = N·μ ÷ θ, the first Beta parameter; t = the answer-time threshold in seconds.
  const double all_busy_rate = agents * rates.service;
  const double alpha = all_busy_rate / rates.abandonment;
  const double theta_t = rates.abandonment * absl::ToDoubleSeconds(answer_time);
  // log(1 − e^{−θt}); −∞ for t = 0, which the sums below handle (e^{−∞} = 0).
  const double log_one_minus_x = std::log(-std::expm1(-theta_t));

  double answered_at_once = 0;  // P(fewer than N in the system)
  for (int n = 0; n < agents && n < static_cast<int>(p.size()); ++n) answered_at_once += p[n];
  double queued = 0;      // P(wait)
  double mean_queue = 0;  // Lq
  double eventually_answered = answered_at_once;
  double answered_in_time = answered_at_once;
  double answered_wait = 0;  // E[wait; answered]
  // Running over j = contacts ahead of the tagged one: the negative-binomial sum S_j =
  // I_{e^{−θt}}(α + 1, j + 1) term by term, and H_j = Σ_{k=1}^{j+1} 1 ÷ (N·μ + k·θ), the mean
  // time to the head of the queue of a contact that will not abandon.
  double log_term = -(alpha + 1) * theta_t;  // log of the j = 0 term, (e^{−θt})^{α+1}
  double below = 0;                          // S_j
  double harmonic = 0;                       // H_j
  for (size_t n = agents; n < p.size(); ++n) {
    const double j = static_cast<double>(n - agents);
    queued += p[n];
    mean_queue += j * p[n];
    below += std::exp(log_term);
    log_term += std::log1p(alpha / (j + 1)) + log_one_minus_x;
    harmonic += 1 / (all_busy_rate + (j + 1) * rates.abandonment);
    // P(answered | j ahead) = E[e^{−θV}] = α ÷ (α + j + 1); within t it is that times the
    // upper tail 1 − I_{e^{−θt}}(α + 1, j + 1) of the size-biased Beta(α + 1, j + 1).
    const double answered = alpha / (alpha + j + 1);
    eventually_answered += p[n] * answered;
    answered_in_time += p[n] * answered * std::max(0.0, 1 - below);
    // E[V·e^{−θV}] = E[e^{−θV}] × Σ_k 1 ÷ (rate_k + θ), the derivative of the stages' transform.
    answered_wait += p[n] * answered * harmonic;
  }
  metrics.wait_probability = queued;
  metrics.abandon_probability = rates.abandonment * mean_queue / rates.arrival;
  metrics.service_level = std::min(1.0, answered_in_time);
  metrics.average_wait = absl::Seconds(mean_queue / rates.arrival);
  metrics.average_speed_of_answer = eventually_answered > 0
                                        ? absl::Seconds(answered_wait / eventually_answered)
                                        : absl::ZeroDuration();
  metrics.occupancy = rates.arrival * (1 - metrics.abandon_probability) / (agents * rates.service);
  return metrics;
}

}  // namespace

absl::StatusOr<ErlangAMetrics> EvaluateErlangA(const QueueTraffic& traffic,
                                               absl::Duration mean_patience, int agents,
                                               absl::Duration answer_time) {
  const absl::StatusOr<double> erlangs = OfferedLoadErlangs(traffic);
  if (!erlangs.ok()) return erlangs.status();
  if (absl::Status status = ValidatePositiveDuration(mean_patience, "mean_patience");
      !status.ok()) {
    return status;
  }
  if (agents < 1) {
    return absl::InvalidArgumentError(absl::StrCat("agents must be >= 1, got ", agents));
  }
  if (answer_time < absl::ZeroDuration() || answer_time == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(absl::StrCat("answer_time must be finite and >= 0, got ",
                                                   absl::FormatDuration(answer_time)));
  }
  std::optional<ErlangAMetrics> computed =
      ComputeErlangA(traffic, *erlangs, mean_patience, agents, answer_time);
  if (!computed) {
    return absl::InvalidArgumentError(
        absl::StrCat("mean_patience is too long for this load: the queue needs more than ",
                     kMaxStates, " states to settle"));
  }
  return *std::move(computed);
}

absl::StatusOr<ErlangAStaffing> StaffErlangA(const QueueTraffic& traffic,
                                             absl::Duration mean_patience,
                                             const ServiceTarget& target) {
  const absl::StatusOr<double> erlangs = OfferedLoadErlangs(traffic);
  if (!erlangs.ok()) return erlangs.status();
  if (absl::Status status = ValidatePositiveDuration(mean_patience, "mean_patience");
      !status.ok()) {
    return status;
  }
  if (absl::Status status = ValidateServiceTarget(target); !status.ok()) return status;
  if (absl::Status status = ValidateStaffingBounds(*erlangs, target); !status.ok()) return status;
  ErlangAStaffing staffing;
  if (*erlangs == 0) return staffing;

  // No N below target × A can do: the answered share is the occupancy × N ÷ A <= N ÷ A, and the
  // service level is part of it. From there up, one agent at a time; the service level tends to
  // 1 and abandonment and occupancy to 0 as N grows, so the walk ends.
  int agents = std::max(1, static_cast<int>(std::floor(target.service_level * *erlangs)));
  while (true) {
    // An N whose chain needs over a million states holds a queue about that long: it meets no
    // service level, so the walk goes on to the next.
    std::optional<ErlangAMetrics> metrics =
        ComputeErlangA(traffic, *erlangs, mean_patience, agents, target.answer_time);
    if (metrics && metrics->service_level + kSlack >= target.service_level &&
        metrics->occupancy <= target.max_occupancy + kSlack &&
        metrics->abandon_probability <= target.max_abandonment + kSlack) {
      staffing.agents = agents;
      absl::StatusOr<int> scheduled = ScheduledAgents(agents, target.shrinkage);
      if (!scheduled.ok()) return scheduled.status();
      staffing.scheduled_agents = *scheduled;
      staffing.metrics = *std::move(metrics);
      return staffing;
    }
    ++agents;
  }
}

}  // namespace escala::server
