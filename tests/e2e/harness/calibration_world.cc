#include "tests/e2e/harness/calibration_world.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/qa/soci_scorecard_repository.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/testing/test_scorecards.h"

namespace escala::testing {

absl::Status SeedCalibrationScorecard(db::SessionPool& pool) {
  const v1::Scorecard card = GreetToneCard(kCalibrationScorecard);
  db::SociScorecardRepository scorecards(pool);
  const db::AuditStamp stamp{"serviceAccounts/test-setup", v1::ROLE_ADMINISTRATOR,
                             "escala.v1.TestSetup/SeedScorecard", ""};
  absl::StatusOr<v1::Scorecard> created = scorecards.Create(card, stamp, absl::Now());
  if (!created.ok()) return created.status();
  return scorecards.Publish(kCalibrationScorecard, std::stoll(created->etag()), stamp, absl::Now())
      .status();
}

absl::Status PublishCalibrationScorecard(const std::shared_ptr<grpc::Channel>& channel,
                                         const std::string& token,
                                         const std::string& scorecard_id) {
  v1::Scorecard draft;
  {
    grpc::ClientContext context;
    Authorize(context, token);
    v1::CreateScorecardRequest request;
    *request.mutable_scorecard() = GreetToneCard(scorecard_id);
    grpc::Status status =
        NewStub<v1::ScorecardService>(channel)->CreateScorecard(&context, request, &draft);
    if (!status.ok())
      return absl::InternalError(
          absl::StrCat("create ", scorecard_id, ": ", status.error_message()));
  }
  grpc::ClientContext context;
  Authorize(context, token);
  v1::PublishScorecardRequest request;
  request.set_scorecard_id(scorecard_id);
  request.set_etag(draft.etag());
  v1::Scorecard published;
  grpc::Status status =
      NewStub<v1::ScorecardService>(channel)->PublishScorecard(&context, request, &published);
  if (!status.ok())
    return absl::InternalError(
        absl::StrCat("publish ", scorecard_id, ": ", status.error_message()));
  return absl::OkStatus();
}

std::string CalibrationAnswersJson(int greet, int tone) {
  return absl::StrCat(R"({"answers": [{"criterionKey": "greet", "value": )", greet,
                      R"(}, {"criterion_key": "tone", "value": )", tone,
                      R"(, "comment": "calm"}], "overallComment": "calibration"})");
}

absl::StatusOr<std::string> AddPersonWithToken(const std::shared_ptr<grpc::Channel>& channel,
                                               const std::string& admin_token,
                                               const std::string& employee_id, v1::Role role,
                                               const std::string& team_id) {
  {
    grpc::ClientContext context;
    Authorize(context, admin_token);
    v1::CreatePersonRequest request;
    v1::Person* person = request.mutable_person();
    person->set_employee_id(employee_id);
    person->set_display_name(absl::StrCat("Person ", employee_id));
    person->set_role(role);
    person->set_level(role == v1::ROLE_AGENT ? 1 : 3);
    person->set_team_id(team_id);
    person->set_active(true);
    v1::Person created;
    grpc::Status status =
        NewStub<v1::PeopleService>(channel)->CreatePerson(&context, request, &created);
    if (!status.ok())
      return absl::InternalError(absl::StrCat(employee_id, ": ", status.error_message()));
  }
  grpc::ClientContext context;
  Authorize(context, admin_token);
  v1::CreateTokenRequest request;
  request.mutable_token()->set_principal(absl::StrCat("people/", employee_id));
  *request.mutable_token()->mutable_expire_time() =
      db::TimeToTimestamp(absl::Now() + absl::Hours(1));
  v1::CreateTokenResponse response;
  grpc::Status status =
      NewStub<v1::IdentityService>(channel)->CreateToken(&context, request, &response);
  if (!status.ok())
    return absl::InternalError(absl::StrCat(employee_id, ": ", status.error_message()));
  return response.secret();
}

absl::StatusOr<int64_t> AddInteraction(const std::shared_ptr<grpc::Channel>& channel,
                                       const std::string& admin_token, const std::string& agent,
                                       const std::string& source_id) {
  grpc::ClientContext context;
  Authorize(context, admin_token);
  v1::CreateInteractionRequest request;
  *request.mutable_interaction() = NewInteraction("calibration", source_id, agent);
  v1::Interaction created;
  grpc::Status status =
      NewStub<v1::InteractionService>(channel)->CreateInteraction(&context, request, &created);
  if (!status.ok()) return absl::InternalError(status.error_message());
  return created.id();
}

}  // namespace escala::testing
