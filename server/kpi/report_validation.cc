#include "server/kpi/report_validation.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "db/summaries/summary_rows.h"
#include "escala/v1/interactions.pb.h"
#include "server/api/text_rules.h"
#include "server/api/time_rules.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

void CheckRange(bool has_start, const google::protobuf::Timestamp& start, bool has_end,
                const google::protobuf::Timestamp& end, Violations& violations, DayRange& range) {
  if (!has_start) violations.Add("start_time", "is required");
  if (!has_end) violations.Add("end_time", "is required");
  if (!has_start || !has_end) return;
  const absl::Status start_range = CheckTimestamp("start_time", start);
  const absl::Status end_range = CheckTimestamp("end_time", end);
  violations.Add(start_range);
  violations.Add(end_range);
  if (!start_range.ok() || !end_range.ok()) return;
  const int64_t start_ms = db::TimestampToMillis(start);
  const int64_t end_ms = db::TimestampToMillis(end);
  if (end_ms <= start_ms) {
    violations.Add("end_time", "must be after start_time");
    return;
  }
  range.from_day = db::UtcDayOf(start_ms);
  range.to_day = db::UtcDayOf(end_ms - 1) + 1;
  if (range.to_day - range.from_day > kMaxReportDays) {
    violations.Add("end_time",
                   absl::StrCat("must be at most ", kMaxReportDays, " days after start_time"));
  }
}

template <typename Request>
absl::StatusOr<DayRange> RangeOf(const Request& request) {
  Violations violations;
  DayRange range;
  CheckRange(request.has_start_time(), request.start_time(), request.has_end_time(),
             request.end_time(), violations, range);
  if (absl::Status s = violations.ToStatus(); !s.ok()) return s;
  return range;
}

// The common checks of a report's scope, scope id and period.
template <typename Request>
SummaryScope CheckScope(const Request& request, bool qa, Violations& violations) {
  SummaryScope out;
  out.scope_id = request.scope_id();
  if (request.period() == v1::REPORT_PERIOD_UNSPECIFIED ||
      !v1::ReportPeriod_IsValid(request.period())) {
    violations.Add("period", "is required (day, week, month or range)");
  }
  switch (request.scope()) {
    case v1::REPORT_SCOPE_AGENT:
      out.scope = "agent";
      break;
    case v1::REPORT_SCOPE_TEAM:
      out.scope = "team";
      break;
    case v1::REPORT_SCOPE_DEPARTMENT:
      out.scope = "department";
      break;
    case v1::REPORT_SCOPE_QUEUE:
      out.scope = "queue";
      break;
    case v1::REPORT_SCOPE_CHANNEL:
      out.scope = "channel";
      break;
    default:
      violations.Add("scope", "is required");
      return out;
  }
  if (qa && (out.scope == "queue" || out.scope == "channel")) {
    violations.Add("scope", "must be agent, team or department for a QA report");
  }
  if (out.scope == "department") {
    if (!request.scope_id().empty()) violations.Add("scope_id", "must be empty for the department");
  } else if (out.scope == "channel") {
    int number = 0;
    v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
    if (absl::SimpleAtoi(request.scope_id(), &number) && v1::Channel_IsValid(number)) {
      channel = static_cast<v1::Channel>(number);
    } else {
      (void)v1::Channel_Parse(request.scope_id(), &channel);
    }
    if (channel == v1::CHANNEL_UNSPECIFIED) {
      violations.Add("scope_id", "must name a channel (its number or name, e.g. CHANNEL_PHONE)");
    }
    out.scope_id = absl::StrCat(static_cast<int>(channel));
  } else if (out.scope == "queue") {
    if (request.scope_id().empty()) {
      violations.Add("scope_id", "is required");
    } else {
      violations.Add(LimitText("scope_id", request.scope_id(), 128));
    }
  } else {
    violations.Add(RequireIdentifier("scope_id", request.scope_id(), 64));
  }
  return out;
}

template <typename Request>
absl::StatusOr<SummaryScope> ValidateReport(const Request& request, bool qa) {
  Violations violations;
  SummaryScope scope = CheckScope(request, qa, violations);
  DayRange unused;
  CheckRange(request.has_start_time(), request.start_time(), request.has_end_time(),
             request.end_time(), violations, unused);
  if (absl::Status s = violations.ToStatus(); !s.ok()) return s;
  return scope;
}

}  // namespace

absl::StatusOr<DayRange> ValidateDayRange(const v1::GetKpiReportRequest& request) {
  return RangeOf(request);
}
absl::StatusOr<DayRange> ValidateDayRange(const v1::GetQaReportRequest& request) {
  return RangeOf(request);
}
absl::StatusOr<DayRange> ValidateDayRange(const v1::RecomputeReportSummariesRequest& request) {
  return RangeOf(request);
}

absl::StatusOr<SummaryScope> ValidateKpiRequest(const v1::GetKpiReportRequest& request) {
  absl::StatusOr<SummaryScope> scope = ValidateReport(request, false);
  if (!scope.ok()) return scope;
  Violations violations;
  for (int i = 0; i < request.metrics_size(); ++i) {
    if (request.metrics(i) == v1::KPI_METRIC_UNSPECIFIED ||
        !v1::KpiMetric_IsValid(request.metrics(i))) {
      violations.Add(absl::StrCat("metrics[", i, "]"), "must be a known metric");
    }
  }
  if (!v1::KpiPreset_IsValid(request.preset())) violations.Add("preset", "must be a known preset");
  if (request.include_training() && (scope->scope == "queue" || scope->scope == "channel")) {
    violations.Add("include_training", "needs an agent, team or department scope");
  }
  if (absl::Status s = violations.ToStatus(); !s.ok()) return s;
  return scope;
}

absl::StatusOr<SummaryScope> ValidateQaRequest(const v1::GetQaReportRequest& request) {
  absl::StatusOr<SummaryScope> scope = ValidateReport(request, true);
  if (!scope.ok()) return scope;
  if (!request.scorecard_id().empty()) {
    if (absl::Status s = RequireIdentifier("scorecard_id", request.scorecard_id(), 64); !s.ok())
      return s;
  }
  return scope;
}

}  // namespace escala::server
