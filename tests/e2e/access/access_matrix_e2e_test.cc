// The authorization matrix, generated from the access policy table: every RPC of the API is
// called by every role — on the caller's own record, a teammate's and another team's — against
// the real escala-server over gRPC, and the status must be what the table's rule says. Calls
// without a token, or with an unknown, expired or revoked token, or a deactivated person's,
// must be UNAUTHENTICATED for every RPC.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "db/common/proto_time.h"
#include "escala/v1/assignments.grpc.pb.h"
#include "escala/v1/audit.grpc.pb.h"
#include "escala/v1/calibration.grpc.pb.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"
#include "gtest/gtest.h"
#include "server/platform/access_policy.h"
#include "server/qa/sampling.h"
#include "tests/e2e/harness/assignment_world.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using server::PolicyRole;
using server::Rule;

// Whose record a call is about, from the caller's point of view.
enum class Target { kOwn, kTeammate, kOtherTeam };
constexpr Target kTargets[] = {Target::kOwn, Target::kTeammate, Target::kOtherTeam};

const char* TargetName(Target target) {
  switch (target) {
    case Target::kOwn: return "own";
    case Target::kTeammate: return "teammate's";
    case Target::kOtherTeam: return "other team's";
  }
  return "?";
}

// A principal of the test world with its token.
struct Actor {
  std::string principal;    // "people/A1" or "serviceAccounts/hr"
  std::string employee_id;  // empty for service accounts
  std::string account_id;   // empty for people
  std::string token;
};

// Everyone and everything the matrix calls about. Team t-a holds one person of each person
// role plus a second agent (the teammate); team t-b holds one agent (the other team).
struct World {
  std::shared_ptr<grpc::Channel> channel;
  std::string admin_token;
  std::map<PolicyRole, Actor> callers;
  Actor teammate;    // A2, agent in t-a
  Actor other_team;  // B1, agent in t-b
  std::map<std::string, int64_t> interaction_of;  // employee id → one of their interactions
  int next_id = 0;

  std::string Unique(const std::string& prefix) { return absl::StrCat(prefix, ++next_id); }
};

// The person a target names for `caller`: a service account's "own" person is A1 (its rules on
// people are allow or deny, so the choice does not matter).
const Actor& PersonTarget(const World& world, const Actor& caller, Target target) {
  switch (target) {
    case Target::kOwn:
      return caller.employee_id.empty() ? world.callers.at(PolicyRole::kAgent) : caller;
    case Target::kTeammate:
      return caller.employee_id == world.teammate.employee_id ? world.callers.at(PolicyRole::kAgent)
                                                               : world.teammate;
    case Target::kOtherTeam:
      return world.other_team;
  }
  return world.other_team;
}

std::string TeamTarget(Target target) { return target == Target::kOtherTeam ? "t-b" : "t-a"; }

// The principal a token call is about: the caller itself, or someone else.
std::string PrincipalTarget(const World& world, const Actor& caller, Target target) {
  if (target == Target::kOwn) return caller.principal;
  return PersonTarget(world, caller, target).principal;
}

// The service account a call is about: the caller's own, or another one.
std::string AccountTarget(const Actor& caller, Target target) {
  if (target == Target::kOwn && !caller.account_id.empty()) return caller.account_id;
  return caller.account_id == "hr" ? "integ" : "hr";
}

v1::Interaction NewInteraction(World& world, const std::string& agent) {
  return escala::testing::NewInteraction("matrix", world.Unique("src-"), agent);
}

// "Found" for a list call: OK when the list holds the target, NOT_FOUND when the caller's scope
// left it out.
grpc::StatusCode Found(const grpc::Status& status, bool contains) {
  if (!status.ok()) return status.error_code();
  return contains ? grpc::StatusCode::OK : grpc::StatusCode::NOT_FOUND;
}

// Calls one RPC as `caller` about `target`'s record and returns the status code.
using Probe = std::function<grpc::StatusCode(World&, const Actor& caller, Target target)>;

std::map<std::string, Probe> PeopleProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.PeopleService/CreatePerson"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreatePersonRequest request;
    v1::Person* person = request.mutable_person();
    person->set_employee_id(w.Unique("N"));
    person->set_display_name("New hire");
    person->set_role(v1::ROLE_AGENT);
    person->set_level(1);
    person->set_team_id(TeamTarget(t));
    person->set_active(true);
    v1::Person response;
    return NewStub<v1::PeopleService>(w.channel)->CreatePerson(&context, request, &response).error_code();
  };
  probes["escala.v1.PeopleService/GetPerson"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetPersonRequest request;
    request.set_employee_id(PersonTarget(w, c, t).employee_id);
    v1::Person response;
    return NewStub<v1::PeopleService>(w.channel)->GetPerson(&context, request, &response).error_code();
  };
  probes["escala.v1.PeopleService/ListPeople"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListPeopleRequest request;
    request.set_page_size(1000);
    v1::ListPeopleResponse response;
    grpc::Status status = NewStub<v1::PeopleService>(w.channel)->ListPeople(&context, request, &response);
    const std::string& wanted = PersonTarget(w, c, t).employee_id;
    bool contains = false;
    for (const v1::Person& person : response.people()) contains |= person.employee_id() == wanted;
    return Found(status, contains);
  };
  probes["escala.v1.PeopleService/UpdatePerson"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdatePersonRequest request;
    request.mutable_person()->set_employee_id(PersonTarget(w, c, t).employee_id);
    request.mutable_person()->set_display_name(w.Unique("Renamed "));
    request.mutable_update_mask()->add_paths("display_name");
    v1::Person response;
    return NewStub<v1::PeopleService>(w.channel)->UpdatePerson(&context, request, &response).error_code();
  };
  probes["escala.v1.PeopleService/UpsertPeople"] = [](World& w, const Actor& c, Target t) {
    // The target as stored, sent back unchanged, read with the administrator's token.
    v1::Person stored;
    {
      grpc::ClientContext context;
      Authorize(context, w.admin_token);
      v1::GetPersonRequest get;
      get.set_employee_id(PersonTarget(w, c, t).employee_id);
      if (!NewStub<v1::PeopleService>(w.channel)->GetPerson(&context, get, &stored).ok()) return grpc::StatusCode::INTERNAL;
    }
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpsertPeopleRequest request;
    *request.add_people() = stored;
    v1::UpsertPeopleResponse response;
    return NewStub<v1::PeopleService>(w.channel)->UpsertPeople(&context, request, &response).error_code();
  };
  probes["escala.v1.PeopleService/CreateTeam"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreateTeamRequest request;
    request.mutable_team()->set_team_id(w.Unique("team-"));
    request.mutable_team()->set_display_name("New team");
    v1::Team response;
    return NewStub<v1::PeopleService>(w.channel)->CreateTeam(&context, request, &response).error_code();
  };
  probes["escala.v1.PeopleService/GetTeam"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetTeamRequest request;
    request.set_team_id(TeamTarget(t));
    v1::Team response;
    return NewStub<v1::PeopleService>(w.channel)->GetTeam(&context, request, &response).error_code();
  };
  probes["escala.v1.PeopleService/ListTeams"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListTeamsRequest request;
    request.set_page_size(1000);
    v1::ListTeamsResponse response;
    grpc::Status status = NewStub<v1::PeopleService>(w.channel)->ListTeams(&context, request, &response);
    bool contains = false;
    for (const v1::Team& team : response.teams()) contains |= team.team_id() == TeamTarget(t);
    return Found(status, contains);
  };
  probes["escala.v1.PeopleService/UpdateTeam"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdateTeamRequest request;
    request.mutable_team()->set_team_id(TeamTarget(t));
    request.mutable_team()->set_display_name(w.Unique("Team "));
    request.mutable_update_mask()->add_paths("display_name");
    v1::Team response;
    return NewStub<v1::PeopleService>(w.channel)->UpdateTeam(&context, request, &response).error_code();
  };
  return probes;
}

std::map<std::string, Probe> InteractionProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.InteractionService/CreateInteraction"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreateInteractionRequest request;
    *request.mutable_interaction() = NewInteraction(w, PersonTarget(w, c, t).employee_id);
    v1::Interaction response;
    return NewStub<v1::InteractionService>(w.channel)->CreateInteraction(&context, request, &response).error_code();
  };
  probes["escala.v1.InteractionService/GetInteraction"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetInteractionRequest request;
    request.set_id(w.interaction_of.at(PersonTarget(w, c, t).employee_id));
    v1::Interaction response;
    return NewStub<v1::InteractionService>(w.channel)->GetInteraction(&context, request, &response).error_code();
  };
  probes["escala.v1.InteractionService/ListInteractions"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListInteractionsRequest request;
    request.set_page_size(1000);
    v1::ListInteractionsResponse response;
    grpc::Status status = NewStub<v1::InteractionService>(w.channel)->ListInteractions(&context, request, &response);
    const int64_t wanted = w.interaction_of.at(PersonTarget(w, c, t).employee_id);
    bool contains = false;
    for (const v1::Interaction& interaction : response.interactions()) contains |= interaction.id() == wanted;
    return Found(status, contains);
  };
  probes["escala.v1.InteractionService/UpdateInteraction"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdateInteractionRequest request;
    request.mutable_interaction()->set_id(w.interaction_of.at(PersonTarget(w, c, t).employee_id));
    request.mutable_interaction()->set_queue(w.Unique("queue-"));
    request.mutable_update_mask()->add_paths("queue");
    v1::Interaction response;
    return NewStub<v1::InteractionService>(w.channel)->UpdateInteraction(&context, request, &response).error_code();
  };
  probes["escala.v1.InteractionService/ImportInteractions"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ImportInteractionsResponse response;
    auto stub = NewStub<v1::InteractionService>(w.channel);
    std::unique_ptr<grpc::ClientWriter<v1::ImportInteractionsRequest>> writer =
        stub->ImportInteractions(&context, &response);
    v1::ImportInteractionsRequest request;
    *request.add_interactions() = NewInteraction(w, PersonTarget(w, c, t).employee_id);
    writer->Write(request);
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (status.ok() && response.imported_count() != 1) return grpc::StatusCode::INTERNAL;
    return status.error_code();
  };
  return probes;
}

std::map<std::string, Probe> IdentityProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.IdentityService/WhoAmI"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::Principal response;
    grpc::Status status = NewStub<v1::IdentityService>(w.channel)->WhoAmI(&context, v1::WhoAmIRequest(), &response);
    if (status.ok() && response.name() != c.principal) return grpc::StatusCode::INTERNAL;
    return status.error_code();
  };
  probes["escala.v1.IdentityService/CreateToken"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreateTokenRequest request;
    request.mutable_token()->set_principal(PrincipalTarget(w, c, t));
    v1::CreateTokenResponse response;
    return NewStub<v1::IdentityService>(w.channel)->CreateToken(&context, request, &response).error_code();
  };
  probes["escala.v1.IdentityService/ListTokens"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListTokensRequest request;
    request.set_principal(PrincipalTarget(w, c, t));
    request.set_page_size(1000);
    v1::ListTokensResponse response;
    grpc::Status status = NewStub<v1::IdentityService>(w.channel)->ListTokens(&context, request, &response);
    // Every principal of the world holds at least one token.
    return Found(status, response.tokens_size() > 0);
  };
  probes["escala.v1.IdentityService/RevokeToken"] = [](World& w, const Actor& c, Target t) {
    v1::CreateTokenResponse spare;
    {
      grpc::ClientContext context;
      Authorize(context, w.admin_token);
      v1::CreateTokenRequest request;
      request.mutable_token()->set_principal(PrincipalTarget(w, c, t));
      request.mutable_token()->set_description("spare, to be revoked");
      if (!NewStub<v1::IdentityService>(w.channel)->CreateToken(&context, request, &spare).ok()) {
        return grpc::StatusCode::INTERNAL;
      }
    }
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::RevokeTokenRequest request;
    request.set_token_id(spare.token().token_id());
    v1::ApiToken response;
    return NewStub<v1::IdentityService>(w.channel)->RevokeToken(&context, request, &response).error_code();
  };
  probes["escala.v1.IdentityService/CreateServiceAccount"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreateServiceAccountRequest request;
    request.mutable_service_account()->set_account_id(w.Unique("svc-"));
    request.mutable_service_account()->set_display_name("Feed");
    request.mutable_service_account()->set_role(v1::ROLE_INTEGRATION);
    v1::ServiceAccount response;
    return NewStub<v1::IdentityService>(w.channel)->CreateServiceAccount(&context, request, &response).error_code();
  };
  probes["escala.v1.IdentityService/GetServiceAccount"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetServiceAccountRequest request;
    request.set_account_id(AccountTarget(c, t));
    v1::ServiceAccount response;
    return NewStub<v1::IdentityService>(w.channel)->GetServiceAccount(&context, request, &response).error_code();
  };
  probes["escala.v1.IdentityService/ListServiceAccounts"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListServiceAccountsRequest request;
    request.set_page_size(1000);
    v1::ListServiceAccountsResponse response;
    grpc::Status status = NewStub<v1::IdentityService>(w.channel)->ListServiceAccounts(&context, request, &response);
    bool contains = false;
    for (const v1::ServiceAccount& a : response.service_accounts()) contains |= a.account_id() == AccountTarget(c, t);
    return Found(status, contains);
  };
  probes["escala.v1.IdentityService/UpdateServiceAccount"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdateServiceAccountRequest request;
    request.mutable_service_account()->set_account_id(AccountTarget(c, t));
    request.mutable_service_account()->set_display_name(w.Unique("Account "));
    request.mutable_update_mask()->add_paths("display_name");
    v1::ServiceAccount response;
    return NewStub<v1::IdentityService>(w.channel)->UpdateServiceAccount(&context, request, &response).error_code();
  };
  probes["escala.v1.AuditService/ListAuditEvents"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListAuditEventsRequest request;
    v1::ListAuditEventsResponse response;
    return NewStub<v1::AuditService>(w.channel)->ListAuditEvents(&context, request, &response).error_code();
  };
  return probes;
}

// Calibration: the world's evaluating callers (team lead, QA analyst, manager; head of support
// as expert) take part in every session, so each of them may see and score it.
v1::CalibrationSession CalibrationSessionDraft(const World& w) {
  v1::CalibrationSession session;
  session.set_title("Matrix calibration");
  session.add_interaction_ids(w.interaction_of.at("A1"));
  session.set_scorecard_id(kCalibrationScorecard);
  for (PolicyRole role : {PolicyRole::kTeamLead, PolicyRole::kQaAnalyst, PolicyRole::kManager}) {
    session.add_evaluator_employee_ids(w.callers.at(role).employee_id);
  }
  session.set_expert_employee_id(w.callers.at(PolicyRole::kHeadOfSupport).employee_id);
  *session.mutable_deadline() = db::TimeToTimestamp(absl::Now() + absl::Hours(1));
  return session;
}

grpc::Status CreateCalibrationAs(World& w, const std::string& token, v1::CalibrationSession* created) {
  grpc::ClientContext context;
  Authorize(context, token);
  v1::CreateCalibrationSessionRequest request;
  *request.mutable_session() = CalibrationSessionDraft(w);
  return NewStub<v1::CalibrationService>(w.channel)->CreateCalibrationSession(&context, request, created);
}

// A session made by the manager, closed when `closed`; 0 when it could not be made.
int64_t ManagerCalibrationSession(World& w, bool closed) {
  const std::string& token = w.callers.at(PolicyRole::kManager).token;
  v1::CalibrationSession created;
  if (!CreateCalibrationAs(w, token, &created).ok()) return 0;
  if (closed) {
    grpc::ClientContext context;
    Authorize(context, token);
    v1::CloseCalibrationSessionRequest request;
    request.set_id(created.id());
    v1::CalibrationSession response;
    if (!NewStub<v1::CalibrationService>(w.channel)->CloseCalibrationSession(&context, request, &response).ok()) {
      return 0;
    }
  }
  return created.id();
}

std::map<std::string, Probe> CalibrationProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.CalibrationService/CreateCalibrationSession"] = [](World& w, const Actor& c, Target) {
    v1::CalibrationSession created;
    return CreateCalibrationAs(w, c.token, &created).error_code();
  };
  probes["escala.v1.CalibrationService/GetCalibrationSession"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetCalibrationSessionRequest request;
    request.set_id(ManagerCalibrationSession(w, false));
    v1::CalibrationSession response;
    return NewStub<v1::CalibrationService>(w.channel)->GetCalibrationSession(&context, request, &response).error_code();
  };
  probes["escala.v1.CalibrationService/ListCalibrationSessions"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListCalibrationSessionsRequest request;
    v1::ListCalibrationSessionsResponse response;
    return NewStub<v1::CalibrationService>(w.channel)->ListCalibrationSessions(&context, request, &response).error_code();
  };
  probes["escala.v1.CalibrationService/SubmitCalibrationScore"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::SubmitCalibrationScoreRequest request;
    request.mutable_score()->set_session_id(ManagerCalibrationSession(w, false));
    request.mutable_score()->set_interaction_id(w.interaction_of.at("A1"));
    for (const auto& [key, value] : {std::pair<const char*, int>{"greet", 1}, {"tone", 4}}) {
      v1::CriterionAnswer* answer = request.mutable_score()->add_answers();
      answer->set_criterion_key(key);
      answer->set_value(value);
    }
    v1::CalibrationScore response;
    return NewStub<v1::CalibrationService>(w.channel)->SubmitCalibrationScore(&context, request, &response).error_code();
  };
  probes["escala.v1.CalibrationService/ListCalibrationScores"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListCalibrationScoresRequest request;
    request.set_session_id(ManagerCalibrationSession(w, false));
    v1::ListCalibrationScoresResponse response;
    return NewStub<v1::CalibrationService>(w.channel)->ListCalibrationScores(&context, request, &response).error_code();
  };
  probes["escala.v1.CalibrationService/CloseCalibrationSession"] = [](World& w, const Actor& c, Target) {
    // The caller's own session when they may create one (its creator may close it), else the
    // manager's: the policy has refused such a caller before the session matters.
    v1::CalibrationSession own;
    const int64_t id = CreateCalibrationAs(w, c.token, &own).ok() ? own.id() : ManagerCalibrationSession(w, false);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CloseCalibrationSessionRequest request;
    request.set_id(id);
    v1::CalibrationSession response;
    return NewStub<v1::CalibrationService>(w.channel)->CloseCalibrationSession(&context, request, &response).error_code();
  };
  probes["escala.v1.CalibrationService/GetCalibrationResults"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetCalibrationResultsRequest request;
    request.set_session_id(ManagerCalibrationSession(w, true));
    v1::CalibrationResults response;
    return NewStub<v1::CalibrationService>(w.channel)->GetCalibrationResults(&context, request, &response).error_code();
  };
  probes["escala.v1.CalibrationService/GetEvaluatorLeniency"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetEvaluatorLeniencyRequest request;
    v1::GetEvaluatorLeniencyResponse response;
    return NewStub<v1::CalibrationService>(w.channel)->GetEvaluatorLeniency(&context, request, &response).error_code();
  };
  return probes;
}

// Scorecards: the world's QA analyst makes the card a probe changes, so each probe's call is
// the only thing the caller's rule decides.
v1::Scorecard ProbeScorecard(const std::string& scorecard_id) {
  v1::Scorecard scorecard;
  scorecard.set_scorecard_id(scorecard_id);
  scorecard.set_title("Probe card");
  v1::ScorecardSection* section = scorecard.add_sections();
  section->set_key("s");
  section->set_title("Section");
  v1::Criterion* criterion = section->add_criteria();
  criterion->set_key("c");
  criterion->set_title("Criterion");
  criterion->set_weight(1);
  criterion->mutable_scale()->set_kind(v1::SCALE_KIND_YES_NO);
  return scorecard;
}

// A new draft scorecard made by the QA analyst; "" when that failed.
v1::Scorecard QaDraftScorecard(World& w) {
  grpc::ClientContext context;
  Authorize(context, w.callers.at(PolicyRole::kQaAnalyst).token);
  v1::CreateScorecardRequest request;
  *request.mutable_scorecard() = ProbeScorecard(w.Unique("probe-card-"));
  v1::Scorecard created;
  grpc::Status status = NewStub<v1::ScorecardService>(w.channel)->CreateScorecard(&context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

std::map<std::string, Probe> ScorecardProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.ScorecardService/CreateScorecard"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreateScorecardRequest request;
    *request.mutable_scorecard() = ProbeScorecard(w.Unique("new-card-"));
    v1::Scorecard response;
    return NewStub<v1::ScorecardService>(w.channel)->CreateScorecard(&context, request, &response).error_code();
  };
  probes["escala.v1.ScorecardService/GetScorecard"] = [](World& w, const Actor& c, Target) {
    const v1::Scorecard draft = QaDraftScorecard(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetScorecardRequest request;
    request.set_scorecard_id(draft.scorecard_id());
    v1::Scorecard response;
    return NewStub<v1::ScorecardService>(w.channel)->GetScorecard(&context, request, &response).error_code();
  };
  probes["escala.v1.ScorecardService/ListScorecards"] = [](World& w, const Actor& c, Target) {
    const v1::Scorecard draft = QaDraftScorecard(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListScorecardsRequest request;
    request.set_page_size(1000);
    v1::ListScorecardsResponse response;
    grpc::Status status = NewStub<v1::ScorecardService>(w.channel)->ListScorecards(&context, request, &response);
    bool contains = false;
    for (const v1::Scorecard& s : response.scorecards()) contains |= s.scorecard_id() == draft.scorecard_id();
    return Found(status, contains);
  };
  probes["escala.v1.ScorecardService/ListScorecardVersions"] = [](World& w, const Actor& c, Target) {
    const v1::Scorecard draft = QaDraftScorecard(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListScorecardVersionsRequest request;
    request.set_scorecard_id(draft.scorecard_id());
    v1::ListScorecardsResponse response;
    grpc::Status status = NewStub<v1::ScorecardService>(w.channel)->ListScorecardVersions(&context, request, &response);
    return Found(status, response.scorecards_size() == 1);
  };
  probes["escala.v1.ScorecardService/UpdateScorecard"] = [](World& w, const Actor& c, Target) {
    const v1::Scorecard draft = QaDraftScorecard(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdateScorecardRequest request;
    *request.mutable_scorecard() = ProbeScorecard(draft.scorecard_id());
    request.mutable_scorecard()->set_title("Probe card, edited");
    request.set_etag(draft.etag());
    v1::Scorecard response;
    return NewStub<v1::ScorecardService>(w.channel)->UpdateScorecard(&context, request, &response).error_code();
  };
  probes["escala.v1.ScorecardService/PublishScorecard"] = [](World& w, const Actor& c, Target) {
    const v1::Scorecard draft = QaDraftScorecard(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::PublishScorecardRequest request;
    request.set_scorecard_id(draft.scorecard_id());
    request.set_etag(draft.etag());
    v1::Scorecard response;
    return NewStub<v1::ScorecardService>(w.channel)->PublishScorecard(&context, request, &response).error_code();
  };
  probes["escala.v1.ScorecardService/RetireScorecard"] = [](World& w, const Actor& c, Target) {
    const v1::Scorecard draft = QaDraftScorecard(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::RetireScorecardRequest request;
    request.set_scorecard_id(draft.scorecard_id());
    request.set_reason("probe");
    v1::Scorecard response;
    return NewStub<v1::ScorecardService>(w.channel)->RetireScorecard(&context, request, &response).error_code();
  };
  return probes;
}

// The scorecard sampling plans use: the calibration scorecard BuildWorld publishes.
v1::SamplingPlan PlanDraft(const std::string& team_id, const std::vector<std::string>& agents,
                           const std::string& evaluator) {
  v1::SamplingPlan plan;
  plan.set_name("Matrix plan");
  plan.set_team_id(team_id);
  for (const std::string& agent : agents) plan.add_agent_employee_ids(agent);
  plan.set_per_agent_per_week(1);
  plan.set_scorecard_id(kCalibrationScorecard);
  plan.add_evaluator_employee_ids(evaluator);
  return plan;
}

grpc::Status CreatePlanAs(World& w, const std::string& token, const v1::SamplingPlan& draft, v1::SamplingPlan* created) {
  grpc::ClientContext context;
  Authorize(context, token);
  v1::CreateSamplingPlanRequest request;
  *request.mutable_plan() = draft;
  return NewStub<v1::AssignmentService>(w.channel)->CreateSamplingPlan(&context, request, created);
}

// The two weeks around now, which hold every interaction of the world (they started an hour ago).
void CurrentWeeks(v1::GenerateAssignmentsRequest& request) {
  const int64_t week = server::WeekStartMillis(absl::ToUnixMillis(absl::Now()));
  *request.mutable_period_start() = db::MillisToTimestamp(week - 7LL * 24 * 3600 * 1000);
  *request.mutable_period_end() = db::MillisToTimestamp(week + 7LL * 24 * 3600 * 1000);
}

// A plan of `team_id` made by the manager; 0 when it could not be made.
int64_t ManagerPlan(World& w, const std::string& team_id) {
  v1::SamplingPlan created;
  if (!CreatePlanAs(w, w.callers.at(PolicyRole::kManager).token, PlanDraft(team_id, {}, "Q1"), &created).ok()) return 0;
  return created.id();
}

// An open assignment of A1's interaction in `evaluator`'s queue, made by the manager through a
// plan of its own; 0 when it could not be made.
int64_t AssignmentOf(World& w, const std::string& evaluator) {
  const std::string& token = w.callers.at(PolicyRole::kManager).token;
  v1::SamplingPlan plan;
  if (!CreatePlanAs(w, token, PlanDraft("", {"A1"}, evaluator), &plan).ok()) return 0;
  grpc::ClientContext context;
  Authorize(context, token);
  v1::GenerateAssignmentsRequest request;
  request.set_plan_id(plan.id());
  CurrentWeeks(request);
  v1::GenerateAssignmentsResponse response;
  if (!NewStub<v1::AssignmentService>(w.channel)->GenerateAssignments(&context, request, &response).ok() ||
      response.assignments().empty()) {
    return 0;
  }
  return response.assignments(0).id();
}

// Whose queue an assignment call is about: the caller's own, a teammate evaluator's (Q1, or M1
// for Q1), or an evaluator's of the other team (QB, made on first use).
std::string EvaluatorTarget(World& w, const Actor& caller, Target target) {
  switch (target) {
    case Target::kOwn:
      return caller.employee_id.empty() ? "Q1" : caller.employee_id;
    case Target::kTeammate:
      return caller.employee_id == "Q1" ? "M1" : "Q1";
    case Target::kOtherTeam:
      break;
  }
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::CreatePersonRequest request;
  v1::Person* person = request.mutable_person();
  person->set_employee_id("QB");
  person->set_display_name("Analyst of team b");
  person->set_role(v1::ROLE_QA_ANALYST);
  person->set_level(3);
  person->set_team_id("t-b");
  person->set_active(true);
  v1::Person created;
  (void)NewStub<v1::PeopleService>(w.channel)->CreatePerson(&context, request, &created);  // exists after the first call
  return "QB";
}

std::map<std::string, Probe> AssignmentProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.AssignmentService/CreateSamplingPlan"] = [](World& w, const Actor& c, Target t) {
    v1::SamplingPlan created;
    return CreatePlanAs(w, c.token, PlanDraft(TeamTarget(t), {}, "Q1"), &created).error_code();
  };
  probes["escala.v1.AssignmentService/GetSamplingPlan"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetSamplingPlanRequest request;
    request.set_id(ManagerPlan(w, TeamTarget(t)));
    v1::SamplingPlan response;
    return NewStub<v1::AssignmentService>(w.channel)->GetSamplingPlan(&context, request, &response).error_code();
  };
  probes["escala.v1.AssignmentService/ListSamplingPlans"] = [](World& w, const Actor& c, Target t) {
    const int64_t wanted = ManagerPlan(w, TeamTarget(t));
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListSamplingPlansRequest request;
    request.set_page_size(1000);
    v1::ListSamplingPlansResponse response;
    grpc::Status status = NewStub<v1::AssignmentService>(w.channel)->ListSamplingPlans(&context, request, &response);
    bool contains = false;
    for (const v1::SamplingPlan& plan : response.plans()) contains |= plan.id() == wanted;
    return Found(status, contains);
  };
  probes["escala.v1.AssignmentService/GenerateAssignments"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GenerateAssignmentsRequest request;
    request.set_plan_id(ManagerPlan(w, TeamTarget(t)));
    CurrentWeeks(request);
    request.set_dry_run(true);
    v1::GenerateAssignmentsResponse response;
    return NewStub<v1::AssignmentService>(w.channel)->GenerateAssignments(&context, request, &response).error_code();
  };
  probes["escala.v1.AssignmentService/ListAssignments"] = [](World& w, const Actor& c, Target t) {
    const int64_t wanted = AssignmentOf(w, EvaluatorTarget(w, c, t));
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListAssignmentsRequest request;
    request.set_page_size(1000);
    request.set_state(v1::ASSIGNMENT_STATE_OPEN);
    v1::ListAssignmentsResponse response;
    grpc::Status status = NewStub<v1::AssignmentService>(w.channel)->ListAssignments(&context, request, &response);
    bool contains = false;
    for (const v1::Assignment& a : response.assignments()) contains |= a.id() == wanted;
    // Pages run by id: an assignment past the first page would read as left out.
    if (status.ok() && !response.next_page_token().empty()) return grpc::StatusCode::INTERNAL;
    return Found(status, contains);
  };
  probes["escala.v1.AssignmentService/SkipAssignment"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::SkipAssignmentRequest request;
    request.set_id(AssignmentOf(w, EvaluatorTarget(w, c, t)));
    request.set_reason("Not reviewable");
    v1::SkipAssignmentResponse response;
    return NewStub<v1::AssignmentService>(w.channel)->SkipAssignment(&context, request, &response).error_code();
  };
  probes["escala.v1.AssignmentService/ListAgentQaSummaries"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListAgentQaSummariesRequest request;
    request.set_page_size(1000);
    v1::ListAgentQaSummariesResponse response;
    grpc::Status status =
        NewStub<v1::AssignmentService>(w.channel)->ListAgentQaSummaries(&context, request, &response);
    const std::string& wanted = PersonTarget(w, c, t).employee_id;
    bool contains = false;
    for (const v1::AgentQaSummary& s : response.summaries()) contains |= s.agent_employee_id() == wanted;
    return Found(status, contains);
  };
  return probes;
}

// Evaluation probes. Nobody evaluates themself, so for the calls that write an evaluation
// (create, update, submit, resolve) the "own" record is one the caller writes about a teammate;
// for the calls that read or answer one (get, list, acknowledge, dispute) it is an evaluation of
// the caller as the agent. Set-up runs with fixture tokens: evaluations are written by the
// first of Q1, M1, H1 that is neither the caller nor the agent.
const Actor& ActorOf(const World& w, const std::string& employee_id) {
  if (w.teammate.employee_id == employee_id) return w.teammate;
  if (w.other_team.employee_id == employee_id) return w.other_team;
  for (const auto& [role, actor] : w.callers) {
    if (actor.employee_id == employee_id) return actor;
  }
  return w.callers.at(PolicyRole::kAgent);
}

std::string EvaluatedAgent(const World& w, const Actor& caller, Target target) {
  if (target == Target::kOtherTeam) return w.other_team.employee_id;
  return caller.employee_id == w.teammate.employee_id ? "A1" : w.teammate.employee_id;
}

const Actor& FixtureEvaluator(const World& w, const std::string& not_a, const std::string& not_b) {
  for (const char* id : {"Q1", "M1", "H1"}) {
    if (id != not_a && id != not_b) return ActorOf(w, id);
  }
  return ActorOf(w, "H1");
}

int64_t FreshInteraction(World& w, const std::string& agent) {
  grpc::ClientContext context;
  Authorize(context, w.admin_token);
  v1::CreateInteractionRequest request;
  *request.mutable_interaction() = NewInteraction(w, agent);
  v1::Interaction created;
  if (!NewStub<v1::InteractionService>(w.channel)->CreateInteraction(&context, request, &created).ok()) return 0;
  return created.id();
}

v1::Evaluation ProbeEvaluation(int64_t interaction) {
  v1::Evaluation evaluation;
  evaluation.set_interaction_id(interaction);
  evaluation.set_scorecard_id(kCalibrationScorecard);
  for (auto [key, value] : {std::pair<const char*, int>{"greet", 1}, {"tone", 3}}) {
    v1::CriterionAnswer* answer = evaluation.add_answers();
    answer->set_criterion_key(key);
    answer->set_value(value);
  }
  return evaluation;
}

grpc::Status CreateDraftAs(World& w, const std::string& token, int64_t interaction, v1::Evaluation* draft) {
  grpc::ClientContext context;
  Authorize(context, token);
  v1::CreateEvaluationRequest request;
  *request.mutable_evaluation() = ProbeEvaluation(interaction);
  return NewStub<v1::EvaluationService>(w.channel)->CreateEvaluation(&context, request, draft);
}

grpc::Status SubmitNewAs(World& w, const std::string& token, int64_t interaction, v1::Evaluation* submitted) {
  grpc::ClientContext context;
  Authorize(context, token);
  v1::SubmitEvaluationRequest request;
  *request.mutable_evaluation() = ProbeEvaluation(interaction);
  return NewStub<v1::EvaluationService>(w.channel)->SubmitEvaluation(&context, request, submitted);
}

// A submitted evaluation of `agent` by a fixture evaluator; id 0 when it could not be made.
v1::Evaluation SubmittedEvaluationOf(World& w, const std::string& agent, const std::string& not_evaluator) {
  v1::Evaluation submitted;
  const Actor& evaluator = FixtureEvaluator(w, agent, not_evaluator);
  if (!SubmitNewAs(w, evaluator.token, FreshInteraction(w, agent), &submitted).ok()) submitted.set_id(0);
  return submitted;
}

std::map<std::string, Probe> EvaluationProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.EvaluationService/CreateEvaluation"] = [](World& w, const Actor& c, Target t) {
    v1::Evaluation draft;
    return CreateDraftAs(w, c.token, FreshInteraction(w, EvaluatedAgent(w, c, t)), &draft).error_code();
  };
  probes["escala.v1.EvaluationService/SubmitEvaluation"] = [](World& w, const Actor& c, Target t) {
    v1::Evaluation submitted;
    return SubmitNewAs(w, c.token, FreshInteraction(w, EvaluatedAgent(w, c, t)), &submitted).error_code();
  };
  probes["escala.v1.EvaluationService/UpdateEvaluation"] = [](World& w, const Actor& c, Target t) {
    const std::string agent = EvaluatedAgent(w, c, t);
    const int64_t interaction = FreshInteraction(w, agent);
    v1::Evaluation draft;
    // The caller's own draft where the caller may write one; else someone else's.
    if (!CreateDraftAs(w, c.token, interaction, &draft).ok() &&
        !CreateDraftAs(w, FixtureEvaluator(w, agent, c.employee_id).token, interaction, &draft).ok()) {
      return grpc::StatusCode::INTERNAL;
    }
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdateEvaluationRequest request;
    *request.mutable_evaluation() = ProbeEvaluation(interaction);
    request.mutable_evaluation()->set_id(draft.id());
    request.mutable_evaluation()->set_overall_comment(w.Unique("comment "));
    request.set_etag(draft.etag());
    v1::Evaluation response;
    return NewStub<v1::EvaluationService>(w.channel)->UpdateEvaluation(&context, request, &response).error_code();
  };
  probes["escala.v1.EvaluationService/GetEvaluation"] = [](World& w, const Actor& c, Target t) {
    const v1::Evaluation target = SubmittedEvaluationOf(w, PersonTarget(w, c, t).employee_id, "");
    if (target.id() == 0) return grpc::StatusCode::INTERNAL;
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetEvaluationRequest request;
    request.set_id(target.id());
    v1::Evaluation response;
    return NewStub<v1::EvaluationService>(w.channel)->GetEvaluation(&context, request, &response).error_code();
  };
  probes["escala.v1.EvaluationService/ListEvaluations"] = [](World& w, const Actor& c, Target t) {
    const v1::Evaluation target = SubmittedEvaluationOf(w, PersonTarget(w, c, t).employee_id, "");
    if (target.id() == 0) return grpc::StatusCode::INTERNAL;
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListEvaluationsRequest request;
    request.set_interaction_id(target.interaction_id());
    request.set_page_size(1000);
    v1::ListEvaluationsResponse response;
    grpc::Status status = NewStub<v1::EvaluationService>(w.channel)->ListEvaluations(&context, request, &response);
    bool contains = false;
    for (const v1::Evaluation& e : response.evaluations()) contains |= e.id() == target.id();
    return Found(status, contains);
  };
  probes["escala.v1.EvaluationService/AcknowledgeEvaluation"] = [](World& w, const Actor& c, Target t) {
    const v1::Evaluation target = SubmittedEvaluationOf(w, PersonTarget(w, c, t).employee_id, "");
    if (target.id() == 0) return grpc::StatusCode::INTERNAL;
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::AcknowledgeEvaluationRequest request;
    request.set_id(target.id());
    v1::Evaluation response;
    return NewStub<v1::EvaluationService>(w.channel)->AcknowledgeEvaluation(&context, request, &response).error_code();
  };
  probes["escala.v1.EvaluationService/OpenDispute"] = [](World& w, const Actor& c, Target t) {
    const v1::Evaluation target = SubmittedEvaluationOf(w, PersonTarget(w, c, t).employee_id, "");
    if (target.id() == 0) return grpc::StatusCode::INTERNAL;
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::OpenDisputeRequest request;
    request.set_id(target.id());
    request.add_items()->set_criterion_key("tone");
    request.mutable_items(0)->set_reason("Calm throughout");
    v1::Evaluation response;
    return NewStub<v1::EvaluationService>(w.channel)->OpenDispute(&context, request, &response).error_code();
  };
  probes["escala.v1.EvaluationService/ResolveDispute"] = [](World& w, const Actor& c, Target t) {
    const std::string agent = EvaluatedAgent(w, c, t);
    const v1::Evaluation submitted = SubmittedEvaluationOf(w, agent, c.employee_id);
    if (submitted.id() == 0) return grpc::StatusCode::INTERNAL;
    v1::Evaluation disputed;
    {
      grpc::ClientContext context;
      Authorize(context, ActorOf(w, agent).token);
      v1::OpenDisputeRequest request;
      request.set_id(submitted.id());
      request.add_items()->set_criterion_key("tone");
      request.mutable_items(0)->set_reason("Calm throughout");
      if (!NewStub<v1::EvaluationService>(w.channel)->OpenDispute(&context, request, &disputed).ok()) {
        return grpc::StatusCode::INTERNAL;
      }
    }
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ResolveDisputeRequest request;
    request.set_id(disputed.id());
    request.set_etag(disputed.etag());
    v1::ContestedCriterion* item = request.add_items();
    item->set_criterion_key("tone");
    item->set_outcome(v1::DISPUTE_OUTCOME_UPHELD);
    item->set_resolution_reason("Recording checked");
    v1::Evaluation response;
    return NewStub<v1::EvaluationService>(w.channel)->ResolveDispute(&context, request, &response).error_code();
  };
  return probes;
}

std::map<std::string, Probe> AllProbes() {
  std::map<std::string, Probe> probes = PeopleProbes();
  probes.merge(InteractionProbes());
  probes.merge(IdentityProbes());
  probes.merge(ScorecardProbes());
  probes.merge(CalibrationProbes());
  probes.merge(AssignmentProbes());
  probes.merge(EvaluationProbes());
  return probes;
}

// What the table's rule means for one target: the exact code, or "reached" (OK).
grpc::StatusCode ExpectedCode(Rule rule, Target target) {
  switch (rule) {
    case Rule::kDeny: return grpc::StatusCode::PERMISSION_DENIED;
    case Rule::kAllow: return grpc::StatusCode::OK;
    case Rule::kOwn: return target == Target::kOwn ? grpc::StatusCode::OK : grpc::StatusCode::NOT_FOUND;
    case Rule::kTeam: return target == Target::kOtherTeam ? grpc::StatusCode::NOT_FOUND : grpc::StatusCode::OK;
  }
  return grpc::StatusCode::UNKNOWN;
}

class AccessMatrixTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    absl::StatusOr<std::unique_ptr<ServerUnderTest>> server = ServerUnderTest::Start(database());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    world_.channel = PlaintextChannel(server_->address());
    world_.admin_token = server_->admin_token();
    BuildWorld();
  }

  void TearDown() override {
    // Closing the connection first lets the server stop at once instead of waiting on it.
    world_.channel.reset();
    server_.reset();
    DatabaseTest::TearDown();
  }

  void MustSucceed(const grpc::Status& status, const std::string& what) {
    ASSERT_TRUE(status.ok()) << what << ": " << status.error_message();
  }

  void AddTeam(const std::string& team_id) {
    grpc::ClientContext context;
    Authorize(context, world_.admin_token);
    v1::CreateTeamRequest request;
    request.mutable_team()->set_team_id(team_id);
    request.mutable_team()->set_display_name(team_id);
    v1::Team team;
    MustSucceed(NewStub<v1::PeopleService>(world_.channel)->CreateTeam(&context, request, &team), team_id);
  }

  std::string IssueToken(const std::string& principal, absl::Duration lifetime = absl::Hours(1)) {
    grpc::ClientContext context;
    Authorize(context, world_.admin_token);
    v1::CreateTokenRequest request;
    request.mutable_token()->set_principal(principal);
    *request.mutable_token()->mutable_expire_time() = db::TimeToTimestamp(absl::Now() + lifetime);
    v1::CreateTokenResponse response;
    grpc::Status status = NewStub<v1::IdentityService>(world_.channel)->CreateToken(&context, request, &response);
    EXPECT_TRUE(status.ok()) << principal << ": " << status.error_message();
    last_token_id_ = response.token().token_id();
    return response.secret();
  }

  Actor AddPerson(const std::string& employee_id, v1::Role role, const std::string& team_id) {
    grpc::ClientContext context;
    Authorize(context, world_.admin_token);
    v1::CreatePersonRequest request;
    v1::Person* person = request.mutable_person();
    person->set_employee_id(employee_id);
    person->set_display_name(absl::StrCat("Person ", employee_id));
    person->set_role(role);
    person->set_level(role == v1::ROLE_AGENT ? 1 : 3);
    person->set_team_id(team_id);
    person->set_active(true);
    v1::Person created;
    grpc::Status status = NewStub<v1::PeopleService>(world_.channel)->CreatePerson(&context, request, &created);
    EXPECT_TRUE(status.ok()) << employee_id << ": " << status.error_message();
    Actor actor{"people/" + employee_id, employee_id, "", ""};
    actor.token = IssueToken(actor.principal);
    // One interaction per person, for the interaction probes.
    grpc::ClientContext create_context;
    Authorize(create_context, world_.admin_token);
    v1::CreateInteractionRequest create;
    *create.mutable_interaction() = NewInteraction(world_, employee_id);
    v1::Interaction interaction;
    status = NewStub<v1::InteractionService>(world_.channel)->CreateInteraction(&create_context, create, &interaction);
    EXPECT_TRUE(status.ok()) << status.error_message();
    world_.interaction_of[employee_id] = interaction.id();
    return actor;
  }

  Actor AddAccount(const std::string& account_id, v1::Role role) {
    if (account_id != "admin") {
      grpc::ClientContext context;
      Authorize(context, world_.admin_token);
      v1::CreateServiceAccountRequest request;
      request.mutable_service_account()->set_account_id(account_id);
      request.mutable_service_account()->set_display_name(account_id);
      request.mutable_service_account()->set_role(role);
      v1::ServiceAccount created;
      grpc::Status status = NewStub<v1::IdentityService>(world_.channel)->CreateServiceAccount(&context, request, &created);
      EXPECT_TRUE(status.ok()) << account_id << ": " << status.error_message();
    }
    Actor actor{"serviceAccounts/" + account_id, "", account_id, ""};
    actor.token = IssueToken(actor.principal);
    return actor;
  }

  void BuildWorld() {
    AddTeam("t-a");
    AddTeam("t-b");
    world_.callers[PolicyRole::kAgent] = AddPerson("A1", v1::ROLE_AGENT, "t-a");
    world_.callers[PolicyRole::kTeamLead] = AddPerson("L1", v1::ROLE_TEAM_LEAD, "t-a");
    world_.callers[PolicyRole::kQaAnalyst] = AddPerson("Q1", v1::ROLE_QA_ANALYST, "t-a");
    world_.callers[PolicyRole::kTrainer] = AddPerson("T1", v1::ROLE_TRAINER, "t-a");
    world_.callers[PolicyRole::kManager] = AddPerson("M1", v1::ROLE_MANAGER, "t-a");
    world_.callers[PolicyRole::kHeadOfSupport] = AddPerson("H1", v1::ROLE_HEAD_OF_SUPPORT, "t-a");
    world_.callers[PolicyRole::kHrSystem] = AddAccount("hr", v1::ROLE_HR_SYSTEM);
    world_.callers[PolicyRole::kAdministrator] = AddAccount("admin", v1::ROLE_ADMINISTRATOR);
    world_.callers[PolicyRole::kIntegration] = AddAccount("integ", v1::ROLE_INTEGRATION);
    world_.teammate = AddPerson("A2", v1::ROLE_SPECIALIST, "t-a");
    world_.other_team = AddPerson("B1", v1::ROLE_AGENT, "t-b");
    ASSERT_TRUE(SeedCalibrationScorecard(database().pool()).ok());
    // Every person and agent of the world has a submitted evaluation, for the QA averages.
    ASSERT_TRUE(SeedSubmittedEvaluations(database().pool(), world_.channel, world_.admin_token,
                                         {"A1", "L1", "Q1", "T1", "M1", "H1", "A2", "B1"}, kCalibrationScorecard, 80)
                    .ok());
  }

  World world_;
  std::unique_ptr<ServerUnderTest> server_;
  std::string last_token_id_;
};

TEST_P(AccessMatrixTest, EveryRoleGetsWhatThePolicyTableSays) {
  std::map<std::string, Probe> probes = AllProbes();
  int checked = 0;
  for (const server::PolicyRow& row : server::AccessPolicy()) {
    auto probe = probes.find(row.method);
    ASSERT_NE(probe, probes.end()) << row.method << " has a policy row but no probe in this test";
    for (const auto& [role, caller] : world_.callers) {
      const Rule rule = row.rules[static_cast<std::size_t>(role)];
      for (Target target : kTargets) {
        const grpc::StatusCode expected = ExpectedCode(rule, target);
        const grpc::StatusCode got = probe->second(world_, caller, target);
        EXPECT_EQ(got, expected) << row.method << " as " << server::PolicyRoleName(role) << " on the "
                                 << TargetName(target) << " record";
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, static_cast<int>(server::AccessPolicy().size() * world_.callers.size() * 3));
}

TEST_P(AccessMatrixTest, EveryRpcRefusesCallsWithoutValidCredentials) {
  const Actor& agent = world_.callers.at(PolicyRole::kAgent);
  const std::string expiring = IssueToken(agent.principal, absl::Seconds(2));
  const std::string revoked = IssueToken(agent.principal);
  {
    grpc::ClientContext context;
    Authorize(context, world_.admin_token);
    v1::RevokeTokenRequest request;
    request.set_token_id(last_token_id_);
    v1::ApiToken response;
    MustSucceed(NewStub<v1::IdentityService>(world_.channel)->RevokeToken(&context, request, &response), "revoke");
  }
  Actor leaver = AddPerson("X1", v1::ROLE_AGENT, "t-a");
  {
    grpc::ClientContext context;
    Authorize(context, world_.admin_token);
    v1::UpdatePersonRequest request;
    request.mutable_person()->set_employee_id("X1");
    request.mutable_person()->set_active(false);
    request.mutable_update_mask()->add_paths("active");
    v1::Person response;
    MustSucceed(NewStub<v1::PeopleService>(world_.channel)->UpdatePerson(&context, request, &response), "deactivate");
  }
  // Past the expiry, and past the server's few seconds of remembering known tokens.
  absl::SleepFor(absl::Seconds(6));

  const std::map<std::string, std::string> bad_credentials = {
      {"no token", ""},
      {"unknown token", "esc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
      {"expired token", expiring},
      {"revoked token", revoked},
      {"deactivated person's token", leaver.token},
  };
  for (const auto& [method, probe] : AllProbes()) {
    for (const auto& [what, token] : bad_credentials) {
      Actor caller = agent;
      caller.token = token;
      EXPECT_EQ(probe(world_, caller, Target::kOwn), grpc::StatusCode::UNAUTHENTICATED)
          << method << " with " << what;
    }
  }
}

TEST_P(AccessMatrixTest, AnAgentSeesOnlyTheirOwnInteractions) {
  grpc::ClientContext context;
  Authorize(context, world_.callers.at(PolicyRole::kAgent).token);
  v1::ListInteractionsRequest request;
  request.set_page_size(1000);
  v1::ListInteractionsResponse response;
  MustSucceed(NewStub<v1::InteractionService>(world_.channel)->ListInteractions(&context, request, &response), "list");
  ASSERT_GT(response.interactions_size(), 0);
  for (const v1::Interaction& interaction : response.interactions()) {
    EXPECT_EQ(interaction.agent_employee_id(), "A1");
  }
  // Asking for a colleague's explicitly yields nothing rather than an error that confirms them.
  grpc::ClientContext other_context;
  Authorize(other_context, world_.callers.at(PolicyRole::kAgent).token);
  request.set_agent_employee_id("A2");
  v1::ListInteractionsResponse other;
  MustSucceed(NewStub<v1::InteractionService>(world_.channel)->ListInteractions(&other_context, request, &other), "list A2");
  EXPECT_EQ(other.interactions_size(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessMatrixTest, ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
