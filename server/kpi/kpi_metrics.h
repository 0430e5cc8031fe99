#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "db/summaries/kpi_summary_delta.h"
#include "escala/v1/reports.pb.h"

namespace escala::server {

// The n below which a report flags a value low_sample.
inline constexpr int64_t kLowSampleThreshold = 30;

// The metrics of a preset, in the order a report shows them; every metric for UNSPECIFIED.
std::vector<v1::KpiMetric> PresetMetrics(v1::KpiPreset preset);

// How a KPI is computed from the counters (kpi_summaries columns): scale × (numerator −
// subtracted) / n, absent when n is 0.
struct KpiDefinition {
  db::KpiCounter numerator;
  std::optional<db::KpiCounter> subtracted;
  db::KpiCounter n;
  double scale;
};

// The definition of `metric` (see reports.proto); nullopt for UNSPECIFIED or an unknown value.
std::optional<KpiDefinition> KpiDefinitionOf(v1::KpiMetric metric);

// The counters ComputeKpi reads for `metric`, as indexes into the counters: a read that sums
// only these computes the same value.
std::vector<std::size_t> KpiCountersOf(v1::KpiMetric metric);

// One KPI computed from the counters of a bucket (kpi_summaries columns, summed over its days):
// the ratio at read time, with its n (see reports.proto for each definition).
v1::KpiValue ComputeKpi(v1::KpiMetric metric, const std::vector<int64_t>& counters);

}  // namespace escala::server
