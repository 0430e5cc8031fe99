#pragma once

// The enrolment writes that run inside another transaction: the enrolment repository's own
// steps and the session repository's (cancelling a session cancels its open enrolments, raising
// its capacity books the head of the waitlist), so that a session change and the enrolment
// changes it causes commit together. The caller holds the session's row lock.

#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/core/bound_query.h"
#include "db/core/session_pool.h"
#include "db/training/session_closing.h"
#include "escala/v1/enrolments.pb.h"
#include "escala/v1/training_sessions.pb.h"

namespace escala::db {

// "SELECT <enrolment columns and waitlist position> FROM training_enrolments e"; callers append
// WHERE and ORDER BY on the alias e.
extern const char kSelectEnrolments[];

// The enrolments `query` (kSelectEnrolments + conditions) returns.
std::vector<v1::Enrolment> FetchEnrolments(soci::session& session, BoundQuery& query);

// The seats booked in the session.
int64_t CountBooked(soci::session& session, int64_t session_id);

// The open enrolments (requested, booked, waitlisted) of the session.
int64_t CountOpen(soci::session& session, int64_t session_id);

// Extra facts a history entry records.
struct MoveFlags {
  bool conflicts_overridden = false;
  bool overbooked = false;
};

// Moves `before` to `to`: updates the row (open_key, waitlist time, overbooked), appends the
// history entry and the audit event. Returns the enrolment as it is after.
v1::Enrolment MoveEnrolment(soci::session& session, const v1::Enrolment& before,
                            v1::EnrolmentState to, const std::string& reason, MoveFlags flags,
                            const AuditStamp& stamp, absl::Time now);

// Appends the history entry of enrolment `id`'s change from `before` (nullptr: created) to `to`
// and its audit event; returns the enrolment as it is now.
v1::Enrolment RecordChange(soci::session& session, const v1::Enrolment* before, int64_t id,
                           v1::EnrolmentState to, const std::string& reason, MoveFlags flags,
                           const AuditStamp& stamp, absl::Time now);

// Books the head of the session's waitlist while seats are free and the session has not
// started (AutoPromotes), each with its history entry and audit event. Returns how many.
int PromoteFromWaitlist(soci::session& session, const v1::TrainingSession& training_session,
                        const std::string& reason, const AuditStamp& stamp, absl::Time now);

// Moves every open enrolment of the session to SESSION_CANCELLED.
void CancelOpenEnrolments(soci::session& session, int64_t session_id, const std::string& reason,
                          const AuditStamp& stamp, absl::Time now);

// Closing the session: CheckAssessments, then every booked enrolment to its outcome
// (DecideClosing) with its history entry and audit event, and a completion for each that
// completed (InsertCompletion). Returns the refusal without writing anything; throws like SOCI
// on a database failure (the caller's transaction then rolls back).
absl::Status CloseEnrolments(SessionPool::Lease& lease, const v1::TrainingSession& session,
                             const CloseOptions& options, const AuditStamp& stamp, absl::Time now);

// Reads the session `id` as of `now` with its row locked for the transaction (FOR UPDATE on
// MariaDB; SQLite's write transaction is exclusive). NOT_FOUND when there is none.
absl::StatusOr<v1::TrainingSession> LockTrainingSession(SessionPool::Lease& lease, int64_t id,
                                                        absl::Time now);

}  // namespace escala::db
