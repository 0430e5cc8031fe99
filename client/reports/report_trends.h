#pragma once

#include <string>

#include "escala/v1/reports.pb.h"

namespace escala::client {

// A KPI's value in its unit: "62.5%" for shares, "612.0 s" for times, "3.50" for means,
// "+12.0" for NPS, "-" without a value.
std::string FormatKpi(const v1::KpiValue& value);

// The trend lines printed under the table of `escala report kpis`: one per metric, its
// sparkline across the buckets (scaled between the metric's own lowest and highest value, so a
// small move still shows) and that lowest and highest value. Empty with fewer than two buckets,
// which have no trend. `utf8` picks the block characters or their ASCII stand-ins.
std::string KpiTrendLines(const v1::KpiReport& report, bool utf8);

// The same for `escala report qa`: the evaluations, the mean score and the critical failure
// rate across the buckets.
std::string QaTrendLines(const v1::QaReport& report, bool utf8);

}  // namespace escala::client
