#include "client/qa/running_score.h"

#include <set>

#include "absl/strings/str_format.h"

namespace escala::client {

absl::StatusOr<RunningScore> ScoreAnswered(
    const server::ScoringForm& form,
    const google::protobuf::RepeatedPtrField<v1::CriterionAnswer>& answers) {
  RunningScore running;
  std::set<std::string> answered_keys;
  google::protobuf::RepeatedPtrField<v1::CriterionAnswer> answered;
  for (const v1::CriterionAnswer& answer : answers) {
    if (!answer.has_value() && !answer.not_applicable()) continue;
    answered_keys.insert(answer.criterion_key());
    *answered.Add() = answer;
  }
  server::ScoringForm restricted;
  restricted.cutoffs = form.cutoffs;
  for (const server::SectionSpec& section : form.sections) {
    running.total += static_cast<int>(section.criteria.size());
    server::SectionSpec kept = section;
    kept.criteria.clear();
    for (const server::CriterionSpec& criterion : section.criteria) {
      if (answered_keys.count(criterion.key) > 0) kept.criteria.push_back(criterion);
    }
    // The engine refuses an empty section; an unanswered section simply is not part of it yet.
    if (!kept.criteria.empty()) restricted.sections.push_back(std::move(kept));
  }
  running.answered = answered.size();
  if (restricted.sections.empty()) return running;

  v1::Evaluation scored;
  if (absl::Status status = server::ApplyScore(restricted, answered, scored); !status.ok()) {
    return status;
  }
  if (scored.has_score()) running.score = scored.score();
  running.band = scored.band();
  running.failed_critical_keys.assign(scored.failed_critical_keys().begin(),
                                      scored.failed_critical_keys().end());
  running.zeroed_by_critical = scored.zeroed_by_critical();
  return running;
}

std::string BandText(v1::QualityBand band) {
  switch (band) {
    case v1::QUALITY_BAND_UNACCEPTABLE:
      return "Unacceptable";
    case v1::QUALITY_BAND_BASIC:
      return "Basic";
    case v1::QUALITY_BAND_GOOD:
      return "Good";
    case v1::QUALITY_BAND_EXCELLENT:
      return "Excellent";
    case v1::QUALITY_BAND_ABOVE_EXPECTATIONS:
      return "Above expectations";
    default:
      return "";
  }
}

std::string ScoreText(std::optional<double> score) {
  if (!score.has_value()) return "n/a";
  return absl::StrFormat("%.1f", *score);
}

}  // namespace escala::client
