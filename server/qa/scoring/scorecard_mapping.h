#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "escala/v1/evaluations.pb.h"
#include "escala/v1/scorecards.pb.h"
#include "server/qa/scoring/scoring.h"

namespace escala::server {

// The bridge between the API's scorecard and evaluation messages and the pure scoring engine
// (server/qa/scoring/scoring.h). Every service that scores (evaluations, disputes, calibration)
// goes through these, so one scorecard always scores the same way.

// A scorecard's form and cut-offs as the engine sees them.
struct ScoringForm {
  std::vector<SectionSpec> sections;
  BandCutoffs cutoffs;
};

// The default dispute window when a scorecard leaves dispute_window_days at 0.
inline constexpr int kDefaultDisputeWindowDays = 7;

// Maps a scorecard to the engine's form. Unset cut-offs (all four 0) take the defaults;
// CRITICAL_SCOPE_UNSPECIFIED means the whole evaluation. Checks the form with
// ValidateScorecard, and the scale kinds: INVALID_ARGUMENT naming the section or criterion.
absl::StatusOr<ScoringForm> ToScoringForm(const v1::Scorecard& scorecard);

// Maps API answers to engine answers (the comment is not part of the score).
std::vector<Answer> ToScoringAnswers(
    const google::protobuf::RepeatedPtrField<v1::CriterionAnswer>& answers);

// The API's band for an engine band.
v1::QualityBand ToProtoBand(QualityBand band);

// Scores `answers` against `form` and writes score, band, sections, failed_critical_keys,
// failed_criterion_keys and zeroed_by_critical into `evaluation` (clearing what was there).
// INVALID_ARGUMENT from the engine names the criterion and rule.
absl::Status ApplyScore(const ScoringForm& form,
                        const google::protobuf::RepeatedPtrField<v1::CriterionAnswer>& answers,
                        v1::Evaluation& evaluation);

}  // namespace escala::server
