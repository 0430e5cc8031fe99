#pragma once

#include <string>

#include "absl/status/status.h"
#include "client/reports/svg_chart.h"
#include "escala/v1/sla_policies.pb.h"

namespace escala::client {

// The chart of `escala report sla --chart`: first-response compliance (%) per bucket, one line
// per priority that has measured interactions; a bucket with n = 0 leaves a gap.
ChartSpec SlaComplianceChart(const v1::ComputeSlaReportResponse& report);

// Writes SlaComplianceChart as SVG to `path`; INVALID_ARGUMENT naming the path when it cannot.
absl::Status WriteSlaChart(const v1::ComputeSlaReportResponse& report, const std::string& path);

}  // namespace escala::client
