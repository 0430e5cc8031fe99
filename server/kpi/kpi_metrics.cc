#include "server/kpi/kpi_metrics.h"

#include "db/summaries/kpi_summary_delta.h"

namespace escala::server {
namespace {

using db::KpiCounter;

int64_t At(const std::vector<int64_t>& counters, KpiCounter counter) {
  return static_cast<std::size_t>(counter) < counters.size() ? counters[counter] : 0;
}

// value = scale × numerator / n, absent when n is 0.
v1::KpiValue Ratio(v1::KpiMetric metric, double numerator, int64_t n, double scale) {
  v1::KpiValue value;
  value.set_metric(metric);
  value.set_n(n);
  if (n > 0) value.set_value(scale * numerator / static_cast<double>(n));
  value.set_low_sample(n < kLowSampleThreshold);
  return value;
}

}  // namespace

std::vector<v1::KpiMetric> PresetMetrics(v1::KpiPreset preset) {
  switch (preset) {
    case v1::KPI_PRESET_L1:
      return {v1::KPI_METRIC_RESOLUTION_TIME, v1::KPI_METRIC_FCR, v1::KPI_METRIC_CSAT,
              v1::KPI_METRIC_CSAT_MEAN};
    case v1::KPI_PRESET_L2:
      return {v1::KPI_METRIC_ESCALATION_RATE, v1::KPI_METRIC_TECHNICAL_RESOLUTION_RATE};
    case v1::KPI_PRESET_TEAM_LEAD:
      return {v1::KPI_METRIC_FCR, v1::KPI_METRIC_AHT, v1::KPI_METRIC_CSAT,
              v1::KPI_METRIC_ESCALATION_RATE, v1::KPI_METRIC_RESOLUTION_TIME};
    case v1::KPI_PRESET_MANAGER:
      return {v1::KPI_METRIC_NPS, v1::KPI_METRIC_RESOLUTION_RATE};
    default:
      break;
  }
  std::vector<v1::KpiMetric> all;
  for (int m = v1::KPI_METRIC_FCR; m <= v1::KPI_METRIC_RESOLUTION_RATE; ++m) {
    all.push_back(static_cast<v1::KpiMetric>(m));
  }
  return all;
}

v1::KpiValue ComputeKpi(v1::KpiMetric metric, const std::vector<int64_t>& c) {
  switch (metric) {
    case v1::KPI_METRIC_FCR:
      return Ratio(metric, At(c, db::kKpiFcr), At(c, db::kKpiResolved), 100);
    case v1::KPI_METRIC_AHT:
      return Ratio(metric, At(c, db::kKpiHandleMs), At(c, db::kKpiHandleN), 0.001);
    case v1::KPI_METRIC_FIRST_RESPONSE_TIME:
      return Ratio(metric, At(c, db::kKpiFirstResponseMs), At(c, db::kKpiFirstResponseN), 0.001);
    case v1::KPI_METRIC_RESOLUTION_TIME:
      return Ratio(metric, At(c, db::kKpiResolutionMs), At(c, db::kKpiResolutionN), 0.001);
    case v1::KPI_METRIC_CSAT:
      return Ratio(metric, At(c, db::kKpiCsatTop2), At(c, db::kKpiCsatN), 100);
    case v1::KPI_METRIC_CSAT_MEAN:
      return Ratio(metric, At(c, db::kKpiCsatSum), At(c, db::kKpiCsatN), 1);
    case v1::KPI_METRIC_NPS:
      return Ratio(metric,
                   static_cast<double>(At(c, db::kKpiNpsPromoters) - At(c, db::kKpiNpsDetractors)),
                   At(c, db::kKpiNpsN), 100);
    case v1::KPI_METRIC_CES:
      return Ratio(metric, At(c, db::kKpiCesSum), At(c, db::kKpiCesN), 1);
    case v1::KPI_METRIC_ESCALATION_RATE:
      return Ratio(metric, At(c, db::kKpiEscalated), At(c, db::kKpiHandled), 100);
    case v1::KPI_METRIC_ABANDON_RATE:
      return Ratio(metric, At(c, db::kKpiAbandoned), At(c, db::kKpiOffered), 100);
    case v1::KPI_METRIC_TECHNICAL_RESOLUTION_RATE:
      return Ratio(metric, At(c, db::kKpiResolvedUnescalated), At(c, db::kKpiHandled), 100);
    case v1::KPI_METRIC_RESOLUTION_RATE:
      return Ratio(metric, At(c, db::kKpiResolved), At(c, db::kKpiContacts), 100);
    default:
      break;
  }
  v1::KpiValue value;
  value.set_metric(metric);
  return value;
}

}  // namespace escala::server
