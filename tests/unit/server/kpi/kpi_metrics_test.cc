// ComputeKpi and the counters it reads: every metric computed from only KpiCountersOf(metric)
// equals the metric computed from all counters, so a read that sums only those is exact.
#include "server/kpi/kpi_metrics.h"

#include <gtest/gtest.h>

#include <vector>

namespace escala::testing {
namespace {

TEST(KpiMetricsTest, EveryMetricReadsOnlyTheCountersItNames) {
  // Distinct primes, so that a counter read in place of another changes the value.
  std::vector<int64_t> all(db::kKpiCounterCount);
  const int64_t primes[] = {101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151,
                            157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211};
  static_assert(sizeof(primes) / sizeof(primes[0]) >= db::kKpiCounterCount);
  for (int i = 0; i < db::kKpiCounterCount; ++i) all[i] = primes[i];
  for (int m = v1::KPI_METRIC_FCR; m <= v1::KPI_METRIC_RESOLUTION_RATE; ++m) {
    const auto metric = static_cast<v1::KpiMetric>(m);
    const std::vector<std::size_t> read = server::KpiCountersOf(metric);
    ASSERT_FALSE(read.empty()) << v1::KpiMetric_Name(metric);
    std::vector<int64_t> only(db::kKpiCounterCount, 0);
    for (std::size_t counter : read) only[counter] = all[counter];
    const v1::KpiValue full = server::ComputeKpi(metric, all);
    const v1::KpiValue pruned = server::ComputeKpi(metric, only);
    ASSERT_TRUE(full.has_value()) << v1::KpiMetric_Name(metric);
    EXPECT_EQ(pruned.value(), full.value()) << v1::KpiMetric_Name(metric);
    EXPECT_EQ(pruned.n(), full.n()) << v1::KpiMetric_Name(metric);
  }
  EXPECT_TRUE(server::KpiCountersOf(v1::KPI_METRIC_UNSPECIFIED).empty());
}

TEST(KpiMetricsTest, NpsSubtractsDetractorsFromPromoters) {
  std::vector<int64_t> counters(db::kKpiCounterCount, 0);
  counters[db::kKpiNpsN] = 10;
  counters[db::kKpiNpsPromoters] = 6;
  counters[db::kKpiNpsDetractors] = 1;
  EXPECT_DOUBLE_EQ(server::ComputeKpi(v1::KPI_METRIC_NPS, counters).value(), 50.0);
  counters[db::kKpiFcr] = 3;
  counters[db::kKpiResolved] = 4;
  EXPECT_DOUBLE_EQ(server::ComputeKpi(v1::KPI_METRIC_FCR, counters).value(), 75.0);
  EXPECT_FALSE(server::ComputeKpi(v1::KPI_METRIC_CSAT, counters).has_value());
}

}  // namespace
}  // namespace escala::testing
