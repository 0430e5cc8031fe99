#pragma once

#include "db/summaries/summary_rows.h"
#include "escala/v1/evaluations.pb.h"

namespace escala::db {

// Counter columns of qa_summaries, in QaSummaryTable() order.
enum QaCounter {
  kQaEvaluations,
  kQaScoreMilliSum,
  kQaScoreMilliSqSum,
  kQaBand1,  // QUALITY_BAND_UNACCEPTABLE … kQaBand1 + 4 = QUALITY_BAND_ABOVE_EXPECTATIONS
  kQaCriticalFailures = kQaBand1 + 5,
  kQaCounterCount
};

// Whether an evaluation counts in the QA summaries: scored and submitted (any state after the
// draft: submitted, acknowledged, disputed, dispute resolved), with its score as it stands.
bool CountsInQaSummary(const v1::Evaluation& evaluation);

// The score in thousandths of a point, rounded: integer sums add up exactly.
int64_t ScoreMilli(double score);

// The counters one evaluation contributes (all zero when it does not count).
std::vector<int64_t> QaCountersOf(const v1::Evaluation& evaluation);

// Adds `sign` × the contribution of `evaluation` to `rows`: its agent, team (the one stored with
// the evaluation, when there is one) and department rows of its scorecard and of the UTC day of
// its submit_time. Nothing when it does not count.
void AddEvaluation(SummaryRows& rows, const v1::Evaluation& evaluation, int sign);

}  // namespace escala::db
