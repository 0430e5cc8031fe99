#pragma once

#include <map>
#include <string>
#include <vector>

#include "escala/v1/evaluations.pb.h"
#include "server/qa/scoring/scorecard_mapping.h"
#include "server/training/criterion_gap.h"

namespace escala::server {

// The results one evaluation gives its agent on each criterion: every answer with a value,
// normalised to 0–100 on the scale of `form` (the scorecard version the evaluation was scored
// on), keyed by criterion. N/A answers, answers without a value and answers to criteria the form
// does not know are not results. A criterion's own answer is its result even when a critical
// failure zeroed the evaluation's score: the rule asks how the person did on that criterion.
// Appends to `results`; the evaluation must have a submit_time.
void AppendCriterionResults(const v1::Evaluation& evaluation, const ScoringForm& form,
                            std::map<std::string, std::vector<CriterionResult>>& results);

}  // namespace escala::server
