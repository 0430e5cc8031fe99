#pragma once

#include <string>

#include "client/core/column_table.h"
#include "client/core/table_printer.h"
#include "escala/v1/scorecards.pb.h"

namespace escala::client {

// The columns of `scorecards list --output csv` and `versions --output csv`: one row per version
// (the form itself only shows in the JSON output).
const ColumnTable& ScorecardColumns();

// A scorecard for people to read, fitted to `width`: the header (id, version, state, title,
// channels, roles, dispute window, cut-offs, who and when), then one table per section with each
// criterion's key, title, weight and share of the score, scale, N/A and critical rule.
std::string RenderScorecard(const v1::Scorecard& scorecard, int width);

// "yes/no", "1–5", "0–10 points"; "?" for an unset kind.
std::string ScorecardScaleText(const v1::AnswerScale& scale);

// "" when not critical; else "evaluation" or "section", with ", fails below 0.5" when a
// threshold is set.
std::string CriterionCriticalText(const v1::Criterion& criterion);

// The rows of `scorecards list`.
Table ScorecardsTable(const google::protobuf::RepeatedPtrField<v1::Scorecard>& scorecards);
// The rows of `scorecards versions`.
Table ScorecardVersionsTable(const google::protobuf::RepeatedPtrField<v1::Scorecard>& scorecards);

}  // namespace escala::client
