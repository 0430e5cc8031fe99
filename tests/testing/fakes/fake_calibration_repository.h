#pragma once

// Calibration sessions and scores in memory with the CalibrationRepository contract
// (tests/integration/calibration_repository_contract_test.cc runs against it): sessions stored
// as the database reads them back (times to the millisecond, evaluators sorted, the expert apart,
// interactions in session order), unique request ids, newest-first keyset listing, the open /
// closed rules judged at the caller's `now`, one score per (session, interaction, evaluator) that
// a new submission replaces. No audit events. Thread-safe.
//
// A session's interactions are checked against `interactions` and its scorecard version against
// `scorecards` when the fake is given them; otherwise every one exists.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "db/interactions/interaction_repository.h"
#include "db/qa/calibration_repository.h"
#include "db/qa/scorecard_repository.h"

namespace escala::testing {

class FakeCalibrationRepository : public db::CalibrationRepository {
 public:
  FakeCalibrationRepository() = default;
  FakeCalibrationRepository(db::InteractionRepository* interactions,
                            db::ScorecardRepository* scorecards)
      : interactions_(interactions), scorecards_(scorecards) {}

  absl::StatusOr<v1::CalibrationSession> Create(const v1::CalibrationSession& session,
                                                const db::CreateRequest& request,
                                                const db::AuditStamp& stamp,
                                                absl::Time now) override;
  absl::StatusOr<std::optional<db::CreatedByRequest<v1::CalibrationSession>>> FindByRequestId(
      const std::string& request_id) override;
  absl::StatusOr<v1::CalibrationSession> Get(int64_t id) override;
  absl::StatusOr<std::vector<v1::CalibrationSession>> List(
      const db::CalibrationSessionFilter& filter, int64_t before_id, int limit,
      absl::Time now) override;
  absl::StatusOr<v1::CalibrationSession> Close(int64_t id, const db::AuditStamp& stamp,
                                               absl::Time now) override;
  absl::StatusOr<v1::CalibrationScore> SubmitScore(const v1::CalibrationScore& score,
                                                   const db::AuditStamp& stamp,
                                                   absl::Time now) override;
  absl::StatusOr<std::vector<v1::CalibrationScore>> ListScores(int64_t session_id) override;
  absl::StatusOr<std::vector<v1::CalibrationSession>> ListClosed(
      std::optional<absl::Time> closed_after, std::optional<absl::Time> closed_before,
      absl::Time now) override;

  // How many sessions are stored.
  std::size_t size();
  // The filter of the last List call.
  db::CalibrationSessionFilter last_filter;

 private:
  struct Stored {
    v1::CalibrationSession session;
    std::string request_hash;
  };
  // (session id, interaction id, evaluator).
  using ScoreKey = std::tuple<int64_t, int64_t, std::string>;

  // FAILED_PRECONDITION naming what a new session refers to that does not exist.
  absl::Status CheckReferences(const v1::CalibrationSession& session);

  db::InteractionRepository* interactions_ = nullptr;
  db::ScorecardRepository* scorecards_ = nullptr;

  absl::Mutex mutex_;
  std::map<int64_t, Stored> sessions_ ABSL_GUARDED_BY(mutex_);
  // request_id -> id of the session created with it.
  std::map<std::string, int64_t> request_ids_ ABSL_GUARDED_BY(mutex_);
  std::map<ScoreKey, v1::CalibrationScore> scores_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace escala::testing
