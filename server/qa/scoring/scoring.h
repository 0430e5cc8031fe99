#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace escala::server {

// The QA scoring engine: a pure function from a scorecard and the answers of one evaluation to a
// score, a quality band and the critical failures. The server always computes the score itself;
// a score sent by a client is never trusted. No I/O, no protobuf: the services map their messages
// to these structs.
//
// Formula: every answer is normalised to 0..1, then
//   score = 100 × Σ(normalised × weight) / Σ(weight)   over the applicable (not N/A) criteria.
// Criterion weights are global across the card: sections only group criteria and delimit the
// reach of a section-scope critical failure. Giving sections their own weight as well would make
// a criterion's real influence the product of two numbers, which evaluators cannot read off the
// card; one weight per criterion keeps "what counts how much" visible in one place.
//
// Precision: ScoreResult keeps the full double. Presentation (API, CLI, reports) rounds to one
// decimal; the band is derived from the full-precision score, so a display of "85.0" can carry
// the band below 85 when the exact score is 84.96. Averages over many evaluations are computed
// from the full values, never from the rounded ones.

// How a criterion is answered, and how an answer maps to 0..1.
struct ScaleSpec {
  enum Kind {
    kYesNo,   // value 1 = yes (1.0), 0 = no (0.0); min and max are not used.
    kRange,   // value in min..max, normalised (value - min) / (max - min); e.g. 1–5.
    kPoints,  // value in 0..max, normalised value / max; min is not used.
  };
  Kind kind = kYesNo;
  int min = 0;
  int max = 1;
};

// One question of a scorecard.
struct CriterionSpec {
  // Where a failing critical answer reaches: the whole evaluation, or only its own section.
  enum CriticalScope { kEvaluation, kSection };

  std::string key;      // stable across scorecard versions; unique across the whole card
  double weight = 1.0;  // > 0
  ScaleSpec scale;
  bool allow_na = false;
  bool critical = false;
  CriticalScope critical_scope = kEvaluation;
  // A critical answer fails when its normalised score is below this threshold (in (0, 1]).
  // Unset: only the lowest answer of the scale fails ("no", the range minimum, 0 points). That is
  // the auto-fail meaning QA teams use ("the agent did not verify identity"); a stricter rule,
  // e.g. "anything under 3 on 1–5 fails", is opt-in per criterion with 0.5 here.
  // An N/A answer never fails: not applicable means the rule did not apply.
  std::optional<double> critical_threshold;
};

// A group of criteria. Sections carry no weight of their own (see the file comment).
struct SectionSpec {
  std::string key;  // unique among the sections of the card
  std::string title;
  std::vector<CriterionSpec> criteria;  // at least one
};

// The five quality bands, lowest first.
enum class QualityBand { kUnacceptable, kBasic, kGood, kExcellent, kAboveExpectations };

// "Unacceptable", "Basic", "Good", "Excellent", "Above expectations".
absl::string_view QualityBandName(QualityBand band);

// The four cut-offs (0..100, strictly ascending) that separate the five bands. Each is the lowest
// score of the band it names: a score equal to a cut-off belongs to the higher band, so "at least
// 85 is Excellent" reads the way QA policies are written. Defaults: below 50 Unacceptable, 50–70
// Basic, 70–85 Good, 85–95 Excellent, 95 and above Above expectations.
struct BandCutoffs {
  double basic = 50.0;
  double good = 70.0;
  double excellent = 85.0;
  double above_expectations = 95.0;
};

// The answer to one criterion: either a value on the criterion's scale, or N/A.
struct Answer {
  std::string criterion_key;
  std::optional<int> value;
  bool na = false;
};

// The score of one section: the same formula restricted to its criteria.
struct SectionScore {
  std::string section_key;
  std::optional<double> score;      // nullopt when every criterion of the section is N/A
  bool zeroed_by_critical = false;  // a section-scope critical criterion of it failed
};

struct ScoreResult {
  // 0..100, full precision; nullopt when every criterion is N/A (then there is no band either).
  std::optional<double> score;
  std::optional<QualityBand> band;
  std::vector<SectionScore> sections;             // in scorecard order
  std::vector<std::string> failed_critical_keys;  // in scorecard order, both scopes
  // An evaluation-scope critical criterion failed: score 0, band Unacceptable.
  bool zeroed_by_critical = false;
};

// Checks a scorecard and its cut-offs: at least one section, at least one criterion per section,
// non-empty keys unique across the card (sections among sections, criteria among criteria),
// positive finite weights, consistent scales (range min < max, points max > 0), critical
// thresholds in (0, 1], cut-offs strictly ascending within 0..100. Returns INVALID_ARGUMENT naming
// the section or criterion and the rule.
absl::Status ValidateScorecard(const std::vector<SectionSpec>& sections,
                               const BandCutoffs& cutoffs);

// The band of a score (0..100) under the cut-offs; a score equal to a cut-off gets the higher band.
QualityBand BandForScore(double score, const BandCutoffs& cutoffs);

// One answer on `criterion`'s scale mapped to 0..1, as the score counts it; INVALID_ARGUMENT
// naming the criterion for a value off the scale. Lets a criterion's results be followed on
// their own (QA → training) exactly as the score weighs them.
absl::StatusOr<double> NormaliseAnswer(const CriterionSpec& criterion, int value);

// Scores one evaluation. The scorecard is validated first (see ValidateScorecard). Then every
// criterion needs exactly one answer: INVALID_ARGUMENT naming the criterion key for an answer to
// an unknown criterion, two answers to one criterion, a missing answer (or one with neither a
// value nor N/A, or with both), N/A where the criterion does not allow it, a value outside the
// scale, or a yes/no value other than 0/1.
//
// A failing section-scope critical criterion sets every applicable criterion of its section to 0;
// they stay in the denominator, so the section still weighs in with nothing earned. A failing
// evaluation-scope critical criterion makes the score 0 and the band Unacceptable, and every
// section that has a score shows 0.
absl::StatusOr<ScoreResult> ScoreEvaluation(const std::vector<SectionSpec>& sections,
                                            const std::vector<Answer>& answers,
                                            const BandCutoffs& cutoffs);

}  // namespace escala::server
