#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "escala/v1/evaluations.pb.h"
#include "escala/v1/scorecards.pb.h"
#include "server/qa/scoring/scorecard_mapping.h"

namespace escala::client {

// The score of an evaluation in progress, over the criteria answered so far, computed by the
// server's own engine (server/qa/scoring/scoring.h) so that the number on screen is the number the
// server will store once every criterion is answered.
struct RunningScore {
  // How many criteria have a value or N/A, and how many the card has.
  int answered = 0;
  int total = 0;
  // 0–100 over the answered criteria; nullopt when nothing is answered or every answer is N/A.
  std::optional<double> score;
  v1::QualityBand band = v1::QUALITY_BAND_UNSPECIFIED;
  // Critical criteria among the answered ones that failed, in scorecard order.
  std::vector<std::string> failed_critical_keys;
  bool zeroed_by_critical = false;
};

// Scores `answers` against `form` restricted to the criteria that have a value or N/A: the other
// criteria and the sections left empty are taken out of the form before it is scored, so the
// weights of the answered criteria share the whole 100. Answers without a value and without N/A
// (a draft's comment-only answers) count as unanswered. INVALID_ARGUMENT from the engine names the
// criterion and rule (a value outside its scale, N/A where not allowed).
absl::StatusOr<RunningScore> ScoreAnswered(
    const server::ScoringForm& form,
    const google::protobuf::RepeatedPtrField<v1::CriterionAnswer>& answers);

// "Unacceptable", "Basic", "Good", "Excellent", "Above expectations"; "" when unspecified.
std::string BandText(v1::QualityBand band);

// A score as shown everywhere in the CLI: one decimal ("83.3"), or "n/a" when there is none.
std::string ScoreText(std::optional<double> score);

}  // namespace escala::client
