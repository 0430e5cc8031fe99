#pragma once

// Did a training improve QA scores? Difference in differences: the trained group's change in a
// criterion's score from a window before the training to a window after, less the change of a
// comparison group that was not trained over the same windows, so that what moved everyone (a new
// scorecard version, a quiet season, stricter evaluators) is not credited to the training. Pure
// functions, no I/O.
//
// Each person counts once: their scores in a window are averaged first, and their change is
// after − before. The estimate is mean change (trained) − mean change (comparison); its standard
// error and interval come from Welch's unequal-variance t on the per-person change scores, with
// Welch–Satterthwaite degrees of freedom. A person with scores in only one window has no change
// and is left out (and counted as such).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace escala::server {

// One person's scores of the criterion (percent, 0–100), one per evaluation, in each window.
struct PersonScores {
  std::vector<double> before;
  std::vector<double> after;
};

// Fewer people with scores in both windows than this, in either group, is not enough data. With
// four people a group's variance of change scores rests on three degrees of freedom and can be
// off by a factor of two or more; Welch's degrees then lie between 3 and 6 and the 95 % t
// quantile between 2.45 and 3.18, so the interval spans more than the few points a training
// moves a score, and printing an estimate would present noise as a finding. Five per group is
// the least that gives at least four degrees of freedom (t ≤ 2.78) on every side.
inline constexpr int kMinimumPeoplePerGroup = 5;

struct GroupChange {
  // People with scores in both windows: the ones counted.
  int people = 0;
  // People left out for having scores in one window only (or none).
  int people_left_out = 0;
  // Evaluations of the counted people in each window.
  int evaluations_before = 0;
  int evaluations_after = 0;
  // Means over the counted people of their window means; unset when none is counted.
  std::optional<double> mean_before;
  std::optional<double> mean_after;
  // mean_after − mean_before, which is the mean of the per-person changes.
  std::optional<double> mean_change;
  // Sample variance (n − 1) of the per-person changes; unset with fewer than 2 people.
  std::optional<double> change_variance;
};

struct DifferenceInDifferences {
  GroupChange trained;
  GroupChange comparison;
  // False when either group has fewer than kMinimumPeoplePerGroup people counted; then
  // `not_enough_data` says which, and the estimate and its interval are unset.
  bool enough_data = false;
  std::string not_enough_data;
  // Trained change − comparison change, in score points.
  std::optional<double> estimate;
  // √(s²_trained / n_trained + s²_comparison / n_comparison).
  std::optional<double> standard_error;
  // Welch–Satterthwaite; unset when both groups' changes have no spread at all (the interval is
  // then the estimate itself).
  std::optional<double> degrees_of_freedom;
  // estimate ± t((1 + confidence) / 2, degrees_of_freedom) × standard_error.
  std::optional<double> low;
  std::optional<double> high;
};

// The estimate at `confidence` (in (0, 1); 0.95 for the usual 95 % interval). INVALID_ARGUMENT
// naming the value ("trained[2].after[0]") for a score outside 0–100 or not finite, and for a
// confidence outside (0, 1).
absl::StatusOr<DifferenceInDifferences> EstimateDifferenceInDifferences(
    const std::vector<PersonScores>& trained, const std::vector<PersonScores>& comparison,
    double confidence = 0.95);

}  // namespace escala::server
