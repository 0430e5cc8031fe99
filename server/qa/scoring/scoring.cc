#include "server/qa/scoring/scoring.h"

#include <cmath>
#include <cstddef>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace escala::server {
namespace {

absl::Status CriterionError(absl::string_view key, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat("criterion \"", key, "\": ", rule));
}

absl::Status SectionError(absl::string_view key, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat("section \"", key, "\": ", rule));
}

absl::Status ValidateScale(const CriterionSpec& criterion) {
  const ScaleSpec& scale = criterion.scale;
  switch (scale.kind) {
    case ScaleSpec::kYesNo:
      return absl::OkStatus();
    case ScaleSpec::kRange:
      if (scale.min >= scale.max) {
        return CriterionError(criterion.key, absl::StrCat("range scale needs min < max, got ",
                                                          scale.min, "..", scale.max));
      }
      return absl::OkStatus();
    case ScaleSpec::kPoints:
      if (scale.max <= 0) {
        return CriterionError(criterion.key,
                              absl::StrCat("points scale needs max > 0, got ", scale.max));
      }
      return absl::OkStatus();
  }
  // Reached only through a cast of an out-of-range integer, e.g. from a corrupt stored card.
  return CriterionError(criterion.key,
                        absl::StrCat("scale kind must be yes/no, range or points, got ",
                                     static_cast<int>(scale.kind)));
}

// The largest weight of a criterion (scorecards.proto). Bounded so that the sums of a score stay
// finite: two weights near the largest double added up to infinity and made the score NaN.
constexpr double kMaxWeight = 1000;

absl::Status ValidateCriterion(const CriterionSpec& criterion) {
  // `!(w > 0)` rather than `w <= 0` so that NaN is rejected too.
  if (!(criterion.weight > 0) || !std::isfinite(criterion.weight)) {
    return CriterionError(criterion.key,
                          absl::StrCat("weight must be positive, got ", criterion.weight));
  }
  if (criterion.weight > kMaxWeight) {
    return CriterionError(criterion.key, absl::StrCat("weight must be at most ", kMaxWeight,
                                                      ", got ", criterion.weight));
  }
  if (absl::Status status = ValidateScale(criterion); !status.ok()) return status;
  if (criterion.critical_threshold.has_value()) {
    const double threshold = *criterion.critical_threshold;
    if (!(threshold > 0 && threshold <= 1)) {
      return CriterionError(criterion.key,
                            absl::StrCat("critical_threshold must be in (0, 1], got ", threshold));
    }
  }
  if (criterion.critical_scope != CriterionSpec::kEvaluation &&
      criterion.critical_scope != CriterionSpec::kSection) {
    return CriterionError(criterion.key, "critical_scope must be evaluation or section");
  }
  return absl::OkStatus();
}

absl::Status ValidateCutoffs(const BandCutoffs& cutoffs) {
  const std::pair<absl::string_view, double> ordered[] = {
      {"basic", cutoffs.basic},
      {"good", cutoffs.good},
      {"excellent", cutoffs.excellent},
      {"above_expectations", cutoffs.above_expectations},
  };
  for (const auto& [name, value] : ordered) {
    if (!(value >= 0 && value <= 100)) {
      return absl::InvalidArgumentError(
          absl::StrCat("band cut-off ", name, " must be within 0..100, got ", value));
    }
  }
  for (std::size_t i = 1; i < std::size(ordered); ++i) {
    if (!(ordered[i].second > ordered[i - 1].second)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "band cut-offs must be strictly ascending: ", ordered[i].first, " (", ordered[i].second,
          ") must be above ", ordered[i - 1].first, " (", ordered[i - 1].second, ")"));
    }
  }
  return absl::OkStatus();
}

// The answer mapped to 0..1, after checking that it lies on the scale.
absl::StatusOr<double> Normalise(const CriterionSpec& criterion, int value) {
  const ScaleSpec& scale = criterion.scale;
  switch (scale.kind) {
    case ScaleSpec::kYesNo:
      if (value != 0 && value != 1) {
        return CriterionError(criterion.key,
                              absl::StrCat("yes/no answer must be 0 (no) or 1 (yes), got ", value));
      }
      return static_cast<double>(value);
    case ScaleSpec::kRange:
      if (value < scale.min || value > scale.max) {
        return CriterionError(criterion.key, absl::StrCat("value must be within ", scale.min, "..",
                                                          scale.max, ", got ", value));
      }
      return static_cast<double>(value - scale.min) / (scale.max - scale.min);
    case ScaleSpec::kPoints:
      if (value < 0 || value > scale.max) {
        return CriterionError(criterion.key,
                              absl::StrCat("value must be within 0..", scale.max, ", got ", value));
      }
      return static_cast<double>(value) / scale.max;
  }
  return CriterionError(criterion.key, "scale kind must be yes/no, range or points");
}

bool FailsCritical(const CriterionSpec& criterion, double normalised) {
  return criterion.critical && FailsAnswer(criterion, normalised);
}

// One criterion after its answer was checked: nullopt when N/A.
struct ScoredCriterion {
  const CriterionSpec* spec;
  std::optional<double> normalised;
};

// Weighted sums, kept apart so that the card total and each section total use one formula.
struct WeightedSum {
  double earned = 0;  // Σ(normalised × weight)
  double weight = 0;  // Σ(weight) of applicable criteria

  void Add(double normalised, double w) {
    earned += normalised * w;
    weight += w;
  }
  std::optional<double> Score() const {
    if (weight == 0) return std::nullopt;
    return 100.0 * earned / weight;
  }
};

// Checks the answer to one criterion and returns its normalised value, or nullopt for N/A.
absl::StatusOr<std::optional<double>> ScoreAnswer(const CriterionSpec& criterion,
                                                  const Answer& answer) {
  if (answer.na && answer.value.has_value()) {
    return CriterionError(criterion.key, "answer must be either a value or N/A, not both");
  }
  if (answer.na) {
    if (!criterion.allow_na) return CriterionError(criterion.key, "N/A is not allowed");
    return std::optional<double>();
  }
  if (!answer.value.has_value()) {
    return CriterionError(criterion.key, "answer needs a value or N/A");
  }
  absl::StatusOr<double> normalised = Normalise(criterion, *answer.value);
  if (!normalised.ok()) return normalised.status();
  return std::optional<double>(*normalised);
}

}  // namespace

bool FailsAnswer(const CriterionSpec& criterion, double normalised) {
  // Every scale's lowest answer normalises to exactly 0.0, so the default needs no epsilon.
  if (!criterion.critical_threshold.has_value()) return normalised == 0.0;
  return normalised < *criterion.critical_threshold;
}

absl::StatusOr<double> NormaliseAnswer(const CriterionSpec& criterion, int value) {
  return Normalise(criterion, value);
}

absl::string_view QualityBandName(QualityBand band) {
  switch (band) {
    case QualityBand::kUnacceptable:
      return "Unacceptable";
    case QualityBand::kBasic:
      return "Basic";
    case QualityBand::kGood:
      return "Good";
    case QualityBand::kExcellent:
      return "Excellent";
    case QualityBand::kAboveExpectations:
      return "Above expectations";
  }
  return "Unknown";
}

absl::Status ValidateScorecard(const std::vector<SectionSpec>& sections,
                               const BandCutoffs& cutoffs) {
  if (sections.empty()) {
    return absl::InvalidArgumentError("scorecard must have at least one section");
  }
  absl::flat_hash_map<std::string, std::size_t> section_index;
  // Criterion keys are unique across the card, not per section: answers, disputes and training
  // links refer to a criterion by key alone.
  absl::flat_hash_map<std::string, absl::string_view> criterion_section;
  for (std::size_t s = 0; s < sections.size(); ++s) {
    const SectionSpec& section = sections[s];
    if (section.key.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("section #", s + 1, " (\"", section.title, "\"): key must not be empty"));
    }
    if (!section_index.emplace(section.key, s).second) {
      return SectionError(section.key, "key must be unique among the sections of the scorecard");
    }
    if (section.criteria.empty()) {
      return SectionError(section.key, "must have at least one criterion");
    }
    for (std::size_t c = 0; c < section.criteria.size(); ++c) {
      const CriterionSpec& criterion = section.criteria[c];
      if (criterion.key.empty()) {
        return SectionError(section.key,
                            absl::StrCat("criterion #", c + 1, ": key must not be empty"));
      }
      auto [it, inserted] = criterion_section.emplace(criterion.key, section.key);
      if (!inserted) {
        return CriterionError(criterion.key,
                              absl::StrCat("key must be unique across the scorecard, also used in "
                                           "section \"",
                                           it->second, "\""));
      }
      if (absl::Status status = ValidateCriterion(criterion); !status.ok()) return status;
    }
  }
  return ValidateCutoffs(cutoffs);
}

QualityBand BandForScore(double score, const BandCutoffs& cutoffs) {
  // `>=`: a score equal to a cut-off belongs to the higher band.
  if (score >= cutoffs.above_expectations) return QualityBand::kAboveExpectations;
  if (score >= cutoffs.excellent) return QualityBand::kExcellent;
  if (score >= cutoffs.good) return QualityBand::kGood;
  if (score >= cutoffs.basic) return QualityBand::kBasic;
  return QualityBand::kUnacceptable;
}

absl::StatusOr<ScoreResult> ScoreEvaluation(const std::vector<SectionSpec>& sections,
                                            const std::vector<Answer>& answers,
                                            const BandCutoffs& cutoffs) {
  if (absl::Status status = ValidateScorecard(sections, cutoffs); !status.ok()) return status;

  absl::flat_hash_map<absl::string_view, const Answer*> answer_by_key;
  {
    absl::flat_hash_map<absl::string_view, bool> known;
    for (const SectionSpec& section : sections) {
      for (const CriterionSpec& criterion : section.criteria) known.emplace(criterion.key, true);
    }
    for (const Answer& answer : answers) {
      if (!known.contains(answer.criterion_key)) {
        return CriterionError(answer.criterion_key, "is not a criterion of this scorecard");
      }
      if (!answer_by_key.emplace(answer.criterion_key, &answer).second) {
        return CriterionError(answer.criterion_key, "has more than one answer");
      }
    }
  }

  ScoreResult result;
  std::vector<std::vector<ScoredCriterion>> scored(sections.size());
  std::vector<bool> section_zeroed(sections.size(), false);
  for (std::size_t s = 0; s < sections.size(); ++s) {
    for (const CriterionSpec& criterion : sections[s].criteria) {
      auto found = answer_by_key.find(criterion.key);
      if (found == answer_by_key.end()) return CriterionError(criterion.key, "has no answer");
      absl::StatusOr<std::optional<double>> normalised = ScoreAnswer(criterion, *found->second);
      if (!normalised.ok()) return normalised.status();
      scored[s].push_back({&criterion, *normalised});
      if (normalised->has_value() && FailsAnswer(criterion, **normalised)) {
        result.failed_keys.push_back(criterion.key);
      }
      if (normalised->has_value() && FailsCritical(criterion, **normalised)) {
        result.failed_critical_keys.push_back(criterion.key);
        if (criterion.critical_scope == CriterionSpec::kSection) {
          section_zeroed[s] = true;
        } else {
          result.zeroed_by_critical = true;
        }
      }
    }
  }

  WeightedSum card;
  for (std::size_t s = 0; s < sections.size(); ++s) {
    WeightedSum section_sum;
    for (const ScoredCriterion& criterion : scored[s]) {
      if (!criterion.normalised.has_value()) continue;  // N/A leaves the denominator
      // A zeroed section keeps its weight: the failure must cost what the section is worth.
      const double earned = section_zeroed[s] ? 0.0 : *criterion.normalised;
      section_sum.Add(earned, criterion.spec->weight);
      card.Add(earned, criterion.spec->weight);
    }
    std::optional<double> section_score = section_sum.Score();
    if (result.zeroed_by_critical && section_score.has_value()) section_score = 0.0;
    result.sections.push_back({sections[s].key, section_score, section_zeroed[s]});
  }

  result.score = card.Score();
  if (result.zeroed_by_critical && result.score.has_value()) result.score = 0.0;
  if (result.score.has_value()) result.band = BandForScore(*result.score, cutoffs);
  return result;
}

}  // namespace escala::server
