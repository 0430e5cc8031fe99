#pragma once

#include "db/summaries/summary_rows.h"
#include "escala/v1/evaluations.pb.h"

namespace escala::db {

// Counter columns of qa_criterion_summaries, in QaCriterionSummaryTable() order:
//   scored  evaluations that answered the criterion with a value (N/A and unanswered are not
//           scored: the criterion did not apply).
//   failed  of those, the ones whose answer failed the criterion (Evaluation.failed_criterion_keys,
//           and failed_critical_keys for evaluations scored before that field existed).
enum QaCriterionCounter { kQaCriterionScored, kQaCriterionFailed, kQaCriterionCounterCount };

// Adds `sign` × the contribution of `evaluation` to `rows`: per criterion it answered with a
// value, its agent, team (when there is one) and department rows of its scorecard, criterion
// and the UTC day of its submit_time. Nothing when it does not count in the QA summaries
// (CountsInQaSummary): a draft or an evaluation without a score.
void AddEvaluationCriteria(SummaryRows& rows, const v1::Evaluation& evaluation, int sign);

}  // namespace escala::db
