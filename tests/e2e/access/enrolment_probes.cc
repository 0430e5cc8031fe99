// Access-matrix probes of the EnrolmentService. An enrolment's "own" is the caller's own
// enrolment (in a session someone else trains); for approve, decline and promote, whose own rule
// is the trainer's, it is an enrolment in a session the target person trains. Every probe
// session gets a time slot of its own, so that no probe meets a schedule conflict.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/enrolments.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

constexpr char kCourse[] = "probe-enrolment-course";
// The trainer of the sessions learners are probed in, and the learner of the approval probes.
constexpr char kTrainer[] = "PT";
constexpr char kLearner[] = "PL";

void EnsurePerson(World& w, const std::string& employee_id) {
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::CreatePersonRequest request;
  v1::Person* person = request.mutable_person();
  person->set_employee_id(employee_id);
  person->set_display_name("Probe " + employee_id);
  person->set_role(v1::ROLE_AGENT);
  person->set_level(1);
  person->set_team_id("t-b");
  person->set_active(true);
  v1::Person created;
  (void)NewStub<v1::PeopleService>(w.channel)->CreatePerson(&context, request, &created);
}

// The course, trainer and learner, made once per world by the administrator.
void EnsureWorld(World& w) {
  static std::string made_for;
  if (made_for == w.admin_token) return;
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::CreateCourseRequest request;
  request.mutable_course()->set_course_id(kCourse);
  request.mutable_course()->set_title("Probe enrolment course");
  request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  v1::Course created;
  grpc::Status status =
      NewStub<v1::CourseService>(w.channel)->CreateCourse(&context, request, &created);
  EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
      << status.error_message();
  EnsurePerson(w, kTrainer);
  EnsurePerson(w, kLearner);
  made_for = w.admin_token;
}

// A scheduled session trained by `trainer`, in a two-hour slot of its own.
v1::TrainingSession ProbeSession(World& w, const std::string& trainer, bool approval) {
  EnsureWorld(w);
  static int slot = 0;
  v1::TrainingSession session;
  session.set_course_id(kCourse);
  session.add_trainer_employee_ids(trainer);
  const absl::Time start =
      absl::FromCivil(absl::CivilSecond(2098, 1, 1, 0, 0, 0), absl::UTCTimeZone()) +
      absl::Hours(2 * ++slot);
  v1::SessionBlock* block = session.add_blocks();
  *block->mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(start));
  *block->mutable_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(start + absl::Hours(1)));
  session.set_time_zone("UTC");
  session.set_location("Probe room");
  session.set_approval_required(approval);
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::CreateTrainingSessionRequest request;
  *request.mutable_training_session() = session;
  v1::TrainingSession created;
  grpc::Status status = NewStub<v1::TrainingSessionService>(w.channel)->CreateTrainingSession(
      &context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

// An enrolment of `person` in `session`, made by the administrator.
v1::Enrolment AdminEnrol(World& w, int64_t session, const std::string& person) {
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::EnrolRequest request;
  request.set_training_session_id(session);
  request.set_person_employee_id(person);
  v1::Enrolment enrolment;
  grpc::Status status =
      NewStub<v1::EnrolmentService>(w.channel)->Enrol(&context, request, &enrolment);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return enrolment;
}

// The target's own enrolment, in a session PT trains.
v1::Enrolment LearnerEnrolment(World& w, const Actor& c, Target target) {
  const v1::TrainingSession session = ProbeSession(w, kTrainer, false);
  return AdminEnrol(w, session.id(), PersonTarget(w, c, target).employee_id);
}

// A requested enrolment of PL in a session the target trains.
v1::Enrolment TrainerEnrolment(World& w, const Actor& c, Target target) {
  const v1::TrainingSession session = ProbeSession(w, PersonTarget(w, c, target).employee_id, true);
  return AdminEnrol(w, session.id(), kLearner);
}

template <typename Request, typename Response, typename Method>
grpc::StatusCode Call(World& w, const Actor& c, Method method, const Request& request) {
  grpc::ClientContext context;
  Authorize(context, c.token);
  Response response;
  auto stub = NewStub<v1::EnrolmentService>(w.channel);
  return ((*stub).*method)(&context, request, &response).error_code();
}

ProbeMap EnrolmentProbes() {
  ProbeMap probes;
  probes["escala.v1.EnrolmentService/Enrol"] = [](World& w, const Actor& c, Target target) {
    const v1::TrainingSession session = ProbeSession(w, kTrainer, false);
    v1::EnrolRequest request;
    request.set_training_session_id(session.id());
    request.set_person_employee_id(PersonTarget(w, c, target).employee_id);
    return Call<v1::EnrolRequest, v1::Enrolment>(w, c, &v1::EnrolmentService::Stub::Enrol, request);
  };
  probes["escala.v1.EnrolmentService/GetEnrolment"] = [](World& w, const Actor& c, Target target) {
    v1::GetEnrolmentRequest request;
    request.set_id(LearnerEnrolment(w, c, target).id());
    return Call<v1::GetEnrolmentRequest, v1::Enrolment>(
        w, c, &v1::EnrolmentService::Stub::GetEnrolment, request);
  };
  probes["escala.v1.EnrolmentService/ListEnrolments"] = [](World& w, const Actor& c,
                                                           Target target) {
    const v1::Enrolment enrolment = LearnerEnrolment(w, c, target);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListEnrolmentsRequest request;
    request.set_training_session_id(enrolment.training_session_id());
    v1::ListEnrolmentsResponse response;
    grpc::Status status =
        NewStub<v1::EnrolmentService>(w.channel)->ListEnrolments(&context, request, &response);
    bool contains = false;
    for (const v1::Enrolment& e : response.enrolments()) contains |= e.id() == enrolment.id();
    return Found(status, contains);
  };
  probes["escala.v1.EnrolmentService/ListEnrolmentHistory"] = [](World& w, const Actor& c,
                                                                 Target target) {
    v1::ListEnrolmentHistoryRequest request;
    request.set_enrolment_id(LearnerEnrolment(w, c, target).id());
    return Call<v1::ListEnrolmentHistoryRequest, v1::ListEnrolmentHistoryResponse>(
        w, c, &v1::EnrolmentService::Stub::ListEnrolmentHistory, request);
  };
  probes["escala.v1.EnrolmentService/WithdrawEnrolment"] = [](World& w, const Actor& c,
                                                              Target target) {
    v1::WithdrawEnrolmentRequest request;
    request.set_id(LearnerEnrolment(w, c, target).id());
    return Call<v1::WithdrawEnrolmentRequest, v1::Enrolment>(
        w, c, &v1::EnrolmentService::Stub::WithdrawEnrolment, request);
  };
  probes["escala.v1.EnrolmentService/ApproveEnrolment"] = [](World& w, const Actor& c,
                                                             Target target) {
    v1::ApproveEnrolmentRequest request;
    request.set_id(TrainerEnrolment(w, c, target).id());
    return Call<v1::ApproveEnrolmentRequest, v1::Enrolment>(
        w, c, &v1::EnrolmentService::Stub::ApproveEnrolment, request);
  };
  probes["escala.v1.EnrolmentService/DeclineEnrolment"] = [](World& w, const Actor& c,
                                                             Target target) {
    v1::DeclineEnrolmentRequest request;
    request.set_id(TrainerEnrolment(w, c, target).id());
    request.set_reason("probe");
    return Call<v1::DeclineEnrolmentRequest, v1::Enrolment>(
        w, c, &v1::EnrolmentService::Stub::DeclineEnrolment, request);
  };
  probes["escala.v1.EnrolmentService/PromoteEnrolment"] = [](World& w, const Actor& c,
                                                             Target target) {
    v1::PromoteEnrolmentRequest request;
    request.set_id(TrainerEnrolment(w, c, target).id());
    return Call<v1::PromoteEnrolmentRequest, v1::Enrolment>(
        w, c, &v1::EnrolmentService::Stub::PromoteEnrolment, request);
  };
  return probes;
}

const ProbeRegistrar kEnrolmentProbes("enrolments", &EnrolmentProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
