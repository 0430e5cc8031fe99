#pragma once

#include <cstdint>

#include "client/core/table_printer.h"
#include "escala/v1/reports.pb.h"

namespace escala::client {

// The training coverage of a KPI report as a table: a row for the learning paths (people who
// completed every required course of their paths, of those who have one) and one per required
// certification (people holding it valid, of those it is required of), each with its rate, '*'
// for an n below `low_sample_threshold` and the employee ids missing.
Table TrainingCoverageTable(const v1::TrainingCoverage& coverage, int64_t low_sample_threshold);

}  // namespace escala::client
