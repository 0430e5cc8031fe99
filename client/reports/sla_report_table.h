#pragma once

#include "client/core/table_printer.h"
#include "escala/v1/sla_policies.pb.h"

namespace escala::client {

// The report as one table: a row per bucket and priority, then the totals ("all"), with met,
// breached, pending, n and compliance of both targets. Buckets are labelled by their first local
// day in the report's time zone; priorities without interactions in a bucket are left out.
Table SlaReportTable(const v1::ComputeSlaReportResponse& report);

// One line per priority with measured first responses: its compliance per bucket as a
// sparkline from 0 to 100 % (Unicode blocks, or ASCII when `utf8` is false), then the total.
std::string SlaTrendLines(const v1::ComputeSlaReportResponse& report, bool utf8);

// "87.5%", or "-" when n is 0.
std::string ComplianceText(const v1::SlaTargetTally& tally);

}  // namespace escala::client
