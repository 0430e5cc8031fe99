#pragma once

#include <optional>
#include <vector>

#include "absl/status/statusor.h"

namespace escala::server {

// Chance-corrected agreement between evaluators, for QA calibration sessions: several evaluators
// score the same interactions and, per criterion, we want to know how much they agree beyond what
// chance alone would produce. Raw percent agreement flatters criteria where almost every answer is
// "yes"; these statistics correct for that. Pure functions, no I/O.
//
// Krippendorff's alpha is the primary statistic: it tolerates missing answers (an evaluator who
// skipped a unit or answered N/A), any number of evaluators per unit, and has a metric for
// numeric scales. Fleiss' kappa is offered as well because calibration reports elsewhere quote it;
// it needs the same number of raters on every unit and treats values as unordered categories.
//
// Both return 1 for perfect agreement, 0 for agreement at chance level and negative values for
// systematic disagreement. When the expected (chance) disagreement is zero, e.g. every evaluator
// gave the same answer everywhere, the statistic is 0/0: that is reported as an error rather than
// returned as NaN, so that a report shows "undefined" instead of a number that poisons averages.

// Reliability data: one row per unit (interaction), one column per coder (evaluator).
// nullopt = the coder gave no value for the unit. Rows may differ in length; a missing trailing
// column is treated like nullopt.
using RatingMatrix = std::vector<std::vector<std::optional<double>>>;  // [unit][coder]

// Krippendorff's alpha with the nominal metric (values are categories: equal or not), for yes/no
// criteria and unordered choices. Values are compared exactly, so categories should be integral.
// Units with fewer than two values cannot be paired and do not contribute.
// FAILED_PRECONDITION when fewer than two pairable values exist or all of them are identical.
absl::StatusOr<double> KrippendorffAlphaNominal(const RatingMatrix& ratings);

// Krippendorff's alpha with the interval metric (squared difference), for numeric scales such as
// 1–5, where answering 4 against a colleague's 5 is a smaller disagreement than 1 against 5.
// Same pairing rules and errors as the nominal variant.
absl::StatusOr<double> KrippendorffAlphaInterval(const RatingMatrix& ratings);

// Fleiss' kappa from category counts: counts[unit][category] = number of raters who chose that
// category for the unit. Every unit must have the same total n ≥ 2 of raters and at least one
// category; INVALID_ARGUMENT otherwise, naming the offending unit. FAILED_PRECONDITION when the
// chance agreement P̄e is 1 (all ratings fall into one category), where kappa is undefined.
absl::StatusOr<double> FleissKappa(const std::vector<std::vector<int>>& counts);

// Builds Fleiss counts from a complete RatingMatrix whose values are category indices
// 0..category_count-1 (e.g. 0 = no, 1 = yes). INVALID_ARGUMENT, naming unit and coder, for a
// missing value or a value that is not such an index: Fleiss' kappa has no notion of a missing
// rating, so the caller decides (drop the unit, or use Krippendorff's alpha instead).
// A row with fewer coders than the others yields a smaller total, which FleissKappa then rejects.
absl::StatusOr<std::vector<std::vector<int>>> FleissCountsFromRatings(const RatingMatrix& ratings,
                                                                      int category_count);

}  // namespace escala::server
