// Audit scenarios and request_id replays of the EnrolmentService.
#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/enrolments.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

template <typename Request, typename Response, typename Method>
grpc::Status EnrolmentCall(AdminClient& admin, const std::string& request_id, Method method,
                           const Request& request, Response* response) {
  grpc::ClientContext context;
  admin.Prepare(context, request_id);
  auto stub = NewStub<v1::EnrolmentService>(admin.channel());
  return ((*stub).*method)(&context, request, response);
}

// A scheduled session of a course `name` trained by T-<name>, with learner L-<name>.
v1::TrainingSession PrepareSession(AdminClient& admin, const std::string& name, bool approval) {
  {
    grpc::ClientContext context;
    admin.Prepare(context);
    v1::CreateCourseRequest request;
    request.mutable_course()->set_course_id(name);
    request.mutable_course()->set_title("Course " + name);
    request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
    request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
    v1::Course created;
    grpc::Status status =
        NewStub<v1::CourseService>(admin.channel())->CreateCourse(&context, request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  admin.CreatePerson("T-" + name, "Trainer " + name, v1::ROLE_TRAINER);
  admin.CreatePerson("L-" + name, "Learner " + name);
  v1::CreateTrainingSessionRequest request;
  v1::TrainingSession* session = request.mutable_training_session();
  session->set_course_id(name);
  session->add_trainer_employee_ids("T-" + name);
  const absl::Time start =
      absl::FromCivil(absl::CivilSecond(2099, 6, 1, 9, 0, 0), absl::UTCTimeZone());
  v1::SessionBlock* block = session->add_blocks();
  *block->mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(start));
  *block->mutable_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(start + absl::Hours(2)));
  session->set_time_zone("Europe/Lisbon");
  session->set_location("Room");
  session->set_capacity(5);
  session->set_approval_required(approval);
  grpc::ClientContext context;
  admin.Prepare(context);
  v1::TrainingSession created;
  grpc::Status status = NewStub<v1::TrainingSessionService>(admin.channel())
                            ->CreateTrainingSession(&context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

v1::Enrolment EnrolLearner(AdminClient& admin, const std::string& name, bool approval) {
  const v1::TrainingSession session = PrepareSession(admin, name, approval);
  v1::EnrolRequest request;
  request.set_training_session_id(session.id());
  request.set_person_employee_id("L-" + name);
  v1::Enrolment enrolment;
  grpc::Status status =
      EnrolmentCall(admin, "", &v1::EnrolmentService::Stub::Enrol, request, &enrolment);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return enrolment;
}

ExpectedEvent EnrolmentEvent(const std::string& request_id, const v1::Enrolment* before,
                             const v1::Enrolment& after) {
  db::ChangedFields changed = db::DiffForAudit(before, after);
  return ExpectedEvent{"enrolment", absl::StrCat("enrolments/", after.id()), request_id,
                       changed.before_json, changed.after_json};
}

// One step on enrolment `id`: `header_id` travels as x-request-id (recorded, never replayed),
// `field_id` as the request's own request_id (replayed).
template <typename Request, typename Method>
grpc::Status RunStep(AdminClient& admin, Method method, Request request, int64_t id,
                     const std::string& header_id, const std::string& field_id,
                     const std::string& reason, v1::Enrolment* out) {
  request.set_id(id);
  request.set_reason(reason);
  request.set_request_id(field_id);
  return EnrolmentCall(admin, header_id, method, request, out);
}

grpc::Status Approve(AdminClient& admin, int64_t id, const std::string& header_id,
                     const std::string& field_id, const std::string& reason, v1::Enrolment* out) {
  return RunStep(admin, &v1::EnrolmentService::Stub::ApproveEnrolment,
                 v1::ApproveEnrolmentRequest(), id, header_id, field_id, reason, out);
}

grpc::Status Decline(AdminClient& admin, int64_t id, const std::string& header_id,
                     const std::string& field_id, const std::string& reason, v1::Enrolment* out) {
  return RunStep(admin, &v1::EnrolmentService::Stub::DeclineEnrolment,
                 v1::DeclineEnrolmentRequest(), id, header_id, field_id, reason, out);
}

grpc::Status Withdraw(AdminClient& admin, int64_t id, const std::string& header_id,
                      const std::string& field_id, const std::string& reason, v1::Enrolment* out) {
  return RunStep(admin, &v1::EnrolmentService::Stub::WithdrawEnrolment,
                 v1::WithdrawEnrolmentRequest(), id, header_id, field_id, reason, out);
}

grpc::Status Promote(AdminClient& admin, int64_t id, const std::string& header_id,
                     const std::string& field_id, const std::string& reason, v1::Enrolment* out) {
  return RunStep(admin, &v1::EnrolmentService::Stub::PromoteEnrolment,
                 v1::PromoteEnrolmentRequest(), id, header_id, field_id, reason, out);
}

using Step = grpc::Status (*)(AdminClient&, int64_t, const std::string&, const std::string&,
                              const std::string&, v1::Enrolment*);

// The scenario of a step on an enrolment: applied to an enrolment made `approval`-requested,
// and refused on one that is booked (or withdrawn already, for a withdrawal).
AuditScenario StepScenario(const std::string& name, bool approval, Step step) {
  return AuditScenario{
      [name, approval, step](AdminClient& admin, const std::string& request_id) {
        const v1::Enrolment before = EnrolLearner(admin, name, approval);
        return [&admin, request_id, before, step] {
          v1::Enrolment after;
          grpc::Status status = step(admin, before.id(), request_id, "", "because", &after);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return EnrolmentEvent(request_id, &before, after);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [name, step](AdminClient& admin) {
        v1::Enrolment booked = EnrolLearner(admin, name + "-x", false);
        if (step == static_cast<Step>(&Withdraw)) {
          v1::Enrolment withdrawn;
          EXPECT_TRUE(Withdraw(admin, booked.id(), "", "", "", &withdrawn).ok());
        }
        return FailingCall{absl::StrCat("enrolments/", booked.id()), [&admin, booked, step] {
                             v1::Enrolment ignored;
                             return step(admin, booked.id(), "refused-step", "", "r", &ignored);
                           }};
      }};
}

ScenarioMap EnrolmentScenarios() {
  ScenarioMap scenarios;
  scenarios["escala.v1.EnrolmentService/Enrol"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const v1::TrainingSession session = PrepareSession(admin, "en-enrol", false);
        return [&admin, request_id, session] {
          v1::EnrolRequest request;
          request.set_training_session_id(session.id());
          request.set_person_employee_id("L-en-enrol");
          request.set_reason("needs \"it\"");
          v1::Enrolment created;
          grpc::Status status = EnrolmentCall(admin, request_id, &v1::EnrolmentService::Stub::Enrol,
                                              request, &created);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return EnrolmentEvent(request_id, nullptr, created);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        const v1::TrainingSession session = PrepareSession(admin, "en-refused", false);
        return FailingCall{"", [&admin, session] {
                             v1::EnrolRequest request;
                             request.set_training_session_id(session.id());
                             request.set_person_employee_id("nobody");
                             v1::Enrolment created;
                             return EnrolmentCall(admin, "refused-enrol",
                                                  &v1::EnrolmentService::Stub::Enrol, request,
                                                  &created);
                           }};
      }};
  scenarios["escala.v1.EnrolmentService/ApproveEnrolment"] =
      StepScenario("en-approve", true, &Approve);
  scenarios["escala.v1.EnrolmentService/DeclineEnrolment"] =
      StepScenario("en-decline", true, &Decline);
  scenarios["escala.v1.EnrolmentService/WithdrawEnrolment"] =
      StepScenario("en-withdraw", false, &Withdraw);
  scenarios["escala.v1.EnrolmentService/PromoteEnrolment"] =
      StepScenario("en-promote", true, &Promote);
  return scenarios;
}

// What a replay must answer alike: the enrolment's identity and state.
std::string EnrolmentAnswer(const v1::Enrolment& enrolment) {
  return absl::StrCat(enrolment.id(), " ", v1::EnrolmentState_Name(enrolment.state()));
}

ReplayCase StepReplay(const std::string& name, bool approval, Step step) {
  return [name, approval, step](AdminClient& admin) -> ReplayCall {
    const v1::Enrolment enrolment = EnrolLearner(admin, name, approval);
    return [&admin, enrolment, step](const std::string& request_id, bool other_payload,
                                     std::string* answer) {
      v1::Enrolment after;
      grpc::Status status = step(admin, enrolment.id(), "", request_id,
                                 other_payload ? "another reason" : "the reason", &after);
      *answer = EnrolmentAnswer(after);
      return status;
    };
  };
}

ReplayMap EnrolmentReplays() {
  ReplayMap cases;
  cases["escala.v1.EnrolmentService/Enrol"] = [](AdminClient& admin) -> ReplayCall {
    const v1::TrainingSession session = PrepareSession(admin, "en-replay-enrol", false);
    return
        [&admin, session](const std::string& request_id, bool other_payload, std::string* answer) {
          v1::EnrolRequest request;
          request.set_training_session_id(session.id());
          request.set_person_employee_id("L-en-replay-enrol");
          request.set_reason(other_payload ? "another reason" : "the reason");
          request.set_request_id(request_id);
          v1::Enrolment enrolment;
          grpc::Status status =
              EnrolmentCall(admin, "", &v1::EnrolmentService::Stub::Enrol, request, &enrolment);
          *answer = EnrolmentAnswer(enrolment);
          return status;
        };
  };
  cases["escala.v1.EnrolmentService/ApproveEnrolment"] =
      StepReplay("en-replay-approve", true, &Approve);
  cases["escala.v1.EnrolmentService/DeclineEnrolment"] =
      StepReplay("en-replay-decline", true, &Decline);
  cases["escala.v1.EnrolmentService/WithdrawEnrolment"] =
      StepReplay("en-replay-withdraw", false, &Withdraw);
  cases["escala.v1.EnrolmentService/PromoteEnrolment"] =
      StepReplay("en-replay-promote", true, &Promote);
  return cases;
}

const ScenarioRegistrar kEnrolmentAuditScenarios("enrolments", &EnrolmentScenarios);
const ReplayRegistrar kEnrolmentReplays("enrolments", &EnrolmentReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
