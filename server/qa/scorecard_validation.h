#pragma once

#include "absl/status/status.h"
#include "escala/v1/scorecards.pb.h"

namespace escala::server {

// Whether `scorecard` (the caller-controlled part; output-only fields are not looked at) is a form
// evaluations can be scored against. Drafts must pass too: a draft that cannot be scored would
// only fail later, at publishing or evaluating.
//
// Rules, with field paths relative to the request ("scorecard.sections[0].criteria[2].title"):
// scorecard_id and every section and criterion key 1–64 of [A-Za-z0-9._-]; titles 1–200
// characters; description and guidance at most 4000; channels and roles known values, not
// UNSPECIFIED, each listed once; dispute_window_days 0–90; critical_scope a known value; then
// the scoring engine's own form rules (server/qa/scoring/scorecard_mapping.h ToScoringForm): at
// least one section, each with at least one criterion, unique keys, positive weights, scales,
// critical thresholds and strictly ascending band cut-offs. INVALID_ARGUMENT with every violation
// of the card's own rules (server/api/violations.h), each naming the field, the rule and the
// section or criterion by key; the engine's rules are checked only when those hold, as one
// violation of "scorecard".
absl::Status ValidateScorecard(const v1::Scorecard& scorecard);

}  // namespace escala::server
