// Access-matrix probes of the TrainingSessionService. A session's "own" is the sessions its
// caller trains: a probe about the target's record makes the target person its trainer.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

// The course every probe session delivers, made once per world by the administrator.
const std::string& ProbeCourseId(World& w) {
  static std::string made_for;
  static const std::string kCourse = "probe-session-course";
  if (made_for != w.admin_token) {
    grpc::ClientContext context;
    Authorize(context, w.admin_token);
    v1::CreateCourseRequest request;
    request.mutable_course()->set_course_id(kCourse);
    request.mutable_course()->set_title("Probe course");
    request.mutable_course()->set_kind(v1::COURSE_KIND_THEORY);
    request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
    v1::Course created;
    grpc::Status status =
        NewStub<v1::CourseService>(w.channel)->CreateCourse(&context, request, &created);
    EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
        << status.error_message();
    made_for = w.admin_token;
  }
  return kCourse;
}

// A session trained by `trainer` in `year` (past: delivered; future: scheduled). Each call takes
// a time of its own, 4 hours after the last (within the year), so that no trainer is scheduled
// twice at once: that is a schedule conflict.
v1::TrainingSession ProbeSession(World& w, const std::string& trainer, int year) {
  static int slot = 0;
  v1::TrainingSession session;
  session.set_course_id(ProbeCourseId(w));
  session.add_trainer_employee_ids(trainer);
  v1::SessionBlock* block = session.add_blocks();
  const absl::Time start =
      absl::FromCivil(absl::CivilSecond(year, 1, 2, 9, 0, 0), absl::UTCTimeZone()) +
      absl::Hours(4 * (slot++ % 2000));
  *block->mutable_start_time() = db::MillisToTimestamp(absl::ToUnixMillis(start));
  *block->mutable_end_time() = db::MillisToTimestamp(absl::ToUnixMillis(start + absl::Hours(3)));
  session.set_time_zone("Europe/Berlin");
  session.set_location("Probe room");
  return session;
}

// A session of the target person, made by the administrator.
v1::TrainingSession AdminSession(World& w, const Actor& caller, Target target, int year) {
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::CreateTrainingSessionRequest request;
  *request.mutable_training_session() =
      ProbeSession(w, PersonTarget(w, caller, target).employee_id, year);
  v1::TrainingSession created;
  grpc::Status status = NewStub<v1::TrainingSessionService>(w.channel)->CreateTrainingSession(
      &context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

ProbeMap TrainingSessionProbes() {
  ProbeMap probes;
  probes["escala.v1.TrainingSessionService/CreateTrainingSession"] = [](World& w, const Actor& c,
                                                                        Target target) {
    v1::CreateTrainingSessionRequest request;
    *request.mutable_training_session() =
        ProbeSession(w, PersonTarget(w, c, target).employee_id, 2099);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::TrainingSession response;
    return NewStub<v1::TrainingSessionService>(w.channel)
        ->CreateTrainingSession(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.TrainingSessionService/GetTrainingSession"] = [](World& w, const Actor& c,
                                                                     Target target) {
    const v1::TrainingSession session = AdminSession(w, c, target, 2099);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetTrainingSessionRequest request;
    request.set_id(session.id());
    v1::TrainingSession response;
    return NewStub<v1::TrainingSessionService>(w.channel)
        ->GetTrainingSession(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.TrainingSessionService/ListTrainingSessions"] = [](World& w, const Actor& c,
                                                                       Target target) {
    const v1::TrainingSession session = AdminSession(w, c, target, 2099);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListTrainingSessionsRequest request;
    request.set_page_size(1000);
    v1::ListTrainingSessionsResponse response;
    grpc::Status status = NewStub<v1::TrainingSessionService>(w.channel)->ListTrainingSessions(
        &context, request, &response);
    bool contains = false;
    for (const v1::TrainingSession& s : response.training_sessions()) {
      contains |= s.id() == session.id();
    }
    return Found(status, contains);
  };
  probes["escala.v1.TrainingSessionService/UpdateTrainingSession"] = [](World& w, const Actor& c,
                                                                        Target target) {
    const v1::TrainingSession session = AdminSession(w, c, target, 2099);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdateTrainingSessionRequest request;
    request.mutable_training_session()->set_id(session.id());
    request.mutable_training_session()->set_location("Probe room, moved");
    v1::TrainingSession response;
    return NewStub<v1::TrainingSessionService>(w.channel)
        ->UpdateTrainingSession(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.TrainingSessionService/CancelTrainingSession"] = [](World& w, const Actor& c,
                                                                        Target target) {
    const v1::TrainingSession session = AdminSession(w, c, target, 2099);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CancelTrainingSessionRequest request;
    request.set_id(session.id());
    request.set_reason("probe");
    v1::TrainingSession response;
    return NewStub<v1::TrainingSessionService>(w.channel)
        ->CancelTrainingSession(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.TrainingSessionService/CloseTrainingSession"] = [](World& w, const Actor& c,
                                                                       Target target) {
    // Delivered long ago, so only the caller's rule decides.
    const v1::TrainingSession session = AdminSession(w, c, target, 2020);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CloseTrainingSessionRequest request;
    request.set_id(session.id());
    v1::TrainingSession response;
    return NewStub<v1::TrainingSessionService>(w.channel)
        ->CloseTrainingSession(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.TrainingSessionService/ExportSessionCalendar"] = [](World& w, const Actor& c,
                                                                        Target target) {
    const v1::TrainingSession session = AdminSession(w, c, target, 2099);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ExportSessionCalendarRequest request;
    request.set_id(session.id());
    v1::ExportSessionCalendarResponse response;
    return NewStub<v1::TrainingSessionService>(w.channel)
        ->ExportSessionCalendar(&context, request, &response)
        .error_code();
  };
  // The target person's calendar: the own rule reaches oneself, the team rule one's team.
  probes["escala.v1.TrainingSessionService/ExportPersonCalendar"] = [](World& w, const Actor& c,
                                                                       Target target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ExportPersonCalendarRequest request;
    request.set_employee_id(PersonTarget(w, c, target).employee_id);
    v1::ExportPersonCalendarResponse response;
    return NewStub<v1::TrainingSessionService>(w.channel)
        ->ExportPersonCalendar(&context, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kTrainingSessionProbes("training_sessions", &TrainingSessionProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
