#pragma once

// The audit test's vocabulary and its registry of scenarios. A scenario makes one audited
// method change something and says which event that must have recorded, and makes it fail and
// record nothing; each domain's scenarios live in their own file
// (tests/e2e/access/*_audit_scenarios.cc) and register themselves with a ScenarioRegistrar, so
// that a new domain adds a file and edits nothing here. audit_e2e_test.cc fails when a mutating
// RPC of the policy table has no registered scenario.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "escala/v1/audit.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {

inline constexpr char kAdminPrincipal[] = "serviceAccounts/admin";

// The administrator's side of the conversation: calls that set up what a test needs (and must
// succeed), and reads of the audit log.
class AdminClient {
 public:
  AdminClient(std::shared_ptr<grpc::Channel> channel, std::string token)
      : channel_(std::move(channel)), token_(std::move(token)) {}

  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

  // Authorizes `context` as the administrator and, when `request_id` is not empty, sends it as
  // the "x-request-id" metadata.
  void Prepare(grpc::ClientContext& context, const std::string& request_id = "") const {
    Authorize(context, token_);
    if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
  }

  v1::Team CreateTeam(const std::string& team_id, const std::string& display_name) {
    grpc::ClientContext context;
    Prepare(context);
    v1::CreateTeamRequest request;
    request.mutable_team()->set_team_id(team_id);
    request.mutable_team()->set_display_name(display_name);
    v1::Team team;
    grpc::Status status =
        NewStub<v1::PeopleService>(channel_)->CreateTeam(&context, request, &team);
    EXPECT_TRUE(status.ok()) << "team " << team_id << ": " << status.error_message();
    return team;
  }

  v1::Person CreatePerson(const std::string& employee_id, const std::string& display_name,
                          v1::Role role = v1::ROLE_AGENT) {
    grpc::ClientContext context;
    Prepare(context);
    v1::CreatePersonRequest request;
    v1::Person* person = request.mutable_person();
    person->set_employee_id(employee_id);
    person->set_display_name(display_name);
    person->set_role(role);
    person->set_level(role == v1::ROLE_AGENT ? 1 : 3);
    person->set_team_id("t-a");
    person->set_active(true);
    v1::Person created;
    grpc::Status status =
        NewStub<v1::PeopleService>(channel_)->CreatePerson(&context, request, &created);
    EXPECT_TRUE(status.ok()) << "person " << employee_id << ": " << status.error_message();
    return created;
  }

  v1::Interaction CreateInteraction(const std::string& source_id) {
    grpc::ClientContext context;
    Prepare(context);
    v1::CreateInteractionRequest request;
    *request.mutable_interaction() = NewInteraction("audit", source_id, "A1");
    v1::Interaction created;
    grpc::Status status =
        NewStub<v1::InteractionService>(channel_)->CreateInteraction(&context, request, &created);
    EXPECT_TRUE(status.ok()) << "interaction " << source_id << ": " << status.error_message();
    return created;
  }

  v1::CreateTokenResponse CreateToken(const std::string& principal) {
    grpc::ClientContext context;
    Prepare(context);
    v1::CreateTokenRequest request;
    request.mutable_token()->set_principal(principal);
    v1::CreateTokenResponse created;
    grpc::Status status =
        NewStub<v1::IdentityService>(channel_)->CreateToken(&context, request, &created);
    EXPECT_TRUE(status.ok()) << "token of " << principal << ": " << status.error_message();
    return created;
  }

  v1::ApiToken RevokeToken(const std::string& token_id) {
    grpc::ClientContext context;
    Prepare(context);
    v1::RevokeTokenRequest request;
    request.set_token_id(token_id);
    v1::ApiToken revoked;
    grpc::Status status =
        NewStub<v1::IdentityService>(channel_)->RevokeToken(&context, request, &revoked);
    EXPECT_TRUE(status.ok()) << "revoke " << token_id << ": " << status.error_message();
    return revoked;
  }

  v1::ServiceAccount CreateServiceAccount(const std::string& account_id,
                                          const std::string& display_name,
                                          v1::Role role = v1::ROLE_INTEGRATION) {
    grpc::ClientContext context;
    Prepare(context);
    v1::CreateServiceAccountRequest request;
    request.mutable_service_account()->set_account_id(account_id);
    request.mutable_service_account()->set_display_name(display_name);
    request.mutable_service_account()->set_role(role);
    v1::ServiceAccount created;
    grpc::Status status =
        NewStub<v1::IdentityService>(channel_)->CreateServiceAccount(&context, request, &created);
    EXPECT_TRUE(status.ok()) << "service account " << account_id << ": " << status.error_message();
    return created;
  }

  // One page of the audit log, as the administrator.
  grpc::Status ListEvents(const v1::ListAuditEventsRequest& request,
                          v1::ListAuditEventsResponse* response) {
    grpc::ClientContext context;
    Prepare(context);
    return NewStub<v1::AuditService>(channel_)->ListAuditEvents(&context, request, response);
  }

  // Every event `request`'s filters select, in its order, following next_page_token to the end.
  std::vector<v1::AuditEvent> AllEvents(v1::ListAuditEventsRequest request) {
    std::vector<v1::AuditEvent> events;
    if (request.page_size() == 0) request.set_page_size(1000);
    for (int pages = 0; pages < 1000; ++pages) {
      v1::ListAuditEventsResponse response;
      grpc::Status status = ListEvents(request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      events.insert(events.end(), response.events().begin(), response.events().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return events;
  }

  // The events of one resource (of the whole log when `resource_name` is empty), newest first.
  std::vector<v1::AuditEvent> EventsOf(const std::string& resource_name) {
    v1::ListAuditEventsRequest request;
    request.set_resource_name(resource_name);
    return AllEvents(request);
  }

  // The id of the newest event of the whole log; 0 when it is empty.
  int64_t NewestEventId() {
    v1::ListAuditEventsRequest request;
    request.set_page_size(1);
    v1::ListAuditEventsResponse response;
    grpc::Status status = ListEvents(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.events().empty() ? 0 : response.events(0).id();
  }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::string token_;
};

// What a successful call must have recorded, besides the administrator as its principal and
// the method as its method.
struct ExpectedEvent {
  std::string resource_type;
  std::string resource_name;
  std::string request_id;
  std::string before_json;
  std::string after_json;
  // Who made the change: the administrator, unless the method is one only people may call.
  std::string principal = kAdminPrincipal;
  int principal_role = v1::ROLE_ADMINISTRATOR;
};

// A call of the method that must fail with the scenario's code and record nothing, and the
// resource it is about ("" when it would have made a new one whose name is not known).
struct FailingCall {
  std::string resource_name;
  std::function<grpc::Status()> call;
};

// One audited method. Both parts first do their set-up (which records events of its own) and
// then hand back the call to watch, so that the test can mark the log between the two.
struct AuditScenario {
  // Returns the change: a call that sends the "x-request-id" `request_id` and returns the event
  // it must have recorded.
  std::function<std::function<ExpectedEvent()>(AdminClient&, const std::string& request_id)> change;
  grpc::StatusCode failure_code;
  std::function<FailingCall(AdminClient&)> failure;
};

// RFC 3339 text of a whole second, as proto3 JSON writes a Timestamp without fraction.
std::string JsonSeconds(absl::Time time);

// Scenarios by full method name ("escala.v1.PeopleService/CreatePerson").
using ScenarioMap = std::map<std::string, AuditScenario>;

// Registers a domain's scenarios at static initialization: in the domain's file,
//   const ScenarioRegistrar kDirectoryAuditScenarios("people", &PeopleScenarios);
// The object is named after its file: a unity build compiles several domains' files as one unit.
class ScenarioRegistrar {
 public:
  ScenarioRegistrar(const char* domain, ScenarioMap (*scenarios)());
};

// Every registered scenario. A method registered by two domains is a test failure
// (ADD_FAILURE) naming both.
ScenarioMap AllScenarios();

// ---- request_id replays of the state-changing custom methods (protos/README.md) ----
//
// Registered per domain beside its audit scenarios; replay_e2e_test.cc fails when a
// state-changing custom method of the policy table has no registered case.

// One call of the method with the request's own `request_id` field set: the original request,
// or (`other_payload`) one that differs only in a field other than request_id. On success it
// sets `answer` to the part of the response a replay must answer alike (the whole response, or
// the ids and etag that show nothing was applied again).
using ReplayCall = std::function<grpc::Status(const std::string& request_id, bool other_payload,
                                              std::string* answer)>;

// Sets up what the call needs (recording events of its own) and returns the call.
using ReplayCase = std::function<ReplayCall(AdminClient&)>;

// Cases by full method name.
using ReplayMap = std::map<std::string, ReplayCase>;

// Registers a domain's replay cases at static initialization, like ScenarioRegistrar.
class ReplayRegistrar {
 public:
  ReplayRegistrar(const char* domain, ReplayMap (*cases)());
};

// Every registered replay case; a method registered by two domains is a test failure.
ReplayMap AllReplayCases();

}  // namespace escala::testing::audit_scenarios
