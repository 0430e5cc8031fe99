// The SLA report as a table and as a chart: buckets labelled by their local day, empty priorities
// left out, totals last, compliance with one decimal and "-" when nothing was measured.
#include "client/reports/sla_report_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/reports/sla_chart.h"

namespace escala::client {
namespace {

using ::testing::ElementsAre;

v1::ComputeSlaReportResponse Report() {
  v1::ComputeSlaReportResponse report;
  report.set_time_zone("Europe/Madrid");
  for (int64_t start : {1774220400LL, 1774821600LL}) {  // Mondays 23 and 30 March 2026, 00:00
    v1::SlaReportBucket* bucket = report.add_buckets();
    bucket->mutable_bucket_start_time()->set_seconds(start);
    for (int p = 1; p <= 4; ++p)
      bucket->add_priorities()->set_priority(static_cast<v1::Priority>(p));
  }
  v1::SlaTargetTally* medium =
      report.mutable_buckets(0)->mutable_priorities(2)->mutable_first_response();
  medium->set_met_count(7);
  medium->set_breached_count(1);
  medium->set_n(8);
  medium->set_compliance(0.875);
  for (int p = 1; p <= 4; ++p) report.add_totals()->set_priority(static_cast<v1::Priority>(p));
  *report.mutable_totals(2)->mutable_first_response() = *medium;
  return report;
}

TEST(SlaReportTableTest, ARowPerMeasuredBucketAndPriorityThenTheTotals) {
  const Table table = SlaReportTable(Report());
  ASSERT_EQ(table.rows.size(), 5u);
  EXPECT_THAT(table.rows[0], ElementsAre("2026-03-23", "medium", "7", "1", "0", "8", "87.5%", "0",
                                         "0", "0", "0", "-"));
  EXPECT_EQ(table.rows[1][0], "all");
  EXPECT_EQ(table.rows[1][1], "urgent");
  EXPECT_EQ(table.rows[3][6], "87.5%");
}

TEST(SlaReportTableTest, TheTrendIsASparklinePerMeasuredPriority) {
  EXPECT_EQ(SlaTrendLines(Report(), false), "medium   #   87.5% first responses in time\n");
  EXPECT_EQ(SlaTrendLines(Report(), true), "medium   █   87.5% first responses in time\n");
}

TEST(SlaReportTableTest, TheChartHasALinePerMeasuredPriorityWithGapsWhereNIsZero) {
  const ChartSpec chart = SlaComplianceChart(Report());
  EXPECT_THAT(chart.categories, ElementsAre("2026-03-23", "2026-03-30"));
  ASSERT_EQ(chart.series.size(), 1u);
  EXPECT_EQ(chart.series[0].name, "medium");
  EXPECT_THAT(chart.series[0].values, ElementsAre(std::optional<double>(87.5), std::nullopt));
}

}  // namespace
}  // namespace escala::client
