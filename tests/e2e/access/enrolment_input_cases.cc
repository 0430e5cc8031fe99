// Input-safety cases of the EnrolmentService.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/enrolments.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

constexpr char kCourse[] = "input-enrolment-course";

// A session of a course trained by A1 (the world's agent), in an hour of its own.
int64_t NewSession(InputClient& client) {
  v1::CreateCourseRequest course;
  course.mutable_course()->set_course_id(kCourse);
  course.mutable_course()->set_title("Input course");
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
      absl::FromCivil(absl::CivilSecond(2097, 1, 5, 0, 0, 0), absl::UTCTimeZone()) +
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

// An enrolment of a new person in a new session.
int64_t NewEnrolment(InputClient& client) {
  const int64_t session = NewSession(client);
  const std::string person = client.Unique("EN");
  v1::CreatePersonRequest create;
  *create.mutable_person() = InputClient::NewPerson(person, "Learner");
  v1::Person created_person;
  EXPECT_TRUE(client.Call(&v1::PeopleService::Stub::CreatePerson, create, &created_person).ok());
  v1::EnrolRequest request;
  request.set_training_session_id(session);
  request.set_person_employee_id(person);
  v1::Enrolment enrolment;
  grpc::Status status = client.Call(&v1::EnrolmentService::Stub::Enrol, request, &enrolment);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return enrolment.id();
}

InputCases EnrolmentInputCases() {
  InputCases cases;
  cases.refused = {
      {.field = "person_employee_id",
       .via = "ListEnrolments",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::ListEnrolmentsRequest request;
             request.set_person_employee_id(value);
             v1::ListEnrolmentsResponse response;
             return client.Call(&v1::EnrolmentService::Stub::ListEnrolments, request, &response);
           }},
      {.field = "person_employee_id",
       .via = "Enrol",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::EnrolRequest request;
             request.set_training_session_id(1);
             request.set_person_employee_id(value);
             v1::Enrolment response;
             return client.Call(&v1::EnrolmentService::Stub::Enrol, request, &response);
           }},
  };
  cases.enum_filters = {
      {.field = "state",
       .via = "ListEnrolments",
       .call =
           [](InputClient& client, int value) {
             v1::ListEnrolmentsRequest request;
             request.set_state(static_cast<v1::EnrolmentState>(value));
             v1::ListEnrolmentsResponse response;
             return client.Call(&v1::EnrolmentService::Stub::ListEnrolments, request, &response);
           }},
  };
  cases.paged_lists = {
      {.method = "escala.v1.EnrolmentService/ListEnrolments",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListEnrolmentsRequest request;
               request.set_page_size(page_size);
               v1::ListEnrolmentsResponse response;
               return client.Call(&v1::EnrolmentService::Stub::ListEnrolments, request, &response);
             };
           }},
      {.method = "escala.v1.EnrolmentService/ListEnrolmentHistory",
       .prepare =
           [](InputClient& client) {
             const int64_t enrolment = NewEnrolment(client);
             return [&client, enrolment](int32_t page_size) {
               v1::ListEnrolmentHistoryRequest request;
               request.set_enrolment_id(enrolment);
               request.set_page_size(page_size);
               v1::ListEnrolmentHistoryResponse response;
               return client.Call(&v1::EnrolmentService::Stub::ListEnrolmentHistory, request,
                                  &response);
             };
           }},
  };
  return cases;
}

const InputCaseRegistrar kEnrolmentInputCases("enrolments", &EnrolmentInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
