#include "server/reports/queue_traffic.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "server/reports/rounding.h"

namespace escala::server {

// Past this load a single queue in a single interval is a data error, not a contact centre (the
// largest single-skill queues run to a few thousand agents); the bound also keeps Erlang A's
// agent-by-agent search quick.
constexpr double kMaxErlangs = 10'000;
// The most agents a plan may call for, on the queue or scheduled: beyond it a near-zero occupancy
// cap or a shrinkage close to 1 has asked for the impossible.
constexpr int kMaxAgents = 1'000'000;

absl::Status ValidatePositiveDuration(absl::Duration value, const char* name) {
  if (value <= absl::ZeroDuration() || value == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " must be positive and finite, got ", absl::FormatDuration(value)));
  }
  return absl::OkStatus();
}

absl::StatusOr<double> OfferedLoadErlangs(const QueueTraffic& traffic) {
  if (!std::isfinite(traffic.contacts) || traffic.contacts < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("contacts must be a finite number >= 0, got ", traffic.contacts));
  }
  if (absl::Status status = ValidatePositiveDuration(traffic.interval, "interval"); !status.ok()) {
    return status;
  }
  if (absl::Status status =
          ValidatePositiveDuration(traffic.average_handle_time, "average_handle_time");
      !status.ok()) {
    return status;
  }
  // A ratio of two durations: the units cancel, whatever the caller wrote them in.
  const double erlangs =
      traffic.contacts * absl::FDivDuration(traffic.average_handle_time, traffic.interval);
  if (erlangs > kMaxErlangs) {
    return absl::InvalidArgumentError(
        absl::StrCat("contacts × average_handle_time ÷ interval must be at most ", kMaxErlangs,
                     " Erlangs, got ", erlangs));
  }
  return erlangs;
}

absl::Status ValidateServiceTarget(const ServiceTarget& target) {
  if (!(target.service_level > 0 && target.service_level < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("service_level must be in (0, 1), got ", target.service_level));
  }
  if (target.answer_time < absl::ZeroDuration() || target.answer_time == absl::InfiniteDuration()) {
    return absl::InvalidArgumentError(absl::StrCat("answer_time must be finite and >= 0, got ",
                                                   absl::FormatDuration(target.answer_time)));
  }
  if (!(target.max_occupancy > 0 && target.max_occupancy <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_occupancy must be in (0, 1], got ", target.max_occupancy));
  }
  if (!(target.max_abandonment > 0 && target.max_abandonment <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_abandonment must be in (0, 1], got ", target.max_abandonment));
  }
  if (!(target.shrinkage >= 0 && target.shrinkage < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("shrinkage must be in [0, 1), got ", target.shrinkage));
  }
  return absl::OkStatus();
}

absl::Status ValidateStaffingBounds(double erlangs, const ServiceTarget& target) {
  // The occupancy cap alone asks for ⌈A ÷ cap⌉ agents.
  const double capped = std::ceil(erlangs / target.max_occupancy);
  if (capped > kMaxAgents) {
    return absl::InvalidArgumentError(absl::StrCat("max_occupancy ", target.max_occupancy,
                                                   " needs more than ", kMaxAgents, " agents for ",
                                                   erlangs, " Erlangs"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> ScheduledAgents(int agents, double shrinkage) {
  const double scheduled = static_cast<double>(agents) / (1 - shrinkage);
  if (scheduled > kMaxAgents) {
    return absl::InvalidArgumentError(absl::StrCat("shrinkage ", shrinkage,
                                                   " would schedule more than ", kMaxAgents,
                                                   " agents for ", agents, " on the queue"));
  }
  return CeilAgents(scheduled);
}

}  // namespace escala::server
