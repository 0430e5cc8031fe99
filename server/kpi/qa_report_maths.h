#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "db/kpi/report_repository.h"
#include "escala/v1/reports.pb.h"

namespace escala::server {

// The QA figures of one bucket from the counters of qa_summaries summed over its days: the mean
// from the score sum, the 95 % Student's t interval from the sum of squares
// (s² = (Σx² − (Σx)²/n) / (n − 1)), clamped to 0–100, the band counts and the critical failure
// rate. Scores are kept in thousandths of a point.
v1::QaBucket ComputeQaBucket(const std::vector<int64_t>& counters);

// The failure rate of each criterion from its counts over the range, flagged low_sample below
// kLowSampleThreshold, with its title from `titles` ((scorecard_id, criterion_key) → title;
// missing: none), ordered as QaReport.criteria says: the highest rate first, then more failures,
// then by scorecard_id and criterion_key. Criteria never scored are left out.
std::vector<v1::CriterionFailureRate> ComputeCriterionFailureRates(
    const std::vector<db::CriterionCounts>& counts,
    const std::map<std::pair<std::string, std::string>, std::string>& titles);

}  // namespace escala::server
