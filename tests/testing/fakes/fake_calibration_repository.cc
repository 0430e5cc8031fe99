#include "tests/testing/fakes/fake_calibration_repository.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"

namespace escala::testing {
namespace {

google::protobuf::Timestamp CalibrationMillis(absl::Time time) {
  return db::MillisToTimestamp(absl::ToUnixMillis(time));
}

int64_t CalibrationMillisOf(const google::protobuf::Timestamp& time) {
  return db::TimestampToMillis(time);
}

absl::Status SessionNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("calibration session ", id, " not found"));
}

// FAILED_PRECONDITION when `session` takes no more scores or closes at `now`.
absl::Status RequireOpen(const v1::CalibrationSession& session, absl::Time now) {
  if (session.state() == v1::CALIBRATION_STATE_CLOSED) {
    return absl::FailedPreconditionError(
        absl::StrCat("calibration session ", session.id(), " is closed"));
  }
  if (CalibrationMillisOf(session.deadline_time()) <= absl::ToUnixMillis(now)) {
    return absl::FailedPreconditionError(
        absl::StrCat("calibration session ", session.id(), " is closed: its deadline has passed"));
  }
  return absl::OkStatus();
}

// Closed explicitly, or open with its deadline reached at `now`.
bool ClosedAt(const v1::CalibrationSession& session, int64_t now_ms) {
  return session.has_close_time() || CalibrationMillisOf(session.deadline_time()) <= now_ms;
}

bool TakesPart(const v1::CalibrationSession& session, const std::string& employee_id) {
  return session.expert_employee_id() == employee_id ||
         std::find(session.evaluator_employee_ids().begin(), session.evaluator_employee_ids().end(),
                   employee_id) != session.evaluator_employee_ids().end();
}

}  // namespace

std::size_t FakeCalibrationRepository::size() {
  absl::MutexLock lock(&mutex_);
  return sessions_.size();
}

absl::Status FakeCalibrationRepository::CheckReferences(const v1::CalibrationSession& session) {
  // The key is (scorecard_id, version): version 0 means "the newest" only to Get.
  if (scorecards_ != nullptr &&
      (session.scorecard_version() <= 0 ||
       !scorecards_->Get(session.scorecard_id(), session.scorecard_version()).ok())) {
    return absl::FailedPreconditionError(absl::StrCat(
        "scorecard '", session.scorecard_id(), "' has no version ", session.scorecard_version()));
  }
  if (interactions_ != nullptr) {
    for (int64_t interaction_id : session.interaction_ids()) {
      if (!interactions_->Get(interaction_id).ok()) {
        return absl::FailedPreconditionError(
            absl::StrCat("interaction ", interaction_id, " does not exist"));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::CalibrationSession> FakeCalibrationRepository::Create(
    const v1::CalibrationSession& session, const db::CreateRequest& request,
    const db::AuditStamp& stamp, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  const absl::Status request_id_reused =
      db::WithErrorInfo(absl::AlreadyExistsError(absl::StrCat("request_id: '", request.request_id,
                                                              "' was already used")),
                        db::kReasonRequestIdReused);
  if (!request.request_id.empty() && request_ids_.count(request.request_id) > 0) {
    return request_id_reused;
  }
  if (absl::Status references = CheckReferences(session); !references.ok()) return references;
  // A member twice breaks a primary key, which the SQL repository reports as the request_id
  // (validation keeps members distinct, so it never happens otherwise).
  std::set<std::string> participants(session.evaluator_employee_ids().begin(),
                                     session.evaluator_employee_ids().end());
  const std::set<int64_t> interactions(session.interaction_ids().begin(),
                                       session.interaction_ids().end());
  if (static_cast<int>(participants.size()) != session.evaluator_employee_ids_size() ||
      static_cast<int>(interactions.size()) != session.interaction_ids_size() ||
      (!session.expert_employee_id().empty() &&
       !participants.insert(session.expert_employee_id()).second)) {
    return request_id_reused;
  }
  v1::CalibrationSession stored;
  stored.set_id(sessions_.empty() ? 1 : sessions_.rbegin()->first + 1);
  stored.set_title(session.title());
  *stored.mutable_interaction_ids() = session.interaction_ids();
  stored.set_scorecard_id(session.scorecard_id());
  stored.set_scorecard_version(session.scorecard_version());
  // Read back ordered by employee id, byte for byte.
  std::vector<std::string> evaluators(session.evaluator_employee_ids().begin(),
                                      session.evaluator_employee_ids().end());
  std::sort(evaluators.begin(), evaluators.end());
  for (const std::string& evaluator : evaluators) stored.add_evaluator_employee_ids(evaluator);
  stored.set_expert_employee_id(session.expert_employee_id());
  *stored.mutable_deadline_time() =
      db::MillisToTimestamp(CalibrationMillisOf(session.deadline_time()));
  stored.set_state(v1::CALIBRATION_STATE_OPEN);
  stored.set_created_by(stamp.principal);
  *stored.mutable_create_time() = CalibrationMillis(now);
  sessions_[stored.id()] = Stored{stored, request.request_hash};
  if (!request.request_id.empty()) request_ids_[request.request_id] = stored.id();
  return stored;
}

absl::StatusOr<std::optional<db::CreatedByRequest<v1::CalibrationSession>>>
FakeCalibrationRepository::FindByRequestId(const std::string& request_id) {
  using Found = std::optional<db::CreatedByRequest<v1::CalibrationSession>>;
  absl::MutexLock lock(&mutex_);
  auto it = request_ids_.find(request_id);
  if (it == request_ids_.end()) return Found();
  const Stored& stored = sessions_.at(it->second);
  return Found(db::CreatedByRequest<v1::CalibrationSession>{stored.session, stored.request_hash});
}

absl::StatusOr<v1::CalibrationSession> FakeCalibrationRepository::Get(int64_t id) {
  absl::MutexLock lock(&mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return SessionNotFound(id);
  return it->second.session;
}

absl::StatusOr<std::vector<v1::CalibrationSession>> FakeCalibrationRepository::List(
    const db::CalibrationSessionFilter& filter, int64_t before_id, int limit, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  last_filter = filter;
  const int64_t now_ms = absl::ToUnixMillis(now);
  const std::string& who = filter.visible_to_employee_id;
  std::vector<v1::CalibrationSession> page;
  for (auto it = sessions_.rbegin();
       it != sessions_.rend() && static_cast<int>(page.size()) < limit; ++it) {
    const v1::CalibrationSession& session = it->second.session;
    if (before_id > 0 && session.id() >= before_id) continue;
    if (filter.state == v1::CALIBRATION_STATE_OPEN && ClosedAt(session, now_ms)) continue;
    if (filter.state == v1::CALIBRATION_STATE_CLOSED && !ClosedAt(session, now_ms)) continue;
    if (!who.empty() && session.created_by() != "people/" + who && !TakesPart(session, who)) {
      continue;
    }
    page.push_back(session);
  }
  return page;
}

absl::StatusOr<v1::CalibrationSession> FakeCalibrationRepository::Close(int64_t id,
                                                                        const db::AuditStamp&,
                                                                        absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return SessionNotFound(id);
  v1::CalibrationSession& session = it->second.session;
  if (absl::Status open = RequireOpen(session, now); !open.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(open.message(), "; it cannot be closed again"));
  }
  session.set_state(v1::CALIBRATION_STATE_CLOSED);
  *session.mutable_close_time() = CalibrationMillis(now);
  return session;
}

absl::StatusOr<v1::CalibrationScore> FakeCalibrationRepository::SubmitScore(
    const v1::CalibrationScore& score, const db::AuditStamp&, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto it = sessions_.find(score.session_id());
  if (it == sessions_.end()) return SessionNotFound(score.session_id());
  const v1::CalibrationSession& session = it->second.session;
  if (absl::Status open = RequireOpen(session, now); !open.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(open.message(), ": no more scores are taken"));
  }
  // The stored columns only: what the caller sent of the rest (expert, submit_time) is not kept.
  v1::CalibrationScore stored;
  stored.set_session_id(score.session_id());
  stored.set_interaction_id(score.interaction_id());
  stored.set_evaluator_employee_id(score.evaluator_employee_id());
  *stored.mutable_answers() = score.answers();
  stored.set_overall_comment(score.overall_comment());
  if (score.has_score()) stored.set_score(score.score());
  *stored.mutable_submit_time() = CalibrationMillis(now);
  // Read through the participants: the expert flag is the participant's.
  stored.set_expert(!session.expert_employee_id().empty() &&
                    session.expert_employee_id() == score.evaluator_employee_id());
  scores_[{score.session_id(), score.interaction_id(), score.evaluator_employee_id()}] = stored;
  return stored;
}

absl::StatusOr<std::vector<v1::CalibrationScore>> FakeCalibrationRepository::ListScores(
    int64_t session_id) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::CalibrationScore> scores;
  auto session = sessions_.find(session_id);
  if (session == sessions_.end()) return scores;
  const auto& order = session->second.session.interaction_ids();
  // Position in the session; a score of an interaction outside it has none (NULL sorts first).
  auto position = [&](int64_t interaction_id) -> int {
    auto found = std::find(order.begin(), order.end(), interaction_id);
    return found == order.end() ? -1 : static_cast<int>(found - order.begin());
  };
  for (const auto& [key, score] : scores_) {
    if (std::get<0>(key) == session_id) scores.push_back(score);
  }
  std::stable_sort(scores.begin(), scores.end(),
                   [&](const v1::CalibrationScore& a, const v1::CalibrationScore& b) {
                     const int pa = position(a.interaction_id());
                     const int pb = position(b.interaction_id());
                     if (pa != pb) return pa < pb;
                     return a.evaluator_employee_id() < b.evaluator_employee_id();
                   });
  return scores;
}

absl::StatusOr<std::vector<v1::CalibrationSession>> FakeCalibrationRepository::ListClosed(
    std::optional<absl::Time> closed_after, std::optional<absl::Time> closed_before,
    absl::Time now) {
  absl::MutexLock lock(&mutex_);
  const int64_t now_ms = absl::ToUnixMillis(now);
  // When it closed: explicitly, or at its deadline once that has passed.
  std::vector<std::pair<int64_t, const v1::CalibrationSession*>> closed;
  for (const auto& [id, stored] : sessions_) {
    const v1::CalibrationSession& session = stored.session;
    if (!ClosedAt(session, now_ms)) continue;
    const int64_t closed_ms = session.has_close_time()
                                  ? CalibrationMillisOf(session.close_time())
                                  : CalibrationMillisOf(session.deadline_time());
    if (closed_after && closed_ms < absl::ToUnixMillis(*closed_after)) continue;
    if (closed_before && closed_ms >= absl::ToUnixMillis(*closed_before)) continue;
    closed.emplace_back(closed_ms, &session);
  }
  // Oldest closure first, ties by id (the map is in id order, the sort stable).
  std::stable_sort(closed.begin(), closed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<v1::CalibrationSession> result;
  for (const auto& [ms, session] : closed) result.push_back(*session);
  return result;
}

}  // namespace escala::testing
