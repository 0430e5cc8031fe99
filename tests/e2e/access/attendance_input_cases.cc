// Input-safety cases of the AttendanceService.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/attendance.grpc.pb.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

constexpr char kCourse[] = "input-attendance-course";

// A session of a course trained by A1 (the world's agent), in an hour of its own.
int64_t NewSession(InputClient& client) {
  v1::CreateCourseRequest course;
  course.mutable_course()->set_course_id(kCourse);
  course.mutable_course()->set_title("Input attendance course");
  course.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  course.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  v1::Course created_course;
  grpc::Status made = client.Call(&v1::CourseService::Stub::CreateCourse, course, &created_course);
  EXPECT_TRUE(made.ok() || made.error_code() == grpc::StatusCode::ALREADY_EXISTS)
      << made.error_message();
  static int slot = 0;
  v1::CreateTrainingSessionRequest request;
  v1::TrainingSession* session = request.mutable_training_session();
  session->set_course_id(kCourse);
  session->add_trainer_employee_ids("A1");
  const absl::Time start =
      absl::FromCivil(absl::CivilSecond(2096, 1, 5, 0, 0, 0), absl::UTCTimeZone()) +
      absl::Hours(2 * ++slot);
  v1::SessionBlock* block = session->add_blocks();
  *block->mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(start));
  *block->mutable_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(start + absl::Hours(1)));
  session->set_time_zone("UTC");
  session->set_location("Room");
  v1::TrainingSession created;
  grpc::Status status =
      client.Call(&v1::TrainingSessionService::Stub::CreateTrainingSession, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created.id();
}

InputCases AttendanceInputCases() {
  InputCases cases;
  cases.refused = {
      {.field = "marks[0].person_employee_id",
       .via = "MarkAttendance",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::MarkAttendanceRequest request;
             // Refused before the session is looked up: no session is needed.
             request.set_training_session_id(1);
             v1::AttendanceMarkInput* mark = request.add_marks();
             mark->set_person_employee_id(value);
             mark->set_block_number(1);
             mark->set_status(v1::ATTENDANCE_STATUS_PRESENT);
             v1::MarkAttendanceResponse response;
             return client.Call(&v1::AttendanceService::Stub::MarkAttendance, request, &response);
           }},
  };
  cases.paged_lists = {
      {.method = "escala.v1.AttendanceService/ListAttendance",
       .prepare =
           [](InputClient& client) {
             const int64_t session = NewSession(client);
             return [&client, session](int32_t page_size) {
               v1::ListAttendanceRequest request;
               request.set_training_session_id(session);
               request.set_page_size(page_size);
               v1::ListAttendanceResponse response;
               return client.Call(&v1::AttendanceService::Stub::ListAttendance, request, &response);
             };
           }},
  };
  return cases;
}

const InputCaseRegistrar kAttendanceInputCases("attendance", &AttendanceInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
