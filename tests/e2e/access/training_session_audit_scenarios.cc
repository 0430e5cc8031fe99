// Audit scenarios of the TrainingSessionService.
#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

template <typename Request, typename Response, typename Method>
grpc::Status SessionCall(AdminClient& admin, const std::string& request_id, Method method,
                         const Request& request, Response* response) {
  grpc::ClientContext context;
  admin.Prepare(context, request_id);
  auto stub = NewStub<v1::TrainingSessionService>(admin.channel());
  return ((*stub).*method)(&context, request, response);
}

// A course `course_id` and a trainer T-<course_id> for the scenario's sessions.
void PrepareSessionCourse(AdminClient& admin, const std::string& course_id) {
  grpc::ClientContext context;
  admin.Prepare(context);
  v1::CreateCourseRequest request;
  request.mutable_course()->set_course_id(course_id);
  request.mutable_course()->set_title("Course " + course_id);
  request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
  request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
  v1::Course created;
  grpc::Status status =
      NewStub<v1::CourseService>(admin.channel())->CreateCourse(&context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  admin.CreatePerson("T-" + course_id, "Trainer " + course_id, v1::ROLE_TRAINER);
}

// A session of `course_id` in `year` (past: delivered; future: scheduled).
v1::TrainingSession SessionOf(const std::string& course_id, int year) {
  v1::TrainingSession session;
  session.set_course_id(course_id);
  session.add_trainer_employee_ids("T-" + course_id);
  v1::SessionBlock* block = session.add_blocks();
  const absl::Time start =
      absl::FromCivil(absl::CivilSecond(year, 6, 1, 9, 0, 0), absl::UTCTimeZone());
  *block->mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(start));
  *block->mutable_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(start + absl::Hours(2)));
  session.set_time_zone("Europe/Lisbon");
  session.set_location("Room \"A\"");
  session.set_capacity(2);
  return session;
}

v1::TrainingSession Schedule(AdminClient& admin, const std::string& course_id, int year,
                             const std::string& request_id = "") {
  v1::CreateTrainingSessionRequest request;
  *request.mutable_training_session() = SessionOf(course_id, year);
  v1::TrainingSession created;
  grpc::Status status =
      SessionCall(admin, request_id, &v1::TrainingSessionService::Stub::CreateTrainingSession,
                  request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

ExpectedEvent SessionEvent(const std::string& request_id, const v1::TrainingSession* before,
                           const v1::TrainingSession& after) {
  db::ChangedFields changed = db::DiffForAudit(before, after);
  return ExpectedEvent{"training_session", absl::StrCat("trainingSessions/", after.id()),
                       request_id, changed.before_json, changed.after_json};
}

grpc::Status Cancel(AdminClient& admin, int64_t id, const std::string& request_id,
                    v1::TrainingSession* cancelled) {
  v1::CancelTrainingSessionRequest request;
  request.set_id(id);
  request.set_reason("trainer \"ill\"");
  return SessionCall(admin, request_id, &v1::TrainingSessionService::Stub::CancelTrainingSession,
                     request, cancelled);
}

grpc::Status Close(AdminClient& admin, int64_t id, const std::string& request_id,
                   v1::TrainingSession* closed) {
  v1::CloseTrainingSessionRequest request;
  request.set_id(id);
  return SessionCall(admin, request_id, &v1::TrainingSessionService::Stub::CloseTrainingSession,
                     request, closed);
}

ScenarioMap TrainingSessionScenarios() {
  ScenarioMap scenarios;
  scenarios["escala.v1.TrainingSessionService/CreateTrainingSession"] = {
      [](AdminClient& admin, const std::string& request_id) {
        PrepareSessionCourse(admin, "ts-create");
        return [&admin, request_id] {
          v1::TrainingSession created = Schedule(admin, "ts-create", 2099, request_id);
          return SessionEvent(request_id, nullptr, created);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        admin.CreatePerson("T-ts-missing", "Trainer", v1::ROLE_TRAINER);
        return FailingCall{"", [&admin] {
                             v1::CreateTrainingSessionRequest request;
                             *request.mutable_training_session() = SessionOf("ts-missing", 2099);
                             v1::TrainingSession created;
                             return SessionCall(
                                 admin, "no-course",
                                 &v1::TrainingSessionService::Stub::CreateTrainingSession, request,
                                 &created);
                           }};
      }};
  scenarios["escala.v1.TrainingSessionService/UpdateTrainingSession"] = {
      [](AdminClient& admin, const std::string& request_id) {
        PrepareSessionCourse(admin, "ts-update");
        v1::TrainingSession first = Schedule(admin, "ts-update", 2099);
        return [&admin, request_id, first] {
          v1::UpdateTrainingSessionRequest request;
          request.mutable_training_session()->set_id(first.id());
          request.mutable_training_session()->set_location("Room B");
          request.mutable_training_session()->set_etag(first.etag());
          v1::TrainingSession updated;
          grpc::Status status = SessionCall(
              admin, request_id, &v1::TrainingSessionService::Stub::UpdateTrainingSession, request,
              &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return SessionEvent(request_id, &first, updated);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        PrepareSessionCourse(admin, "ts-stale");
        v1::TrainingSession first = Schedule(admin, "ts-stale", 2099);
        v1::UpdateTrainingSessionRequest request;
        request.mutable_training_session()->set_id(first.id());
        request.mutable_training_session()->set_location("First writer");
        request.mutable_training_session()->set_etag(first.etag());
        v1::TrainingSession updated;
        EXPECT_TRUE(SessionCall(admin, "", &v1::TrainingSessionService::Stub::UpdateTrainingSession,
                                request, &updated)
                        .ok());
        return FailingCall{
            absl::StrCat("trainingSessions/", first.id()), [&admin, request]() mutable {
              request.mutable_training_session()->set_location("Second writer");
              v1::TrainingSession response;
              return SessionCall(admin, "stale-session",
                                 &v1::TrainingSessionService::Stub::UpdateTrainingSession, request,
                                 &response);
            }};
      }};
  scenarios["escala.v1.TrainingSessionService/CancelTrainingSession"] = {
      [](AdminClient& admin, const std::string& request_id) {
        PrepareSessionCourse(admin, "ts-cancel");
        v1::TrainingSession first = Schedule(admin, "ts-cancel", 2099);
        return [&admin, request_id, first] {
          v1::TrainingSession cancelled;
          grpc::Status status = Cancel(admin, first.id(), request_id, &cancelled);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return SessionEvent(request_id, &first, cancelled);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        PrepareSessionCourse(admin, "ts-cancelled");
        v1::TrainingSession first = Schedule(admin, "ts-cancelled", 2099);
        v1::TrainingSession cancelled;
        EXPECT_TRUE(Cancel(admin, first.id(), "", &cancelled).ok());
        return FailingCall{absl::StrCat("trainingSessions/", first.id()), [&admin, first] {
                             v1::TrainingSession again;
                             return Cancel(admin, first.id(), "cancel-twice", &again);
                           }};
      }};
  scenarios["escala.v1.TrainingSessionService/CloseTrainingSession"] = {
      [](AdminClient& admin, const std::string& request_id) {
        PrepareSessionCourse(admin, "ts-close");
        v1::TrainingSession delivered = Schedule(admin, "ts-close", 2020);
        return [&admin, request_id, delivered] {
          v1::TrainingSession closed;
          grpc::Status status = Close(admin, delivered.id(), request_id, &closed);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return SessionEvent(request_id, &delivered, closed);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        PrepareSessionCourse(admin, "ts-early");
        v1::TrainingSession scheduled = Schedule(admin, "ts-early", 2099);
        return FailingCall{absl::StrCat("trainingSessions/", scheduled.id()), [&admin, scheduled] {
                             v1::TrainingSession closed;
                             return Close(admin, scheduled.id(), "close-early", &closed);
                           }};
      }};
  return scenarios;
}

// What a replay must answer alike: the session's identity, state and etag.
std::string SessionAnswer(const v1::TrainingSession& session) {
  return absl::StrCat(session.id(), " ", v1::TrainingSessionState_Name(session.state()), " etag ",
                      session.etag());
}

ReplayMap TrainingSessionReplays() {
  ReplayMap cases;
  cases["escala.v1.TrainingSessionService/CancelTrainingSession"] =
      [](AdminClient& admin) -> ReplayCall {
    PrepareSessionCourse(admin, "ts-replay-cancel");
    const v1::TrainingSession scheduled = Schedule(admin, "ts-replay-cancel", 2099);
    return [&admin, scheduled](const std::string& request_id, bool other_payload,
                               std::string* answer) {
      v1::CancelTrainingSessionRequest request;
      request.set_id(scheduled.id());
      request.set_reason(other_payload ? "room flooded" : "trainer ill");
      request.set_request_id(request_id);
      v1::TrainingSession cancelled;
      grpc::Status status = SessionCall(
          admin, "", &v1::TrainingSessionService::Stub::CancelTrainingSession, request, &cancelled);
      *answer = SessionAnswer(cancelled);
      return status;
    };
  };
  cases["escala.v1.TrainingSessionService/CloseTrainingSession"] =
      [](AdminClient& admin) -> ReplayCall {
    PrepareSessionCourse(admin, "ts-replay-close");
    const v1::TrainingSession delivered = Schedule(admin, "ts-replay-close", 2020);
    const v1::TrainingSession other = Schedule(admin, "ts-replay-close", 2021);
    return [&admin, delivered, other](const std::string& request_id, bool other_payload,
                                      std::string* answer) {
      v1::CloseTrainingSessionRequest request;
      // Another payload: another session. Not an etag: the etag is a precondition, and a retry
      // that carries one (or another one) is a replay of the same close.
      request.set_id(other_payload ? other.id() : delivered.id());
      request.set_request_id(request_id);
      v1::TrainingSession closed;
      grpc::Status status = SessionCall(
          admin, "", &v1::TrainingSessionService::Stub::CloseTrainingSession, request, &closed);
      *answer = SessionAnswer(closed);
      return status;
    };
  };
  return cases;
}

const ScenarioRegistrar kTrainingSessionAuditScenarios("training_sessions",
                                                       &TrainingSessionScenarios);
const ReplayRegistrar kTrainingSessionReplays("training_sessions", &TrainingSessionReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
