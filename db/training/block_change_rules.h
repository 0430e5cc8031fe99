#pragma once

// What an update may do to a session's blocks, shared by every TrainingSessionRepository (SOCI
// and the fake) and checked under the session's lock, where "is anyone enrolled" cannot change.
//
// A block that has started is history: attendance is marked against it and calendars hold it,
// so it keeps its start and cannot be removed. Its end may still be corrected (a trainer fixing
// a typo in the end of a running block, or recording that it ended early). Once anyone is
// enrolled, no block may be added or moved so that it starts in the past: the learners could not
// have attended it. A session nobody is enrolled in may be recorded after the fact.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/training/enrolment_rules.h"
#include "escala/v1/training_sessions.pb.h"

namespace escala::db {

// The states UpdateTrainingSession accepts: before the last block ended.
inline bool Updatable(v1::TrainingSessionState state) {
  return state == v1::TRAINING_SESSION_STATE_SCHEDULED ||
         state == v1::TRAINING_SESSION_STATE_IN_PROGRESS;
}

// OK when `after`'s blocks (in the order the caller sent them) keep the rules above against
// `before`'s at `now`; otherwise FAILED_PRECONDITION with a field violation naming the block
// (training_session.blocks[i], or training_session.blocks for a started block left out).
inline absl::Status CheckBlockChange(const v1::TrainingSession& before,
                                     const v1::TrainingSession& after, bool anyone_enrolled,
                                     absl::Time now) {
  const int64_t now_ms = absl::ToUnixMillis(now);
  auto started_before = [&](int64_t start_ms) {
    if (start_ms > now_ms) return false;
    for (const v1::SessionBlock& block : before.blocks()) {
      if (TimestampToMillis(block.start_time()) == start_ms) return true;
    }
    return false;
  };
  for (const v1::SessionBlock& block : before.blocks()) {
    const int64_t start_ms = TimestampToMillis(block.start_time());
    if (start_ms > now_ms) continue;
    bool kept = false;
    for (const v1::SessionBlock& next : after.blocks()) {
      kept = kept || TimestampToMillis(next.start_time()) == start_ms;
    }
    if (!kept) {
      const std::string rule =
          absl::StrCat("the block that started at ", TimeText(start_ms),
                       " has started: it keeps its start and cannot be removed (its end may be "
                       "corrected)");
      return WithFieldViolation(absl::FailedPreconditionError("training_session.blocks: " + rule),
                                "training_session.blocks", rule);
    }
  }
  if (!anyone_enrolled) return absl::OkStatus();
  for (int i = 0; i < after.blocks_size(); ++i) {
    const int64_t start_ms = TimestampToMillis(after.blocks(i).start_time());
    if (start_ms > now_ms || started_before(start_ms)) continue;
    const std::string field = absl::StrCat("training_session.blocks[", i, "]");
    const std::string rule =
        absl::StrCat("starts at ", TimeText(start_ms),
                     ", in the past: once anyone is enrolled, a block may not be added or moved "
                     "to start before now");
    return WithFieldViolation(absl::FailedPreconditionError(absl::StrCat(field, ": ", rule)), field,
                              rule);
  }
  return absl::OkStatus();
}

}  // namespace escala::db
