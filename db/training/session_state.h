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

// Whether `after` changes what a calendar event of the session shows about when and where it
// takes place: its blocks (in start order), location or video link. Such a change raises the
// session's schedule_sequence; a change of capacity, trainers or windows does not.
inline bool ScheduleChanged(const v1::TrainingSession& before, const v1::TrainingSession& after) {
  if (before.location() != after.location() || before.video_link() != after.video_link() ||
      before.blocks_size() != after.blocks_size()) {
    return true;
  }
  for (int i = 0; i < before.blocks_size(); ++i) {
    if (before.blocks(i).SerializeAsString() != after.blocks(i).SerializeAsString()) return true;
  }
  return false;
}

// The `lifecycle` column of a session that is neither closed nor cancelled.
inline constexpr int kSessionActive = v1::TRAINING_SESSION_STATE_SCHEDULED;

}  // namespace escala::db
