#pragma once

#include <map>
#include <string>
#include <utility>

#include "client/core/table_printer.h"
#include "escala/v1/calibration.pb.h"
#include "escala/v1/evaluations.pb.h"
#include "escala/v1/scorecards.pb.h"

// The `--output csv` tables of the QA commands: one header row of snake_case names, then one
// row per item, with the parent's ids repeated on every detail row so that each row stands on
// its own in a spreadsheet. Numbers are whole (no rounding) and times are RFC 3339.
namespace escala::client {

// Criterion key → (section title, criterion title), from the scorecard version scored against.
using CriterionTitles = std::map<std::string, std::pair<std::string, std::string>>;

// `evaluations list`: one row per evaluation.
Table EvaluationListCsv(const v1::ListEvaluationsResponse& response);

// `evaluations show`: one row per answered criterion, each with the evaluation's ids, state and
// score; titles are empty for keys not in `titles`.
Table EvaluationAnswersCsv(const v1::Evaluation& evaluation, const CriterionTitles& titles);

// `disputes list`: one row per contested criterion, with its evaluation's ids and score.
Table DisputeListCsv(const v1::ListEvaluationsResponse& response);

// `calibration results`: a `row_type` column says what each row is: "session" (benchmark and
// score alpha), "evaluator" (per rater), "criterion" (per criterion) and "answer" (every
// answer of every score: rater × interaction × criterion). Columns a row type has no value for
// are empty.
Table CalibrationResultsCsv(const v1::CalibrationResults& results);

// `scorecards show`: one row per criterion, with the scorecard's id, version, state and title.
Table ScorecardCsv(const v1::Scorecard& scorecard);

}  // namespace escala::client
