#pragma once

#include "client/core/table_printer.h"
#include "client/reports/svg_chart.h"
#include "escala/v1/reports.pb.h"

namespace escala::client {

// The failure rate of every criterion of a QA report, one row each in the report's order
// (highest rate first): scorecard, criterion key, title, evaluations scored, failed, the rate
// and '*' for a small n.
Table CriterionFailureTable(const v1::QaReport& report);

// The bar chart of the same: one bar per criterion (its key, "scorecard/key" when the report
// covers several scorecards), its failure rate on 0–100 %.
ChartSpec CriterionFailureChart(const v1::QaReport& report);

}  // namespace escala::client
