#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/common/create_request.h"
#include "db/training/session_closing.h"
#include "escala/v1/training_sessions.pb.h"

namespace escala::db {

// What ListTrainingSessions selects; empty or unset members select everything.
struct TrainingSessionFilter {
  std::string course_id;
  std::string trainer_employee_id;
  v1::TrainingSessionState state = v1::TRAINING_SESSION_STATE_UNSPECIFIED;
  // Sessions whose last block ends after this instant (epoch ms).
  std::optional<int64_t> from_ms;
  // Sessions whose first block starts before this instant (epoch ms).
  std::optional<int64_t> to_ms;
};

// Storage of training sessions (tables training_sessions and training_session_trainers). The
// repository sets id, state (derived at `now`, see session_state.h), cancel_reason, created_by,
// the times and the etag (the row version). Blocks are stored in start order. Every change writes
// its audit event (resource "trainingSessions/<id>") in the same transaction.
class TrainingSessionRepository {
 public:
  virtual ~TrainingSessionRepository() = default;

  // Stores a new session (course_version as given) with the idempotency key `request`.
  // ALREADY_EXISTS with REQUEST_ID_REUSED for a stored request_id. `session.schedule_conflicts`
  // are the conflicts the caller overrode: never stored, they go into the audit event and the
  // answer (on Update too).
  virtual absl::StatusOr<v1::TrainingSession> Create(const v1::TrainingSession& session,
                                                     const CreateRequest& request,
                                                     const AuditStamp& stamp, absl::Time now) = 0;
  // The session created with `request_id`, and its request's fingerprint; nullopt when none.
  virtual absl::StatusOr<std::optional<CreatedByRequest<v1::TrainingSession>>> FindByRequestId(
      const std::string& request_id, absl::Time now) = 0;
  // One session as of `now`. NOT_FOUND when there is none.
  virtual absl::StatusOr<v1::TrainingSession> Get(int64_t id, absl::Time now) = 0;
  // Sessions `filter` selects as of `now`, ordered by (first block start, id), after the keyset
  // (after_start_ms, after_id) (exclusive; after_id 0 = from the beginning), at most `limit`.
  virtual absl::StatusOr<std::vector<v1::TrainingSession>> List(const TrainingSessionFilter& filter,
                                                                int64_t after_start_ms,
                                                                int64_t after_id, int limit,
                                                                absl::Time now) = 0;
  // Replaces the session's details with `session`'s (trainers, blocks, time zone, place,
  // capacity, flags, windows) if its row version is still `expected_version` (ABORTED with
  // ETAG_MISMATCH otherwise) and it is SCHEDULED or IN_PROGRESS at `now` (FAILED_PRECONDITION
  // with INVALID_STATE_TRANSITION otherwise) and the blocks keep block_change_rules.h (checked
  // under the lock, with the session's open enrolments counted there). issued_block_count becomes
  // the most blocks the session has had. NOT_FOUND for an unknown id.
  virtual absl::StatusOr<v1::TrainingSession> Update(const v1::TrainingSession& session,
                                                     int64_t expected_version,
                                                     const AuditStamp& stamp, absl::Time now) = 0;
  // Cancels a SCHEDULED or IN_PROGRESS session with `reason`. `expected_version` 0 = any row
  // version; otherwise a different one is ABORTED. Another state is FAILED_PRECONDITION with
  // INVALID_STATE_TRANSITION.
  virtual absl::StatusOr<v1::TrainingSession> Cancel(int64_t id, int64_t expected_version,
                                                     const std::string& reason,
                                                     const AuditStamp& stamp, absl::Time now) = 0;
  // Closes a DELIVERED session; as Cancel otherwise. In the same transaction, under the
  // session's lock: refuses with ASSESSMENTS_MISSING when `options` say the course has an
  // assessment, a booked enrolment has no score and that is not allowed (CheckAssessments);
  // otherwise moves every BOOKED enrolment to its outcome (DecideClosing) with its history entry
  // and audit event, and writes the completion (training_completions, audit event
  // "trainingCompletions/<id>") of each that completed. Nothing is written when any step fails.
  virtual absl::StatusOr<v1::TrainingSession> Close(int64_t id, int64_t expected_version,
                                                    const CloseOptions& options,
                                                    const AuditStamp& stamp, absl::Time now) = 0;
};

}  // namespace escala::db
