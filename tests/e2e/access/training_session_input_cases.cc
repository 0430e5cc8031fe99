// Input-safety cases of the TrainingSessionService.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

constexpr char kSessionCourse[] = "input-session-course";

// The course the cases' sessions deliver, trained by A1 (the world's agent: any person of the
// directory may train).
void EnsureCourse(InputClient& client) {
  v1::CreateCourseRequest request;
  request.mutable_course()->set_course_id(kSessionCourse);
  request.mutable_course()->set_title("Input course");
  request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  v1::Course created;
  grpc::Status status = client.Call(&v1::CourseService::Stub::CreateCourse, request, &created);
  EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
      << status.error_message();
}

// A session of A1, each at a time of its own (2 hours after the last): a trainer scheduled
// twice at once is a schedule conflict.
v1::TrainingSession NewSession() {
  static int slot = 0;
  v1::TrainingSession session;
  session.set_course_id(kSessionCourse);
  session.add_trainer_employee_ids("A1");
  v1::SessionBlock* block = session.add_blocks();
  const absl::Time start =
      absl::FromCivil(absl::CivilSecond(2099, 1, 5, 9, 0, 0), absl::UTCTimeZone()) +
      absl::Hours(2 * slot++);
  *block->mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(start));
  *block->mutable_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(start + absl::Hours(1)));
  session.set_time_zone("UTC");
  session.set_location("Room");
  return session;
}

grpc::Status Schedule(InputClient& client, const v1::TrainingSession& session,
                      v1::TrainingSession* created) {
  v1::CreateTrainingSessionRequest request;
  *request.mutable_training_session() = session;
  return client.Call(&v1::TrainingSessionService::Stub::CreateTrainingSession, request, created);
}

v1::TrainingSession Read(InputClient& client, int64_t id) {
  v1::GetTrainingSessionRequest request;
  request.set_id(id);
  v1::TrainingSession session;
  grpc::Status status =
      client.Call(&v1::TrainingSessionService::Stub::GetTrainingSession, request, &session);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return session;
}

InputCases TrainingSessionInputCases() {
  InputCases cases;
  cases.round_trips = {
      {.field = "training_session.location",
       .via = "CreateTrainingSession",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             EnsureCourse(client);
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               v1::TrainingSession session = NewSession();
               session.set_location(text);
               v1::TrainingSession created;
               grpc::Status status = Schedule(client, session, &created);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"CreateTrainingSession", text, created.location()});
               read.push_back({"GetTrainingSession", text, Read(client, created.id()).location()});
             }
             return read;
           }},
      // Links: the hostile URIs behind an https:// prefix, which the field requires.
      {.field = "training_session.video_link",
       .via = "CreateTrainingSession",
       .kind = TextKind::kUri,
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             EnsureCourse(client);
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               const std::string link = "https://h/" + text;
               v1::TrainingSession session = NewSession();
               session.set_video_link(link);
               v1::TrainingSession created;
               grpc::Status status = Schedule(client, session, &created);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back(
                   {"GetTrainingSession", link, Read(client, created.id()).video_link()});
             }
             return read;
           }},
  };
  // No limit probes: a write at the limit needs the course, which the refusal cases (that must
  // leave the log untouched) cannot make first. The unit tests hold the limits.
  cases.field_writes = {
      {.field = "training_session.location",
       .via = "CreateTrainingSession",
       .write =
           [](InputClient& client, const std::string& value) {
             v1::TrainingSession session = NewSession();
             session.set_location(value);
             v1::TrainingSession created;
             return Schedule(client, session, &created);
           }},
      {.field = "training_session.video_link",
       .via = "CreateTrainingSession",
       .write =
           [](InputClient& client, const std::string& value) {
             v1::TrainingSession session = NewSession();
             session.set_video_link(value);
             v1::TrainingSession created;
             return Schedule(client, session, &created);
           }},
  };
  cases.refused = {
      {.field = "training_session.time_zone",
       .via = "CreateTrainingSession",
       .values = {"Mars/Olympus", kSqlIdentifier, "../../../etc/localtime"},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::TrainingSession session = NewSession();
             session.set_time_zone(value);
             v1::TrainingSession created;
             return Schedule(client, session, &created);
           }},
      {.field = "trainer_employee_id",
       .via = "ListTrainingSessions",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::ListTrainingSessionsRequest request;
             request.set_trainer_employee_id(value);
             v1::ListTrainingSessionsResponse response;
             return client.Call(&v1::TrainingSessionService::Stub::ListTrainingSessions, request,
                                &response);
           }},
  };
  cases.enum_filters = {
      {.field = "state",
       .via = "ListTrainingSessions",
       .call =
           [](InputClient& client, int value) {
             v1::ListTrainingSessionsRequest request;
             request.set_state(static_cast<v1::TrainingSessionState>(value));
             v1::ListTrainingSessionsResponse response;
             return client.Call(&v1::TrainingSessionService::Stub::ListTrainingSessions, request,
                                &response);
           }},
  };
  cases.paged_lists = {
      {.method = "escala.v1.TrainingSessionService/ListTrainingSessions",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListTrainingSessionsRequest request;
               request.set_page_size(page_size);
               v1::ListTrainingSessionsResponse response;
               return client.Call(&v1::TrainingSessionService::Stub::ListTrainingSessions, request,
                                  &response);
             };
           }},
  };
  cases.not_free_text = {
      {"training_session.course_id", "identifier of a course"},
      {"training_session.trainer_employee_ids", "identifiers of people (refused values)"},
      {"training_session.time_zone", "an IANA zone name (refused values)"},
      {"training_session.cancel_reason", "output only: set by CancelTrainingSession"},
      {"training_session.created_by", "output only: the principal that scheduled it"},
      {"training_session.etag", "made by the server; compared, never stored"},
      {"training_session.schedule_conflicts.employee_id",
       "output only: computed on UpdateTrainingSession, never stored"},
      {"employee_id", "identifier of a person (ExportPersonCalendar; refused values)"},
  };
  return cases;
}

const InputCaseRegistrar kTrainingSessionInputCases("training_sessions",
                                                    &TrainingSessionInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
