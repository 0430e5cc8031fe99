// Audit scenarios of the CalibrationService.
#include <grpcpp/grpcpp.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"
#include "escala/v1/calibration.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

using ::testing::HasSubstr;

// Calibration sessions are run by people with an evaluating role, never by the administrator:
// the administrator only sets up their people, tokens and interactions. `tag` keeps the people
// of one scenario apart from another's on the same server.
struct CalibrationCast {
  std::string lead_token;  // people/L<tag>, team lead, creator and evaluator
  v1::CalibrationSession session;
};

CalibrationCast StartCalibration(AdminClient& admin, const std::string& tag) {
  CalibrationCast cast;
  const std::string lead = "L" + tag, qa = "Q" + tag;
  admin.CreatePerson(lead, "Lead " + tag, v1::ROLE_TEAM_LEAD);
  admin.CreatePerson(qa, "Analyst " + tag, v1::ROLE_QA_ANALYST);
  cast.lead_token = admin.CreateToken("people/" + lead).secret();
  // The QA analyst publishes the scorecard the session uses.
  const std::string scorecard = "calib-" + tag;
  EXPECT_TRUE(PublishCalibrationScorecard(admin.channel(),
                                          admin.CreateToken("people/" + qa).secret(), scorecard)
                  .ok());
  const v1::Interaction interaction = admin.CreateInteraction("calib-" + tag);
  v1::CalibrationSession& draft = cast.session;
  draft.set_title("Calibration " + tag);
  draft.add_interaction_ids(interaction.id());
  draft.set_scorecard_id(scorecard);
  draft.add_evaluator_employee_ids(lead);
  draft.add_evaluator_employee_ids(qa);
  *draft.mutable_deadline_time() = db::TimeToTimestamp(absl::Now() + absl::Hours(1));
  return cast;
}

grpc::Status CreateCalibration(AdminClient& admin, CalibrationCast& cast,
                               const std::string& request_id) {
  grpc::ClientContext context;
  Authorize(context, cast.lead_token);
  if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
  v1::CreateCalibrationSessionRequest request;
  *request.mutable_session() = cast.session;
  return NewStub<v1::CalibrationService>(admin.channel())
      ->CreateCalibrationSession(&context, request, &cast.session);
}

grpc::Status SubmitCalibration(AdminClient& admin, const CalibrationCast& cast, int tone,
                               const std::string& request_id, v1::CalibrationScore* stored) {
  grpc::ClientContext context;
  Authorize(context, cast.lead_token);
  if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
  v1::SubmitCalibrationScoreRequest request;
  request.mutable_score()->set_session_id(cast.session.id());
  request.mutable_score()->set_interaction_id(cast.session.interaction_ids(0));
  v1::CriterionAnswer* greet = request.mutable_score()->add_answers();
  greet->set_criterion_key("greet");
  greet->set_value(1);
  v1::CriterionAnswer* tone_answer = request.mutable_score()->add_answers();
  tone_answer->set_criterion_key("tone");
  tone_answer->set_value(tone);
  return NewStub<v1::CalibrationService>(admin.channel())
      ->SubmitCalibrationScore(&context, request, stored);
}

grpc::Status CloseCalibration(AdminClient& admin, const CalibrationCast& cast,
                              const std::string& request_id, v1::CalibrationSession* closed) {
  grpc::ClientContext context;
  Authorize(context, cast.lead_token);
  if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
  v1::CloseCalibrationSessionRequest request;
  request.set_id(cast.session.id());
  return NewStub<v1::CalibrationService>(admin.channel())
      ->CloseCalibrationSession(&context, request, closed);
}

std::string ScoreName(const CalibrationCast& cast) {
  return absl::StrCat("calibrationSessions/", cast.session.id(), "/scores/",
                      cast.session.interaction_ids(0), "/", cast.session.evaluator_employee_ids(0));
}

// The event a calibration change by the cast's lead must have recorded: the diff of the API's
// answers before and after (the stored forms, as the server returns them).
ExpectedEvent CalibrationEvent(const std::string& tag, const std::string& type,
                               const std::string& name, const std::string& request_id,
                               const google::protobuf::Message* before,
                               const google::protobuf::Message& after) {
  db::ChangedFields changed = db::DiffForAudit(before, after);
  ExpectedEvent event{type, name, request_id, changed.before_json, changed.after_json};
  event.principal = "people/L" + tag;
  event.principal_role = v1::ROLE_TEAM_LEAD;
  return event;
}

std::map<std::string, AuditScenario> CalibrationScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.CalibrationService/CreateCalibrationSession"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<CalibrationCast>(StartCalibration(admin, "c1"));
        return [&admin, request_id, cast] {
          grpc::Status status = CreateCalibration(admin, *cast, request_id);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_THAT(cast->session.created_by(), HasSubstr("people/Lc1"));
          return CalibrationEvent("c1", "calibration_session",
                                  absl::StrCat("calibrationSessions/", cast->session.id()),
                                  request_id, nullptr, cast->session);
        };
      },
      grpc::StatusCode::INVALID_ARGUMENT,
      [](AdminClient& admin) {
        auto cast = std::make_shared<CalibrationCast>(StartCalibration(admin, "c2"));
        *cast->session.mutable_deadline_time() = db::TimeToTimestamp(absl::Now() - absl::Hours(1));
        return FailingCall{
            "", [&admin, cast] { return CreateCalibration(admin, *cast, "past-deadline"); }};
      }};
  scenarios["escala.v1.CalibrationService/SubmitCalibrationScore"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<CalibrationCast>(StartCalibration(admin, "s1"));
        EXPECT_TRUE(CreateCalibration(admin, *cast, "").ok());
        auto first = std::make_shared<v1::CalibrationScore>();
        EXPECT_TRUE(SubmitCalibration(admin, *cast, 3, "", first.get()).ok());
        // Resubmitting replaces the score: the event holds what changed, before and after.
        return [&admin, request_id, cast, first] {
          v1::CalibrationScore second;
          grpc::Status status = SubmitCalibration(admin, *cast, 5, request_id, &second);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_NE(first->score(), second.score());
          return CalibrationEvent("s1", "calibration_score", ScoreName(*cast), request_id,
                                  first.get(), second);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        auto cast = std::make_shared<CalibrationCast>(StartCalibration(admin, "s2"));
        EXPECT_TRUE(CreateCalibration(admin, *cast, "").ok());
        v1::CalibrationSession closed;
        EXPECT_TRUE(CloseCalibration(admin, *cast, "", &closed).ok());
        return FailingCall{ScoreName(*cast), [&admin, cast] {
                             v1::CalibrationScore stored;
                             return SubmitCalibration(admin, *cast, 4, "after-close", &stored);
                           }};
      }};
  scenarios["escala.v1.CalibrationService/CloseCalibrationSession"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<CalibrationCast>(StartCalibration(admin, "x1"));
        EXPECT_TRUE(CreateCalibration(admin, *cast, "").ok());
        return [&admin, request_id, cast] {
          v1::CalibrationSession closed;
          grpc::Status status = CloseCalibration(admin, *cast, request_id, &closed);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return CalibrationEvent("x1", "calibration_session",
                                  absl::StrCat("calibrationSessions/", closed.id()), request_id,
                                  &cast->session, closed);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        auto cast = std::make_shared<CalibrationCast>(StartCalibration(admin, "x2"));
        EXPECT_TRUE(CreateCalibration(admin, *cast, "").ok());
        v1::CalibrationSession closed;
        EXPECT_TRUE(CloseCalibration(admin, *cast, "", &closed).ok());
        return FailingCall{absl::StrCat("calibrationSessions/", cast->session.id()),
                           [&admin, cast] {
                             v1::CalibrationSession again;
                             return CloseCalibration(admin, *cast, "close-twice", &again);
                           }};
      }};
  return scenarios;
}

ReplayMap CalibrationReplays() {
  ReplayMap cases;
  cases["escala.v1.CalibrationService/SubmitCalibrationScore"] =
      [](AdminClient& admin) -> ReplayCall {
    auto cast = std::make_shared<CalibrationCast>(StartCalibration(admin, "ys"));
    EXPECT_TRUE(CreateCalibration(admin, *cast, "").ok());
    return [&admin, cast](const std::string& request_id, bool other_payload, std::string* answer) {
      grpc::ClientContext context;
      Authorize(context, cast->lead_token);
      v1::SubmitCalibrationScoreRequest request;
      request.mutable_score()->set_session_id(cast->session.id());
      request.mutable_score()->set_interaction_id(cast->session.interaction_ids(0));
      for (auto [key, value] :
           {std::pair<const char*, int>{"greet", 1}, {"tone", other_payload ? 2 : 4}}) {
        v1::CriterionAnswer* answer = request.mutable_score()->add_answers();
        answer->set_criterion_key(key);
        answer->set_value(value);
      }
      request.set_request_id(request_id);
      v1::CalibrationScore stored;
      grpc::Status status = NewStub<v1::CalibrationService>(admin.channel())
                                ->SubmitCalibrationScore(&context, request, &stored);
      *answer = absl::StrCat(stored.session_id(), "/", stored.interaction_id(), "/",
                             stored.evaluator_employee_id(), " scored ", stored.score());
      return status;
    };
  };
  cases["escala.v1.CalibrationService/CloseCalibrationSession"] =
      [](AdminClient& admin) -> ReplayCall {
    auto cast = std::make_shared<CalibrationCast>(StartCalibration(admin, "yc"));
    // A second session of the same creator: the request_id reused to close it is refused.
    auto other = std::make_shared<CalibrationCast>(*cast);
    EXPECT_TRUE(CreateCalibration(admin, *cast, "").ok());
    EXPECT_TRUE(CreateCalibration(admin, *other, "").ok());
    return [&admin, cast, other](const std::string& request_id, bool other_payload,
                                 std::string* answer) {
      grpc::ClientContext context;
      Authorize(context, cast->lead_token);
      v1::CloseCalibrationSessionRequest request;
      request.set_id(other_payload ? other->session.id() : cast->session.id());
      request.set_request_id(request_id);
      v1::CalibrationSession closed;
      grpc::Status status = NewStub<v1::CalibrationService>(admin.channel())
                                ->CloseCalibrationSession(&context, request, &closed);
      *answer = absl::StrCat(closed.id(), " ", v1::CalibrationState_Name(closed.state()));
      return status;
    };
  };
  return cases;
}

const ScenarioRegistrar kCalibrationAuditScenarios("calibration", &CalibrationScenarios);
const ReplayRegistrar kCalibrationReplays("calibration", &CalibrationReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
