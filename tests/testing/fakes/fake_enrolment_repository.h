#pragma once

// Enrolments in memory with the EnrolmentRepository contract (tests/integration/
// enrolment_repository_contract_test.cc runs against it): ids from 1, the guards of
// db/training/enrolment_rules.h, queue order by waitlist time then id, one history entry per
// change, attendance marks with their history entries. Listens to the session fake for
// cancellations and capacity changes. With an audit repository it writes the audit events the SOCI
// repository writes. Thread-safe: every step runs under one mutex, which stands in for the
// session's row lock.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "db/training/enrolment_repository.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_completion_repository.h"
#include "tests/testing/fakes/fake_training_session_repository.h"

namespace escala::testing {

class FakeEnrolmentRepository : public db::EnrolmentRepository, public SessionEnrolmentListener {
 public:
  // Closing a session writes its completions into `completions` when given.
  explicit FakeEnrolmentRepository(FakeTrainingSessionRepository& sessions,
                                   FakeAuditRepository* audit = nullptr,
                                   FakeCompletionRepository* completions = nullptr);
  ~FakeEnrolmentRepository() override;

  absl::StatusOr<v1::Enrolment> Enrol(const db::NewEnrolment& enrolment,
                                      const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Enrolment> Approve(int64_t id, const std::string& reason,
                                        const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Enrolment> Decline(int64_t id, const std::string& reason,
                                        const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Enrolment> Withdraw(int64_t id, const std::string& reason, bool learner_side,
                                         const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Enrolment> Promote(int64_t id, const std::string& reason, bool allow_overbook,
                                        const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Enrolment> Get(int64_t id) override;
  absl::StatusOr<std::vector<v1::Enrolment>> List(const db::EnrolmentFilter& filter,
                                                  int64_t after_session, int64_t after_id,
                                                  int limit) override;
  absl::StatusOr<std::vector<v1::EnrolmentHistoryEntry>> History(int64_t enrolment_id,
                                                                 int64_t after_id,
                                                                 int limit) override;

  absl::StatusOr<std::vector<db::RosterEntry>> Roster(int64_t session_id) override;
  absl::StatusOr<std::vector<v1::AttendanceMark>> Marks(int64_t session_id) override;
  absl::StatusOr<std::vector<db::MarkOutcome>> MarkAttendance(
      int64_t session_id, const std::vector<db::MarkChange>& changes, const std::string& reason,
      const db::AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<std::vector<v1::Assessment>> Assessments(int64_t session_id) override;
  absl::StatusOr<db::AssessmentOutcome> RecordAssessment(int64_t session_id,
                                                         const db::AssessmentChange& change,
                                                         const db::AuditStamp& stamp,
                                                         absl::Time now) override;

  int64_t BookedIn(int64_t session_id) override;
  int64_t OpenIn(int64_t session_id) override;
  void SessionUpdated(const v1::TrainingSession& session, const db::AuditStamp& stamp,
                      absl::Time now) override;
  void SessionCancelled(int64_t session_id, const std::string& reason, const db::AuditStamp& stamp,
                        absl::Time now) override;
  absl::Status SessionClosing(const v1::TrainingSession& session, const db::CloseOptions& options,
                              const db::AuditStamp& stamp, absl::Time now) override;

 private:
  struct Stored {
    v1::Enrolment enrolment;  // without waitlist position
    int64_t waitlist_ms = 0;
  };
  v1::Enrolment Read(const Stored& stored) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  int64_t Booked(int64_t session_id) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  v1::Enrolment Move(Stored& stored, v1::EnrolmentState to, const std::string& reason,
                     bool overridden, bool overbooked, const db::AuditStamp& stamp, absl::Time now,
                     bool created = false) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void PromoteHeads(const v1::TrainingSession& session, const std::string& reason,
                    const db::AuditStamp& stamp, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // A step on an existing enrolment, with the session as of `now`.
  template <typename Fn>
  absl::StatusOr<v1::Enrolment> Step(int64_t id, absl::Time now, Fn&& fn);

  FakeTrainingSessionRepository& sessions_;
  FakeAuditRepository* audit_;
  FakeCompletionRepository* completions_;
  mutable absl::Mutex mutex_;
  std::map<int64_t, Stored> enrolments_ ABSL_GUARDED_BY(mutex_);
  std::vector<v1::EnrolmentHistoryEntry> history_ ABSL_GUARDED_BY(mutex_);
  // Attendance marks by (enrolment id, block number).
  std::map<std::pair<int64_t, int>, v1::AttendanceMark> marks_ ABSL_GUARDED_BY(mutex_);
  // Assessments by enrolment id.
  std::map<int64_t, v1::Assessment> assessments_ ABSL_GUARDED_BY(mutex_);
  int64_t next_id_ ABSL_GUARDED_BY(mutex_) = 1;
};

}  // namespace escala::testing
