#pragma once

#include <cstdint>

#include "escala/v1/training_sessions.pb.h"

namespace escala::db {

// A training session's state at `now_ms`: CLOSED and CANCELLED as stored (`lifecycle`), else
// from the clock and the half-open span [first_start_ms, last_end_ms) of its blocks. Shared by
// every TrainingSessionRepository, so that all of them read the same state at the same instant.
inline v1::TrainingSessionState DeriveSessionState(int lifecycle, int64_t first_start_ms,
                                                   int64_t last_end_ms, int64_t now_ms) {
  if (lifecycle == v1::TRAINING_SESSION_STATE_CLOSED) return v1::TRAINING_SESSION_STATE_CLOSED;
  if (lifecycle == v1::TRAINING_SESSION_STATE_CANCELLED) {
    return v1::TRAINING_SESSION_STATE_CANCELLED;
  }
  if (now_ms < first_start_ms) return v1::TRAINING_SESSION_STATE_SCHEDULED;
  if (now_ms < last_end_ms) return v1::TRAINING_SESSION_STATE_IN_PROGRESS;
  return v1::TRAINING_SESSION_STATE_DELIVERED;
}

// The `lifecycle` column of a session that is neither closed nor cancelled.
inline constexpr int kSessionActive = v1::TRAINING_SESSION_STATE_SCHEDULED;

}  // namespace escala::db
