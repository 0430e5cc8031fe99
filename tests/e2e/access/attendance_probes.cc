// Access-matrix probes of the AttendanceService. MarkAttendance's "own" is a session the target
// trains, with a booked learner and a block under way (scheduled to start a moment after the
// enrolment, then waited for); ListAttendance's "own" is the target's own row in a session someone
// else trains. RecordAssessment's "own" is a booked learner's enrolment in such a session the
// target trains, of a course with a pass mark.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/attendance.grpc.pb.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/enrolments.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

constexpr char kCourse[] = "probe-attendance-course";
// A course with an assessment (pass mark 50 %), for RecordAssessment.
constexpr char kAssessedCourse[] = "probe-assessed-course";
constexpr char kTrainer[] = "PAT";
constexpr char kLearner[] = "PAL";

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

void EnsureWorld(World& w) {
  static std::string made_for;
  if (made_for == w.admin_token) return;
  for (const char* course : {kCourse, kAssessedCourse}) {
    grpc::ClientContext context;
    Authorize(context, w.admin_token);
    v1::CreateCourseRequest request;
    request.mutable_course()->set_course_id(course);
    request.mutable_course()->set_title("Probe attendance course");
    request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
    request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
    if (std::string(course) == kAssessedCourse) {
      request.mutable_course()->set_pass_mark_percent(50);
    }
    v1::Course created;
    grpc::Status status =
        NewStub<v1::CourseService>(w.channel)->CreateCourse(&context, request, &created);
    EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
        << status.error_message();
  }
  EnsurePerson(w, kTrainer);
  EnsurePerson(w, kLearner);
  made_for = w.admin_token;
}

v1::SessionBlock Block(absl::Time start, absl::Duration length) {
  v1::SessionBlock block;
  *block.mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(start));
  *block.mutable_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(start + length));
  return block;
}

// A session trained by `trainer` with `learner` booked; when `started`, its one block starts a
// moment after the enrolment and this waits for it (only a session ahead takes enrolments, and
// once anyone is enrolled no block moves into the past). Started sessions all run now, so they
// override the schedule conflicts of the trainers and learners they share.
int64_t ProbeSession(World& w, const std::string& trainer, const std::string& learner, bool started,
                     const char* course = kCourse, int64_t* enrolment_id = nullptr) {
  EnsureWorld(w);
  static int slot = 0;
  v1::CreateTrainingSessionRequest create;
  v1::TrainingSession* session = create.mutable_training_session();
  session->set_course_id(course);
  session->add_trainer_employee_ids(trainer);
  const absl::Time soon = absl::Now() + absl::Milliseconds(1500);
  *session->add_blocks() =
      started ? Block(soon, absl::Hours(3))
              : Block(absl::FromCivil(absl::CivilSecond(2097, 1, 1, 0, 0, 0), absl::UTCTimeZone()) +
                          absl::Hours(2 * ++slot),
                      absl::Hours(1));
  create.set_override_conflicts(started);
  session->set_time_zone("UTC");
  session->set_location("Probe room");
  v1::TrainingSession created;
  {
    grpc::ClientContext context;
    Authorize(context, w.admin_token);
    grpc::Status status = NewStub<v1::TrainingSessionService>(w.channel)->CreateTrainingSession(
        &context, create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  {
    grpc::ClientContext context;
    Authorize(context, w.admin_token);
    v1::EnrolRequest request;
    request.set_training_session_id(created.id());
    request.set_person_employee_id(learner);
    request.set_override_conflicts(started);
    v1::Enrolment enrolment;
    grpc::Status status =
        NewStub<v1::EnrolmentService>(w.channel)->Enrol(&context, request, &enrolment);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (enrolment_id != nullptr) *enrolment_id = enrolment.id();
  }
  if (started) absl::SleepFor(soon - absl::Now() + absl::Milliseconds(20));
  return created.id();
}

ProbeMap AttendanceProbes() {
  ProbeMap probes;
  probes["escala.v1.AttendanceService/MarkAttendance"] = [](World& w, const Actor& c,
                                                            Target target) {
    const int64_t session = ProbeSession(w, PersonTarget(w, c, target).employee_id, kLearner, true);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::MarkAttendanceRequest request;
    request.set_training_session_id(session);
    v1::AttendanceMarkInput* mark = request.add_marks();
    mark->set_person_employee_id(kLearner);
    mark->set_block_number(1);
    mark->set_status(v1::ATTENDANCE_STATUS_PRESENT);
    v1::MarkAttendanceResponse response;
    return NewStub<v1::AttendanceService>(w.channel)
        ->MarkAttendance(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.AttendanceService/ListAttendance"] = [](World& w, const Actor& c,
                                                            Target target) {
    const std::string learner = PersonTarget(w, c, target).employee_id;
    const int64_t session = ProbeSession(w, kTrainer, learner, false);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListAttendanceRequest request;
    request.set_training_session_id(session);
    v1::ListAttendanceResponse response;
    grpc::Status status =
        NewStub<v1::AttendanceService>(w.channel)->ListAttendance(&context, request, &response);
    bool contains = false;
    for (const v1::AttendanceRow& row : response.rows()) {
      contains |= row.person_employee_id() == learner;
    }
    return Found(status, contains);
  };
  probes["escala.v1.AttendanceService/RecordAssessment"] = [](World& w, const Actor& c,
                                                              Target target) {
    int64_t enrolment = 0;
    ProbeSession(w, PersonTarget(w, c, target).employee_id, kLearner, true, kAssessedCourse,
                 &enrolment);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::RecordAssessmentRequest request;
    request.set_enrolment_id(enrolment);
    request.set_score_percent(75);
    v1::Assessment response;
    return NewStub<v1::AttendanceService>(w.channel)
        ->RecordAssessment(&context, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kAttendanceProbes("attendance", &AttendanceProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
