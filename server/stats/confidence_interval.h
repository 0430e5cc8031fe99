#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace escala::server {

// Small-sample statistics for agents' QA averages: an agent with five evaluations has a much
// less certain average than one with fifty, and the interval says by how much. Pure functions,
// no I/O.

// The regularised incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1], by its
// continued fraction (modified Lentz), accurate to about 1e-12.
double RegularizedIncompleteBeta(double a, double b, double x);

// P(T <= t) for Student's t distribution with `degrees_of_freedom` (>= 1; not necessarily a whole
// number: Welch's test has Welch–Satterthwaite's fractional degrees).
double StudentTCdf(double t, double degrees_of_freedom);

// The quantile t with P(T <= t) = p, for p in (0, 1) and degrees_of_freedom >= 1 (fractional
// allowed), found by bisection on StudentTCdf to about 1e-10 (e.g. p 0.975 with 4 degrees gives
// 2.776).
double StudentTQuantile(double p, double degrees_of_freedom);

// Mean, spread and the confidence interval of the mean of a sample.
struct MeanEstimate {
  int n = 0;
  // Unset for an empty sample.
  std::optional<double> mean;
  // Sample standard deviation (n − 1 in the denominator) and the two-sided Student's t
  // interval mean ± t((1 + confidence) / 2, n − 1) × sd / √n; unset with fewer than 2 values.
  std::optional<double> standard_deviation;
  std::optional<double> low;
  std::optional<double> high;
};

// Estimates the mean of `values` at `confidence` (in (0, 1), e.g. 0.95). The interval is not
// clamped: callers with a bounded scale clamp it themselves.
MeanEstimate EstimateMean(const std::vector<double>& values, double confidence);

// The same estimate from a sample's size, sum and sum of squared deviations from its mean
// (Σ(x − mean)²), as kept by running totals.
MeanEstimate EstimateMeanFromMoments(int64_t n, double sum, double squared_deviations,
                                     double confidence);

}  // namespace escala::server
