#include "server/stats/difference_in_differences.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/stats/confidence_interval.h"

namespace escala::server {
namespace {

double Mean(const std::vector<double>& values) {
  double sum = 0.0;
  for (double value : values) sum += value;
  return sum / static_cast<double>(values.size());
}

// INVALID_ARGUMENT naming the first score of `group` outside 0–100.
absl::Status CheckScores(const char* group, const std::vector<PersonScores>& people) {
  for (std::size_t i = 0; i < people.size(); ++i) {
    for (const auto& [window, scores] :
         {std::pair<const char*, const std::vector<double>*>{"before", &people[i].before},
          {"after", &people[i].after}}) {
      for (std::size_t j = 0; j < scores->size(); ++j) {
        const double score = (*scores)[j];
        if (!std::isfinite(score) || score < 0.0 || score > 100.0) {
          return absl::InvalidArgumentError(absl::StrCat(
              group, "[", i, "].", window, "[", j, "]: must be a score of 0 to 100, got ", score));
        }
      }
    }
  }
  return absl::OkStatus();
}

// The group's counts, window means and the mean and variance of its per-person changes.
GroupChange Summarise(const std::vector<PersonScores>& people) {
  GroupChange group;
  std::vector<double> before_means;
  std::vector<double> changes;
  double after_sum = 0.0;
  for (const PersonScores& person : people) {
    if (person.before.empty() || person.after.empty()) {
      ++group.people_left_out;
      continue;
    }
    ++group.people;
    group.evaluations_before += static_cast<int>(person.before.size());
    group.evaluations_after += static_cast<int>(person.after.size());
    const double before = Mean(person.before);
    const double after = Mean(person.after);
    before_means.push_back(before);
    after_sum += after;
    changes.push_back(after - before);
  }
  if (group.people == 0) return group;
  group.mean_before = Mean(before_means);
  group.mean_after = after_sum / group.people;
  const double mean_change = Mean(changes);
  group.mean_change = mean_change;
  if (group.people >= 2) {
    // Two passes, as in EstimateMean: deviations from the known mean keep the precision.
    double squares = 0.0;
    for (double change : changes) squares += (change - mean_change) * (change - mean_change);
    group.change_variance = squares / (group.people - 1);
  }
  return group;
}

}  // namespace

absl::StatusOr<DifferenceInDifferences> EstimateDifferenceInDifferences(
    const std::vector<PersonScores>& trained, const std::vector<PersonScores>& comparison,
    double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("confidence: must be between 0 and 1 (exclusive), got ", confidence));
  }
  if (absl::Status s = CheckScores("trained", trained); !s.ok()) return s;
  if (absl::Status s = CheckScores("comparison", comparison); !s.ok()) return s;
  DifferenceInDifferences result;
  result.trained = Summarise(trained);
  result.comparison = Summarise(comparison);
  for (const auto& [name, group] :
       {std::pair<const char*, const GroupChange*>{"trained", &result.trained},
        {"comparison", &result.comparison}}) {
    if (group->people < kMinimumPeoplePerGroup) {
      if (!result.not_enough_data.empty()) result.not_enough_data.append("; ");
      absl::StrAppend(&result.not_enough_data, "the ", name, " group has ", group->people,
                      " people with scores before and after, fewer than ", kMinimumPeoplePerGroup);
    }
  }
  if (!result.not_enough_data.empty()) return result;
  result.enough_data = true;

  const double n_trained = result.trained.people;
  const double n_comparison = result.comparison.people;
  // Each group's squared standard error of its mean change.
  const double trained_part = *result.trained.change_variance / n_trained;
  const double comparison_part = *result.comparison.change_variance / n_comparison;
  const double estimate = *result.trained.mean_change - *result.comparison.mean_change;
  const double variance = trained_part + comparison_part;
  result.estimate = estimate;
  result.standard_error = std::sqrt(variance);
  if (variance == 0.0) {
    // Every person of both groups changed by their group's mean: no spread to reason from, and
    // Welch–Satterthwaite's 0 / 0 has no value. The interval is the estimate itself.
    result.low = estimate;
    result.high = estimate;
    return result;
  }
  const double degrees = variance * variance /
                         (trained_part * trained_part / (n_trained - 1.0) +
                          comparison_part * comparison_part / (n_comparison - 1.0));
  result.degrees_of_freedom = degrees;
  const double half_width =
      StudentTQuantile((1.0 + confidence) / 2.0, degrees) * *result.standard_error;
  result.low = estimate - half_width;
  result.high = estimate + half_width;
  return result;
}

}  // namespace escala::server
