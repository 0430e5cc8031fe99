#pragma once

#include <cstdint>
#include <vector>

#include "escala/v1/reports.pb.h"

namespace escala::server {

// The QA figures of one bucket from the counters of qa_summaries summed over its days: the mean
// from the score sum, the 95 % Student's t interval from the sum of squares
// (s² = (Σx² − (Σx)²/n) / (n − 1)), clamped to 0–100, the band counts and the critical failure
// rate. Scores are kept in thousandths of a point.
v1::QaBucket ComputeQaBucket(const std::vector<int64_t>& counters);

}  // namespace escala::server
