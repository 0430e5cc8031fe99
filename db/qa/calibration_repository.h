#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/common/create_request.h"
#include "escala/v1/calibration.pb.h"

namespace escala::db {

// Which sessions List returns.
struct CalibrationSessionFilter {
  // CALIBRATION_STATE_UNSPECIFIED = any. OPEN / CLOSED are judged at `now` (List's argument): a
  // session past its deadline counts as closed.
  v1::CalibrationState state = v1::CALIBRATION_STATE_UNSPECIFIED;
  // When set: only sessions this person takes part in (evaluator or expert) or created
  // (created_by "people/<id>").
  std::string visible_to_employee_id;
};

// Storage of calibration sessions and their scores (tables calibration_*). Sessions come back as
// stored: `state` is what was written (OPEN until closed explicitly) and the caller decides what
// a passed deadline means; evaluator_employee_ids are sorted, interaction_ids in session order.
// Every mutation writes its audit event in the same transaction: "calibration_session",
// "calibrationSessions/<id>"; "calibration_score",
// "calibrationSessions/<id>/scores/<interaction>/<evaluator>".
class CalibrationRepository {
 public:
  virtual ~CalibrationRepository() = default;

  // Stores a new OPEN session with its interactions and participants; id, state, created_by
  // (stamp.principal) and create_time are set here. FAILED_PRECONDITION when an interaction or
  // the scorecard version does not exist; ALREADY_EXISTS naming request_id when
  // `request.request_id` is stored already (nothing is written).
  virtual absl::StatusOr<v1::CalibrationSession> Create(const v1::CalibrationSession& session,
                                                        const CreateRequest& request,
                                                        const AuditStamp& stamp,
                                                        absl::Time now) = 0;
  // The session created with `request_id` (as stored), and its request's fingerprint; nullopt
  // when none.
  virtual absl::StatusOr<std::optional<CreatedByRequest<v1::CalibrationSession>>> FindByRequestId(
      const std::string& request_id) = 0;
  // NOT_FOUND when there is no such session.
  virtual absl::StatusOr<v1::CalibrationSession> Get(int64_t id) = 0;
  // At most `limit` sessions, newest (highest id) first, with id < `before_id` (0 = from the
  // newest).
  virtual absl::StatusOr<std::vector<v1::CalibrationSession>> List(
      const CalibrationSessionFilter& filter, int64_t before_id, int limit, absl::Time now) = 0;
  // Closes an open session at `now`. FAILED_PRECONDITION when it is closed already or its
  // deadline has passed; NOT_FOUND when there is none.
  virtual absl::StatusOr<v1::CalibrationSession> Close(int64_t id, const AuditStamp& stamp,
                                                       absl::Time now) = 0;
  // Stores or replaces the score of (session_id, interaction_id, evaluator_employee_id) with its
  // answers, overall_comment and score; submit_time is `now`. FAILED_PRECONDITION when the
  // session is closed or past its deadline at `now` (checked under a lock of the session, so a
  // score never lands after a close); NOT_FOUND when the session does not exist.
  virtual absl::StatusOr<v1::CalibrationScore> SubmitScore(const v1::CalibrationScore& score,
                                                           const AuditStamp& stamp,
                                                           absl::Time now) = 0;
  // Every score of a session ordered by interaction position, then evaluator; `expert` is set.
  virtual absl::StatusOr<std::vector<v1::CalibrationScore>> ListScores(int64_t session_id) = 0;
  // Sessions closed (explicitly, or by a deadline before `now`) in [closed_after, closed_before)
  // (either bound optional), oldest first.
  virtual absl::StatusOr<std::vector<v1::CalibrationSession>> ListClosed(
      std::optional<absl::Time> closed_after, std::optional<absl::Time> closed_before,
      absl::Time now) = 0;
};

}  // namespace escala::db
