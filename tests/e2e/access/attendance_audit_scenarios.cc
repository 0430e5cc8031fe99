// Audit scenarios and request_id replays of the AttendanceService: a session with one booked
// learner whose one block is under way (scheduled to start a moment after the enrolment, then
// waited for); for assessments, of a course with a pass mark.
#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"
#include "escala/v1/attendance.grpc.pb.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/enrolments.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

v1::SessionBlock Block(absl::Time start, absl::Duration length) {
  v1::SessionBlock block;
  *block.mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(start));
  *block.mutable_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(start + length));
  return block;
}

// A session of a course `name` trained by T-<name>, with learner L-<name> booked and its one
// block just started. Returns its id and the enrolment's.
std::pair<int64_t, int64_t> StartedSession(AdminClient& admin, const std::string& name,
                                           int pass_mark = 0) {
  {
    grpc::ClientContext context;
    admin.Prepare(context);
    v1::CreateCourseRequest request;
    request.mutable_course()->set_course_id(name);
    request.mutable_course()->set_title("Course " + name);
    request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
    request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
    if (pass_mark > 0) request.mutable_course()->set_pass_mark_percent(pass_mark);
    v1::Course created;
    grpc::Status status =
        NewStub<v1::CourseService>(admin.channel())->CreateCourse(&context, request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  admin.CreatePerson("T-" + name, "Trainer " + name, v1::ROLE_TRAINER);
  admin.CreatePerson("L-" + name, "Learner " + name);
  v1::TrainingSession session;
  const absl::Time soon = absl::Now() + absl::Milliseconds(1500);
  {
    v1::CreateTrainingSessionRequest request;
    v1::TrainingSession* wanted = request.mutable_training_session();
    wanted->set_course_id(name);
    wanted->add_trainer_employee_ids("T-" + name);
    // It starts a moment after the enrolment below (only a session ahead takes enrolments, and
    // once anyone is enrolled no block moves into the past); the trainer and learner are its own.
    *wanted->add_blocks() = Block(soon, absl::Hours(3));
    wanted->set_time_zone("UTC");
    wanted->set_location("Room");
    grpc::ClientContext context;
    admin.Prepare(context);
    grpc::Status status = NewStub<v1::TrainingSessionService>(admin.channel())
                              ->CreateTrainingSession(&context, request, &session);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  v1::Enrolment enrolment;
  {
    v1::EnrolRequest request;
    request.set_training_session_id(session.id());
    request.set_person_employee_id("L-" + name);
    grpc::ClientContext context;
    admin.Prepare(context);
    grpc::Status status =
        NewStub<v1::EnrolmentService>(admin.channel())->Enrol(&context, request, &enrolment);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  absl::SleepFor(soon - absl::Now() + absl::Milliseconds(20));
  return {session.id(), enrolment.id()};
}

grpc::Status Mark(AdminClient& admin, int64_t session, const std::string& person,
                  v1::AttendanceStatus status, const std::string& note,
                  const std::string& header_id, const std::string& field_id,
                  v1::MarkAttendanceResponse* response) {
  v1::MarkAttendanceRequest request;
  request.set_training_session_id(session);
  v1::AttendanceMarkInput* mark = request.add_marks();
  mark->set_person_employee_id(person);
  mark->set_block_number(1);
  mark->set_status(status);
  mark->set_note(note);
  request.set_request_id(field_id);
  grpc::ClientContext context;
  admin.Prepare(context, header_id);
  return NewStub<v1::AttendanceService>(admin.channel())
      ->MarkAttendance(&context, request, response);
}

grpc::Status Assess(AdminClient& admin, int64_t enrolment, int score, const std::string& note,
                    const std::string& header_id, const std::string& field_id,
                    v1::Assessment* response) {
  v1::RecordAssessmentRequest request;
  request.set_enrolment_id(enrolment);
  request.set_score_percent(score);
  request.set_note(note);
  request.set_request_id(field_id);
  grpc::ClientContext context;
  admin.Prepare(context, header_id);
  return NewStub<v1::AttendanceService>(admin.channel())
      ->RecordAssessment(&context, request, response);
}

ScenarioMap AttendanceScenarios() {
  ScenarioMap scenarios;
  scenarios["escala.v1.AttendanceService/MarkAttendance"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const auto [session, enrolment] = StartedSession(admin, "at-mark");
        return [&admin, request_id, session, enrolment] {
          v1::MarkAttendanceResponse response;
          grpc::Status status = Mark(admin, session, "L-at-mark", v1::ATTENDANCE_STATUS_PARTIAL,
                                     "left \"early\"", request_id, "", &response);
          EXPECT_TRUE(status.ok()) << status.error_message();
          const v1::AttendanceMark mark =
              response.results_size() > 0 ? response.results(0).mark() : v1::AttendanceMark();
          db::ChangedFields changed = db::DiffForAudit(nullptr, mark);
          return ExpectedEvent{"enrolment", absl::StrCat("enrolments/", enrolment), request_id,
                               changed.before_json, changed.after_json};
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        const auto [session, enrolment] = StartedSession(admin, "at-refused");
        return FailingCall{absl::StrCat("enrolments/", enrolment), [&admin, session = session] {
                             v1::MarkAttendanceResponse ignored;
                             // The learner is booked, the other person is not: nothing is written.
                             v1::MarkAttendanceRequest request;
                             request.set_training_session_id(session);
                             for (const char* person : {"L-at-refused", "T-at-refused"}) {
                               v1::AttendanceMarkInput* mark = request.add_marks();
                               mark->set_person_employee_id(person);
                               mark->set_block_number(1);
                               mark->set_status(v1::ATTENDANCE_STATUS_PRESENT);
                             }
                             grpc::ClientContext context;
                             admin.Prepare(context, "refused-mark");
                             return NewStub<v1::AttendanceService>(admin.channel())
                                 ->MarkAttendance(&context, request, &ignored);
                           }};
      }};
  scenarios["escala.v1.AttendanceService/RecordAssessment"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const auto [session, enrolment] = StartedSession(admin, "at-assess", 70);
        return [&admin, request_id, enrolment = enrolment] {
          v1::Assessment assessment;
          grpc::Status status =
              Assess(admin, enrolment, 72, "oral \"re-sit\"", request_id, "", &assessment);
          EXPECT_TRUE(status.ok()) << status.error_message();
          // The event holds the stored score, without the computed pass mark and result.
          assessment.clear_pass_mark_percent();
          assessment.clear_result();
          db::ChangedFields changed = db::DiffForAudit(nullptr, assessment);
          return ExpectedEvent{"enrolment", absl::StrCat("enrolments/", enrolment), request_id,
                               changed.before_json, changed.after_json};
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        // A course without an assessment takes no score: nothing is written.
        const auto [session, enrolment] = StartedSession(admin, "at-assess-refused");
        return FailingCall{absl::StrCat("enrolments/", enrolment), [&admin, enrolment = enrolment] {
                             v1::Assessment ignored;
                             return Assess(admin, enrolment, 90, "", "refused-assessment", "",
                                           &ignored);
                           }};
      }};
  return scenarios;
}

ReplayMap AttendanceReplays() {
  ReplayMap cases;
  cases["escala.v1.AttendanceService/MarkAttendance"] = [](AdminClient& admin) -> ReplayCall {
    const auto [session, enrolment] = StartedSession(admin, "at-replay");
    return [&admin, session = session](const std::string& request_id, bool other_payload,
                                       std::string* answer) {
      v1::MarkAttendanceResponse response;
      grpc::Status status =
          Mark(admin, session, "L-at-replay",
               other_payload ? v1::ATTENDANCE_STATUS_ABSENT : v1::ATTENDANCE_STATUS_PRESENT, "", "",
               request_id, &response);
      *answer = response.results_size() == 0
                    ? ""
                    : absl::StrCat(response.results(0).mark().enrolment_id(), " ",
                                   v1::AttendanceStatus_Name(response.results(0).mark().status()));
      return status;
    };
  };
  cases["escala.v1.AttendanceService/RecordAssessment"] = [](AdminClient& admin) -> ReplayCall {
    const auto [session, enrolment] = StartedSession(admin, "at-assess-replay", 60);
    return [&admin, enrolment = enrolment](const std::string& request_id, bool other_payload,
                                           std::string* answer) {
      v1::Assessment assessment;
      grpc::Status status =
          Assess(admin, enrolment, other_payload ? 40 : 65, "", "", request_id, &assessment);
      *answer = absl::StrCat(assessment.enrolment_id(), " ", assessment.score_percent(), " ",
                             v1::AssessmentResult_Name(assessment.result()));
      return status;
    };
  };
  return cases;
}

const ScenarioRegistrar kAttendanceAuditScenarios("attendance", &AttendanceScenarios);
const ReplayRegistrar kAttendanceReplays("attendance", &AttendanceReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
