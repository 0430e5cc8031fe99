#pragma once

#include <cstdint>
#include <vector>

#include "escala/v1/reports.pb.h"

namespace escala::server {

// The n below which a report flags a value low_sample.
inline constexpr int64_t kLowSampleThreshold = 30;

// The metrics of a preset, in the order a report shows them; every metric for UNSPECIFIED.
std::vector<v1::KpiMetric> PresetMetrics(v1::KpiPreset preset);

// One KPI computed from the counters of a bucket (kpi_summaries columns, summed over its days):
// the ratio at read time, with its n (see reports.proto for each definition).
v1::KpiValue ComputeKpi(v1::KpiMetric metric, const std::vector<int64_t>& counters);

}  // namespace escala::server
