#include "client/reports/sla_report_table.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "client/core/enum_names.h"
#include "client/reports/sparkline.h"

namespace escala::client {
namespace {

std::string LocalDay(const google::protobuf::Timestamp& timestamp, const absl::TimeZone& zone) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(timestamp.seconds()), zone);
}

bool Empty(const v1::SlaPriorityCompliance& row) {
  const auto none = [](const v1::SlaTargetTally& t) {
    return t.n() == 0 && t.pending_count() == 0;
  };
  return none(row.first_response()) && none(row.resolution());
}

void AddRow(const std::string& bucket, const v1::SlaPriorityCompliance& row, Table& table) {
  std::vector<std::string> cells = {bucket, ShortEnumName(row.priority())};
  for (const v1::SlaTargetTally* t : {&row.first_response(), &row.resolution()}) {
    cells.push_back(absl::StrCat(t->met_count()));
    cells.push_back(absl::StrCat(t->breached_count()));
    cells.push_back(absl::StrCat(t->pending_count()));
    cells.push_back(absl::StrCat(t->n()));
    cells.push_back(ComplianceText(*t));
  }
  table.rows.push_back(std::move(cells));
}

}  // namespace

std::string ComplianceText(const v1::SlaTargetTally& tally) {
  if (!tally.has_compliance()) return "-";
  return absl::StrFormat("%.1f%%", tally.compliance() * 100);
}

std::string SlaTrendLines(const v1::ComputeSlaReportResponse& report, bool utf8) {
  std::string text;
  for (int p = 0; p < report.totals_size(); ++p) {
    const v1::SlaPriorityCompliance& total = report.totals(p);
    if (total.first_response().n() == 0) continue;
    std::vector<std::optional<double>> values;
    for (const v1::SlaReportBucket& bucket : report.buckets()) {
      const v1::SlaTargetTally& tally = bucket.priorities(p).first_response();
      values.push_back(tally.has_compliance() ? std::optional<double>(tally.compliance() * 100)
                                              : std::nullopt);
    }
    absl::StrAppend(&text, absl::StrFormat("%-8s", ShortEnumName(total.priority())), " ",
                    Sparkline(values, 0, 100, utf8), "  ", ComplianceText(total.first_response()),
                    " first responses in time\n");
  }
  return text;
}

Table SlaReportTable(const v1::ComputeSlaReportResponse& report) {
  absl::TimeZone zone = absl::UTCTimeZone();
  (void)absl::LoadTimeZone(report.time_zone(), &zone);
  Table table;
  // Short enough for a 120-column terminal: FR_ is the first response, RES_ the resolution, and
  // % the compliance, met ÷ (met + breached).
  table.header = {"BUCKET", "PRIORITY", "FR_MET",       "FR_BREACHED", "FR_PENDING", "FR_N",
                  "FR_%",   "RES_MET",  "RES_BREACHED", "RES_PENDING", "RES_N",      "RES_%"};
  for (const v1::SlaReportBucket& bucket : report.buckets()) {
    for (const v1::SlaPriorityCompliance& row : bucket.priorities()) {
      if (!Empty(row)) AddRow(LocalDay(bucket.bucket_start_time(), zone), row, table);
    }
  }
  for (const v1::SlaPriorityCompliance& row : report.totals()) AddRow("all", row, table);
  return table;
}

}  // namespace escala::client
