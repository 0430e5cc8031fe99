#include "server/qa/scoring/scorecard_mapping.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace escala::server {
namespace {

absl::StatusOr<ScaleSpec> ToScale(const v1::Criterion& criterion) {
  ScaleSpec scale;
  scale.min = criterion.scale().min();
  scale.max = criterion.scale().max();
  switch (criterion.scale().kind()) {
    case v1::SCALE_KIND_YES_NO:
      scale.kind = ScaleSpec::kYesNo;
      scale.min = 0;
      scale.max = 1;
      return scale;
    case v1::SCALE_KIND_RANGE:
      scale.kind = ScaleSpec::kRange;
      return scale;
    case v1::SCALE_KIND_POINTS:
      scale.kind = ScaleSpec::kPoints;
      scale.min = 0;
      return scale;
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          "criterion \"", criterion.key(),
          "\": scale.kind is required (SCALE_KIND_YES_NO, SCALE_KIND_RANGE or SCALE_KIND_POINTS)"));
  }
}

}  // namespace

absl::StatusOr<ScoringForm> ToScoringForm(const v1::Scorecard& scorecard) {
  ScoringForm form;
  const v1::BandCutoffs& cutoffs = scorecard.band_cutoffs();
  if (cutoffs.basic() != 0 || cutoffs.good() != 0 || cutoffs.excellent() != 0 ||
      cutoffs.above_expectations() != 0) {
    form.cutoffs = BandCutoffs{cutoffs.basic(), cutoffs.good(), cutoffs.excellent(),
                               cutoffs.above_expectations()};
  }
  form.sections.reserve(scorecard.sections_size());
  for (const v1::ScorecardSection& section : scorecard.sections()) {
    SectionSpec spec;
    spec.key = section.key();
    spec.title = section.title();
    spec.criteria.reserve(section.criteria_size());
    for (const v1::Criterion& criterion : section.criteria()) {
      CriterionSpec c;
      c.key = criterion.key();
      c.weight = criterion.weight();
      absl::StatusOr<ScaleSpec> scale = ToScale(criterion);
      if (!scale.ok()) return scale.status();
      c.scale = *scale;
      c.allow_na = criterion.allow_na();
      c.critical = criterion.critical();
      c.critical_scope = criterion.critical_scope() == v1::CRITICAL_SCOPE_SECTION
                             ? CriterionSpec::kSection
                             : CriterionSpec::kEvaluation;
      if (criterion.has_critical_threshold()) c.critical_threshold = criterion.critical_threshold();
      spec.criteria.push_back(std::move(c));
    }
    form.sections.push_back(std::move(spec));
  }
  absl::Status valid = ValidateScorecard(form.sections, form.cutoffs);
  if (!valid.ok()) return valid;
  return form;
}

std::vector<Answer> ToScoringAnswers(
    const google::protobuf::RepeatedPtrField<v1::CriterionAnswer>& answers) {
  std::vector<Answer> result;
  result.reserve(answers.size());
  for (const v1::CriterionAnswer& answer : answers) {
    Answer a;
    a.criterion_key = answer.criterion_key();
    if (answer.has_value()) a.value = answer.value();
    a.na = answer.not_applicable();
    result.push_back(std::move(a));
  }
  return result;
}

v1::QualityBand ToProtoBand(QualityBand band) {
  switch (band) {
    case QualityBand::kUnacceptable:
      return v1::QUALITY_BAND_UNACCEPTABLE;
    case QualityBand::kBasic:
      return v1::QUALITY_BAND_BASIC;
    case QualityBand::kGood:
      return v1::QUALITY_BAND_GOOD;
    case QualityBand::kExcellent:
      return v1::QUALITY_BAND_EXCELLENT;
    case QualityBand::kAboveExpectations:
      return v1::QUALITY_BAND_ABOVE_EXPECTATIONS;
  }
  return v1::QUALITY_BAND_UNSPECIFIED;
}

absl::Status ApplyScore(const ScoringForm& form,
                        const google::protobuf::RepeatedPtrField<v1::CriterionAnswer>& answers,
                        v1::Evaluation& evaluation) {
  absl::StatusOr<ScoreResult> result =
      ScoreEvaluation(form.sections, ToScoringAnswers(answers), form.cutoffs);
  if (!result.ok()) return result.status();
  evaluation.clear_score();
  evaluation.clear_band();
  evaluation.clear_sections();
  evaluation.clear_failed_critical_keys();
  evaluation.clear_failed_criterion_keys();
  if (result->score.has_value()) evaluation.set_score(*result->score);
  if (result->band.has_value()) evaluation.set_band(ToProtoBand(*result->band));
  for (const SectionScore& section : result->sections) {
    v1::SectionResult* out = evaluation.add_sections();
    out->set_section_key(section.section_key);
    if (section.score.has_value()) out->set_score(*section.score);
    out->set_zeroed_by_critical(section.zeroed_by_critical);
  }
  for (const std::string& key : result->failed_critical_keys) {
    evaluation.add_failed_critical_keys(key);
  }
  for (const std::string& key : result->failed_keys) evaluation.add_failed_criterion_keys(key);
  evaluation.set_zeroed_by_critical(result->zeroed_by_critical);
  return absl::OkStatus();
}

}  // namespace escala::server
