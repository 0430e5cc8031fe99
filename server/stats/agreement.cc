#include "server/stats/agreement.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace escala::server {
namespace {

// The disagreement δ²(c, k) between two values; the metric is what distinguishes the alpha
// variants.
using DifferenceFunction = std::function<double(double, double)>;

// The values of the units that have at least two of them: a unit rated by one coder says nothing
// about agreement, and Krippendorff's coincidence matrix leaves it out by construction.
absl::StatusOr<std::vector<std::vector<double>>> PairableUnits(const RatingMatrix& ratings) {
  std::vector<std::vector<double>> units;
  for (std::size_t unit = 0; unit < ratings.size(); ++unit) {
    std::vector<double> values;
    for (std::size_t coder = 0; coder < ratings[unit].size(); ++coder) {
      const std::optional<double>& cell = ratings[unit][coder];
      if (!cell.has_value()) continue;
      // A NaN would silently compare unequal to itself and corrupt both sums.
      if (!std::isfinite(*cell)) {
        return absl::InvalidArgumentError(
            absl::StrCat("unit ", unit, ", coder ", coder, ": value is not a finite number"));
      }
      values.push_back(*cell);
    }
    if (values.size() >= 2) units.push_back(std::move(values));
  }
  return units;
}

// Krippendorff's alpha through the coincidence matrix: every ordered pair of values from
// different coders within unit u adds 1/(m_u − 1) to o[c][k]; n_c are its marginals and n their
// total. Then alpha = 1 − (n − 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck.
absl::StatusOr<double> KrippendorffAlpha(const RatingMatrix& ratings,
                                         const DifferenceFunction& difference) {
  absl::StatusOr<std::vector<std::vector<double>>> units = PairableUnits(ratings);
  if (!units.ok()) return units.status();

  // The distinct values index the matrix; sorted so the result does not depend on input order.
  std::vector<double> distinct;
  for (const std::vector<double>& unit : *units) {
    distinct.insert(distinct.end(), unit.begin(), unit.end());
  }
  const std::size_t pairable_count = distinct.size();
  if (pairable_count < 2) {
    return absl::FailedPreconditionError(absl::StrCat(
        "Krippendorff's alpha needs at least 2 pairable values (units rated by 2 or more "
        "coders), got ",
        pairable_count));
  }
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  const auto index_of = [&distinct](double value) {
    return static_cast<std::size_t>(std::lower_bound(distinct.begin(), distinct.end(), value) -
                                    distinct.begin());
  };

  const std::size_t size = distinct.size();
  std::vector<std::vector<double>> coincidences(size, std::vector<double>(size, 0.0));
  for (const std::vector<double>& unit : *units) {
    const double pair_weight = 1.0 / static_cast<double>(unit.size() - 1);
    for (std::size_t i = 0; i < unit.size(); ++i) {
      for (std::size_t j = 0; j < unit.size(); ++j) {
        if (i != j) coincidences[index_of(unit[i])][index_of(unit[j])] += pair_weight;
      }
    }
  }
  std::vector<double> marginals(size, 0.0);
  for (std::size_t c = 0; c < size; ++c) {
    for (std::size_t k = 0; k < size; ++k) marginals[c] += coincidences[c][k];
  }

  double observed = 0.0;
  double expected = 0.0;
  for (std::size_t c = 0; c < size; ++c) {
    for (std::size_t k = 0; k < size; ++k) {
      const double delta = difference(distinct[c], distinct[k]);
      observed += coincidences[c][k] * delta;
      expected += marginals[c] * marginals[k] * delta;
    }
  }
  if (expected == 0.0) {
    return absl::FailedPreconditionError(
        "Krippendorff's alpha is undefined: all pairable values are identical, so the expected "
        "disagreement is 0");
  }
  return 1.0 - static_cast<double>(pairable_count - 1) * observed / expected;
}

}  // namespace

absl::StatusOr<double> KrippendorffAlphaNominal(const RatingMatrix& ratings) {
  return KrippendorffAlpha(ratings, [](double c, double k) { return c == k ? 0.0 : 1.0; });
}

absl::StatusOr<double> KrippendorffAlphaInterval(const RatingMatrix& ratings) {
  return KrippendorffAlpha(ratings, [](double c, double k) { return (c - k) * (c - k); });
}

absl::StatusOr<double> FleissKappa(const std::vector<std::vector<int>>& counts) {
  if (counts.empty()) {
    return absl::InvalidArgumentError("Fleiss' kappa needs at least one unit");
  }
  const std::size_t category_count = counts[0].size();
  if (category_count == 0) {
    return absl::InvalidArgumentError("unit 0: Fleiss' kappa needs at least one category");
  }
  // Integer totals so the "one category holds every rating" test below is exact.
  std::int64_t raters = -1;
  std::vector<std::int64_t> category_totals(category_count, 0);
  double agreement_sum = 0.0;  // Σ_i Σ_j n_ij (n_ij − 1), the agreeing rater pairs per unit
  for (std::size_t unit = 0; unit < counts.size(); ++unit) {
    if (counts[unit].size() != category_count) {
      return absl::InvalidArgumentError(absl::StrCat("unit ", unit, ": has ", counts[unit].size(),
                                                     " categories, unit 0 has ", category_count));
    }
    std::int64_t unit_raters = 0;
    for (std::size_t category = 0; category < category_count; ++category) {
      const int count = counts[unit][category];
      if (count < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("unit ", unit, ", category ", category, ": negative count ", count));
      }
      unit_raters += count;
      category_totals[category] += count;
      agreement_sum += static_cast<double>(count) * static_cast<double>(count - 1);
    }
    if (unit == 0) {
      if (unit_raters < 2) {
        return absl::InvalidArgumentError(absl::StrCat(
            "unit 0: Fleiss' kappa needs at least 2 raters per unit, got ", unit_raters));
      }
      raters = unit_raters;
    } else if (unit_raters != raters) {
      return absl::InvalidArgumentError(
          absl::StrCat("unit ", unit, ": has ", unit_raters,
                       " raters, but Fleiss' kappa needs the same number on every unit (unit 0 "
                       "has ",
                       raters, ")"));
    }
  }

  const std::int64_t total_ratings = static_cast<std::int64_t>(counts.size()) * raters;
  if (std::find(category_totals.begin(), category_totals.end(), total_ratings) !=
      category_totals.end()) {
    return absl::FailedPreconditionError(
        "Fleiss' kappa is undefined: every rating falls into one category, so the chance "
        "agreement is 1");
  }
  const double units = static_cast<double>(counts.size());
  const double n = static_cast<double>(raters);
  const double observed = agreement_sum / (units * n * (n - 1.0));  // P̄
  double expected = 0.0;                                            // P̄e = Σ p_j²
  for (const std::int64_t total : category_totals) {
    const double share = static_cast<double>(total) / static_cast<double>(total_ratings);
    expected += share * share;
  }
  return (observed - expected) / (1.0 - expected);
}

absl::StatusOr<std::vector<std::vector<int>>> FleissCountsFromRatings(const RatingMatrix& ratings,
                                                                      int category_count) {
  if (category_count < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("category_count must be at least 1, got ", category_count));
  }
  std::vector<std::vector<int>> counts;
  counts.reserve(ratings.size());
  for (std::size_t unit = 0; unit < ratings.size(); ++unit) {
    std::vector<int> unit_counts(static_cast<std::size_t>(category_count), 0);
    for (std::size_t coder = 0; coder < ratings[unit].size(); ++coder) {
      const std::optional<double>& cell = ratings[unit][coder];
      if (!cell.has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat("unit ", unit, ", coder ", coder,
                         ": missing value; Fleiss' kappa needs every rater on every unit"));
      }
      const double value = *cell;
      if (!(value >= 0.0 && value < category_count) || value != std::floor(value)) {
        return absl::InvalidArgumentError(absl::StrCat("unit ", unit, ", coder ", coder, ": value ",
                                                       value, " is not a category index 0..",
                                                       category_count - 1));
      }
      ++unit_counts[static_cast<std::size_t>(value)];
    }
    counts.push_back(std::move(unit_counts));
  }
  return counts;
}

}  // namespace escala::server
