#pragma once

#include <string>

#include "absl/status/status.h"
#include "client/core/table_printer.h"
#include "client/reports/svg_chart.h"
#include "escala/v1/staffing.pb.h"

namespace escala::client {

// "Mon 09:00" for the interval of the week starting `interval_seconds` × index after Monday
// 00:00.
std::string IntervalLabel(int interval_of_week, int64_t interval_seconds);

// A row per interval that had contacts: its start, contacts per week, AHT, Erlangs, and both
// models' agents, scheduled headcount and service level (Erlang A also its abandonment).
Table StaffingPlanTable(const v1::PlanStaffingFromHistoryResponse& plan,
                        int64_t interval_seconds = 1800);

// The chart of `staffing --from-history --chart`: agents needed per interval, Erlang C and
// Erlang A side by side.
ChartSpec StaffingChart(const v1::PlanStaffingFromHistoryResponse& plan,
                        int64_t interval_seconds = 1800);

absl::Status WriteStaffingChart(const v1::PlanStaffingFromHistoryResponse& plan,
                                const std::string& path, int64_t interval_seconds = 1800);

}  // namespace escala::client
