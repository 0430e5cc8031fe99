#include "client/reports/report_trends.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/core/enum_names.h"
#include "client/reports/sparkline.h"

namespace escala::client {
namespace {

// One trend: a name, the values per bucket and how a value is printed.
struct Trend {
  std::string name;
  std::vector<std::optional<double>> values;
  std::function<std::string(double)> format;
};

std::string TrendLines(const std::vector<Trend>& trends, std::size_t buckets, bool utf8) {
  if (buckets < 2) return "";
  std::size_t name_width = 0;
  for (const Trend& trend : trends) name_width = std::max(name_width, trend.name.size());
  std::string text = absl::StrCat("Trend over ", buckets, " buckets (lowest … highest):\n");
  for (const Trend& trend : trends) {
    std::optional<double> low, high;
    for (const std::optional<double>& value : trend.values) {
      if (!value) continue;
      low = std::min(low.value_or(*value), *value);
      high = std::max(high.value_or(*value), *value);
    }
    absl::StrAppend(&text, trend.name, std::string(name_width - trend.name.size() + 2, ' '),
                    Sparkline(trend.values, low.value_or(0), high.value_or(0), utf8));
    if (low) absl::StrAppend(&text, "  ", trend.format(*low), " … ", trend.format(*high));
    absl::StrAppend(&text, "\n");
  }
  return text;
}

std::optional<double> Optional(bool has, double value) {
  return has ? std::optional<double>(value) : std::nullopt;
}

}  // namespace

std::string FormatKpi(const v1::KpiValue& value) {
  if (!value.has_value()) return "-";
  switch (value.metric()) {
    case v1::KPI_METRIC_AHT:
    case v1::KPI_METRIC_FIRST_RESPONSE_TIME:
    case v1::KPI_METRIC_RESOLUTION_TIME:
      return absl::StrFormat("%.1f s", value.value());
    case v1::KPI_METRIC_CSAT_MEAN:
    case v1::KPI_METRIC_CES:
      return absl::StrFormat("%.2f", value.value());
    case v1::KPI_METRIC_NPS:
      return absl::StrFormat("%+.1f", value.value());
    default:
      return absl::StrFormat("%.1f%%", value.value());
  }
}

std::string KpiTrendLines(const v1::KpiReport& report, bool utf8) {
  std::vector<Trend> trends;
  for (int b = 0; b < report.buckets_size(); ++b) {
    const v1::KpiBucket& bucket = report.buckets(b);
    for (int m = 0; m < bucket.values_size(); ++m) {
      const v1::KpiValue& value = bucket.values(m);
      // Every bucket lists the same metrics in the same order.
      if (static_cast<std::size_t>(m) == trends.size()) {
        const v1::KpiMetric metric = value.metric();
        trends.push_back(Trend{ShortEnumName(metric),
                               std::vector<std::optional<double>>(report.buckets_size()),
                               [metric](double v) {
                                 v1::KpiValue shown;
                                 shown.set_metric(metric);
                                 shown.set_value(v);
                                 return FormatKpi(shown);
                               }});
      }
      trends[m].values[b] = Optional(value.has_value(), value.value());
    }
  }
  return TrendLines(trends, report.buckets_size(), utf8);
}

std::string QaTrendLines(const v1::QaReport& report, bool utf8) {
  Trend evaluations{"evaluations", {}, [](double v) { return absl::StrFormat("%.0f", v); }};
  Trend mean{"mean", {}, [](double v) { return absl::StrFormat("%.1f", v); }};
  Trend critical{"critical", {}, [](double v) { return absl::StrFormat("%.1f%%", v); }};
  for (const v1::QaBucket& bucket : report.buckets()) {
    evaluations.values.push_back(static_cast<double>(bucket.evaluations()));
    mean.values.push_back(Optional(bucket.has_mean_score(), bucket.mean_score()));
    critical.values.push_back(
        Optional(bucket.has_critical_failure_rate(), bucket.critical_failure_rate()));
  }
  return TrendLines({evaluations, mean, critical}, report.buckets_size(), utf8);
}

}  // namespace escala::client
