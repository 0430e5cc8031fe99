#pragma once

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "escala/v1/evaluations.pb.h"

namespace escala::server {

// The evaluation lifecycle as pure rules:
//
//   DRAFT ──submit──▶ SUBMITTED ──acknowledge──▶ ACKNOWLEDGED (final)
//     ▲ update          │
//     └─────┘           └──open dispute (before the deadline)──▶ DISPUTED ──resolve──▶
//                                                                     DISPUTE_RESOLVED (final)
//
// Kept apart from storage so that every illegal step has one sentence, tested without a database.

enum class EvaluationAction {
  kUpdate,          // replace a draft's answers and comments
  kSubmit,          // score a draft and show it to the agent
  kAcknowledge,     // the agent accepts it
  kOpenDispute,     // the agent contests criteria
  kResolveDispute,  // a reviewer decides the contested criteria
};

// "update", "submit", … for messages.
const char* ActionName(EvaluationAction action);

// The state `action` leads to.
v1::EvaluationState TargetState(EvaluationAction action);

// Whether `action` may be taken on `current` at `now`: OK, or FAILED_PRECONDITION with a sentence
// naming the evaluation, its state and why ("evaluation 7 is a draft: only a submitted evaluation
// can be acknowledged") and the ErrorInfo INVALID_STATE_TRANSITION (metadata "resource" and
// "state"). Opening a dispute also needs `now` ≤ dispute_deadline: DISPUTE_WINDOW_CLOSED.
absl::Status CheckTransition(const v1::Evaluation& current, EvaluationAction action,
                             absl::Time now);

// submit_time + the window in days (0 → kDefaultDisputeWindowDays).
absl::Time DisputeDeadline(absl::Time submit_time, int dispute_window_days);

}  // namespace escala::server
