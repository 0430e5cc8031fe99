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
  const std::optional<KpiDefinition> definition = KpiDefinitionOf(metric);
  if (!definition) {
    v1::KpiValue value;
    value.set_metric(metric);
    return value;
  }
  int64_t numerator = At(c, definition->numerator);
  if (definition->subtracted) numerator -= At(c, *definition->subtracted);
  return Ratio(metric, static_cast<double>(numerator), At(c, definition->n), definition->scale);
}

std::optional<KpiDefinition> KpiDefinitionOf(v1::KpiMetric metric) {
  using db::KpiCounter;
  auto ratio = [](KpiCounter numerator, KpiCounter n, double scale) {
    return KpiDefinition{numerator, std::nullopt, n, scale};
  };
  switch (metric) {
    case v1::KPI_METRIC_FCR:
      return ratio(db::kKpiFcr, db::kKpiResolved, 100);
    case v1::KPI_METRIC_AHT:
      return ratio(db::kKpiHandleMs, db::kKpiHandleN, 0.001);
    case v1::KPI_METRIC_FIRST_RESPONSE_TIME:
      return ratio(db::kKpiFirstResponseMs, db::kKpiFirstResponseN, 0.001);
    case v1::KPI_METRIC_RESOLUTION_TIME:
      return ratio(db::kKpiResolutionMs, db::kKpiResolutionN, 0.001);
    case v1::KPI_METRIC_CSAT:
      return ratio(db::kKpiCsatTop2, db::kKpiCsatN, 100);
    case v1::KPI_METRIC_CSAT_MEAN:
      return ratio(db::kKpiCsatSum, db::kKpiCsatN, 1);
    case v1::KPI_METRIC_NPS:
      return KpiDefinition{db::kKpiNpsPromoters, db::kKpiNpsDetractors, db::kKpiNpsN, 100};
    case v1::KPI_METRIC_CES:
      return ratio(db::kKpiCesSum, db::kKpiCesN, 1);
    case v1::KPI_METRIC_ESCALATION_RATE:
      return ratio(db::kKpiEscalated, db::kKpiHandled, 100);
    case v1::KPI_METRIC_ABANDON_RATE:
      return ratio(db::kKpiAbandoned, db::kKpiOffered, 100);
    case v1::KPI_METRIC_TECHNICAL_RESOLUTION_RATE:
      return ratio(db::kKpiResolvedUnescalated, db::kKpiHandled, 100);
    case v1::KPI_METRIC_RESOLUTION_RATE:
      return ratio(db::kKpiResolved, db::kKpiContacts, 100);
    default:
      return std::nullopt;
  }
}

std::vector<std::size_t> KpiCountersOf(v1::KpiMetric metric) {
  const std::optional<KpiDefinition> definition = KpiDefinitionOf(metric);
  if (!definition) return {};
  std::vector<std::size_t> counters = {static_cast<std::size_t>(definition->numerator),
                                       static_cast<std::size_t>(definition->n)};
  if (definition->subtracted) counters.push_back(static_cast<std::size_t>(*definition->subtracted));
  return counters;
}

}  // namespace escala::server
