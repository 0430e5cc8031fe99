#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "db/directory/people_repository.h"
#include "db/interactions/interaction_repository.h"
#include "db/qa/calibration_repository.h"
#include "db/qa/scorecard_repository.h"
#include "escala/v1/calibration.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"
#include "server/qa/scoring/scorecard_mapping.h"

namespace escala::server {

// The logic of CalibrationService, free of gRPC.
//
// Who sees a session: managers and heads of support see every session; team leads and QA
// analysts see the sessions they take part in (evaluator or expert) or created. A session the
// caller cannot see is NOT_FOUND, in the words used for one that does not exist. A caller who
// sees a session but is not a participant (a manager, its creator) gets PERMISSION_DENIED when
// scoring it.
//
// State: a session past its deadline is CLOSED when read (close_time = the deadline), whether or
// not anybody closed it.
//
// Blindness: while a session is open, ListCalibrationScores shows a participant their own scores
// and, for each interaction they have scored, everybody else's; it shows a non-participant
// nothing. Once closed, every score is visible to whoever sees the session.
class CalibrationHandler {
 public:
  CalibrationHandler(db::CalibrationRepository& calibration, db::ScorecardRepository& scorecards,
                     db::PeopleRepository& people, db::InteractionRepository& interactions,
                     db::RequestLog& requests, Clock clock)
      : calibration_(calibration),
        scorecards_(scorecards),
        people_(people),
        interactions_(interactions),
        requests_(requests),
        clock_(std::move(clock)) {}

  // INVALID_ARGUMENT for field rules (see calibration_validation.h); FAILED_PRECONDITION naming
  // the field for an interaction or person that does not exist, a person who is inactive or has
  // no evaluating role, a scorecard without a published version or a version that is not the
  // published one.
  absl::StatusOr<v1::CalibrationSession> CreateCalibrationSession(
      const CallContext& call, const v1::CreateCalibrationSessionRequest& request);
  absl::StatusOr<v1::CalibrationSession> GetCalibrationSession(
      const CallContext& call, const v1::GetCalibrationSessionRequest& request);
  absl::StatusOr<v1::ListCalibrationSessionsResponse> ListCalibrationSessions(
      const CallContext& call, const v1::ListCalibrationSessionsRequest& request);
  // PERMISSION_DENIED for a non-participant; FAILED_PRECONDITION when closed; INVALID_ARGUMENT
  // for an interaction outside the session and for the scoring engine's answer rules. With a
  // request_id, a replay answers the caller's score of the interaction as it is now. Two
  // concurrent calls with the same request_id may both write: each writes the same score, so
  // the second leaves it as the first did.
  absl::StatusOr<v1::CalibrationScore> SubmitCalibrationScore(
      const CallContext& call, const v1::SubmitCalibrationScoreRequest& request);
  absl::StatusOr<v1::ListCalibrationScoresResponse> ListCalibrationScores(
      const CallContext& call, const v1::ListCalibrationScoresRequest& request);
  // PERMISSION_DENIED unless the caller created the session or is a manager or head of support;
  // FAILED_PRECONDITION when it is closed already. With a request_id, a replay answers the
  // session as it is now.
  absl::StatusOr<v1::CalibrationSession> CloseCalibrationSession(
      const CallContext& call, const v1::CloseCalibrationSessionRequest& request);
  // FAILED_PRECONDITION while the session is open.
  absl::StatusOr<v1::CalibrationResults> ComputeCalibrationResults(
      const CallContext& call, const v1::ComputeCalibrationResultsRequest& request);
  absl::StatusOr<v1::ComputeEvaluatorLeniencyResponse> ComputeEvaluatorLeniency(
      const CallContext& call, const v1::ComputeEvaluatorLeniencyRequest& request);

 private:
  // The session as the caller may see it, with its state as of now; NOT_FOUND otherwise, and
  // INVALID_ARGUMENT naming `field` for an id that cannot exist.
  absl::StatusOr<v1::CalibrationSession> VisibleSession(const CallContext& call, int64_t id,
                                                        const std::string& field);
  // The scoring form of a scorecard version.
  absl::StatusOr<ScoringForm> FormOf(const std::string& scorecard_id, int32_t version);
  // The published version a new session will use; FAILED_PRECONDITION naming the field.
  absl::StatusOr<v1::Scorecard> PublishedScorecard(const v1::CalibrationSession& session);
  // FAILED_PRECONDITION naming `field` unless `employee_id` is an active person who evaluates.
  absl::Status CheckEvaluator(const std::string& employee_id, const std::string& field);

  db::CalibrationRepository& calibration_;
  db::ScorecardRepository& scorecards_;
  db::PeopleRepository& people_;
  db::InteractionRepository& interactions_;
  db::RequestLog& requests_;
  Clock clock_;
};

}  // namespace escala::server
