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
#include "db/proto_time.h"
#include "escala/v1/audit.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "gtest/gtest.h"
#include "server/access_policy.h"
#include "tests/e2e/grpc_client.h"
#include "tests/e2e/server_under_test.h"
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

std::map<std::string, Probe> AllProbes() {
  std::map<std::string, Probe> probes = PeopleProbes();
  probes.merge(InteractionProbes());
  probes.merge(IdentityProbes());
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
