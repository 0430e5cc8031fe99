#pragma once

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "escala/v1/calibration.pb.h"

namespace escala::server {

// Field rules of CalibrationService requests that need no database: lengths, counts, distinct
// values, ranges. Whether people, interactions and the scorecard exist (and may take part) is the
// handler's check. Fields are named relative to the message ("title", "interaction_ids[3]").
// Each returns OK or INVALID_ARGUMENT with every violation (server/api/violations.h).

// Limits of a session.
inline constexpr int kMaxCalibrationInteractions = 50;
inline constexpr int kMinCalibrationEvaluators = 2;
inline constexpr int kMaxCalibrationEvaluators = 50;

// A session to create: title 1–200, 1–50 distinct positive interaction ids, a scorecard id,
// version ≥ 0, 2–50 distinct evaluator ids, an expert not among them, a deadline after `now`.
absl::Status ValidateNewSession(const v1::CalibrationSession& session, absl::Time now);

// A score to submit: positive session and interaction ids, at least one answer each naming a
// criterion, comments of at most 4000 characters. The scoring engine checks the answers
// themselves against the scorecard.
absl::Status ValidateScore(const v1::CalibrationScore& score);

}  // namespace escala::server
