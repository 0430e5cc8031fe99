#include "client/reports/staffing_plan.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace escala::client {

std::string IntervalLabel(int interval_of_week, int64_t interval_seconds) {
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  const int64_t since = interval_of_week * interval_seconds;
  const int day = static_cast<int>(since / 86400) % 7;
  const int64_t minute = since % 86400 / 60;
  return absl::StrFormat("%s %02d:%02d", kDays[day], minute / 60, minute % 60);
}

Table StaffingPlanTable(const v1::PlanStaffingFromHistoryResponse& plan, int64_t interval_seconds) {
  Table table;
  // Short enough for a 120-column terminal: C_ is Erlang C, A_ Erlang A, SL the service level.
  table.header = {"INTERVAL", "CONTACTS", "AHT",         "ERLANGS", "C_AGENTS", "C_SCHEDULED",
                  "C_SL",     "A_AGENTS", "A_SCHEDULED", "A_SL",    "A_ABANDON"};
  for (const v1::IntervalStaffing& i : plan.intervals()) {
    table.rows.push_back(
        {IntervalLabel(i.interval_of_week(), interval_seconds),
         absl::StrFormat("%.1f", i.contacts()),
         absl::StrFormat("%.0fs",
                         i.average_handle_time().seconds() + i.average_handle_time().nanos() / 1e9),
         absl::StrFormat("%.2f", i.offered_erlangs()), absl::StrCat(i.erlang_c_agents()),
         absl::StrCat(i.erlang_c_scheduled_agents()),
         absl::StrFormat("%.1f%%", i.erlang_c_service_level() * 100),
         absl::StrCat(i.erlang_a_agents()), absl::StrCat(i.erlang_a_scheduled_agents()),
         absl::StrFormat("%.1f%%", i.erlang_a_service_level() * 100),
         absl::StrFormat("%.1f%%", i.erlang_a_abandon_probability() * 100)});
  }
  return table;
}

ChartSpec StaffingChart(const v1::PlanStaffingFromHistoryResponse& plan, int64_t interval_seconds) {
  ChartSpec spec;
  spec.title = "Agents needed per interval";
  spec.x_label = absl::StrCat("Interval of the week (", plan.time_zone(), ")");
  spec.y_label = "Agents on the queue";
  spec.whole_numbers = true;
  ChartSeries c{"Erlang C", {}};
  ChartSeries a{"Erlang A", {}};
  for (const v1::IntervalStaffing& i : plan.intervals()) {
    spec.categories.push_back(IntervalLabel(i.interval_of_week(), interval_seconds));
    c.values.push_back(i.erlang_c_agents());
    a.values.push_back(i.erlang_a_agents());
  }
  spec.series = {c, a};
  return spec;
}

absl::Status WriteStaffingChart(const v1::PlanStaffingFromHistoryResponse& plan,
                                const std::string& path, int64_t interval_seconds) {
  return WriteChartFile(RenderBarChart(StaffingChart(plan, interval_seconds)), path);
}

}  // namespace escala::client
