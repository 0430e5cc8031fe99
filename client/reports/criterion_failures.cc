#include "client/reports/criterion_failures.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace escala::client {

Table CriterionFailureTable(const v1::QaReport& report) {
  Table table;
  table.header = {"SCORECARD", "CRITERION", "TITLE", "SCORED", "FAILED", "RATE", "LOW"};
  table.whole_columns = {0, 1};
  for (const v1::CriterionFailureRate& c : report.criteria()) {
    table.rows.push_back({c.scorecard_id(), c.criterion_key(), c.title(), absl::StrCat(c.scored()),
                          absl::StrCat(c.failed()),
                          c.has_failure_rate() ? absl::StrFormat("%.1f%%", c.failure_rate()) : "-",
                          c.low_sample() ? "*" : ""});
  }
  return table;
}

ChartSpec CriterionFailureChart(const v1::QaReport& report) {
  ChartSpec spec;
  spec.title = "Failure rate per criterion";
  spec.y_label = "Failed";
  spec.y_unit = "%";
  spec.y_min = 0;
  spec.y_max = 100;
  // The scorecard is named only when the report covers several: keys are short, labels must fit
  // under their bar.
  bool several_scorecards = false;
  for (const v1::CriterionFailureRate& c : report.criteria()) {
    several_scorecards =
        several_scorecards || c.scorecard_id() != report.criteria(0).scorecard_id();
  }
  spec.x_label = several_scorecards ? "Criterion (scorecard/key)" : "Criterion";
  // Room for a label of about 16 characters under every bar.
  spec.width = std::max(spec.width, 220 + 120 * report.criteria_size());
  ChartSeries failed{"failed", {}};
  for (const v1::CriterionFailureRate& c : report.criteria()) {
    spec.categories.push_back(several_scorecards
                                  ? absl::StrCat(c.scorecard_id(), "/", c.criterion_key())
                                  : c.criterion_key());
    failed.values.push_back(c.has_failure_rate() ? std::optional<double>(c.failure_rate())
                                                 : std::nullopt);
  }
  spec.series = {std::move(failed)};
  return spec;
}

}  // namespace escala::client
