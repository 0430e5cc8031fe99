// Access-matrix probes of the CompletionService. Every person of the world completes one session
// (a block a few seconds ahead, everyone enrolled before it starts, marked present once it has
// started, closed once it ended); ListCompletions' "own" is the target's completion.
// ImportCompletions imports a completion of a course of its own for the target (anyone may be
// imported for by those allowed at all).

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/attendance.grpc.pb.h"
#include "escala/v1/completions.grpc.pb.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/enrolments.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

constexpr char kCourse[] = "probe-completion-course";
constexpr char kTrainer[] = "PCT";
constexpr char kImportCourse[] = "probe-import-course";

v1::SessionBlock Block(absl::Time start, absl::Time end) {
  v1::SessionBlock block;
  *block.mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(start));
  *block.mutable_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(end));
  return block;
}

template <typename Service, typename Request, typename Response, typename Method>
void AsAdmin(World& w, Method method, const Request& request, Response* response) {
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  auto stub = NewStub<Service>(w.channel);
  grpc::Status status = ((*stub).*method)(&context, request, response);
  EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
      << status.error_message();
}

void EnsureCompletions(World& w) {
  static std::string made_for;
  if (made_for == w.admin_token) return;
  made_for = w.admin_token;
  std::vector<std::string> people = {w.teammate.employee_id, w.other_team.employee_id};
  for (const auto& [role, actor] : w.callers) {
    if (!actor.employee_id.empty()) people.push_back(actor.employee_id);
  }
  v1::CreateCourseRequest course;
  course.mutable_course()->set_course_id(kCourse);
  course.mutable_course()->set_title("Probe completion course");
  course.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  course.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  v1::Course created_course;
  AsAdmin<v1::CourseService>(w, &v1::CourseService::Stub::CreateCourse, course, &created_course);
  v1::CreatePersonRequest trainer;
  trainer.mutable_person()->set_employee_id(kTrainer);
  trainer.mutable_person()->set_display_name("Probe completion trainer");
  trainer.mutable_person()->set_role(v1::ROLE_TRAINER);
  trainer.mutable_person()->set_level(1);
  trainer.mutable_person()->set_team_id("t-b");
  trainer.mutable_person()->set_active(true);
  v1::Person created_trainer;
  AsAdmin<v1::PeopleService>(w, &v1::PeopleService::Stub::CreatePerson, trainer, &created_trainer);
  // One block that starts once everyone is enrolled (only a session ahead takes enrolments) and
  // ends two seconds later.
  const absl::Time start = absl::Now() + absl::Seconds(5);
  const absl::Time end = start + absl::Seconds(2);
  v1::CreateTrainingSessionRequest create;
  v1::TrainingSession* planned = create.mutable_training_session();
  planned->set_course_id(kCourse);
  planned->add_trainer_employee_ids(kTrainer);
  *planned->add_blocks() = Block(start, end);
  planned->set_time_zone("UTC");
  planned->set_location("Probe room");
  create.set_override_conflicts(true);
  v1::TrainingSession session;
  AsAdmin<v1::TrainingSessionService>(w, &v1::TrainingSessionService::Stub::CreateTrainingSession,
                                      create, &session);
  for (const std::string& person : people) {
    v1::EnrolRequest enrol;
    enrol.set_training_session_id(session.id());
    enrol.set_person_employee_id(person);
    enrol.set_override_conflicts(true);
    v1::Enrolment enrolment;
    AsAdmin<v1::EnrolmentService>(w, &v1::EnrolmentService::Stub::Enrol, enrol, &enrolment);
  }
  // Attendance opens at the block's start.
  while (absl::Now() <= start + absl::Milliseconds(20)) absl::SleepFor(absl::Milliseconds(100));
  v1::MarkAttendanceRequest mark;
  mark.set_training_session_id(session.id());
  for (const std::string& person : people) {
    v1::AttendanceMarkInput* input = mark.add_marks();
    input->set_person_employee_id(person);
    input->set_block_number(1);
    input->set_status(v1::ATTENDANCE_STATUS_PRESENT);
  }
  v1::MarkAttendanceResponse marked;
  AsAdmin<v1::AttendanceService>(w, &v1::AttendanceService::Stub::MarkAttendance, mark, &marked);
  // Only a delivered session closes: wait for its block to end.
  while (absl::Now() <= end + absl::Milliseconds(50)) absl::SleepFor(absl::Milliseconds(100));
  v1::CloseTrainingSessionRequest close;
  close.set_id(session.id());
  v1::TrainingSession closed;
  AsAdmin<v1::TrainingSessionService>(w, &v1::TrainingSessionService::Stub::CloseTrainingSession,
                                      close, &closed);
  EXPECT_EQ(closed.state(), v1::TRAINING_SESSION_STATE_CLOSED);
}

void EnsureImportCourse(World& w) {
  static std::string made_for;
  if (made_for == w.admin_token) return;
  made_for = w.admin_token;
  v1::CreateCourseRequest course;
  course.mutable_course()->set_course_id(kImportCourse);
  course.mutable_course()->set_title("Probe import course");
  course.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  course.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  v1::Course created;
  AsAdmin<v1::CourseService>(w, &v1::CourseService::Stub::CreateCourse, course, &created);
}

ProbeMap CompletionProbes() {
  ProbeMap probes;
  probes["escala.v1.CompletionService/ImportCompletions"] = [](World& w, const Actor& c,
                                                               Target target) {
    EnsureImportCourse(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ImportCompletionsRequest request;
    v1::CompletionImportRecord* record = request.add_completions();
    record->set_person_employee_id(PersonTarget(w, c, target).employee_id);
    record->set_course_id(kImportCourse);
    *record->mutable_completion_time() =
        db::MillisToTimestamp(absl::ToUnixMillis(absl::Now() - absl::Hours(24 * 100)));
    v1::ImportCompletionsResponse response;
    return NewStub<v1::CompletionService>(w.channel)
        ->ImportCompletions(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.CompletionService/ListCompletions"] = [](World& w, const Actor& c,
                                                             Target target) {
    EnsureCompletions(w);
    const std::string person = PersonTarget(w, c, target).employee_id;
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListCompletionsRequest request;
    request.set_employee_id(person);
    v1::ListCompletionsResponse response;
    grpc::Status status =
        NewStub<v1::CompletionService>(w.channel)->ListCompletions(&context, request, &response);
    bool contains = false;
    for (const v1::TrainingCompletion& completion : response.completions()) {
      contains |= completion.person_employee_id() == person;
    }
    return Found(status, contains);
  };
  return probes;
}

const ProbeRegistrar kCompletionProbes("completions", &CompletionProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
