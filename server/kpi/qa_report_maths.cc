#include "server/kpi/qa_report_maths.h"

#include <algorithm>
#include <cmath>

#include "db/summaries/qa_summary_delta.h"
#include "server/kpi/kpi_metrics.h"
#include "server/stats/confidence_interval.h"

namespace escala::server {

v1::QaBucket ComputeQaBucket(const std::vector<int64_t>& c) {
  auto at = [&](int i) { return static_cast<std::size_t>(i) < c.size() ? c[i] : 0; };
  v1::QaBucket bucket;
  const int64_t n = at(db::kQaEvaluations);
  bucket.set_evaluations(n);
  bucket.set_low_sample(n < kLowSampleThreshold);
  for (int band = 1; band <= 5; ++band) {
    v1::BandCount* count = bucket.add_bands();
    count->set_band(static_cast<v1::QualityBand>(band));
    count->set_evaluations(at(db::kQaBand1 + band - 1));
  }
  bucket.set_critical_failures(at(db::kQaCriticalFailures));
  if (n == 0) return bucket;
  bucket.set_critical_failure_rate(100.0 * static_cast<double>(at(db::kQaCriticalFailures)) /
                                   static_cast<double>(n));
  // In points: the sums are in thousandths.
  const double sum = static_cast<double>(at(db::kQaScoreMilliSum)) / 1000.0;
  const double sum_sq = static_cast<double>(at(db::kQaScoreMilliSqSum)) / 1e6;
  const double mean = sum / static_cast<double>(n);
  bucket.set_mean_score(mean);
  if (n < 2) return bucket;
  const double variance =
      std::max(0.0, (sum_sq - sum * sum / static_cast<double>(n)) / static_cast<double>(n - 1));
  const double half = StudentTQuantile(0.975, static_cast<double>(n - 1)) * std::sqrt(variance) /
                      std::sqrt(static_cast<double>(n));
  bucket.set_ci_low(std::clamp(mean - half, 0.0, 100.0));
  bucket.set_ci_high(std::clamp(mean + half, 0.0, 100.0));
  return bucket;
}

std::vector<v1::CriterionFailureRate> ComputeCriterionFailureRates(
    const std::vector<db::CriterionCounts>& counts,
    const std::map<std::pair<std::string, std::string>, std::string>& titles) {
  std::vector<v1::CriterionFailureRate> rates;
  for (const db::CriterionCounts& c : counts) {
    if (c.scored <= 0) continue;
    v1::CriterionFailureRate rate;
    rate.set_scorecard_id(c.scorecard_id);
    rate.set_criterion_key(c.criterion_key);
    if (auto title = titles.find({c.scorecard_id, c.criterion_key}); title != titles.end()) {
      rate.set_title(title->second);
    }
    rate.set_scored(c.scored);
    rate.set_failed(c.failed);
    rate.set_failure_rate(100.0 * static_cast<double>(c.failed) / static_cast<double>(c.scored));
    rate.set_low_sample(c.scored < kLowSampleThreshold);
    rates.push_back(std::move(rate));
  }
  // Compared as fractions (failed × scored'), not as doubles: equal rates tie exactly.
  std::sort(rates.begin(), rates.end(),
            [](const v1::CriterionFailureRate& a, const v1::CriterionFailureRate& b) {
              const int64_t left = a.failed() * b.scored(), right = b.failed() * a.scored();
              if (left != right) return left > right;
              if (a.failed() != b.failed()) return a.failed() > b.failed();
              if (a.scorecard_id() != b.scorecard_id()) return a.scorecard_id() < b.scorecard_id();
              return a.criterion_key() < b.criterion_key();
            });
  return rates;
}

}  // namespace escala::server
