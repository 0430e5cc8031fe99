// The trend lines under the KPI and QA tables and the criterion failure table: one sparkline per
// metric between its own lowest and highest value, nothing for a single bucket, and the
// criteria in the report's order with their n.
#include "client/reports/report_trends.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/reports/criterion_failures.h"

namespace escala::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

v1::KpiReport FcrAndAhtOverFourWeeks() {
  v1::KpiReport report;
  const std::vector<std::optional<double>> fcr = {50, 75, std::nullopt, 100};
  const std::vector<double> aht = {300, 200, 250, 100};
  for (int b = 0; b < 4; ++b) {
    v1::KpiBucket* bucket = report.add_buckets();
    v1::KpiValue* f = bucket->add_values();
    f->set_metric(v1::KPI_METRIC_FCR);
    if (fcr[b]) f->set_value(*fcr[b]);
    v1::KpiValue* a = bucket->add_values();
    a->set_metric(v1::KPI_METRIC_AHT);
    a->set_value(aht[b]);
  }
  return report;
}

TEST(ReportTrendsTest, EachKpiGetsASparklineBetweenItsOwnLowestAndHighest) {
  const std::string lines = KpiTrendLines(FcrAndAhtOverFourWeeks(), false);
  EXPECT_THAT(lines, HasSubstr("Trend over 4 buckets"));
  // FCR 50, 75, -, 100 between 50 and 100: lowest, middle, gap, highest.
  EXPECT_THAT(lines, HasSubstr("fcr  _~ #  50.0% … 100.0%\n"));
  EXPECT_THAT(lines, HasSubstr("aht  #~*_  100.0 s … 300.0 s\n"));
  EXPECT_THAT(KpiTrendLines(FcrAndAhtOverFourWeeks(), true), HasSubstr("fcr  ▁▅ █"));
}

TEST(ReportTrendsTest, ASingleBucketHasNoTrend) {
  v1::KpiReport report = FcrAndAhtOverFourWeeks();
  report.mutable_buckets()->DeleteSubrange(1, 3);
  EXPECT_EQ(KpiTrendLines(report, false), "");
}

TEST(ReportTrendsTest, QaTrendsShowEvaluationsMeanAndCriticalFailures) {
  v1::QaReport report;
  for (int b = 0; b < 3; ++b) {
    v1::QaBucket* bucket = report.add_buckets();
    bucket->set_evaluations(b * 2);
    if (b > 0) {
      bucket->set_mean_score(60 + 10 * b);
      bucket->set_critical_failure_rate(50.0 / b);
    }
  }
  const std::string lines = QaTrendLines(report, false);
  EXPECT_THAT(lines, HasSubstr("evaluations  _~#  0 … 4\n"));
  EXPECT_THAT(lines, HasSubstr("mean          _#  70.0 … 80.0\n"));
  EXPECT_THAT(lines, HasSubstr("critical      #_  25.0% … 50.0%\n"));
}

TEST(ReportTrendsTest, TheCriterionTableKeepsTheReportsOrderAndFlagsSmallN) {
  v1::QaReport report;
  v1::CriterionFailureRate* c = report.add_criteria();
  c->set_scorecard_id("contact");
  c->set_criterion_key("verify");
  c->set_title("Verifies identity");
  c->set_scored(8);
  c->set_failed(2);
  c->set_failure_rate(25);
  c->set_low_sample(true);
  const Table table = CriterionFailureTable(report);
  EXPECT_THAT(table.header,
              ElementsAre("SCORECARD", "CRITERION", "TITLE", "SCORED", "FAILED", "RATE", "LOW"));
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_THAT(table.rows[0],
              ElementsAre("contact", "verify", "Verifies identity", "8", "2", "25.0%", "*"));
  EXPECT_THAT(KpiTrendLines(v1::KpiReport(), false), Not(HasSubstr("Trend")));
}

}  // namespace
}  // namespace escala::client
