#pragma once

// Calibration sessions and scores in memory, with the repository's open/closed rules: ids
// 1..n, newest first in lists, a closed session refuses closing again. ListClosed ignores its
// time range.

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "db/qa/calibration_repository.h"

namespace escala::testing {

class FakeCalibrationRepository : public db::CalibrationRepository {
 public:
  absl::StatusOr<v1::CalibrationSession> Create(const v1::CalibrationSession& session,
                                                const db::CreateRequest& request,
                                                const db::AuditStamp& stamp,
                                                absl::Time now) override {
    if (!request.request_id.empty()) {
      if (requests_.count(request.request_id) > 0) {
        return absl::AlreadyExistsError("request_id: already used");
      }
      requests_[request.request_id] = {static_cast<int64_t>(sessions_.size()) + 1,
                                       request.request_hash};
    }
    v1::CalibrationSession stored = session;
    stored.set_id(static_cast<int64_t>(sessions_.size()) + 1);
    stored.set_state(v1::CALIBRATION_STATE_OPEN);
    stored.set_created_by(stamp.principal);
    *stored.mutable_create_time() = db::TimeToTimestamp(now);
    sessions_[stored.id()] = stored;
    return stored;
  }
  absl::StatusOr<std::optional<db::CreatedByRequest<v1::CalibrationSession>>> FindByRequestId(
      const std::string& request_id) override {
    auto it = requests_.find(request_id);
    if (it == requests_.end()) return std::optional<db::CreatedByRequest<v1::CalibrationSession>>();
    return db::CreatedByRequest<v1::CalibrationSession>{sessions_.at(it->second.first),
                                                        it->second.second};
  }
  absl::StatusOr<v1::CalibrationSession> Get(int64_t id) override {
    auto it = sessions_.find(id);
    if (it == sessions_.end())
      return absl::NotFoundError(absl::StrCat("calibration session ", id, " not found"));
    return it->second;
  }
  // Newest first below `before_id`; the filter's person narrows to their sessions.
  absl::StatusOr<std::vector<v1::CalibrationSession>> List(
      const db::CalibrationSessionFilter& filter, int64_t before_id, int limit,
      absl::Time) override {
    last_filter = filter;
    std::vector<v1::CalibrationSession> page;
    for (auto it = sessions_.rbegin();
         it != sessions_.rend() && static_cast<int>(page.size()) < limit; ++it) {
      if (before_id > 0 && it->first >= before_id) continue;
      const v1::CalibrationSession& session = it->second;
      const std::string& who = filter.visible_to_employee_id;
      const bool takes_part = session.created_by() == "people/" + who ||
                              session.expert_employee_id() == who ||
                              std::count(session.evaluator_employee_ids().begin(),
                                         session.evaluator_employee_ids().end(), who) > 0;
      if (!who.empty() && !takes_part) continue;
      page.push_back(session);
    }
    return page;
  }
  db::CalibrationSessionFilter last_filter;
  absl::StatusOr<v1::CalibrationSession> Close(int64_t id, const db::AuditStamp&,
                                               absl::Time now) override {
    v1::CalibrationSession& session = sessions_.at(id);
    if (session.state() == v1::CALIBRATION_STATE_CLOSED)
      return absl::FailedPreconditionError("closed");
    session.set_state(v1::CALIBRATION_STATE_CLOSED);
    *session.mutable_close_time() = db::TimeToTimestamp(now);
    return session;
  }
  absl::StatusOr<v1::CalibrationScore> SubmitScore(const v1::CalibrationScore& score,
                                                   const db::AuditStamp&, absl::Time) override {
    scores_[{score.session_id(), score.interaction_id(), score.evaluator_employee_id()}] = score;
    return score;
  }
  absl::StatusOr<std::vector<v1::CalibrationScore>> ListScores(int64_t session_id) override {
    std::vector<v1::CalibrationScore> scores;
    for (const auto& [key, score] : scores_) {
      if (std::get<0>(key) == session_id) scores.push_back(score);
    }
    return scores;
  }
  // Every session closed or past its deadline at `now` (the range is not applied).
  absl::StatusOr<std::vector<v1::CalibrationSession>> ListClosed(std::optional<absl::Time>,
                                                                 std::optional<absl::Time>,
                                                                 absl::Time now) override {
    std::vector<v1::CalibrationSession> closed;
    for (const auto& [id, session] : sessions_) {
      if (session.state() == v1::CALIBRATION_STATE_CLOSED ||
          absl::FromUnixMillis(db::TimestampToMillis(session.deadline_time())) <= now) {
        closed.push_back(session);
      }
    }
    return closed;
  }

 private:
  std::map<int64_t, v1::CalibrationSession> sessions_;
  // request_id → (session id, request hash).
  std::map<std::string, std::pair<int64_t, std::string>> requests_;
  std::map<std::tuple<int64_t, int64_t, std::string>, v1::CalibrationScore> scores_;
};

}  // namespace escala::testing
