#pragma once

#include "absl/status/status.h"
#include "escala/v1/training_sessions.pb.h"

namespace escala::server {

// Every field rule of a training session (training_sessions.proto), as INVALID_ARGUMENT with one
// violation per broken rule, paths relative to the session ("blocks[1].end_time"). Output-only
// fields are not looked at. Blocks are half-open intervals: one ending at 12:00 and the next
// starting at 12:00 do not overlap. Whether the course and the trainers exist is the handler's
// to check.
absl::Status ValidateTrainingSession(const v1::TrainingSession& session);

inline constexpr int kMaxTrainers = 10;
inline constexpr int kMaxBlocks = 50;
inline constexpr int kMaxCapacity = 10000;
inline constexpr int kMaxLocation = 500;
inline constexpr int kMaxVideoLink = 2000;

}  // namespace escala::server
