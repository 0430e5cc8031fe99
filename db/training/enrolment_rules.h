#pragma once

// The enrolment state machine's guards, shared by every EnrolmentRepository (SOCI and the fake)
// so that all of them decide alike: given a session as of `now` and its booked count (read
// under the session's lock), which state a step leads to, or every guard that refuses it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "escala/v1/enrolments.pb.h"
#include "escala/v1/training_sessions.pb.h"

namespace escala::db {

// FAILED_PRECONDITION: an enrolment step's guards failed (the message names every one).
inline constexpr char kReasonEnrolmentRefused[] = "ENROLMENT_REFUSED";
// FAILED_PRECONDITION: the person or a trainer has an overlapping block in another session.
inline constexpr char kReasonScheduleConflict[] = "SCHEDULE_CONFLICT";
// FAILED_PRECONDITION: a capacity below the seats already booked.
inline constexpr char kReasonCapacityBelowBooked[] = "CAPACITY_BELOW_BOOKED";

inline bool IsOpenEnrolment(v1::EnrolmentState state) {
  return state == v1::ENROLMENT_STATE_REQUESTED || state == v1::ENROLMENT_STATE_BOOKED ||
         state == v1::ENROLMENT_STATE_WAITLISTED;
}

// The instant of the session's first block's start (epoch ms); 0 without blocks.
inline int64_t FirstStartMs(const v1::TrainingSession& session) {
  int64_t first = 0;
  for (int i = 0; i < session.blocks_size(); ++i) {
    const int64_t start = TimestampToMillis(session.blocks(i).start_time());
    if (i == 0 || start < first) first = start;
  }
  return first;
}

inline std::string TimeText(int64_t ms) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

// Whether `booked` fills the session: capacity set and reached (capacity 0 is always full).
inline bool SessionFull(const v1::TrainingSession& session, int64_t booked) {
  return session.has_capacity() && booked >= session.capacity();
}

// Seats left: nullopt when unlimited.
inline std::optional<int64_t> FreeSeats(const v1::TrainingSession& session, int64_t booked) {
  if (!session.has_capacity()) return std::nullopt;
  return booked >= session.capacity() ? 0 : session.capacity() - booked;
}

inline std::string FullText(const v1::TrainingSession& session, int64_t booked) {
  if (session.capacity() == 0) return "the session is closed to new bookings (capacity 0)";
  return absl::StrCat("the session is full (", booked, " of ", session.capacity(),
                      " seats booked)");
}

// Whether a freed seat books the head of the waitlist by itself: only before the first block.
inline bool AutoPromotes(const v1::TrainingSession& session) {
  return session.state() == v1::TRAINING_SESSION_STATE_SCHEDULED;
}

// The outcome of a guarded step: the state it leads to, or the failing guards.
struct StepDecision {
  v1::EnrolmentState to = v1::ENROLMENT_STATE_UNSPECIFIED;
  std::vector<std::string> failures;
  bool ok() const { return failures.empty(); }
};

// A new enrolment (not counting "already enrolled", which the repository adds).
inline StepDecision DecideEnrol(const v1::TrainingSession& session, int64_t booked,
                                absl::Time now) {
  StepDecision decision;
  const int64_t now_ms = absl::ToUnixMillis(now);
  if (session.state() != v1::TRAINING_SESSION_STATE_SCHEDULED) {
    decision.failures.push_back(
        absl::StrCat("the session is ", v1::TrainingSessionState_Name(session.state()),
                     ": only a session that has not started takes enrolments"));
  }
  if (session.has_registration_open_time() &&
      now_ms < TimestampToMillis(session.registration_open_time())) {
    decision.failures.push_back(absl::StrCat(
        "registration opens at ", TimeText(TimestampToMillis(session.registration_open_time()))));
  }
  const int64_t close_ms = session.has_registration_close_time()
                               ? TimestampToMillis(session.registration_close_time())
                               : FirstStartMs(session);
  if (now_ms >= close_ms && session.state() == v1::TRAINING_SESSION_STATE_SCHEDULED) {
    decision.failures.push_back(absl::StrCat("registration closed at ", TimeText(close_ms)));
  }
  const bool full = SessionFull(session, booked);
  if (session.approval_required()) {
    decision.to = v1::ENROLMENT_STATE_REQUESTED;
  } else if (!full) {
    decision.to = v1::ENROLMENT_STATE_BOOKED;
  } else if (session.waitlist_enabled()) {
    decision.to = v1::ENROLMENT_STATE_WAITLISTED;
  } else {
    decision.failures.push_back(FullText(session, booked) + " and has no waitlist");
  }
  return decision;
}

// Approval of a REQUESTED enrolment: booked on a free seat, else waitlisted, else refused.
inline StepDecision DecideApprove(const v1::TrainingSession& session, int64_t booked) {
  StepDecision decision;
  if (session.state() != v1::TRAINING_SESSION_STATE_SCHEDULED &&
      session.state() != v1::TRAINING_SESSION_STATE_IN_PROGRESS) {
    decision.failures.push_back(
        absl::StrCat("the session is ", v1::TrainingSessionState_Name(session.state())));
  }
  if (!SessionFull(session, booked)) {
    decision.to = v1::ENROLMENT_STATE_BOOKED;
  } else if (session.waitlist_enabled()) {
    decision.to = v1::ENROLMENT_STATE_WAITLISTED;
  } else {
    decision.failures.push_back(FullText(session, booked) + " and has no waitlist");
  }
  return decision;
}

// A withdrawal. `learner_side`: asked by the learner or their team lead, whom the
// cancellation cut-off binds; trainers and managers may withdraw until the session is closed.
inline StepDecision DecideWithdraw(const v1::TrainingSession& session, bool learner_side,
                                   absl::Time now) {
  StepDecision decision;
  decision.to = v1::ENROLMENT_STATE_WITHDRAWN;
  if (session.state() == v1::TRAINING_SESSION_STATE_CLOSED ||
      session.state() == v1::TRAINING_SESSION_STATE_CANCELLED) {
    decision.failures.push_back(
        absl::StrCat("the session is ", v1::TrainingSessionState_Name(session.state())));
  }
  const int64_t cutoff_ms = session.has_cancellation_cutoff_time()
                                ? TimestampToMillis(session.cancellation_cutoff_time())
                                : FirstStartMs(session);
  if (learner_side && absl::ToUnixMillis(now) >= cutoff_ms) {
    decision.failures.push_back(absl::StrCat("the cancellation cut-off passed at ",
                                             TimeText(cutoff_ms),
                                             "; a trainer or manager can still withdraw"));
  }
  return decision;
}

// A manual promotion to BOOKED, allowed after the start; beyond capacity only when allowed.
inline StepDecision DecidePromote(const v1::TrainingSession& session, int64_t booked,
                                  bool allow_overbook) {
  StepDecision decision;
  decision.to = v1::ENROLMENT_STATE_BOOKED;
  if (session.state() == v1::TRAINING_SESSION_STATE_CLOSED ||
      session.state() == v1::TRAINING_SESSION_STATE_CANCELLED) {
    decision.failures.push_back(
        absl::StrCat("the session is ", v1::TrainingSessionState_Name(session.state())));
  }
  if (SessionFull(session, booked) && !allow_overbook) {
    decision.failures.push_back(FullText(session, booked) +
                                "; allow_overbook books beyond capacity");
  }
  return decision;
}

// FAILED_PRECONDITION with ENROLMENT_REFUSED whose message names every failing guard.
inline absl::Status Refused(const std::string& what, const std::vector<std::string>& failures,
                            const std::string& resource) {
  return WithErrorInfo(
      absl::FailedPreconditionError(absl::StrCat(what, ": ", absl::StrJoin(failures, "; "))),
      kReasonEnrolmentRefused, {{"resource", resource}});
}

// FAILED_PRECONDITION with INVALID_STATE_TRANSITION naming the enrolment's state.
inline absl::Status WrongEnrolmentState(int64_t id, v1::EnrolmentState state,
                                        const std::string& step) {
  return WithErrorInfo(
      absl::FailedPreconditionError(
          absl::StrCat("enrolment ", id, " is ", v1::EnrolmentState_Name(state), ": ", step)),
      kReasonInvalidStateTransition,
      {{"resource", absl::StrCat("enrolments/", id)}, {"state", v1::EnrolmentState_Name(state)}});
}

// FAILED_PRECONDITION with CAPACITY_BELOW_BOOKED naming both numbers.
inline absl::Status CapacityBelowBooked(int64_t session_id, int32_t capacity, int64_t booked) {
  return WithErrorInfo(absl::FailedPreconditionError(
                           absl::StrCat("training_session.capacity: ", capacity, " is below the ",
                                        booked, " seats booked; withdraw bookings first")),
                       kReasonCapacityBelowBooked,
                       {{"resource", absl::StrCat("trainingSessions/", session_id)}});
}

// The history reason of a promotion the server made.
inline constexpr char kPromotedSeatFreed[] = "promoted from the waitlist: a seat was freed";
inline constexpr char kPromotedCapacityRaised[] =
    "promoted from the waitlist: the capacity was raised";

}  // namespace escala::db
