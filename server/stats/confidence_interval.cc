#include "server/stats/confidence_interval.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <utility>

namespace escala::server {
namespace {

// The continued fraction of I_x(a, b), evaluated by the modified Lentz method. Converges fast
// for x < (a + 1) / (a + b + 2); the caller uses the symmetry I_x(a, b) = 1 − I_{1−x}(b, a)
// otherwise.
double BetaContinuedFraction(double a, double b, double x) {
  constexpr int kMaxIterations = 500;
  constexpr double kEpsilon = 1e-15;
  constexpr double kTiny = 1e-300;
  const double qab = a + b;
  const double qap = a + 1.0;
  const double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= kMaxIterations; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kEpsilon) break;
  }
  return h;
}

// StudentTQuantile, remembered: the bisection costs about 20 µs, and a population's eligibility
// asks for the same few (confidence, n − 1) pairs thousands of times. Bounded: a flood of
// distinct pairs empties the memo instead of growing it.
double MemoizedTQuantile(double p, double degrees_of_freedom) {
  constexpr std::size_t kMaxRemembered = 4096;
  static std::mutex mutex;
  static std::map<std::pair<double, double>, double> remembered;
  const std::pair<double, double> key(p, degrees_of_freedom);
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto found = remembered.find(key);
    if (found != remembered.end()) return found->second;
  }
  const double quantile = StudentTQuantile(p, degrees_of_freedom);
  std::lock_guard<std::mutex> lock(mutex);
  if (remembered.size() >= kMaxRemembered) remembered.clear();
  remembered.emplace(key, quantile);
  return quantile;
}

}  // namespace

double RegularizedIncompleteBeta(double a, double b, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  // ln of x^a (1 − x)^b / B(a, b), through lgamma so that large a and b do not overflow.
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * BetaContinuedFraction(a, b, x) / a;
  return 1.0 - front * BetaContinuedFraction(b, a, 1.0 - x) / b;
}

double StudentTCdf(double t, double degrees_of_freedom) {
  const double nu = degrees_of_freedom;
  // P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, 1/2).
  const double tail = 0.5 * RegularizedIncompleteBeta(nu / 2.0, 0.5, nu / (nu + t * t));
  return t >= 0 ? 1.0 - tail : tail;
}

double StudentTQuantile(double p, double degrees_of_freedom) {
  if (p == 0.5) return 0.0;
  if (p < 0.5) return -StudentTQuantile(1.0 - p, degrees_of_freedom);
  // The CDF is increasing, so bisection cannot miss; widen the bracket until it holds p (one
  // degree of freedom at p = 0.995 already needs 63.7).
  double low = 0.0;
  double high = 2.0;
  while (StudentTCdf(high, degrees_of_freedom) < p && high < 1e12) {
    low = high;
    high *= 2.0;
  }
  for (int i = 0; i < 200 && high - low > 1e-12 * std::max(1.0, high); ++i) {
    const double middle = 0.5 * (low + high);
    if (StudentTCdf(middle, degrees_of_freedom) < p) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return 0.5 * (low + high);
}

MeanEstimate EstimateMean(const std::vector<double>& values, double confidence) {
  if (values.empty()) return MeanEstimate{};
  double sum = 0.0;
  for (double value : values) sum += value;
  const double mean = sum / values.size();
  // Two passes: summing squared deviations from the known mean keeps the precision that the
  // one-pass Σx² − n·mean² formula loses when scores are close together.
  double squares = 0.0;
  for (double value : values) squares += (value - mean) * (value - mean);
  return EstimateMeanFromMoments(static_cast<int64_t>(values.size()), sum, squares, confidence);
}

MeanEstimate EstimateMeanFromMoments(int64_t n, double sum, double squared_deviations,
                                     double confidence) {
  MeanEstimate estimate;
  estimate.n = static_cast<int>(n);
  if (n <= 0) return estimate;
  const double mean = sum / static_cast<double>(n);
  estimate.mean = mean;
  if (n < 2) return estimate;
  const double sd = std::sqrt(std::max(squared_deviations, 0.0) / static_cast<double>(n - 1));
  estimate.standard_deviation = sd;
  const double t = MemoizedTQuantile((1.0 + confidence) / 2.0, static_cast<double>(n - 1));
  const double half_width = t * sd / std::sqrt(static_cast<double>(n));
  estimate.low = mean - half_width;
  estimate.high = mean + half_width;
  return estimate;
}

}  // namespace escala::server
