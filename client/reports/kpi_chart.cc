#include "client/reports/kpi_chart.h"

#include <map>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "client/core/enum_names.h"

namespace escala::client {
namespace {

bool IsShareOfContacts(v1::KpiMetric metric) {
  switch (metric) {
    case v1::KPI_METRIC_FCR:
    case v1::KPI_METRIC_CSAT:
    case v1::KPI_METRIC_ESCALATION_RATE:
    case v1::KPI_METRIC_ABANDON_RATE:
    case v1::KPI_METRIC_TECHNICAL_RESOLUTION_RATE:
    case v1::KPI_METRIC_RESOLUTION_RATE:
      return true;
    default:
      return false;
  }
}

std::string DayLabel(const google::protobuf::Timestamp& start) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(start.seconds()), absl::UTCTimeZone());
}

ChartSpec PercentChart(std::string title, std::string y_label) {
  ChartSpec spec;
  spec.title = std::move(title);
  spec.x_label = "Period start (UTC)";
  spec.y_label = std::move(y_label);
  spec.y_unit = "%";
  spec.y_min = 0;
  spec.y_max = 100;
  return spec;
}

}  // namespace

ChartSpec KpiShareChart(const v1::KpiReport& report) {
  ChartSpec spec = PercentChart("KPIs: shares of contacts", "Share");
  const int buckets = report.buckets_size();
  // Series in the order the report first names their metric.
  std::map<int, size_t> series_of_metric;
  for (int b = 0; b < buckets; ++b) {
    const v1::KpiBucket& bucket = report.buckets(b);
    spec.categories.push_back(DayLabel(bucket.start_time()));
    for (const v1::KpiValue& value : bucket.values()) {
      if (!IsShareOfContacts(value.metric())) continue;
      auto [it, added] = series_of_metric.emplace(value.metric(), spec.series.size());
      if (added) {
        spec.series.push_back(ChartSeries{ShortEnumName(value.metric()),
                                          std::vector<std::optional<double>>(buckets)});
      }
      if (value.has_value()) spec.series[it->second].values[b] = value.value();
    }
  }
  return spec;
}

ChartSpec QaScoreChart(const v1::QaReport& report) {
  ChartSpec spec = PercentChart("QA score", "Score");
  ChartSeries mean{"mean", {}};
  ChartSeries low{"95% low", {}};
  ChartSeries high{"95% high", {}};
  for (const v1::QaBucket& bucket : report.buckets()) {
    spec.categories.push_back(DayLabel(bucket.start_time()));
    mean.values.push_back(bucket.has_mean_score() ? std::optional<double>(bucket.mean_score())
                                                  : std::nullopt);
    low.values.push_back(bucket.has_ci_low() ? std::optional<double>(bucket.ci_low())
                                             : std::nullopt);
    high.values.push_back(bucket.has_ci_high() ? std::optional<double>(bucket.ci_high())
                                               : std::nullopt);
  }
  spec.series = {std::move(mean), std::move(low), std::move(high)};
  return spec;
}

}  // namespace escala::client
