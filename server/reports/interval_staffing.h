#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/reports/erlang_a.h"
#include "server/reports/erlang_c.h"
#include "server/reports/queue_traffic.h"

namespace escala::server {

// Staffing a week interval by interval: each interval of a forecast week is sized on its own,
// with Erlang C and Erlang A side by side, so a planner sees both the textbook figure and what
// callers who hang up actually need.

struct IntervalForecast {
  // The interval's place in the week, counted from Monday 00:00 in steps of the interval length
  // (hour of week 0 … 167 for hourly intervals).
  int interval_of_week = 0;
  // Forecast contacts arriving in the interval, >= 0.
  double contacts = 0;
  // Forecast mean handle time, > 0.
  absl::Duration average_handle_time;
};

struct IntervalRequirement {
  int interval_of_week = 0;
  // Offered load in Erlangs (contacts × AHT ÷ interval length).
  double offered_erlangs = 0;
  ErlangCStaffing erlang_c;
  ErlangAStaffing erlang_a;
};

// One requirement per forecast, in interval_of_week order. `interval_length` must be positive
// and divide a week (15 or 30 minutes, an hour...); every interval_of_week must be in [0, week ÷
// interval_length) and appear once; mean_patience (> 0) is Erlang A's mean time callers wait
// before hanging up. INVALID_ARGUMENT naming the argument (forecasts[i].field for a forecast)
// and the rule.
absl::StatusOr<std::vector<IntervalRequirement>> StaffIntervals(
    const std::vector<IntervalForecast>& forecasts, absl::Duration interval_length,
    absl::Duration mean_patience, const ServiceTarget& target);

}  // namespace escala::server
