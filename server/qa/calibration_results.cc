#include "server/qa/calibration_results.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/time/civil_time.h"
#include "server/qa/scoring/scoring.h"
#include "server/stats/agreement.h"

namespace escala::server {
namespace {

// One answer as the statistics see it: a value, or N/A.
struct Cell {
  std::optional<int> value;
  bool na = false;
  bool operator==(const Cell& other) const { return na == other.na && value == other.value; }
};

double Normalised(const ScaleSpec& scale, int value) {
  switch (scale.kind) {
    case ScaleSpec::kYesNo:
      return value;
    case ScaleSpec::kRange:
      return static_cast<double>(value - scale.min) / (scale.max - scale.min);
    case ScaleSpec::kPoints:
      return static_cast<double>(value) / scale.max;
  }
  return 0;
}

// The consensus answer of the evaluators' answers to one criterion (see the header).
std::optional<Cell> Consensus(const ScaleSpec& scale, const std::vector<Cell>& answers) {
  if (answers.empty()) return std::nullopt;
  std::vector<int> values;
  int na = 0;
  for (const Cell& cell : answers) {
    if (cell.na) {
      ++na;
    } else if (cell.value.has_value()) {
      values.push_back(*cell.value);
    }
  }
  if (2 * na > static_cast<int>(answers.size()) || values.empty()) return Cell{std::nullopt, true};
  std::sort(values.begin(), values.end());
  if (scale.kind == ScaleSpec::kYesNo) {
    // Sorted ascending, so the first value reaching the highest count is the lowest of a tie.
    int best = values.front(), best_count = 0;
    for (std::size_t i = 0; i < values.size();) {
      std::size_t j = i;
      while (j < values.size() && values[j] == values[i]) ++j;
      if (static_cast<int>(j - i) > best_count) {
        best = values[i];
        best_count = static_cast<int>(j - i);
      }
      i = j;
    }
    return Cell{best, false};
  }
  return Cell{values[(values.size() - 1) / 2], false};
}

double Mean(double sum, int count) { return count == 0 ? 0.0 : sum / count; }

double Percent(int part, int whole) { return whole == 0 ? 0.0 : 100.0 * part / whole; }

}  // namespace

CalibrationAnalysis AnalyseCalibration(const v1::CalibrationSession& session,
                                       const ScoringForm& form,
                                       const std::vector<v1::CalibrationScore>& scores) {
  CalibrationAnalysis analysis;
  v1::CalibrationResults& results = analysis.results;

  std::vector<const CriterionSpec*> criteria;
  for (const SectionSpec& section : form.sections) {
    for (const CriterionSpec& criterion : section.criteria) criteria.push_back(&criterion);
  }
  std::map<std::string, std::size_t> criterion_index;
  for (std::size_t c = 0; c < criteria.size(); ++c) criterion_index[criteria[c]->key] = c;

  const std::vector<std::string> evaluators(session.evaluator_employee_ids().begin(),
                                            session.evaluator_employee_ids().end());
  std::map<std::string, std::size_t> evaluator_index;
  for (std::size_t e = 0; e < evaluators.size(); ++e) evaluator_index[evaluators[e]] = e;
  const std::vector<int64_t> interactions(session.interaction_ids().begin(),
                                          session.interaction_ids().end());
  std::map<int64_t, std::size_t> interaction_index;
  for (std::size_t i = 0; i < interactions.size(); ++i) interaction_index[interactions[i]] = i;

  // answers[interaction][evaluator][criterion]; nullopt = that evaluator did not score it.
  using Sheet = std::vector<std::optional<Cell>>;
  std::vector<std::vector<std::optional<Sheet>>> answers(
      interactions.size(), std::vector<std::optional<Sheet>>(evaluators.size()));
  std::vector<std::vector<std::optional<double>>> totals(
      interactions.size(), std::vector<std::optional<double>>(evaluators.size()));
  std::vector<std::optional<Sheet>> expert_answers(interactions.size());
  std::vector<std::optional<double>> expert_totals(interactions.size());

  for (const v1::CalibrationScore& score : scores) {
    auto unit = interaction_index.find(score.interaction_id());
    if (unit == interaction_index.end()) continue;
    Sheet sheet(criteria.size());
    for (const v1::CriterionAnswer& answer : score.answers()) {
      auto c = criterion_index.find(answer.criterion_key());
      if (c == criterion_index.end()) continue;
      Cell cell;
      cell.na = answer.not_applicable();
      if (answer.has_value() && !cell.na) cell.value = answer.value();
      sheet[c->second] = cell;
    }
    const std::optional<double> total =
        score.has_score() ? std::optional<double>(score.score()) : std::nullopt;
    if (!session.expert_employee_id().empty() &&
        score.evaluator_employee_id() == session.expert_employee_id()) {
      expert_answers[unit->second] = std::move(sheet);
      expert_totals[unit->second] = total;
      continue;
    }
    auto coder = evaluator_index.find(score.evaluator_employee_id());
    if (coder == evaluator_index.end()) continue;
    answers[unit->second][coder->second] = std::move(sheet);
    totals[unit->second][coder->second] = total;
  }

  // The benchmark answer of every (interaction, criterion) and score of every interaction.
  bool any_expert = false;
  std::vector<std::vector<std::optional<Cell>>> benchmark(
      interactions.size(), std::vector<std::optional<Cell>>(criteria.size()));
  std::vector<std::optional<double>> benchmark_total(interactions.size());
  for (std::size_t i = 0; i < interactions.size(); ++i) {
    if (expert_answers[i].has_value()) {
      any_expert = true;
      benchmark[i] = *expert_answers[i];
      benchmark_total[i] = expert_totals[i];
      continue;
    }
    std::vector<Answer> engine_answers;
    bool complete = true;
    for (std::size_t c = 0; c < criteria.size(); ++c) {
      std::vector<Cell> given;
      for (std::size_t e = 0; e < evaluators.size(); ++e) {
        if (answers[i][e].has_value() && (*answers[i][e])[c].has_value()) {
          given.push_back(*(*answers[i][e])[c]);
        }
      }
      benchmark[i][c] = Consensus(criteria[c]->scale, given);
      if (!benchmark[i][c].has_value()) {
        complete = false;
        continue;
      }
      engine_answers.push_back(
          Answer{criteria[c]->key, benchmark[i][c]->value, benchmark[i][c]->na});
    }
    if (!complete) continue;
    absl::StatusOr<ScoreResult> scored =
        ScoreEvaluation(form.sections, engine_answers, form.cutoffs);
    if (scored.ok()) benchmark_total[i] = scored->score;
  }
  results.set_benchmark(any_expert ? "expert" : "consensus");

  // Per evaluator.
  for (std::size_t e = 0; e < evaluators.size(); ++e) {
    v1::EvaluatorCalibration* row = results.add_evaluators();
    row->set_evaluator_employee_id(evaluators[e]);
    int scored = 0, compared = 0, equal = 0, deviations = 0;
    double signed_sum = 0, absolute_sum = 0;
    for (std::size_t i = 0; i < interactions.size(); ++i) {
      if (!answers[i][e].has_value()) continue;
      ++scored;
      for (std::size_t c = 0; c < criteria.size(); ++c) {
        const std::optional<Cell>& mine = (*answers[i][e])[c];
        if (!mine.has_value() || !benchmark[i][c].has_value()) continue;
        ++compared;
        if (*mine == *benchmark[i][c]) ++equal;
      }
      if (totals[i][e].has_value() && benchmark_total[i].has_value()) {
        const double deviation = *totals[i][e] - *benchmark_total[i];
        signed_sum += deviation;
        absolute_sum += std::fabs(deviation);
        ++deviations;
        analysis.deviations.push_back(ScoreDeviation{evaluators[e], interactions[i], deviation});
      }
    }
    row->set_interactions_scored(scored);
    row->set_alignment_percent(Percent(equal, compared));
    row->set_mean_score_deviation(Mean(signed_sum, deviations));
    row->set_mean_absolute_score_deviation(Mean(absolute_sum, deviations));
  }

  // Per criterion.
  for (std::size_t c = 0; c < criteria.size(); ++c) {
    const ScaleSpec& scale = criteria[c]->scale;
    v1::CriterionCalibration* row = results.add_criteria();
    row->set_criterion_key(criteria[c]->key);
    int compared = 0, equal = 0, measured = 0;
    double deviation_sum = 0;
    RatingMatrix ratings(interactions.size(),
                         std::vector<std::optional<double>>(evaluators.size()));
    RatingMatrix complete_units;
    for (std::size_t i = 0; i < interactions.size(); ++i) {
      bool every_value = true;
      for (std::size_t e = 0; e < evaluators.size(); ++e) {
        std::optional<Cell> mine;
        if (answers[i][e].has_value()) mine = (*answers[i][e])[c];
        if (!mine.has_value() || !mine->value.has_value()) every_value = false;
        if (!mine.has_value()) continue;
        if (mine->value.has_value()) ratings[i][e] = *mine->value;
        if (!benchmark[i][c].has_value()) continue;
        ++compared;
        if (*mine == *benchmark[i][c]) ++equal;
        if (mine->value.has_value() && benchmark[i][c]->value.has_value()) {
          deviation_sum += std::fabs(Normalised(scale, *mine->value) -
                                     Normalised(scale, *benchmark[i][c]->value));
          ++measured;
        }
      }
      if (every_value && !evaluators.empty()) complete_units.push_back(ratings[i]);
    }
    row->set_alignment_percent(Percent(equal, compared));
    row->set_mean_absolute_deviation(Mean(deviation_sum, measured));
    absl::StatusOr<double> alpha = scale.kind == ScaleSpec::kYesNo
                                       ? KrippendorffAlphaNominal(ratings)
                                       : KrippendorffAlphaInterval(ratings);
    if (alpha.ok()) row->set_krippendorff_alpha(*alpha);
    // Fleiss' categories are the scale's values, as indices from 0. Points scales are left out
    // (see calibration.proto): with up to 1001 unordered categories kappa says little.
    if (scale.kind != ScaleSpec::kPoints && !complete_units.empty()) {
      const int offset = scale.kind == ScaleSpec::kRange ? scale.min : 0;
      const int categories = scale.kind == ScaleSpec::kRange ? scale.max - scale.min + 1 : 2;
      for (auto& unit : complete_units) {
        for (auto& value : unit) *value -= offset;
      }
      absl::StatusOr<std::vector<std::vector<int>>> counts =
          FleissCountsFromRatings(complete_units, categories);
      if (counts.ok()) {
        absl::StatusOr<double> kappa = FleissKappa(*counts);
        if (kappa.ok()) row->set_fleiss_kappa(*kappa);
      }
    }
  }

  absl::StatusOr<double> score_alpha = KrippendorffAlphaInterval(totals);
  if (score_alpha.ok()) results.set_score_alpha(*score_alpha);
  return analysis;
}

v1::ComputeEvaluatorLeniencyResponse AggregateLeniency(
    const std::vector<SessionDeviations>& sessions) {
  struct Sum {
    double total = 0;
    int count = 0;
  };
  struct Evaluator {
    Sum overall;
    std::set<int64_t> sessions;
    std::map<absl::Time, Sum> months;
  };
  std::map<std::string, Evaluator> by_evaluator;
  for (const SessionDeviations& session : sessions) {
    const absl::CivilMonth month = absl::ToCivilMonth(session.closed, absl::UTCTimeZone());
    const absl::Time month_start = absl::FromCivil(month, absl::UTCTimeZone());
    for (const ScoreDeviation& deviation : session.deviations) {
      Evaluator& evaluator = by_evaluator[deviation.evaluator_employee_id];
      evaluator.overall.total += deviation.deviation;
      ++evaluator.overall.count;
      evaluator.sessions.insert(session.session_id);
      Sum& in_month = evaluator.months[month_start];
      in_month.total += deviation.deviation;
      ++in_month.count;
    }
  }
  std::vector<v1::EvaluatorLeniency> rows;
  for (const auto& [employee_id, evaluator] : by_evaluator) {
    v1::EvaluatorLeniency& row = rows.emplace_back();
    row.set_evaluator_employee_id(employee_id);
    row.set_mean_score_deviation(Mean(evaluator.overall.total, evaluator.overall.count));
    row.set_interactions_scored(evaluator.overall.count);
    row.set_sessions(static_cast<int>(evaluator.sessions.size()));
    for (const auto& [start, sum] : evaluator.months) {
      v1::LeniencyPoint* point = row.add_months();
      point->mutable_period_start_time()->set_seconds(absl::ToUnixSeconds(start));
      point->set_mean_score_deviation(Mean(sum.total, sum.count));
      point->set_interactions_scored(sum.count);
    }
  }
  // std::map gave employee-id order; a stable sort keeps it among equal means.
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.mean_score_deviation() > b.mean_score_deviation();
  });
  v1::ComputeEvaluatorLeniencyResponse response;
  for (v1::EvaluatorLeniency& row : rows) *response.add_evaluators() = std::move(row);
  if (response.evaluators_size() > 0) {
    response.set_most_lenient_employee_id(response.evaluators(0).evaluator_employee_id());
    response.set_strictest_employee_id(
        response.evaluators(response.evaluators_size() - 1).evaluator_employee_id());
  }
  return response;
}

}  // namespace escala::server
