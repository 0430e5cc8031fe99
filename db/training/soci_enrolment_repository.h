#pragma once

#include "db/core/session_pool.h"
#include "db/training/enrolment_repository.h"

namespace escala::db {

// EnrolmentRepository on SOCI (MySQL/MariaDB or SQLite). Every write locks the session's row
// first (LockTrainingSession) and counts the booked seats inside its transaction, so that
// concurrent enrolments in one session are decided one after the other.
class SociEnrolmentRepository : public EnrolmentRepository {
 public:
  explicit SociEnrolmentRepository(SessionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Enrolment> Enrol(const NewEnrolment& enrolment, const AuditStamp& stamp,
                                      absl::Time now) override;
  absl::StatusOr<v1::Enrolment> Approve(int64_t id, const std::string& reason,
                                        const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Enrolment> Decline(int64_t id, const std::string& reason,
                                        const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Enrolment> Withdraw(int64_t id, const std::string& reason, bool learner_side,
                                         const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Enrolment> Promote(int64_t id, const std::string& reason, bool allow_overbook,
                                        const AuditStamp& stamp, absl::Time now) override;
  absl::StatusOr<v1::Enrolment> Get(int64_t id) override;
  absl::StatusOr<std::vector<v1::Enrolment>> List(const EnrolmentFilter& filter,
                                                  int64_t after_session, int64_t after_id,
                                                  int limit) override;
  absl::StatusOr<std::vector<v1::EnrolmentHistoryEntry>> History(int64_t enrolment_id,
                                                                 int64_t after_id,
                                                                 int limit) override;
  absl::StatusOr<std::vector<RosterEntry>> Roster(int64_t session_id) override;
  absl::StatusOr<std::vector<v1::AttendanceMark>> Marks(int64_t session_id) override;
  absl::StatusOr<std::vector<MarkOutcome>> MarkAttendance(int64_t session_id,
                                                          const std::vector<MarkChange>& changes,
                                                          const std::string& reason,
                                                          const AuditStamp& stamp,
                                                          absl::Time now) override;
  absl::StatusOr<std::vector<v1::Assessment>> Assessments(int64_t session_id) override;
  absl::StatusOr<AssessmentOutcome> RecordAssessment(int64_t session_id,
                                                     const AssessmentChange& change,
                                                     const AuditStamp& stamp,
                                                     absl::Time now) override;

 private:
  SessionPool& pool_;
};

}  // namespace escala::db
