#pragma once

#include "client/reports/svg_chart.h"
#include "escala/v1/reports.pb.h"

namespace escala::client {

// The chart of `escala report kpis --chart`: one line per KPI that is a share of contacts (FCR,
// CSAT top-2-box, escalation, abandon and resolution rates), 0–100 % over the buckets. Times,
// means and NPS are left out: they have other units and would flatten the shares on one axis.
// A bucket without a value leaves a gap.
ChartSpec KpiShareChart(const v1::KpiReport& report);

// The chart of `escala report qa --chart`: the mean score per bucket with the two ends of its
// 95 % interval as lines of their own, on 0–100.
ChartSpec QaScoreChart(const v1::QaReport& report);

}  // namespace escala::client
