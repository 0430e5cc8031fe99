#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "escala/v1/reports.pb.h"
#include "server/kpi/report_buckets.h"

namespace escala::server {

// Longest range a report or a recompute covers.
inline constexpr int kMaxReportDays = 400;

// The UTC days [start_time, end_time) covers, start cut to midnight and end rounded up to the
// next; INVALID_ARGUMENT naming start_time or end_time when one is missing, when end is not after
// start, or when the range is longer than kMaxReportDays.
absl::StatusOr<DayRange> ValidateDayRange(const v1::GetKpiReportRequest& request);
absl::StatusOr<DayRange> ValidateDayRange(const v1::GetQaReportRequest& request);
absl::StatusOr<DayRange> ValidateDayRange(const v1::RecomputeReportSummariesRequest& request);

// The summary scope ("agent", …) and scope id of a report request, the channel as its number:
// INVALID_ARGUMENT naming scope, scope_id or period when they are missing or malformed; a QA
// report refuses the queue and channel scopes.
struct SummaryScope {
  std::string scope;
  std::string scope_id;
};
absl::StatusOr<SummaryScope> ValidateKpiRequest(const v1::GetKpiReportRequest& request);
absl::StatusOr<SummaryScope> ValidateQaRequest(const v1::GetQaReportRequest& request);

}  // namespace escala::server
