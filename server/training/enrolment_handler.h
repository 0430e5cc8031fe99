#pragma once

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "db/directory/people_repository.h"
#include "db/training/enrolment_repository.h"
#include "db/training/training_session_repository.h"
#include "escala/v1/enrolments.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// The logic of EnrolmentService, free of gRPC. Reach: the own scope is the caller's own
// enrolments and those of the sessions they train; the team scope the enrolments of the caller's
// team (as of enrolment). Approve, decline and promote with the own scope reach only the sessions
// the caller trains. Records out of reach answer NOT_FOUND. The repository decides every state
// change under the session's lock; this layer validates, checks reach and conflicts, and makes
// every state change idempotent by request_id (ApplyOnce).
class EnrolmentHandler {
 public:
  EnrolmentHandler(db::EnrolmentRepository& enrolments, db::TrainingSessionRepository& sessions,
                   db::PeopleRepository& people, db::RequestLog& requests, Clock clock)
      : enrolments_(enrolments),
        sessions_(sessions),
        people_(people),
        requests_(requests),
        clock_(std::move(clock)) {}

  absl::StatusOr<v1::Enrolment> Enrol(const CallContext& call, const v1::EnrolRequest& request);
  absl::StatusOr<v1::Enrolment> ApproveEnrolment(const CallContext& call,
                                                 const v1::ApproveEnrolmentRequest& request);
  absl::StatusOr<v1::Enrolment> DeclineEnrolment(const CallContext& call,
                                                 const v1::DeclineEnrolmentRequest& request);
  absl::StatusOr<v1::Enrolment> WithdrawEnrolment(const CallContext& call,
                                                  const v1::WithdrawEnrolmentRequest& request);
  absl::StatusOr<v1::Enrolment> PromoteEnrolment(const CallContext& call,
                                                 const v1::PromoteEnrolmentRequest& request);
  absl::StatusOr<v1::Enrolment> GetEnrolment(const CallContext& call,
                                             const v1::GetEnrolmentRequest& request);
  absl::StatusOr<v1::ListEnrolmentsResponse> ListEnrolments(
      const CallContext& call, const v1::ListEnrolmentsRequest& request);
  absl::StatusOr<v1::ListEnrolmentHistoryResponse> ListEnrolmentHistory(
      const CallContext& call, const v1::ListEnrolmentHistoryRequest& request);

 private:
  // What a caller may do with an enrolment it reaches.
  enum class Reach { kNone, kLearner, kStaff };
  // How `call` reaches enrolment `enrolment` of `session`.
  Reach ReachOf(const CallContext& call, const v1::Enrolment& enrolment,
                const v1::TrainingSession& session) const;
  // The enrolment `id` when the caller reaches it at least as `needed`; NOT_FOUND otherwise.
  // Sets `reach` to how it reaches it.
  absl::StatusOr<v1::Enrolment> Reachable(const CallContext& call, int64_t id, Reach needed,
                                          Reach* reach = nullptr);

  // A step on enrolment `id`: validates id, reason (required or optional) and request_id,
  // checks the caller's reach, and applies it once per request_id.
  absl::StatusOr<v1::Enrolment> RunStep(
      const CallContext& call, const google::protobuf::Message& request, int64_t id,
      const std::string& reason, const std::string& request_id, bool reason_required, Reach needed,
      const std::function<absl::StatusOr<v1::Enrolment>(Reach, const db::AuditStamp&)>& apply);

  db::EnrolmentRepository& enrolments_;
  db::TrainingSessionRepository& sessions_;
  db::PeopleRepository& people_;
  db::RequestLog& requests_;
  Clock clock_;
};

}  // namespace escala::server
