#pragma once

// The SLA policy the SLA tests measure with, and its hand-computed consequences.
//
// Business hours Monday–Friday 09:00–17:00 Europe/Madrid, closed on Easter Monday 2026-04-06.
// Targets (first response / resolution):
//   urgent  1 h calendar   / 8 h calendar
//   high    2 h business   / 16 h business
//   medium  4 h business   / 40 h business
//   low     48 h calendar  / 120 h calendar
//
// Spain moves to summer time on Sunday 2026-03-29 (UTC+1 → UTC+2).

#include <string>

#include "escala/v1/sla_policies.pb.h"

namespace escala::testing {

inline v1::SlaTarget TestSlaTarget(int64_t hours, v1::SlaClock clock) {
  v1::SlaTarget target;
  target.mutable_within()->set_seconds(hours * 3600);
  target.set_clock(clock);
  return target;
}

inline v1::SlaPolicy TestSlaPolicy(const std::string& sla_policy_id) {
  v1::SlaPolicy policy;
  policy.set_sla_policy_id(sla_policy_id);
  policy.set_title("Support SLA");
  policy.set_description("Spanish business hours");
  struct Row {
    v1::Priority priority;
    int64_t first, resolution;
    v1::SlaClock clock;
  };
  for (const Row& row : {Row{v1::PRIORITY_URGENT, 1, 8, v1::SLA_CLOCK_CALENDAR_HOURS},
                         Row{v1::PRIORITY_HIGH, 2, 16, v1::SLA_CLOCK_BUSINESS_HOURS},
                         Row{v1::PRIORITY_MEDIUM, 4, 40, v1::SLA_CLOCK_BUSINESS_HOURS},
                         Row{v1::PRIORITY_LOW, 48, 120, v1::SLA_CLOCK_CALENDAR_HOURS}}) {
    v1::SlaPriorityTargets* targets = policy.add_targets();
    targets->set_priority(row.priority);
    *targets->mutable_first_response() = TestSlaTarget(row.first, row.clock);
    *targets->mutable_resolution() = TestSlaTarget(row.resolution, row.clock);
  }
  v1::BusinessHoursCalendar* calendar = policy.mutable_calendar();
  calendar->set_time_zone("Europe/Madrid");
  for (int day = v1::WEEKDAY_MONDAY; day <= v1::WEEKDAY_FRIDAY; ++day) {
    v1::OpeningHours* hours = calendar->add_opening_hours();
    hours->set_weekday(static_cast<v1::Weekday>(day));
    hours->set_open_minute(9 * 60);
    hours->set_close_minute(17 * 60);
  }
  calendar->add_holiday_dates("2026-04-06");
  return policy;
}

}  // namespace escala::testing
