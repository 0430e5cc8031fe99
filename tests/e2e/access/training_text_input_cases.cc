// Input-safety cases of the free text of training's transitions: the reasons of enrolments
// (Enrol, DeclineEnrolment, WithdrawEnrolment), of a cancelled session and of attendance
// corrections, the notes of attendance marks and of assessments. Each hostile text comes back
// byte for byte through every read path; a NUL byte, text that is not UTF-8 and text over the
// limit are refused naming the field. Sessions that take marks start a moment after their
// learner is enrolled and are waited for; the others lie far ahead, each in an hour of its own.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/attendance.grpc.pb.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/enrolments.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

constexpr char kTextInputCourse[] = "input-text-course";
constexpr char kAssessedCourse[] = "input-text-assessed";
constexpr std::size_t kMaxText = 1000;

void EnsureCourse(InputClient& client, const std::string& id, int pass_mark) {
  v1::CreateCourseRequest course;
  course.mutable_course()->set_course_id(id);
  course.mutable_course()->set_title("Input text course");
  course.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  course.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  if (pass_mark > 0) course.mutable_course()->set_pass_mark_percent(pass_mark);
  v1::Course created;
  grpc::Status made = client.Call(&v1::CourseService::Stub::CreateCourse, course, &created);
  EXPECT_TRUE(made.ok() || made.error_code() == grpc::StatusCode::ALREADY_EXISTS)
      << made.error_message();
}

std::string NewLearner(InputClient& client) {
  const std::string person = client.Unique("TX");
  v1::CreatePersonRequest create;
  *create.mutable_person() = InputClient::NewPerson(person, "Learner");
  v1::Person created;
  grpc::Status status = client.Call(&v1::PeopleService::Stub::CreatePerson, create, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return person;
}

// A one-hour session of `course` trained by A1 starting at `start`.
v1::TrainingSession NewSession(InputClient& client, const std::string& course, absl::Time start,
                               bool approval = false) {
  EnsureCourse(client, course, course == kAssessedCourse ? 50 : 0);
  v1::CreateTrainingSessionRequest request;
  v1::TrainingSession* session = request.mutable_training_session();
  session->set_course_id(course);
  session->add_trainer_employee_ids("A1");
  v1::SessionBlock* block = session->add_blocks();
  *block->mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(start));
  *block->mutable_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(start + absl::Hours(1)));
  session->set_time_zone("UTC");
  session->set_location("Room");
  session->set_approval_required(approval);
  request.set_override_conflicts(true);
  v1::TrainingSession created;
  grpc::Status status =
      client.Call(&v1::TrainingSessionService::Stub::CreateTrainingSession, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

// A session far ahead, in an hour of its own.
v1::TrainingSession FutureSession(InputClient& client, bool approval = false) {
  static int slot = 0;
  return NewSession(client, kTextInputCourse,
                    absl::FromCivil(absl::CivilSecond(2095, 1, 5, 0, 0, 0), absl::UTCTimeZone()) +
                        absl::Hours(2 * ++slot),
                    approval);
}

v1::Enrolment Enrol(InputClient& client, int64_t session, const std::string& person,
                    const std::string& reason = "") {
  v1::EnrolRequest request;
  request.set_training_session_id(session);
  request.set_person_employee_id(person);
  request.set_reason(reason);
  request.set_override_conflicts(true);
  v1::Enrolment enrolment;
  grpc::Status status = client.Call(&v1::EnrolmentService::Stub::Enrol, request, &enrolment);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return enrolment;
}

// The reason of the newest history entry of an enrolment.
std::string LastReason(InputClient& client, int64_t enrolment) {
  v1::ListEnrolmentHistoryRequest request;
  request.set_enrolment_id(enrolment);
  request.set_page_size(1000);
  v1::ListEnrolmentHistoryResponse response;
  grpc::Status status =
      client.Call(&v1::EnrolmentService::Stub::ListEnrolmentHistory, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.entries().empty() ? "(no history)" : response.entries().rbegin()->reason();
}

// A session of `course` whose one block has just started, with one learner booked.
struct Started {
  int64_t session = 0;
  int64_t enrolment = 0;
  std::string learner;
};

Started StartedSession(InputClient& client, const std::string& course) {
  const absl::Time start = absl::Now() + absl::Milliseconds(1500);
  Started started;
  started.session = NewSession(client, course, start).id();
  started.learner = NewLearner(client);
  started.enrolment = Enrol(client, started.session, started.learner).id();
  absl::SleepFor(start - absl::Now() + absl::Milliseconds(20));
  return started;
}

grpc::Status Mark(InputClient& client, const Started& s, v1::AttendanceStatus status,
                  const std::string& note, const std::string& reason) {
  v1::MarkAttendanceRequest request;
  request.set_training_session_id(s.session);
  v1::AttendanceMarkInput* mark = request.add_marks();
  mark->set_person_employee_id(s.learner);
  mark->set_block_number(1);
  mark->set_status(status);
  mark->set_note(note);
  request.set_reason(reason);
  v1::MarkAttendanceResponse response;
  return client.Call(&v1::AttendanceService::Stub::MarkAttendance, request, &response);
}

grpc::Status Assess(InputClient& client, const Started& s, int score, const std::string& note,
                    v1::Assessment* out) {
  v1::RecordAssessmentRequest request;
  request.set_enrolment_id(s.enrolment);
  request.set_score_percent(score);
  request.set_note(note);
  return client.Call(&v1::AttendanceService::Stub::RecordAssessment, request, out);
}

InputCases TrainingTextInputCases() {
  InputCases cases;
  cases.round_trips = {
      {.field = "reason",
       .via = "Enrol",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             std::vector<ReadBack> read;
             const int64_t session = FutureSession(client).id();
             for (const std::string& text : texts) {
               const v1::Enrolment enrolment = Enrol(client, session, NewLearner(client), text);
               read.push_back({"ListEnrolmentHistory", text, LastReason(client, enrolment.id())});
             }
             return read;
           }},
      {.field = "reason",
       .via = "WithdrawEnrolment",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             std::vector<ReadBack> read;
             const int64_t session = FutureSession(client).id();
             for (const std::string& text : texts) {
               const v1::Enrolment enrolment = Enrol(client, session, NewLearner(client));
               v1::WithdrawEnrolmentRequest request;
               request.set_id(enrolment.id());
               request.set_reason(text);
               v1::Enrolment withdrawn;
               grpc::Status status =
                   client.Call(&v1::EnrolmentService::Stub::WithdrawEnrolment, request, &withdrawn);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"ListEnrolmentHistory", text, LastReason(client, enrolment.id())});
             }
             return read;
           }},
      {.field = "reason",
       .via = "DeclineEnrolment",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             std::vector<ReadBack> read;
             const int64_t session = FutureSession(client, /*approval=*/true).id();
             for (const std::string& text : texts) {
               const v1::Enrolment enrolment = Enrol(client, session, NewLearner(client));
               v1::DeclineEnrolmentRequest request;
               request.set_id(enrolment.id());
               request.set_reason(text);
               v1::Enrolment declined;
               grpc::Status status =
                   client.Call(&v1::EnrolmentService::Stub::DeclineEnrolment, request, &declined);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"ListEnrolmentHistory", text, LastReason(client, enrolment.id())});
             }
             return read;
           }},
      {.field = "reason",
       .via = "CancelTrainingSession",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               const int64_t id = FutureSession(client).id();
               v1::CancelTrainingSessionRequest request;
               request.set_id(id);
               request.set_reason(text);
               v1::TrainingSession cancelled;
               grpc::Status status = client.Call(
                   &v1::TrainingSessionService::Stub::CancelTrainingSession, request, &cancelled);
               EXPECT_TRUE(status.ok()) << status.error_message();
               v1::GetTrainingSessionRequest get;
               get.set_id(id);
               v1::TrainingSession stored;
               EXPECT_TRUE(
                   client.Call(&v1::TrainingSessionService::Stub::GetTrainingSession, get, &stored)
                       .ok());
               read.push_back({"CancelTrainingSession", text, cancelled.cancel_reason()});
               read.push_back({"GetTrainingSession", text, stored.cancel_reason()});
             }
             return read;
           }},
      {.field = "marks.note",
       .via = "MarkAttendance",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             std::vector<ReadBack> read;
             const Started s = StartedSession(client, kTextInputCourse);
             bool late = false;
             for (const std::string& text : texts) {
               // Each call changes the status too, so that each writes a history entry with
               // the reason.
               late = !late;
               grpc::Status status = Mark(
                   client, s, late ? v1::ATTENDANCE_STATUS_LATE : v1::ATTENDANCE_STATUS_PRESENT,
                   text, text);
               EXPECT_TRUE(status.ok()) << status.error_message();
               v1::ListAttendanceRequest list;
               list.set_training_session_id(s.session);
               v1::ListAttendanceResponse grid;
               EXPECT_TRUE(
                   client.Call(&v1::AttendanceService::Stub::ListAttendance, list, &grid).ok());
               read.push_back({"ListAttendance", text,
                               grid.rows().empty() || grid.rows(0).notes().empty()
                                   ? "(missing)"
                                   : grid.rows(0).notes(0)});
               read.push_back(
                   {"ListEnrolmentHistory (reason)", text, LastReason(client, s.enrolment)});
             }
             return read;
           }},
      {.field = "note",
       .via = "RecordAssessment",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             std::vector<ReadBack> read;
             const Started s = StartedSession(client, kAssessedCourse);
             int score = 40;
             for (const std::string& text : texts) {
               v1::Assessment assessment;
               grpc::Status status = Assess(client, s, ++score, text, &assessment);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"RecordAssessment", text, assessment.note()});
               read.push_back({"ListEnrolmentHistory", text, LastReason(client, s.enrolment)});
             }
             return read;
           }},
  };
  cases.field_writes = {
      {.field = "reason",
       .via = "Enrol",
       .max_characters = kMaxText,
       .prepare = [](InputClient& client) -> WriteCall {
         // Learners made here: a refused call must change nothing, not even the directory.
         const int64_t session = FutureSession(client).id();
         auto learner = Pool<std::string>({NewLearner(client), NewLearner(client)});
         return [session, learner](InputClient& client, const std::string& value) {
           v1::EnrolRequest request;
           request.set_training_session_id(session);
           request.set_person_employee_id(learner());
           request.set_reason(value);
           v1::Enrolment enrolment;
           return client.Call(&v1::EnrolmentService::Stub::Enrol, request, &enrolment);
         };
       }},
      {.field = "reason",
       .via = "CancelTrainingSession",
       .max_characters = kMaxText,
       .prepare = [](InputClient& client) -> WriteCall {
         // At the limit the first session is cancelled; the second call is refused first.
         const int64_t session = FutureSession(client).id();
         return [session](InputClient& client, const std::string& value) {
           v1::CancelTrainingSessionRequest request;
           request.set_id(session);
           request.set_reason(value);
           v1::TrainingSession cancelled;
           return client.Call(&v1::TrainingSessionService::Stub::CancelTrainingSession, request,
                              &cancelled);
         };
       }},
      {.field = "marks[0].note",
       .via = "MarkAttendance",
       .max_characters = kMaxText,
       .prepare = [](InputClient& client) -> WriteCall {
         const Started s = StartedSession(client, kTextInputCourse);
         return [s](InputClient& client, const std::string& value) {
           return Mark(client, s, v1::ATTENDANCE_STATUS_PRESENT, value, "");
         };
       }},
      {.field = "reason",
       .via = "MarkAttendance",
       .max_characters = kMaxText,
       .prepare = [](InputClient& client) -> WriteCall {
         const Started s = StartedSession(client, kTextInputCourse);
         return [s](InputClient& client, const std::string& value) {
           return Mark(client, s, v1::ATTENDANCE_STATUS_LATE, "", value);
         };
       }},
      {.field = "note",
       .via = "RecordAssessment",
       .max_characters = kMaxText,
       .prepare = [](InputClient& client) -> WriteCall {
         const Started s = StartedSession(client, kAssessedCourse);
         return [s](InputClient& client, const std::string& value) {
           v1::Assessment assessment;
           return Assess(client, s, 77, value, &assessment);
         };
       }},
  };
  cases.not_free_text = {
      {"person_employee_id", "identifier of a person (refused values)"},
      {"marks.person_employee_id", "identifier of a person (refused values)"},
      {"etag", "made by the server; compared, never stored"},
  };
  return cases;
}

const InputCaseRegistrar kTrainingTextInputCases("training-text", &TrainingTextInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
