#include "client/reports/sla_chart.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/core/enum_names.h"

namespace escala::client {

ChartSpec SlaComplianceChart(const v1::ComputeSlaReportResponse& report) {
  absl::TimeZone zone = absl::UTCTimeZone();
  (void)absl::LoadTimeZone(report.time_zone(), &zone);
  ChartSpec spec;
  spec.title = "First-response SLA compliance";
  spec.x_label = absl::StrCat("Period start (", report.time_zone(), ")");
  spec.y_label = "Compliance";
  spec.y_unit = "%";
  spec.y_min = 0;
  spec.y_max = 100;
  for (const v1::SlaReportBucket& bucket : report.buckets()) {
    spec.categories.push_back(absl::FormatTime(
        "%Y-%m-%d", absl::FromUnixSeconds(bucket.bucket_start_time().seconds()), zone));
  }
  for (int p = 0; p < report.totals_size(); ++p) {
    if (report.totals(p).first_response().n() == 0) continue;
    ChartSeries series;
    series.name = ShortEnumName(report.totals(p).priority());
    for (const v1::SlaReportBucket& bucket : report.buckets()) {
      const v1::SlaTargetTally& tally = bucket.priorities(p).first_response();
      series.values.push_back(
          tally.has_compliance() ? std::optional<double>(tally.compliance() * 100) : std::nullopt);
    }
    spec.series.push_back(std::move(series));
  }
  return spec;
}

absl::Status WriteSlaChart(const v1::ComputeSlaReportResponse& report, const std::string& path) {
  return WriteChartFile(RenderLineChart(SlaComplianceChart(report)), path);
}

}  // namespace escala::client
