#pragma once

// Training sessions in memory with the TrainingSessionRepository contract (tests/integration/
// training_session_repository_contract_test.cc runs against it): ids from 1, the state derived
// at the time asked for (db/training/session_state.h), the etag the row version. No audit
// events. Thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "db/training/training_session_repository.h"

namespace escala::testing {

// What the session repository tells the enrolments of its sessions, as the SOCI repositories do
// in the session change's transaction (FakeEnrolmentRepository implements it).
class SessionEnrolmentListener {
 public:
  virtual ~SessionEnrolmentListener() = default;
  // The seats booked in the session, to refuse a capacity below them.
  virtual int64_t BookedIn(int64_t session_id) = 0;
  // The open enrolments (requested, booked, waitlisted) of the session, for the block rules.
  virtual int64_t OpenIn(int64_t session_id) = 0;
  // After an update: books the head of the waitlist on the seats `session` has free.
  virtual void SessionUpdated(const v1::TrainingSession& session, const db::AuditStamp& stamp,
                              absl::Time now) = 0;
  // After a cancellation: every open enrolment becomes SESSION_CANCELLED.
  virtual void SessionCancelled(int64_t session_id, const std::string& reason,
                                const db::AuditStamp& stamp, absl::Time now) = 0;
  // Before a close is written: the assessment guard, then every booked enrolment to its outcome
  // and the completions (db/training/session_closing.h). A failure writes nothing, and the
  // session stays as it was.
  virtual absl::Status SessionClosing(const v1::TrainingSession& session,
                                      const db::CloseOptions& options, const db::AuditStamp& stamp,
                                      absl::Time now) = 0;
};

class FakeTrainingSessionRepository : public db::TrainingSessionRepository {
 public:
  absl::StatusOr<v1::TrainingSession> Create(const v1::TrainingSession& session,
                                             const db::CreateRequest& request,
                                             const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::optional<db::CreatedByRequest<v1::TrainingSession>>> FindByRequestId(
      const std::string& request_id, absl::Time now) override;
  absl::StatusOr<v1::TrainingSession> Get(int64_t id, absl::Time now) override;
  absl::StatusOr<std::vector<v1::TrainingSession>> List(const db::TrainingSessionFilter& filter,
                                                        int64_t after_start_ms, int64_t after_id,
                                                        int limit, absl::Time now) override;
  absl::StatusOr<v1::TrainingSession> Update(const v1::TrainingSession& session,
                                             int64_t expected_version, const db::AuditStamp& stamp,
                                             absl::Time now) override;
  absl::StatusOr<v1::TrainingSession> Cancel(int64_t id, int64_t expected_version,
                                             const std::string& reason, const db::AuditStamp& stamp,
                                             absl::Time now) override;
  absl::StatusOr<v1::TrainingSession> Close(int64_t id, int64_t expected_version,
                                            const db::CloseOptions& options,
                                            const db::AuditStamp& stamp, absl::Time now) override;

  // The enrolments of these sessions; nullptr (the default) for none.
  void set_listener(SessionEnrolmentListener* listener) {
    absl::MutexLock lock(&mutex_);
    listener_ = listener;
  }

  int writes() const {
    absl::MutexLock lock(&mutex_);
    return writes_;
  }

 private:
  struct Stored {
    v1::TrainingSession session;  // as written, without state and etag
    int lifecycle = 0;
    int64_t first_start_ms = 0;
    int64_t last_end_ms = 0;
    int64_t row_version = 1;
    std::string request_id;
    std::string request_hash;
  };
  static v1::TrainingSession Read(const Stored& stored, absl::Time now);
  absl::StatusOr<v1::TrainingSession> End(int64_t id, int64_t expected_version,
                                          v1::TrainingSessionState to, const std::string& reason,
                                          absl::Time now);

  mutable absl::Mutex mutex_;
  std::map<int64_t, Stored> sessions_ ABSL_GUARDED_BY(mutex_);
  int64_t next_id_ ABSL_GUARDED_BY(mutex_) = 1;
  int writes_ ABSL_GUARDED_BY(mutex_) = 0;
  SessionEnrolmentListener* listener_ ABSL_GUARDED_BY(mutex_) = nullptr;
};

}  // namespace escala::testing
