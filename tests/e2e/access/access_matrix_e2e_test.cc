// The authorization matrix, generated from the access policy table: every RPC of the API is
// called by every role — on the caller's own record, a teammate's and another team's — against
// the real escala-server over gRPC, and the status must be what the table's rule says. Calls
// without a token, or with an unknown, expired or revoked token, or a deactivated person's,
// must be UNAUTHENTICATED for every RPC.
//
// The probes are registered per domain (tests/e2e/access/*_probes.cc, see probes_registry.h); an
// RPC of the policy table without a probe fails EveryRoleGetsWhatThePolicyTableSays.

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "db/common/proto_time.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "gtest/gtest.h"
#include "server/platform/access_policy.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/assignment_world.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using access_matrix::Actor;
using access_matrix::AllProbes;
using access_matrix::kTargets;
using access_matrix::NewInteraction;
using access_matrix::Probe;
using access_matrix::Target;
using access_matrix::TargetName;
using access_matrix::World;
using server::PolicyRole;
using server::Rule;

// What the table's rule means for one target: the exact code, or "reached" (OK).
grpc::StatusCode ExpectedCode(Rule rule, Target target) {
  switch (rule) {
    case Rule::kDeny:
      return grpc::StatusCode::PERMISSION_DENIED;
    case Rule::kAllow:
      return grpc::StatusCode::OK;
    case Rule::kOwn:
      return target == Target::kOwn ? grpc::StatusCode::OK : grpc::StatusCode::NOT_FOUND;
    case Rule::kTeam:
      return target == Target::kOtherTeam ? grpc::StatusCode::NOT_FOUND : grpc::StatusCode::OK;
  }
  return grpc::StatusCode::UNKNOWN;
}

class AccessMatrixTest : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    world_.channel = PlaintextChannel(server_->address());
    world_.admin_token = server_->admin_token();
    BuildWorld();
  }

  void TearDown() override {
    // Closing the connection first lets the server stop at once instead of waiting on it.
    world_.channel.reset();
    ServerUnderTestFixture::TearDown();
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
    MustSucceed(NewStub<v1::PeopleService>(world_.channel)->CreateTeam(&context, request, &team),
                team_id);
  }

  std::string IssueToken(const std::string& principal, absl::Duration lifetime = absl::Hours(1)) {
    grpc::ClientContext context;
    Authorize(context, world_.admin_token);
    v1::CreateTokenRequest request;
    request.mutable_token()->set_principal(principal);
    *request.mutable_token()->mutable_expire_time() = db::TimeToTimestamp(absl::Now() + lifetime);
    v1::CreateTokenResponse response;
    grpc::Status status =
        NewStub<v1::IdentityService>(world_.channel)->CreateToken(&context, request, &response);
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
    grpc::Status status =
        NewStub<v1::PeopleService>(world_.channel)->CreatePerson(&context, request, &created);
    EXPECT_TRUE(status.ok()) << employee_id << ": " << status.error_message();
    Actor actor{"people/" + employee_id, employee_id, "", ""};
    actor.token = IssueToken(actor.principal);
    // One interaction per person, for the interaction probes.
    grpc::ClientContext create_context;
    Authorize(create_context, world_.admin_token);
    v1::CreateInteractionRequest create;
    *create.mutable_interaction() = NewInteraction(world_, employee_id);
    v1::Interaction interaction;
    status = NewStub<v1::InteractionService>(world_.channel)
                 ->CreateInteraction(&create_context, create, &interaction);
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
      grpc::Status status = NewStub<v1::IdentityService>(world_.channel)
                                ->CreateServiceAccount(&context, request, &created);
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
                                         {"A1", "L1", "Q1", "T1", "M1", "H1", "A2", "B1"},
                                         kCalibrationScorecard, 80)
                    .ok());
  }

  World world_;
  std::string last_token_id_;
};

TEST_P(AccessMatrixTest, EveryRoleGetsWhatThePolicyTableSays) {
  std::map<std::string, Probe> probes = AllProbes();
  int checked = 0;
  for (const server::PolicyRow& row : server::AccessPolicy()) {
    auto probe = probes.find(row.method);
    ASSERT_NE(probe, probes.end())
        << row.method
        << " has a policy row but no probe: add one to its domain's tests/e2e/access/*_probes.cc";
    for (const auto& [role, caller] : world_.callers) {
      const Rule rule = row.rules[static_cast<std::size_t>(role)];
      for (Target target : kTargets) {
        const grpc::StatusCode expected = ExpectedCode(rule, target);
        const grpc::StatusCode got = probe->second(world_, caller, target);
        EXPECT_EQ(got, expected) << row.method << " as " << server::PolicyRoleName(role)
                                 << " on the " << TargetName(target) << " record";
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
    MustSucceed(
        NewStub<v1::IdentityService>(world_.channel)->RevokeToken(&context, request, &response),
        "revoke");
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
    MustSucceed(
        NewStub<v1::PeopleService>(world_.channel)->UpdatePerson(&context, request, &response),
        "deactivate");
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
  MustSucceed(NewStub<v1::InteractionService>(world_.channel)
                  ->ListInteractions(&context, request, &response),
              "list");
  ASSERT_GT(response.interactions_size(), 0);
  for (const v1::Interaction& interaction : response.interactions()) {
    EXPECT_EQ(interaction.agent_employee_id(), "A1");
  }
  // Asking for a colleague's explicitly yields nothing rather than an error that confirms them.
  grpc::ClientContext other_context;
  Authorize(other_context, world_.callers.at(PolicyRole::kAgent).token);
  request.set_agent_employee_id("A2");
  v1::ListInteractionsResponse other;
  MustSucceed(NewStub<v1::InteractionService>(world_.channel)
                  ->ListInteractions(&other_context, request, &other),
              "list A2");
  EXPECT_EQ(other.interactions_size(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessMatrixTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
