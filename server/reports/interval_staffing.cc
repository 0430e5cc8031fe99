#include "server/reports/interval_staffing.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace escala::server {
namespace {

absl::Status WithForecastIndex(const absl::Status& status, size_t index) {
  return absl::Status(status.code(), absl::StrCat("forecasts[", index, "].", status.message()));
}

}  // namespace

absl::StatusOr<std::vector<IntervalRequirement>> StaffIntervals(
    const std::vector<IntervalForecast>& forecasts, absl::Duration interval_length,
    absl::Duration mean_patience, const ServiceTarget& target) {
  if (absl::Status status = ValidatePositiveDuration(interval_length, "interval_length");
      !status.ok()) {
    return status;
  }
  const absl::Duration week = absl::Hours(7 * 24);
  absl::Duration remainder;
  const int64_t intervals_per_week = absl::IDivDuration(week, interval_length, &remainder);
  if (remainder != absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("interval_length must divide a week into whole intervals, got ",
                     absl::FormatDuration(interval_length)));
  }
  if (absl::Status status = ValidatePositiveDuration(mean_patience, "mean_patience");
      !status.ok()) {
    return status;
  }
  if (absl::Status status = ValidateServiceTarget(target); !status.ok()) return status;

  std::vector<bool> seen(static_cast<size_t>(intervals_per_week), false);
  for (size_t i = 0; i < forecasts.size(); ++i) {
    const int index = forecasts[i].interval_of_week;
    if (index < 0 || index >= intervals_per_week) {
      return absl::InvalidArgumentError(absl::StrCat(
          "forecasts[", i, "].interval_of_week must be in [0, ", intervals_per_week,
          ") for intervals of ", absl::FormatDuration(interval_length), ", got ", index));
    }
    if (seen[index]) {
      return absl::InvalidArgumentError(
          absl::StrCat("forecasts[", i, "].interval_of_week ", index, " appears more than once"));
    }
    seen[index] = true;
  }

  // Sized in week order, whatever order the forecast came in.
  std::vector<size_t> order(forecasts.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&forecasts](size_t a, size_t b) {
    return forecasts[a].interval_of_week < forecasts[b].interval_of_week;
  });
  std::vector<IntervalRequirement> requirements;
  requirements.reserve(forecasts.size());
  for (size_t i : order) {
    const IntervalForecast& forecast = forecasts[i];
    const QueueTraffic traffic = {.contacts = forecast.contacts,
                                  .interval = interval_length,
                                  .average_handle_time = forecast.average_handle_time};
    IntervalRequirement requirement;
    requirement.interval_of_week = forecast.interval_of_week;
    absl::StatusOr<double> erlangs = OfferedLoadErlangs(traffic);
    if (!erlangs.ok()) return WithForecastIndex(erlangs.status(), i);
    requirement.offered_erlangs = *erlangs;
    absl::StatusOr<ErlangCStaffing> erlang_c = StaffErlangC(traffic, target);
    if (!erlang_c.ok()) return WithForecastIndex(erlang_c.status(), i);
    requirement.erlang_c = *std::move(erlang_c);
    absl::StatusOr<ErlangAStaffing> erlang_a = StaffErlangA(traffic, mean_patience, target);
    if (!erlang_a.ok()) return WithForecastIndex(erlang_a.status(), i);
    requirement.erlang_a = *std::move(erlang_a);
    requirements.push_back(std::move(requirement));
  }
  return requirements;
}

}  // namespace escala::server
