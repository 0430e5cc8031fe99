// The KPI and QA report charts: which series they draw from a report, with what values and gaps.
#include "client/reports/kpi_chart.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace escala::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

void SetDay(google::protobuf::Timestamp* timestamp, const char* day) {
  absl::Time time;
  std::string error;
  ASSERT_TRUE(absl::ParseTime("%Y-%m-%d", day, &time, &error)) << error;
  timestamp->set_seconds(absl::ToUnixSeconds(time));
}

void AddValue(v1::KpiBucket* bucket, v1::KpiMetric metric, std::optional<double> value) {
  v1::KpiValue* added = bucket->add_values();
  added->set_metric(metric);
  if (value.has_value()) added->set_value(*value);
}

TEST(KpiShareChart, DrawsOneLinePerShareMetricAndLeavesTimesOut) {
  v1::KpiReport report;
  v1::KpiBucket* week1 = report.add_buckets();
  SetDay(week1->mutable_start_time(), "2026-11-23");
  AddValue(week1, v1::KPI_METRIC_FCR, 70);
  AddValue(week1, v1::KPI_METRIC_AHT, 360);  // seconds: another unit, not drawn
  AddValue(week1, v1::KPI_METRIC_CSAT, 80);
  v1::KpiBucket* week2 = report.add_buckets();
  SetDay(week2->mutable_start_time(), "2026-11-30");
  AddValue(week2, v1::KPI_METRIC_FCR, 75.5);
  AddValue(week2, v1::KPI_METRIC_AHT, 300);
  AddValue(week2, v1::KPI_METRIC_CSAT, std::nullopt);  // no answers that week

  const ChartSpec spec = KpiShareChart(report);

  EXPECT_THAT(spec.categories, ElementsAre("2026-11-23", "2026-11-30"));
  EXPECT_EQ(spec.y_unit, "%");
  ASSERT_EQ(spec.series.size(), 2u);
  EXPECT_EQ(spec.series[0].name, "fcr");
  EXPECT_THAT(spec.series[0].values, ElementsAre(Optional(70.0), Optional(75.5)));
  EXPECT_EQ(spec.series[1].name, "csat");
  EXPECT_THAT(spec.series[1].values, ElementsAre(Optional(80.0), std::nullopt));
}

TEST(KpiShareChart, AMetricFirstSeenInALaterBucketHasAGapBefore) {
  v1::KpiReport report;
  SetDay(report.add_buckets()->mutable_start_time(), "2026-11-23");
  v1::KpiBucket* later = report.add_buckets();
  SetDay(later->mutable_start_time(), "2026-11-30");
  AddValue(later, v1::KPI_METRIC_ESCALATION_RATE, 12.5);

  const ChartSpec spec = KpiShareChart(report);

  ASSERT_EQ(spec.series.size(), 1u);
  EXPECT_EQ(spec.series[0].name, "escalation-rate");
  EXPECT_THAT(spec.series[0].values, ElementsAre(std::nullopt, Optional(12.5)));
}

TEST(QaScoreChart, DrawsTheMeanAndBothEndsOfItsInterval) {
  v1::QaReport report;
  v1::QaBucket* first = report.add_buckets();
  SetDay(first->mutable_start_time(), "2026-11-01");
  first->set_mean_score(82);
  first->set_ci_low(78);
  first->set_ci_high(86);
  v1::QaBucket* empty = report.add_buckets();
  SetDay(empty->mutable_start_time(), "2026-12-01");

  const ChartSpec spec = QaScoreChart(report);
  const std::string svg = RenderLineChart(spec);

  EXPECT_THAT(spec.categories, ElementsAre("2026-11-01", "2026-12-01"));
  ASSERT_EQ(spec.series.size(), 3u);
  EXPECT_THAT(spec.series[0].values, ElementsAre(Optional(82.0), std::nullopt));
  EXPECT_THAT(spec.series[1].values, ElementsAre(Optional(78.0), std::nullopt));
  EXPECT_THAT(spec.series[2].values, ElementsAre(Optional(86.0), std::nullopt));
  EXPECT_THAT(svg, HasSubstr("95% low"));
}

}  // namespace
}  // namespace escala::client
