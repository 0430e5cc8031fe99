#include "tests/testing/fakes/fake_training_session_repository.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/training/block_change_rules.h"
#include "db/training/enrolment_rules.h"
#include "db/training/session_state.h"

namespace escala::testing {
namespace {

std::string ResourceName(int64_t id) { return absl::StrCat("trainingSessions/", id); }

absl::Status SessionNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("training session ", id, " not found"));
}

absl::Status SessionStale(int64_t id) {
  return db::WithErrorInfo(
      absl::AbortedError(absl::StrCat("training session ", id, " was changed since it was read")),
      db::kReasonEtagMismatch, {{"resource", ResourceName(id)}});
}

absl::Status WrongState(int64_t id, v1::TrainingSessionState state) {
  return db::WithErrorInfo(
      absl::FailedPreconditionError(
          absl::StrCat("training session ", id, " is ", v1::TrainingSessionState_Name(state))),
      db::kReasonInvalidStateTransition,
      {{"resource", ResourceName(id)}, {"state", v1::TrainingSessionState_Name(state)}});
}

// `session` with its blocks in start order, and the span they cover.
v1::TrainingSession Sorted(const v1::TrainingSession& session, int64_t* first, int64_t* last) {
  v1::TrainingSession sorted = session;
  std::sort(sorted.mutable_blocks()->begin(), sorted.mutable_blocks()->end(),
            [](const v1::SessionBlock& a, const v1::SessionBlock& b) {
              return db::TimestampToMillis(a.start_time()) < db::TimestampToMillis(b.start_time());
            });
  *first = 0;
  *last = 0;
  for (int i = 0; i < sorted.blocks_size(); ++i) {
    const int64_t start = db::TimestampToMillis(sorted.blocks(i).start_time());
    const int64_t end = db::TimestampToMillis(sorted.blocks(i).end_time());
    if (i == 0 || start < *first) *first = start;
    if (i == 0 || end > *last) *last = end;
  }
  return sorted;
}

google::protobuf::Timestamp At(absl::Time time) {
  return db::MillisToTimestamp(absl::ToUnixMillis(time));
}

}  // namespace

v1::TrainingSession FakeTrainingSessionRepository::Read(const Stored& stored, absl::Time now) {
  v1::TrainingSession session = stored.session;
  session.set_state(db::DeriveSessionState(stored.lifecycle, stored.first_start_ms,
                                           stored.last_end_ms, absl::ToUnixMillis(now)));
  session.set_etag(absl::StrCat(stored.row_version));
  return session;
}

absl::StatusOr<v1::TrainingSession> FakeTrainingSessionRepository::Create(
    const v1::TrainingSession& session, const db::CreateRequest& request,
    const db::AuditStamp& stamp, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  if (!request.request_id.empty()) {
    for (const auto& [id, stored] : sessions_) {
      if (stored.request_id == request.request_id) {
        return db::WithErrorInfo(absl::AlreadyExistsError(absl::StrCat(
                                     "request_id: '", request.request_id, "' was already used")),
                                 db::kReasonRequestIdReused);
      }
    }
  }
  Stored stored;
  stored.session = Sorted(session, &stored.first_start_ms, &stored.last_end_ms);
  stored.session.set_id(next_id_++);
  stored.session.clear_state();
  stored.session.clear_etag();
  stored.session.clear_cancel_reason();
  stored.session.clear_cancel_time();
  stored.session.clear_close_time();
  stored.session.clear_schedule_sequence();
  stored.session.clear_schedule_conflicts();
  stored.session.set_issued_block_count(stored.session.blocks_size());
  stored.session.set_created_by(stamp.principal);
  *stored.session.mutable_create_time() = At(now);
  *stored.session.mutable_update_time() = At(now);
  stored.lifecycle = db::kSessionActive;
  stored.request_id = request.request_id;
  stored.request_hash = request.request_hash;
  ++writes_;
  const int64_t id = stored.session.id();
  sessions_[id] = std::move(stored);
  v1::TrainingSession created = Read(sessions_[id], now);
  // The conflicts the caller overrode are in the answer (the SOCI repository's audit event too).
  *created.mutable_schedule_conflicts() = session.schedule_conflicts();
  return created;
}

absl::StatusOr<std::optional<db::CreatedByRequest<v1::TrainingSession>>>
FakeTrainingSessionRepository::FindByRequestId(const std::string& request_id, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, stored] : sessions_) {
    if (!request_id.empty() && stored.request_id == request_id) {
      return std::optional<db::CreatedByRequest<v1::TrainingSession>>(
          db::CreatedByRequest<v1::TrainingSession>{Read(stored, now), stored.request_hash});
    }
  }
  return std::optional<db::CreatedByRequest<v1::TrainingSession>>();
}

absl::StatusOr<v1::TrainingSession> FakeTrainingSessionRepository::Get(int64_t id, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto found = sessions_.find(id);
  if (found == sessions_.end()) return SessionNotFound(id);
  return Read(found->second, now);
}

absl::StatusOr<std::vector<v1::TrainingSession>> FakeTrainingSessionRepository::List(
    const db::TrainingSessionFilter& filter, int64_t after_start_ms, int64_t after_id, int limit,
    absl::Time now) {
  absl::MutexLock lock(&mutex_);
  std::vector<const Stored*> selected;
  for (const auto& [id, stored] : sessions_) {
    if (after_id > 0 &&
        std::make_tuple(stored.first_start_ms, id) <= std::make_tuple(after_start_ms, after_id)) {
      continue;
    }
    if (!filter.course_id.empty() && stored.session.course_id() != filter.course_id) continue;
    if (!filter.trainer_employee_id.empty() &&
        std::find(stored.session.trainer_employee_ids().begin(),
                  stored.session.trainer_employee_ids().end(),
                  filter.trainer_employee_id) == stored.session.trainer_employee_ids().end()) {
      continue;
    }
    if (filter.from_ms && stored.last_end_ms <= *filter.from_ms) continue;
    if (filter.to_ms && stored.first_start_ms >= *filter.to_ms) continue;
    if (filter.state != v1::TRAINING_SESSION_STATE_UNSPECIFIED &&
        Read(stored, now).state() != filter.state) {
      continue;
    }
    selected.push_back(&stored);
  }
  std::sort(selected.begin(), selected.end(), [](const Stored* a, const Stored* b) {
    return std::make_tuple(a->first_start_ms, a->session.id()) <
           std::make_tuple(b->first_start_ms, b->session.id());
  });
  std::vector<v1::TrainingSession> sessions;
  for (const Stored* stored : selected) {
    if (static_cast<int>(sessions.size()) == limit) break;
    sessions.push_back(Read(*stored, now));
  }
  return sessions;
}

absl::StatusOr<v1::TrainingSession> FakeTrainingSessionRepository::Update(
    const v1::TrainingSession& session, int64_t expected_version, const db::AuditStamp& stamp,
    absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto found = sessions_.find(session.id());
  if (found == sessions_.end()) return SessionNotFound(session.id());
  Stored& stored = found->second;
  const v1::TrainingSessionState state = Read(stored, now).state();
  if (!db::Updatable(state)) return WrongState(session.id(), state);
  if (stored.row_version != expected_version) return SessionStale(session.id());
  const bool anyone_enrolled = listener_ != nullptr && listener_->OpenIn(session.id()) > 0;
  if (absl::Status s = db::CheckBlockChange(Read(stored, now), session, anyone_enrolled, now);
      !s.ok()) {
    return s;
  }
  if (listener_ != nullptr && session.has_capacity()) {
    const int64_t booked = listener_->BookedIn(session.id());
    if (booked > session.capacity()) {
      return db::CapacityBelowBooked(session.id(), session.capacity(), booked);
    }
  }
  v1::TrainingSession sorted = Sorted(session, &stored.first_start_ms, &stored.last_end_ms);
  // Only the details change: the course, the author and the times stay.
  v1::TrainingSession& kept = stored.session;
  if (db::ScheduleChanged(kept, sorted)) {
    kept.set_schedule_sequence(kept.schedule_sequence() + 1);
  }
  *kept.mutable_trainer_employee_ids() = sorted.trainer_employee_ids();
  *kept.mutable_blocks() = sorted.blocks();
  kept.set_issued_block_count(std::max(kept.issued_block_count(), kept.blocks_size()));
  kept.set_time_zone(sorted.time_zone());
  kept.set_location(sorted.location());
  kept.set_video_link(sorted.video_link());
  if (sorted.has_capacity()) {
    kept.set_capacity(sorted.capacity());
  } else {
    kept.clear_capacity();
  }
  kept.set_waitlist_enabled(sorted.waitlist_enabled());
  kept.set_approval_required(sorted.approval_required());
  for (auto [field, value] :
       {std::pair{kept.mutable_registration_open_time(), &sorted.registration_open_time()},
        std::pair{kept.mutable_registration_close_time(), &sorted.registration_close_time()},
        std::pair{kept.mutable_cancellation_cutoff_time(), &sorted.cancellation_cutoff_time()}}) {
    *field = *value;
  }
  if (!sorted.has_registration_open_time()) kept.clear_registration_open_time();
  if (!sorted.has_registration_close_time()) kept.clear_registration_close_time();
  if (!sorted.has_cancellation_cutoff_time()) kept.clear_cancellation_cutoff_time();
  *kept.mutable_update_time() = At(now);
  ++stored.row_version;
  ++writes_;
  v1::TrainingSession after = Read(stored, now);
  if (listener_ != nullptr) listener_->SessionUpdated(after, stamp, now);
  *after.mutable_schedule_conflicts() = session.schedule_conflicts();
  return after;
}

absl::StatusOr<v1::TrainingSession> FakeTrainingSessionRepository::End(int64_t id,
                                                                       int64_t expected_version,
                                                                       v1::TrainingSessionState to,
                                                                       const std::string& reason,
                                                                       absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto found = sessions_.find(id);
  if (found == sessions_.end()) return SessionNotFound(id);
  Stored& stored = found->second;
  const v1::TrainingSessionState state = Read(stored, now).state();
  const bool allowed = to == v1::TRAINING_SESSION_STATE_CLOSED
                           ? state == v1::TRAINING_SESSION_STATE_DELIVERED
                           : state == v1::TRAINING_SESSION_STATE_SCHEDULED ||
                                 state == v1::TRAINING_SESSION_STATE_IN_PROGRESS;
  if (!allowed) return WrongState(id, state);
  if (expected_version != 0 && stored.row_version != expected_version) return SessionStale(id);
  stored.lifecycle = to;
  if (to == v1::TRAINING_SESSION_STATE_CANCELLED) {
    stored.session.set_cancel_reason(reason);
    *stored.session.mutable_cancel_time() = At(now);
    stored.session.set_schedule_sequence(stored.session.schedule_sequence() + 1);
  } else {
    *stored.session.mutable_close_time() = At(now);
  }
  *stored.session.mutable_update_time() = At(now);
  ++stored.row_version;
  ++writes_;
  return Read(stored, now);
}

absl::StatusOr<v1::TrainingSession> FakeTrainingSessionRepository::Cancel(
    int64_t id, int64_t expected_version, const std::string& reason, const db::AuditStamp& stamp,
    absl::Time now) {
  absl::StatusOr<v1::TrainingSession> cancelled =
      End(id, expected_version, v1::TRAINING_SESSION_STATE_CANCELLED, reason, now);
  SessionEnrolmentListener* listener = nullptr;
  {
    absl::MutexLock lock(&mutex_);
    listener = listener_;
  }
  if (cancelled.ok() && listener != nullptr) listener->SessionCancelled(id, reason, stamp, now);
  return cancelled;
}

absl::StatusOr<v1::TrainingSession> FakeTrainingSessionRepository::Close(
    int64_t id, int64_t expected_version, const db::CloseOptions& options,
    const db::AuditStamp& stamp, absl::Time now) {
  // The state and etag are checked before the enrolments close, so that a refused close changes
  // nothing; End checks them again.
  v1::TrainingSession current;
  SessionEnrolmentListener* listener = nullptr;
  {
    absl::MutexLock lock(&mutex_);
    auto found = sessions_.find(id);
    if (found == sessions_.end()) return SessionNotFound(id);
    current = Read(found->second, now);
    if (current.state() != v1::TRAINING_SESSION_STATE_DELIVERED) {
      return WrongState(id, current.state());
    }
    if (expected_version != 0 && found->second.row_version != expected_version)
      return SessionStale(id);
    listener = listener_;
  }
  if (listener != nullptr) {
    if (absl::Status s = listener->SessionClosing(current, options, stamp, now); !s.ok()) {
      return s;
    }
  }
  return End(id, expected_version, v1::TRAINING_SESSION_STATE_CLOSED, "", now);
}

}  // namespace escala::testing
