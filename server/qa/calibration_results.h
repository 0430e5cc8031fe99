#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "escala/v1/calibration.pb.h"
#include "server/qa/scoring/scorecard_mapping.h"

namespace escala::server {

// The arithmetic of calibration reports: pure functions from a closed session, its scorecard form
// and its scores to the deviation, alignment and agreement figures. No I/O.
//
// Benchmark. Per interaction: the expert's answers and score when the session has an expert who
// scored that interaction; otherwise the consensus of the evaluators, per criterion:
//   - N/A when more than half of the evaluators' answers are N/A;
//   - yes/no: the mode of the values, a tie going to the lower value ("no"): a tie means the group
//     did not agree that the agent earned the point, and QA policy errs towards not awarding it;
//   - range and points: the median of the values, the lower median for an even count (same
//     reasoning: never award more than half of the group gave).
// The consensus score is the scoring engine's score of the consensus answers, so a benchmark
// score is always one a real evaluation could have had. `benchmark` in the results is "expert"
// when the expert scored at least one interaction (interactions the expert left out fall back to
// the consensus), else "consensus".
//
// Agreement statistics count the evaluators only: the expert is the yardstick, not a coder.
// Units are interactions, coders are evaluators, N/A and unscored are missing values.

// One evaluator's score deviation on one interaction: evaluator score - benchmark score.
struct ScoreDeviation {
  std::string evaluator_employee_id;
  int64_t interaction_id = 0;
  double deviation = 0;
};

struct CalibrationAnalysis {
  // Everything but `session` and `scores`, which the caller fills in.
  v1::CalibrationResults results;
  // Every (evaluator, interaction) where both the evaluator's and the benchmark score exist.
  std::vector<ScoreDeviation> deviations;
};

// Analyses the scores of `session` (its interaction_ids, evaluator_employee_ids and
// expert_employee_id) scored on `form`. Scores of people who are not participants, of
// interactions outside the session and answers to unknown criteria are ignored.
// Means with nothing to average are 0 with interactions_scored 0; alpha and kappa are unset when
// undefined (too few pairable values, no variation).
CalibrationAnalysis AnalyseCalibration(const v1::CalibrationSession& session,
                                       const ScoringForm& form,
                                       const std::vector<v1::CalibrationScore>& scores);

// The deviations of one closed session, dated by when it closed.
struct SessionDeviations {
  int64_t session_id = 0;
  absl::Time closed;
  std::vector<ScoreDeviation> deviations;
};

// Per evaluator: mean signed deviation over every interaction they scored in `sessions`, overall
// and per calendar month (UTC) of the sessions' close times, months ascending. Evaluators are
// ordered most lenient first (ties by employee id); most_lenient / strictest are the first and
// last of that order (empty when there is nobody).
v1::ComputeEvaluatorLeniencyResponse AggregateLeniency(
    const std::vector<SessionDeviations>& sessions);

}  // namespace escala::server
