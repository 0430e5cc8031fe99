// The audit log seen through the API of the real escala-server: every mutating RPC records
// exactly one event naming who did what to which resource, under which request id, with the
// exact before and after values of what changed; a call that fails records nothing; and
// ListAuditEvents filters, orders and pages that log without gaps.

#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/audit_diff.h"
#include "db/common/proto_time.h"
#include "escala/v1/assignments.grpc.pb.h"
#include "escala/v1/audit.grpc.pb.h"
#include "escala/v1/calibration.grpc.pb.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/scorecards.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/platform/access_policy.h"
#include "server/qa/sampling.h"
#include "server/platform/token_secret.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kAdminPrincipal[] = "serviceAccounts/admin";

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
    grpc::Status status = NewStub<v1::PeopleService>(channel_)->CreateTeam(&context, request, &team);
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
    grpc::Status status = NewStub<v1::PeopleService>(channel_)->CreatePerson(&context, request, &created);
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
    grpc::Status status = NewStub<v1::IdentityService>(channel_)->CreateToken(&context, request, &created);
    EXPECT_TRUE(status.ok()) << "token of " << principal << ": " << status.error_message();
    return created;
  }

  v1::ApiToken RevokeToken(const std::string& token_id) {
    grpc::ClientContext context;
    Prepare(context);
    v1::RevokeTokenRequest request;
    request.set_token_id(token_id);
    v1::ApiToken revoked;
    grpc::Status status = NewStub<v1::IdentityService>(channel_)->RevokeToken(&context, request, &revoked);
    EXPECT_TRUE(status.ok()) << "revoke " << token_id << ": " << status.error_message();
    return revoked;
  }

  v1::ServiceAccount CreateServiceAccount(const std::string& account_id, const std::string& display_name,
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
  grpc::Status ListEvents(const v1::ListAuditEventsRequest& request, v1::ListAuditEventsResponse* response) {
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
std::string JsonSeconds(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

// A fixed start time for interactions whose audit records are compared as text.
absl::Time FixedStart() { return absl::FromCivil(absl::CivilSecond(2024, 3, 1, 9, 30, 0), absl::UTCTimeZone()); }

grpc::Status ImportRecords(AdminClient& admin, const std::string& request_id, v1::ImportMode mode,
                           const std::vector<v1::Interaction>& records, v1::ImportInteractionsResponse* response) {
  grpc::ClientContext context;
  admin.Prepare(context, request_id);
  auto stub = NewStub<v1::InteractionService>(admin.channel());
  std::unique_ptr<grpc::ClientWriter<v1::ImportInteractionsRequest>> writer =
      stub->ImportInteractions(&context, response);
  v1::ImportInteractionsRequest request;
  request.set_mode(mode);
  for (const v1::Interaction& record : records) *request.add_interactions() = record;
  writer->Write(request);
  writer->WritesDone();
  return writer->Finish();
}

std::map<std::string, AuditScenario> PeopleScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.PeopleService/CreatePerson"] = {
      [](AdminClient& admin, const std::string& request_id) {
        return [&admin, request_id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::CreatePersonRequest request;
          v1::Person* person = request.mutable_person();
          person->set_employee_id("C1");
          person->set_display_name("Carla Nunez");
          person->set_email("carla@example.com");
          person->set_role(v1::ROLE_AGENT);
          person->set_level(1);
          person->set_team_id("t-a");
          person->set_hire_date("2023-04-01");
          person->set_active(true);
          v1::Person created;
          grpc::Status status = NewStub<v1::PeopleService>(admin.channel())->CreatePerson(&context, request, &created);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{"person", "people/C1", request_id, "",
                               R"({"employee_id":"C1","display_name":"Carla Nunez","email":"carla@example.com",)"
                               R"("role":"ROLE_AGENT","level":1,"team_id":"t-a","hire_date":"2023-04-01","active":true})"};
        };
      },
      grpc::StatusCode::ALREADY_EXISTS,
      [](AdminClient& admin) {
        admin.CreatePerson("D1", "Dana");
        return FailingCall{"people/D1", [&admin] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "dup-person");
                             v1::CreatePersonRequest request;
                             request.mutable_person()->set_employee_id("D1");
                             request.mutable_person()->set_display_name("Another Dana");
                             request.mutable_person()->set_role(v1::ROLE_AGENT);
                             request.mutable_person()->set_level(1);
                             v1::Person created;
                             return NewStub<v1::PeopleService>(admin.channel())->CreatePerson(&context, request, &created);
                           }};
      }};
  scenarios["escala.v1.PeopleService/UpdatePerson"] = {
      [](AdminClient& admin, const std::string& request_id) {
        admin.CreatePerson("U1", "old");
        return [&admin, request_id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::UpdatePersonRequest request;
          request.mutable_person()->set_employee_id("U1");
          request.mutable_person()->set_display_name("new");
          request.mutable_update_mask()->add_paths("display_name");
          v1::Person updated;
          grpc::Status status = NewStub<v1::PeopleService>(admin.channel())->UpdatePerson(&context, request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{"person", "people/U1", request_id, R"({"display_name":"old"})",
                               R"({"display_name":"new"})"};
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        const v1::Person created = admin.CreatePerson("E1", "Eve");
        {
          grpc::ClientContext context;
          admin.Prepare(context);
          v1::UpdatePersonRequest request;
          request.mutable_person()->set_employee_id("E1");
          request.mutable_person()->set_level(2);
          request.mutable_update_mask()->add_paths("level");
          v1::Person updated;
          grpc::Status status = NewStub<v1::PeopleService>(admin.channel())->UpdatePerson(&context, request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
        }
        // The etag of the first version, stale since the update above.
        return FailingCall{"people/E1", [&admin, stale = created.etag()] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "stale-person");
                             v1::UpdatePersonRequest request;
                             request.mutable_person()->set_employee_id("E1");
                             request.mutable_person()->set_etag(stale);
                             request.mutable_person()->set_display_name("Eve Stale");
                             request.mutable_update_mask()->add_paths("display_name");
                             v1::Person updated;
                             return NewStub<v1::PeopleService>(admin.channel())->UpdatePerson(&context, request, &updated);
                           }};
      }};
  scenarios["escala.v1.PeopleService/UpsertPeople"] = {
      [](AdminClient& admin, const std::string& request_id) {
        v1::Person stored = admin.CreatePerson("S1", "Sam Before");
        return [&admin, request_id, stored]() mutable {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::UpsertPeopleRequest request;
          stored.set_display_name("Sam After");
          *request.add_people() = stored;
          v1::UpsertPeopleResponse response;
          grpc::Status status = NewStub<v1::PeopleService>(admin.channel())->UpsertPeople(&context, request, &response);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(response.updated_count(), 1);
          return ExpectedEvent{"person", "people/S1", request_id, R"({"display_name":"Sam Before"})",
                               R"({"display_name":"Sam After"})"};
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        return FailingCall{"people/F1", [&admin] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "unknown-team");
                             v1::UpsertPeopleRequest request;
                             v1::Person* person = request.add_people();
                             person->set_employee_id("F1");
                             person->set_display_name("Finn");
                             person->set_role(v1::ROLE_AGENT);
                             person->set_level(1);
                             person->set_team_id("t-missing");
                             person->set_active(true);
                             v1::UpsertPeopleResponse response;
                             return NewStub<v1::PeopleService>(admin.channel())->UpsertPeople(&context, request, &response);
                           }};
      }};
  scenarios["escala.v1.PeopleService/CreateTeam"] = {
      [](AdminClient& admin, const std::string& request_id) {
        return [&admin, request_id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::CreateTeamRequest request;
          request.mutable_team()->set_team_id("t-night");
          request.mutable_team()->set_display_name("Night shift");
          v1::Team created;
          grpc::Status status = NewStub<v1::PeopleService>(admin.channel())->CreateTeam(&context, request, &created);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{"team", "teams/t-night", request_id, "",
                               R"({"team_id":"t-night","display_name":"Night shift"})"};
        };
      },
      grpc::StatusCode::ALREADY_EXISTS,
      [](AdminClient& admin) {
        return FailingCall{"teams/t-a", [&admin] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "dup-team");
                             v1::CreateTeamRequest request;
                             request.mutable_team()->set_team_id("t-a");
                             request.mutable_team()->set_display_name("Team A again");
                             v1::Team created;
                             return NewStub<v1::PeopleService>(admin.channel())->CreateTeam(&context, request, &created);
                           }};
      }};
  scenarios["escala.v1.PeopleService/UpdateTeam"] = {
      [](AdminClient& admin, const std::string& request_id) {
        admin.CreateTeam("t-day", "Day shift");
        return [&admin, request_id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::UpdateTeamRequest request;
          request.mutable_team()->set_team_id("t-day");
          request.mutable_team()->set_display_name("Late shift");
          request.mutable_team()->set_lead_employee_id("A1");
          request.mutable_update_mask()->add_paths("display_name");
          request.mutable_update_mask()->add_paths("lead_employee_id");
          v1::Team updated;
          grpc::Status status = NewStub<v1::PeopleService>(admin.channel())->UpdateTeam(&context, request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{"team", "teams/t-day", request_id,
                               R"({"display_name":"Day shift","lead_employee_id":null})",
                               R"({"display_name":"Late shift","lead_employee_id":"A1"})"};
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        return FailingCall{"teams/t-a", [&admin] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "unknown-lead");
                             v1::UpdateTeamRequest request;
                             request.mutable_team()->set_team_id("t-a");
                             request.mutable_team()->set_lead_employee_id("nobody");
                             request.mutable_update_mask()->add_paths("lead_employee_id");
                             v1::Team updated;
                             return NewStub<v1::PeopleService>(admin.channel())->UpdateTeam(&context, request, &updated);
                           }};
      }};
  return scenarios;
}

std::map<std::string, AuditScenario> InteractionScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.InteractionService/CreateInteraction"] = {
      [](AdminClient& admin, const std::string& request_id) {
        return [&admin, request_id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::CreateInteractionRequest request;
          *request.mutable_interaction() = NewInteraction("audit", "ci-1", "A1", FixedStart());
          // The request's own idempotency key wins over the metadata.
          request.set_request_id("field-key-1");
          v1::Interaction created;
          grpc::Status status =
              NewStub<v1::InteractionService>(admin.channel())->CreateInteraction(&context, request, &created);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{
              "interaction", absl::StrCat("interactions/", created.id()), "field-key-1", "",
              absl::StrCat(R"({"id":")", created.id(),
                           R"(","source_system":"audit","source_id":"ci-1","channel":"CHANNEL_CHAT",)"
                           R"("direction":"DIRECTION_INBOUND","queue":"general","priority":"PRIORITY_MEDIUM",)"
                           R"("agent_employee_id":"A1","start_time":"2024-03-01T09:30:00Z","language":"en"})")};
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        return FailingCall{"", [&admin] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "unknown-agent");
                             v1::CreateInteractionRequest request;
                             *request.mutable_interaction() = NewInteraction("audit", "ci-ghost", "nobody");
                             request.set_request_id("field-key-ghost");
                             v1::Interaction created;
                             return NewStub<v1::InteractionService>(admin.channel())
                                 ->CreateInteraction(&context, request, &created);
                           }};
      }};
  scenarios["escala.v1.InteractionService/UpdateInteraction"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const int64_t id = admin.CreateInteraction("ui-1").id();
        return [&admin, request_id, id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::UpdateInteractionRequest request;
          request.mutable_interaction()->set_id(id);
          request.mutable_interaction()->set_queue("billing");
          request.mutable_update_mask()->add_paths("queue");
          v1::Interaction updated;
          grpc::Status status =
              NewStub<v1::InteractionService>(admin.channel())->UpdateInteraction(&context, request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{"interaction", absl::StrCat("interactions/", id), request_id,
                               R"({"queue":"general"})", R"({"queue":"billing"})"};
        };
      },
      grpc::StatusCode::INVALID_ARGUMENT,
      [](AdminClient& admin) {
        const int64_t id = admin.CreateInteraction("ui-bad").id();
        return FailingCall{absl::StrCat("interactions/", id), [&admin, id] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "bad-csat");
                             v1::UpdateInteractionRequest request;
                             request.mutable_interaction()->set_id(id);
                             request.mutable_interaction()->set_csat(9);
                             request.mutable_update_mask()->add_paths("csat");
                             v1::Interaction updated;
                             return NewStub<v1::InteractionService>(admin.channel())
                                 ->UpdateInteraction(&context, request, &updated);
                           }};
      }};
  scenarios["escala.v1.InteractionService/ImportInteractions"] = {
      [](AdminClient& admin, const std::string& request_id) {
        return [&admin, request_id] {
          v1::ImportInteractionsResponse response;
          grpc::Status status =
              ImportRecords(admin, request_id, v1::IMPORT_MODE_KEEP_VALID,
                            {NewInteraction("audit", "imp-1", "A1"), NewInteraction("audit", "imp-2", "A1")},
                            &response);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(response.imported_count(), 2);
          return ExpectedEvent{"interaction", "interactions", request_id, "",
                               R"({"created_count":2,"source_keys":["audit/imp-1","audit/imp-2"]})"};
        };
      },
      // An all-or-nothing import with one record of an unknown agent writes nothing: the call
      // succeeds but refuses the import as a whole, reported here with the rejection's code.
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        return FailingCall{"interactions", [&admin] {
                             v1::ImportInteractionsResponse response;
                             grpc::Status status = ImportRecords(
                                 admin, "all-or-nothing", v1::IMPORT_MODE_ALL_OR_NOTHING,
                                 {NewInteraction("audit", "imp-3", "A1"), NewInteraction("audit", "imp-4", "nobody")},
                                 &response);
                             if (!status.ok() || response.imported_count() != 0 || response.rejections_size() != 1) {
                               return status;
                             }
                             return grpc::Status(static_cast<grpc::StatusCode>(response.rejections(0).code()),
                                                 response.rejections(0).reason());
                           }};
      }};
  return scenarios;
}

std::map<std::string, AuditScenario> IdentityScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.IdentityService/CreateToken"] = {
      [](AdminClient& admin, const std::string& request_id) {
        return [&admin, request_id] {
          const absl::Time expire = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()) + 30 * 86400);
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::CreateTokenRequest request;
          request.mutable_token()->set_principal("people/A1");
          request.mutable_token()->set_description("laptop");
          *request.mutable_token()->mutable_expire_time() = db::TimeToTimestamp(expire);
          v1::CreateTokenResponse created;
          grpc::Status status = NewStub<v1::IdentityService>(admin.channel())->CreateToken(&context, request, &created);
          EXPECT_TRUE(status.ok()) << status.error_message();
          const std::string& id = created.token().token_id();
          return ExpectedEvent{"token", absl::StrCat("tokens/", id), request_id, "",
                               absl::StrCat(R"({"token_id":")", id,
                                            R"(","principal":"people/A1","description":"laptop","expire_time":")",
                                            JsonSeconds(expire), R"(","created_by":"serviceAccounts/admin"})")};
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        return FailingCall{"", [&admin] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "unknown-principal");
                             v1::CreateTokenRequest request;
                             request.mutable_token()->set_principal("people/nobody");
                             v1::CreateTokenResponse created;
                             return NewStub<v1::IdentityService>(admin.channel())->CreateToken(&context, request, &created);
                           }};
      }};
  scenarios["escala.v1.IdentityService/RevokeToken"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const std::string id = admin.CreateToken("people/A1").token().token_id();
        return [&admin, request_id, id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::RevokeTokenRequest request;
          request.set_token_id(id);
          v1::ApiToken revoked;
          grpc::Status status = NewStub<v1::IdentityService>(admin.channel())->RevokeToken(&context, request, &revoked);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{"token", absl::StrCat("tokens/", id), request_id, R"({"revoke_time":null})",
                               absl::StrCat(R"({"revoke_time":")",
                                            google::protobuf::util::TimeUtil::ToString(revoked.revoke_time()),
                                            R"("})")};
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        const std::string id = admin.CreateToken("people/A1").token().token_id();
        admin.RevokeToken(id);
        return FailingCall{absl::StrCat("tokens/", id), [&admin, id] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "double-revoke");
                             v1::RevokeTokenRequest request;
                             request.set_token_id(id);
                             v1::ApiToken revoked;
                             return NewStub<v1::IdentityService>(admin.channel())->RevokeToken(&context, request, &revoked);
                           }};
      }};
  scenarios["escala.v1.IdentityService/CreateServiceAccount"] = {
      [](AdminClient& admin, const std::string& request_id) {
        return [&admin, request_id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::CreateServiceAccountRequest request;
          request.mutable_service_account()->set_account_id("feed");
          request.mutable_service_account()->set_display_name("Feed");
          request.mutable_service_account()->set_role(v1::ROLE_INTEGRATION);
          v1::ServiceAccount created;
          grpc::Status status =
              NewStub<v1::IdentityService>(admin.channel())->CreateServiceAccount(&context, request, &created);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{"service_account", "serviceAccounts/feed", request_id, "",
                               R"({"account_id":"feed","display_name":"Feed","role":"ROLE_INTEGRATION","active":true})"};
        };
      },
      grpc::StatusCode::ALREADY_EXISTS,
      [](AdminClient& admin) {
        return FailingCall{"serviceAccounts/admin", [&admin] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "dup-account");
                             v1::CreateServiceAccountRequest request;
                             request.mutable_service_account()->set_account_id("admin");
                             request.mutable_service_account()->set_display_name("Second admin");
                             request.mutable_service_account()->set_role(v1::ROLE_ADMINISTRATOR);
                             v1::ServiceAccount created;
                             return NewStub<v1::IdentityService>(admin.channel())
                                 ->CreateServiceAccount(&context, request, &created);
                           }};
      }};
  scenarios["escala.v1.IdentityService/UpdateServiceAccount"] = {
      [](AdminClient& admin, const std::string& request_id) {
        admin.CreateServiceAccount("sync", "HR sync", v1::ROLE_HR_SYSTEM);
        return [&admin, request_id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::UpdateServiceAccountRequest request;
          request.mutable_service_account()->set_account_id("sync");
          request.mutable_service_account()->set_display_name("HR feed");
          request.mutable_update_mask()->add_paths("display_name");
          v1::ServiceAccount updated;
          grpc::Status status =
              NewStub<v1::IdentityService>(admin.channel())->UpdateServiceAccount(&context, request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{"service_account", "serviceAccounts/sync", request_id,
                               R"({"display_name":"HR sync"})", R"({"display_name":"HR feed"})"};
        };
      },
      grpc::StatusCode::INVALID_ARGUMENT,
      [](AdminClient& admin) {
        admin.CreateServiceAccount("crm", "CRM");
        return FailingCall{"serviceAccounts/crm", [&admin] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "person-role");
                             v1::UpdateServiceAccountRequest request;
                             request.mutable_service_account()->set_account_id("crm");
                             request.mutable_service_account()->set_role(v1::ROLE_AGENT);
                             request.mutable_update_mask()->add_paths("role");
                             v1::ServiceAccount updated;
                             return NewStub<v1::IdentityService>(admin.channel())
                                 ->UpdateServiceAccount(&context, request, &updated);
                           }};
      }};
  return scenarios;
}

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
  EXPECT_TRUE(PublishCalibrationScorecard(admin.channel(), admin.CreateToken("people/" + qa).secret(), scorecard).ok());
  const v1::Interaction interaction = admin.CreateInteraction("calib-" + tag);
  v1::CalibrationSession& draft = cast.session;
  draft.set_title("Calibration " + tag);
  draft.add_interaction_ids(interaction.id());
  draft.set_scorecard_id(scorecard);
  draft.add_evaluator_employee_ids(lead);
  draft.add_evaluator_employee_ids(qa);
  *draft.mutable_deadline() = db::TimeToTimestamp(absl::Now() + absl::Hours(1));
  return cast;
}

grpc::Status CreateCalibration(AdminClient& admin, CalibrationCast& cast, const std::string& request_id) {
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
  return NewStub<v1::CalibrationService>(admin.channel())->SubmitCalibrationScore(&context, request, stored);
}

grpc::Status CloseCalibration(AdminClient& admin, const CalibrationCast& cast, const std::string& request_id,
                              v1::CalibrationSession* closed) {
  grpc::ClientContext context;
  Authorize(context, cast.lead_token);
  if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
  v1::CloseCalibrationSessionRequest request;
  request.set_id(cast.session.id());
  return NewStub<v1::CalibrationService>(admin.channel())->CloseCalibrationSession(&context, request, closed);
}

std::string ScoreName(const CalibrationCast& cast) {
  return absl::StrCat("calibrationSessions/", cast.session.id(), "/scores/", cast.session.interaction_ids(0),
                      "/", cast.session.evaluator_employee_ids(0));
}

// The event a calibration change by the cast's lead must have recorded: the diff of the API's
// answers before and after (the stored forms, as the server returns them).
ExpectedEvent CalibrationEvent(const std::string& tag, const std::string& type, const std::string& name,
                               const std::string& request_id, const google::protobuf::Message* before,
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
          return CalibrationEvent("c1", "calibration_session", absl::StrCat("calibrationSessions/", cast->session.id()),
                                  request_id, nullptr, cast->session);
        };
      },
      grpc::StatusCode::INVALID_ARGUMENT,
      [](AdminClient& admin) {
        auto cast = std::make_shared<CalibrationCast>(StartCalibration(admin, "c2"));
        *cast->session.mutable_deadline() = db::TimeToTimestamp(absl::Now() - absl::Hours(1));
        return FailingCall{"", [&admin, cast] { return CreateCalibration(admin, *cast, "past-deadline"); }};
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
          return CalibrationEvent("s1", "calibration_score", ScoreName(*cast), request_id, first.get(), second);
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
          return CalibrationEvent("x1", "calibration_session", absl::StrCat("calibrationSessions/", closed.id()),
                                  request_id, &cast->session, closed);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        auto cast = std::make_shared<CalibrationCast>(StartCalibration(admin, "x2"));
        EXPECT_TRUE(CreateCalibration(admin, *cast, "").ok());
        v1::CalibrationSession closed;
        EXPECT_TRUE(CloseCalibration(admin, *cast, "", &closed).ok());
        return FailingCall{absl::StrCat("calibrationSessions/", cast->session.id()), [&admin, cast] {
                             v1::CalibrationSession again;
                             return CloseCalibration(admin, *cast, "close-twice", &again);
                           }};
      }};
  return scenarios;
}

// Scorecards are written by QA analysts (administrators may not), so each scenario makes one.
struct ScorecardAuthor {
  std::string principal;
  std::string token;
};

ScorecardAuthor NewScorecardAuthor(AdminClient& admin, const std::string& tag) {
  const std::string employee_id = "SC" + tag;
  admin.CreatePerson(employee_id, "Quinn " + tag, v1::ROLE_QA_ANALYST);
  return {"people/" + employee_id, admin.CreateToken("people/" + employee_id).secret()};
}

v1::Scorecard AuditScorecard(const std::string& scorecard_id, const std::string& title) {
  v1::Scorecard scorecard;
  scorecard.set_scorecard_id(scorecard_id);
  scorecard.set_title(title);
  v1::ScorecardSection* section = scorecard.add_sections();
  section->set_key("opening");
  section->set_title("Opening");
  v1::Criterion* criterion = section->add_criteria();
  criterion->set_key("greeting");
  criterion->set_title("Greeting");
  criterion->set_weight(1);
  criterion->mutable_scale()->set_kind(v1::SCALE_KIND_YES_NO);
  return scorecard;
}

// Calls one ScorecardService method as `author`, with "x-request-id" when given.
template <typename Request, typename Method>
grpc::Status ScorecardCall(AdminClient& admin, const ScorecardAuthor& author, const std::string& request_id,
                           Method method, const Request& request, v1::Scorecard* response) {
  grpc::ClientContext context;
  Authorize(context, author.token);
  if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
  auto stub = NewStub<v1::ScorecardService>(admin.channel());
  return ((*stub).*method)(&context, request, response);
}

v1::Scorecard CreateAuditScorecard(AdminClient& admin, const ScorecardAuthor& author, const std::string& id,
                                   const std::string& request_id = "") {
  v1::CreateScorecardRequest request;
  *request.mutable_scorecard() = AuditScorecard(id, "Card " + id);
  v1::Scorecard created;
  grpc::Status status = ScorecardCall(admin, author, request_id, &v1::ScorecardService::Stub::CreateScorecard,
                                      request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

grpc::Status PublishAuditScorecard(AdminClient& admin, const ScorecardAuthor& author, const v1::Scorecard& draft,
                                   const std::string& request_id, v1::Scorecard* published) {
  v1::PublishScorecardRequest request;
  request.set_scorecard_id(draft.scorecard_id());
  request.set_etag(draft.etag());
  return ScorecardCall(admin, author, request_id, &v1::ScorecardService::Stub::PublishScorecard, request, published);
}

grpc::Status RetireAuditScorecard(AdminClient& admin, const ScorecardAuthor& author, const std::string& id,
                                  const std::string& request_id, v1::Scorecard* retired) {
  v1::RetireScorecardRequest request;
  request.set_scorecard_id(id);
  request.set_reason("replaced by \"v2\"");
  return ScorecardCall(admin, author, request_id, &v1::ScorecardService::Stub::RetireScorecard, request, retired);
}

std::string ScorecardVersionName(const v1::Scorecard& scorecard) {
  return absl::StrCat("scorecards/", scorecard.scorecard_id(), "/versions/", scorecard.version());
}

ExpectedEvent ScorecardEvent(const ScorecardAuthor& author, const std::string& request_id,
                             const v1::Scorecard* before, const v1::Scorecard& after) {
  db::ChangedFields changed = db::DiffForAudit(before, after);
  ExpectedEvent event{"scorecard", ScorecardVersionName(after), request_id, changed.before_json,
                      changed.after_json};
  event.principal = author.principal;
  event.principal_role = v1::ROLE_QA_ANALYST;
  return event;
}

std::map<std::string, AuditScenario> ScorecardScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.ScorecardService/CreateScorecard"] = {
      [](AdminClient& admin, const std::string& request_id) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "c1");
        return [&admin, request_id, author] {
          v1::Scorecard created = CreateAuditScorecard(admin, author, "audit-create", request_id);
          EXPECT_EQ(created.version(), 1);
          return ScorecardEvent(author, request_id, nullptr, created);
        };
      },
      grpc::StatusCode::ALREADY_EXISTS,
      [](AdminClient& admin) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "c2");
        CreateAuditScorecard(admin, author, "audit-taken");
        return FailingCall{"scorecards/audit-taken/versions/1", [&admin, author] {
                             v1::CreateScorecardRequest request;
                             *request.mutable_scorecard() = AuditScorecard("audit-taken", "Again");
                             v1::Scorecard created;
                             return ScorecardCall(admin, author, "taken", &v1::ScorecardService::Stub::CreateScorecard,
                                                  request, &created);
                           }};
      }};
  scenarios["escala.v1.ScorecardService/UpdateScorecard"] = {
      [](AdminClient& admin, const std::string& request_id) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "u1");
        v1::Scorecard draft = CreateAuditScorecard(admin, author, "audit-update");
        return [&admin, request_id, author, draft] {
          v1::UpdateScorecardRequest request;
          *request.mutable_scorecard() = AuditScorecard("audit-update", "Renamed card");
          request.set_etag(draft.etag());
          v1::Scorecard updated;
          grpc::Status status = ScorecardCall(admin, author, request_id,
                                              &v1::ScorecardService::Stub::UpdateScorecard, request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(updated.version(), 1);
          return ScorecardEvent(author, request_id, &draft, updated);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "u2");
        v1::Scorecard draft = CreateAuditScorecard(admin, author, "audit-stale");
        v1::UpdateScorecardRequest first;
        *first.mutable_scorecard() = AuditScorecard("audit-stale", "First writer");
        first.set_etag(draft.etag());
        v1::Scorecard updated;
        EXPECT_TRUE(ScorecardCall(admin, author, "", &v1::ScorecardService::Stub::UpdateScorecard, first, &updated).ok());
        return FailingCall{"scorecards/audit-stale/versions/1", [&admin, author, stale = draft.etag()] {
                             v1::UpdateScorecardRequest request;
                             *request.mutable_scorecard() = AuditScorecard("audit-stale", "Second writer");
                             request.set_etag(stale);
                             v1::Scorecard response;
                             return ScorecardCall(admin, author, "stale-card",
                                                  &v1::ScorecardService::Stub::UpdateScorecard, request, &response);
                           }};
      }};
  scenarios["escala.v1.ScorecardService/PublishScorecard"] = {
      [](AdminClient& admin, const std::string& request_id) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "p1");
        v1::Scorecard draft = CreateAuditScorecard(admin, author, "audit-publish");
        return [&admin, request_id, author, draft] {
          v1::Scorecard published;
          grpc::Status status = PublishAuditScorecard(admin, author, draft, request_id, &published);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(published.state(), v1::SCORECARD_STATE_PUBLISHED);
          return ScorecardEvent(author, request_id, &draft, published);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "p2");
        v1::Scorecard draft = CreateAuditScorecard(admin, author, "audit-republish");
        auto published = std::make_shared<v1::Scorecard>();
        EXPECT_TRUE(PublishAuditScorecard(admin, author, draft, "", published.get()).ok());
        return FailingCall{"scorecards/audit-republish/versions/1", [&admin, author, published] {
                             v1::Scorecard again;
                             return PublishAuditScorecard(admin, author, *published, "publish-twice", &again);
                           }};
      }};
  scenarios["escala.v1.ScorecardService/RetireScorecard"] = {
      [](AdminClient& admin, const std::string& request_id) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "r1");
        v1::Scorecard draft = CreateAuditScorecard(admin, author, "audit-retire");
        return [&admin, request_id, author, draft] {
          v1::Scorecard retired;
          grpc::Status status = RetireAuditScorecard(admin, author, "audit-retire", request_id, &retired);
          EXPECT_TRUE(status.ok()) << status.error_message();
          ExpectedEvent event = ScorecardEvent(author, request_id, &draft, retired);
          // The reason is kept with the change it explains.
          event.after_json.pop_back();
          event.after_json += R"(,"reason":"replaced by \"v2\""})";
          return event;
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        ScorecardAuthor author = NewScorecardAuthor(admin, "r2");
        CreateAuditScorecard(admin, author, "audit-retired");
        v1::Scorecard retired;
        EXPECT_TRUE(RetireAuditScorecard(admin, author, "audit-retired", "", &retired).ok());
        return FailingCall{"scorecards/audit-retired/versions/1", [&admin, author] {
                             v1::Scorecard again;
                             return RetireAuditScorecard(admin, author, "audit-retired", "retire-twice", &again);
                           }};
      }};
  return scenarios;
}

// Evaluations are written by people: a QA analyst (people/Qe<tag>) evaluates interactions of A1,
// who acknowledges or disputes, and a team lead (people/Le<tag>) resolves. The administrator
// only sets them up. Expected events are the diff of the evaluation as read before the call
// and as answered by it.
struct EvaluationCast {
  std::shared_ptr<grpc::Channel> channel;
  std::string qa;  // employee id
  std::string qa_token;
  std::string agent_token;  // A1's
  std::string lead_token;   // people/Le<tag>
  int64_t interaction = 0;
  std::string scorecard;  // "eval-<tag>", published by the analyst
};

EvaluationCast StartEvaluation(AdminClient& admin, const std::string& tag) {
  EvaluationCast cast;
  cast.channel = admin.channel();
  cast.qa = "Qe" + tag;
  admin.CreatePerson(cast.qa, "Analyst " + tag, v1::ROLE_QA_ANALYST);
  admin.CreatePerson("Le" + tag, "Lead " + tag, v1::ROLE_TEAM_LEAD);
  cast.qa_token = admin.CreateToken("people/" + cast.qa).secret();
  cast.lead_token = admin.CreateToken("people/Le" + tag).secret();
  cast.agent_token = admin.CreateToken("people/A1").secret();
  cast.interaction = admin.CreateInteraction("eval-" + tag).id();
  cast.scorecard = "eval-" + tag;
  EXPECT_TRUE(PublishCalibrationScorecard(admin.channel(), cast.qa_token, cast.scorecard).ok());
  return cast;
}

void PrepareAs(grpc::ClientContext& context, const std::string& token, const std::string& request_id) {
  Authorize(context, token);
  if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
}

v1::Evaluation EvaluationInput(const EvaluationCast& cast, int greet, int tone) {
  v1::Evaluation evaluation;
  evaluation.set_interaction_id(cast.interaction);
  evaluation.set_scorecard_id(cast.scorecard);
  for (auto [key, value] : {std::pair<const char*, int>{"greet", greet}, {"tone", tone}}) {
    v1::CriterionAnswer* answer = evaluation.add_answers();
    answer->set_criterion_key(key);
    answer->set_value(value);
  }
  return evaluation;
}

grpc::Status SubmitNewEvaluation(const EvaluationCast& cast, int greet, int tone, const std::string& request_id,
                                 v1::Evaluation* submitted) {
  grpc::ClientContext context;
  PrepareAs(context, cast.qa_token, request_id);
  v1::SubmitEvaluationRequest request;
  *request.mutable_evaluation() = EvaluationInput(cast, greet, tone);
  return NewStub<v1::EvaluationService>(cast.channel)->SubmitEvaluation(&context, request, submitted);
}

grpc::Status DisputeTone(const EvaluationCast& cast, int64_t id, const std::string& key, const std::string& request_id,
                         v1::Evaluation* disputed) {
  grpc::ClientContext context;
  PrepareAs(context, cast.agent_token, request_id);
  v1::OpenDisputeRequest request;
  request.set_id(id);
  v1::ContestedCriterion* item = request.add_items();
  item->set_criterion_key(key);
  item->set_reason("I stayed calm");
  return NewStub<v1::EvaluationService>(cast.channel)->OpenDispute(&context, request, disputed);
}

grpc::Status ResolveTone(const EvaluationCast& cast, const std::string& token, const v1::Evaluation& disputed,
                         const std::string& request_id, v1::Evaluation* resolved) {
  grpc::ClientContext context;
  PrepareAs(context, token, request_id);
  v1::ResolveDisputeRequest request;
  request.set_id(disputed.id());
  request.set_etag(disputed.etag());
  v1::ContestedCriterion* item = request.add_items();
  item->set_criterion_key("tone");
  item->set_outcome(v1::DISPUTE_OUTCOME_ADJUSTED);
  item->set_adjusted_value(5);
  item->set_resolution_reason("Recording confirms");
  return NewStub<v1::EvaluationService>(cast.channel)->ResolveDispute(&context, request, resolved);
}

ExpectedEvent EvaluationEvent(const std::string& principal, int role, const std::string& request_id,
                              const v1::Evaluation* before, const v1::Evaluation& after) {
  db::ChangedFields changed = db::DiffForAudit(before, after);
  ExpectedEvent event{"evaluation", absl::StrCat("evaluations/", after.id()), request_id, changed.before_json,
                      changed.after_json};
  event.principal = principal;
  event.principal_role = role;
  return event;
}

std::map<std::string, AuditScenario> EvaluationScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.EvaluationService/CreateEvaluation"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "c1"));
        return [cast, request_id] {
          grpc::ClientContext context;
          PrepareAs(context, cast->qa_token, request_id);
          v1::CreateEvaluationRequest request;
          *request.mutable_evaluation() = EvaluationInput(*cast, 1, 3);
          v1::Evaluation created;
          grpc::Status status = NewStub<v1::EvaluationService>(cast->channel)->CreateEvaluation(&context, request, &created);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return EvaluationEvent("people/Qec1", v1::ROLE_QA_ANALYST, request_id, nullptr, created);
        };
      },
      grpc::StatusCode::INVALID_ARGUMENT,
      [](AdminClient& admin) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "c2"));
        return FailingCall{"", [cast] {
                             grpc::ClientContext context;
                             PrepareAs(context, cast->qa_token, "tone-out-of-range");
                             v1::CreateEvaluationRequest request;
                             *request.mutable_evaluation() = EvaluationInput(*cast, 1, 9);
                             v1::Evaluation created;
                             return NewStub<v1::EvaluationService>(cast->channel)->CreateEvaluation(&context, request, &created);
                           }};
      }};
  scenarios["escala.v1.EvaluationService/UpdateEvaluation"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "u1"));
        auto draft = std::make_shared<v1::Evaluation>();
        {
          grpc::ClientContext context;
          PrepareAs(context, cast->qa_token, "");
          v1::CreateEvaluationRequest request;
          *request.mutable_evaluation() = EvaluationInput(*cast, 1, 3);
          EXPECT_TRUE(NewStub<v1::EvaluationService>(cast->channel)->CreateEvaluation(&context, request, draft.get()).ok());
        }
        return [cast, draft, request_id] {
          grpc::ClientContext context;
          PrepareAs(context, cast->qa_token, request_id);
          v1::UpdateEvaluationRequest request;
          *request.mutable_evaluation() = EvaluationInput(*cast, 0, 2);
          request.mutable_evaluation()->set_id(draft->id());
          request.mutable_evaluation()->set_coaching_notes("Greet first");
          request.set_etag(draft->etag());
          v1::Evaluation updated;
          grpc::Status status = NewStub<v1::EvaluationService>(cast->channel)->UpdateEvaluation(&context, request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return EvaluationEvent("people/Qeu1", v1::ROLE_QA_ANALYST, request_id, draft.get(), updated);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "u2"));
        auto draft = std::make_shared<v1::Evaluation>();
        grpc::ClientContext context;
        PrepareAs(context, cast->qa_token, "");
        v1::CreateEvaluationRequest request;
        *request.mutable_evaluation() = EvaluationInput(*cast, 1, 3);
        EXPECT_TRUE(NewStub<v1::EvaluationService>(cast->channel)->CreateEvaluation(&context, request, draft.get()).ok());
        return FailingCall{absl::StrCat("evaluations/", draft->id()), [cast, draft] {
                             grpc::ClientContext context;
                             PrepareAs(context, cast->qa_token, "stale-etag");
                             v1::UpdateEvaluationRequest request;
                             *request.mutable_evaluation() = EvaluationInput(*cast, 0, 2);
                             request.mutable_evaluation()->set_id(draft->id());
                             request.set_etag("99");
                             v1::Evaluation updated;
                             return NewStub<v1::EvaluationService>(cast->channel)->UpdateEvaluation(&context, request, &updated);
                           }};
      }};
  scenarios["escala.v1.EvaluationService/SubmitEvaluation"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "s1"));
        return [cast, request_id] {
          v1::Evaluation submitted;
          grpc::Status status = SubmitNewEvaluation(*cast, 1, 3, request_id, &submitted);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_TRUE(submitted.has_score());
          return EvaluationEvent("people/Qes1", v1::ROLE_QA_ANALYST, request_id, nullptr, submitted);
        };
      },
      grpc::StatusCode::INVALID_ARGUMENT,
      [](AdminClient& admin) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "s2"));
        return FailingCall{"", [cast] {
                             grpc::ClientContext context;
                             PrepareAs(context, cast->qa_token, "missing-answer");
                             v1::SubmitEvaluationRequest request;
                             *request.mutable_evaluation() = EvaluationInput(*cast, 1, 3);
                             request.mutable_evaluation()->mutable_answers()->RemoveLast();
                             v1::Evaluation submitted;
                             return NewStub<v1::EvaluationService>(cast->channel)->SubmitEvaluation(&context, request, &submitted);
                           }};
      }};
  scenarios["escala.v1.EvaluationService/AcknowledgeEvaluation"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "a1"));
        auto submitted = std::make_shared<v1::Evaluation>();
        EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 3, "", submitted.get()).ok());
        return [cast, submitted, request_id] {
          grpc::ClientContext context;
          PrepareAs(context, cast->agent_token, request_id);
          v1::AcknowledgeEvaluationRequest request;
          request.set_id(submitted->id());
          request.set_comment("Fair");
          v1::Evaluation acknowledged;
          grpc::Status status =
              NewStub<v1::EvaluationService>(cast->channel)->AcknowledgeEvaluation(&context, request, &acknowledged);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return EvaluationEvent("people/A1", v1::ROLE_AGENT, request_id, submitted.get(), acknowledged);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "a2"));
        auto disputed = std::make_shared<v1::Evaluation>();
        v1::Evaluation submitted;
        EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 3, "", &submitted).ok());
        EXPECT_TRUE(DisputeTone(*cast, submitted.id(), "tone", "", disputed.get()).ok());
        return FailingCall{absl::StrCat("evaluations/", submitted.id()), [cast, disputed] {
                             grpc::ClientContext context;
                             PrepareAs(context, cast->agent_token, "ack-disputed");
                             v1::AcknowledgeEvaluationRequest request;
                             request.set_id(disputed->id());
                             v1::Evaluation acknowledged;
                             return NewStub<v1::EvaluationService>(cast->channel)
                                 ->AcknowledgeEvaluation(&context, request, &acknowledged);
                           }};
      }};
  scenarios["escala.v1.EvaluationService/OpenDispute"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "d1"));
        auto submitted = std::make_shared<v1::Evaluation>();
        EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 3, "", submitted.get()).ok());
        return [cast, submitted, request_id] {
          v1::Evaluation disputed;
          grpc::Status status = DisputeTone(*cast, submitted->id(), "tone", request_id, &disputed);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return EvaluationEvent("people/A1", v1::ROLE_AGENT, request_id, submitted.get(), disputed);
        };
      },
      grpc::StatusCode::INVALID_ARGUMENT,
      [](AdminClient& admin) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "d2"));
        auto submitted = std::make_shared<v1::Evaluation>();
        EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 3, "", submitted.get()).ok());
        return FailingCall{absl::StrCat("evaluations/", submitted->id()), [cast, submitted] {
                             v1::Evaluation disputed;
                             return DisputeTone(*cast, submitted->id(), "no-such-criterion", "bad-key", &disputed);
                           }};
      }};
  scenarios["escala.v1.EvaluationService/ResolveDispute"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "r1"));
        auto disputed = std::make_shared<v1::Evaluation>();
        v1::Evaluation submitted;
        EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 1, "", &submitted).ok());
        EXPECT_TRUE(DisputeTone(*cast, submitted.id(), "tone", "", disputed.get()).ok());
        return [cast, disputed, request_id] {
          v1::Evaluation resolved;
          grpc::Status status = ResolveTone(*cast, cast->lead_token, *disputed, request_id, &resolved);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_NE(resolved.score(), disputed->score());
          return EvaluationEvent("people/Ler1", v1::ROLE_TEAM_LEAD, request_id, disputed.get(), resolved);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        auto cast = std::make_shared<EvaluationCast>(StartEvaluation(admin, "r2"));
        auto disputed = std::make_shared<v1::Evaluation>();
        v1::Evaluation submitted;
        EXPECT_TRUE(SubmitNewEvaluation(*cast, 1, 1, "", &submitted).ok());
        EXPECT_TRUE(DisputeTone(*cast, submitted.id(), "tone", "", disputed.get()).ok());
        // The evaluator may not decide their own evaluation's dispute.
        return FailingCall{absl::StrCat("evaluations/", submitted.id()), [cast, disputed] {
                             v1::Evaluation resolved;
                             return ResolveTone(*cast, cast->qa_token, *disputed, "own-dispute", &resolved);
                           }};
      }};
  return scenarios;
}

// Sampling plans are made and worked by people with an evaluating role, never by the
// administrator: here a QA analyst P<tag> who plans for agent A1 and is the plan's evaluator.
struct AssignmentCast {
  std::string analyst;
  std::string token;
  v1::SamplingPlan plan;
};

AssignmentCast StartAssignments(AdminClient& admin, const std::string& tag) {
  AssignmentCast cast;
  cast.analyst = "P" + tag;
  admin.CreatePerson(cast.analyst, "Planner " + tag, v1::ROLE_QA_ANALYST);
  cast.token = admin.CreateToken("people/" + cast.analyst).secret();
  const std::string scorecard = "asg-" + tag;
  EXPECT_TRUE(PublishCalibrationScorecard(admin.channel(), cast.token, scorecard).ok());
  // Two interactions of A1 this week: one to assign, one to replace it when skipped.
  admin.CreateInteraction("asg-" + tag + "-1");
  admin.CreateInteraction("asg-" + tag + "-2");
  cast.plan.set_name("Plan " + tag);
  cast.plan.add_agent_employee_ids("A1");
  cast.plan.set_per_agent_per_week(1);
  cast.plan.set_scorecard_id(scorecard);
  cast.plan.add_evaluator_employee_ids(cast.analyst);
  return cast;
}

void AsAnalyst(grpc::ClientContext& context, const AssignmentCast& cast, const std::string& request_id) {
  Authorize(context, cast.token);
  if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
}

grpc::Status CreatePlan(AdminClient& admin, AssignmentCast& cast, const std::string& request_id) {
  grpc::ClientContext context;
  AsAnalyst(context, cast, request_id);
  v1::CreateSamplingPlanRequest request;
  *request.mutable_plan() = cast.plan;
  return NewStub<v1::AssignmentService>(admin.channel())->CreateSamplingPlan(&context, request, &cast.plan);
}

// The week before this one and this one: the cast's interactions started an hour ago.
int64_t PeriodStartMillis() { return server::WeekStartMillis(absl::ToUnixMillis(absl::Now())) - 7LL * 24 * 3600 * 1000; }

grpc::Status Generate(AdminClient& admin, const AssignmentCast& cast, int64_t plan_id, const std::string& request_id,
                      v1::GenerateAssignmentsResponse* response) {
  grpc::ClientContext context;
  AsAnalyst(context, cast, request_id);
  v1::GenerateAssignmentsRequest request;
  request.set_plan_id(plan_id);
  *request.mutable_period_start() = db::MillisToTimestamp(PeriodStartMillis());
  *request.mutable_period_end() = db::MillisToTimestamp(PeriodStartMillis() + 14LL * 24 * 3600 * 1000);
  request.set_seed(9);
  return NewStub<v1::AssignmentService>(admin.channel())->GenerateAssignments(&context, request, response);
}

grpc::Status Skip(AdminClient& admin, const AssignmentCast& cast, int64_t id, const std::string& request_id,
                  v1::SkipAssignmentResponse* response) {
  grpc::ClientContext context;
  AsAnalyst(context, cast, request_id);
  v1::SkipAssignmentRequest request;
  request.set_id(id);
  request.set_reason("Recording missing");
  return NewStub<v1::AssignmentService>(admin.channel())->SkipAssignment(&context, request, response);
}

ExpectedEvent AnalystEvent(const AssignmentCast& cast, const std::string& type, const std::string& name,
                           const std::string& request_id, const std::string& before, const std::string& after) {
  ExpectedEvent event{type, name, request_id, before, after};
  event.principal = "people/" + cast.analyst;
  event.principal_role = v1::ROLE_QA_ANALYST;
  return event;
}

std::map<std::string, AuditScenario> AssignmentScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.AssignmentService/CreateSamplingPlan"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "p1"));
        return [&admin, request_id, cast] {
          grpc::Status status = CreatePlan(admin, *cast, request_id);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return AnalystEvent(*cast, "sampling_plan", absl::StrCat("samplingPlans/", cast->plan.id()), request_id, "",
                              db::DiffForAudit(nullptr, cast->plan).after_json);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "p2"));
        cast->plan.set_scorecard_id("never-published");
        return FailingCall{"", [&admin, cast] { return CreatePlan(admin, *cast, "unpublished-scorecard"); }};
      }};
  scenarios["escala.v1.AssignmentService/GenerateAssignments"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "g1"));
        EXPECT_TRUE(CreatePlan(admin, *cast, "").ok());
        return [&admin, request_id, cast] {
          v1::GenerateAssignmentsResponse response;
          grpc::Status status = Generate(admin, *cast, cast->plan.id(), request_id, &response);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_FALSE(response.assignments().empty());
          std::vector<std::string> ids;
          for (const v1::Assignment& a : response.assignments()) ids.push_back(absl::StrCat("\"", a.id(), "\""));
          return AnalystEvent(
              *cast, "sampling_plan", absl::StrCat("samplingPlans/", cast->plan.id()), request_id, "",
              absl::StrCat(R"({"assignment_ids":[)", absl::StrJoin(ids, ","), R"(],"period_start":")",
                           JsonSeconds(absl::FromUnixMillis(PeriodStartMillis())), R"(","period_end":")",
                           JsonSeconds(absl::FromUnixMillis(PeriodStartMillis()) + absl::Hours(14 * 24)),
                           R"(","seed":"9"})"));
        };
      },
      grpc::StatusCode::NOT_FOUND,
      [](AdminClient& admin) {
        auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "g2"));
        return FailingCall{"samplingPlans/999999", [&admin, cast] {
                             v1::GenerateAssignmentsResponse response;
                             return Generate(admin, *cast, 999999, "missing-plan", &response);
                           }};
      }};
  scenarios["escala.v1.AssignmentService/SkipAssignment"] = {
      [](AdminClient& admin, const std::string& request_id) {
        auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "k1"));
        EXPECT_TRUE(CreatePlan(admin, *cast, "").ok());
        auto generated = std::make_shared<v1::GenerateAssignmentsResponse>();
        EXPECT_TRUE(Generate(admin, *cast, cast->plan.id(), "", generated.get()).ok());
        return [&admin, request_id, cast, generated] {
          const int64_t id = generated->assignments().empty() ? 0 : generated->assignments(0).id();
          v1::SkipAssignmentResponse response;
          grpc::Status status = Skip(admin, *cast, id, request_id, &response);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_TRUE(response.has_replacement());
          return AnalystEvent(*cast, "assignment", absl::StrCat("assignments/", id), request_id,
                              R"({"state":"ASSIGNMENT_STATE_OPEN","skip_reason":null})",
                              absl::StrCat(R"({"state":"ASSIGNMENT_STATE_SKIPPED","skip_reason":"Recording missing",)",
                                           R"("replacement_assignment_id":")", response.replacement().id(), R"("})"));
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        auto cast = std::make_shared<AssignmentCast>(StartAssignments(admin, "k2"));
        EXPECT_TRUE(CreatePlan(admin, *cast, "").ok());
        v1::GenerateAssignmentsResponse generated;
        EXPECT_TRUE(Generate(admin, *cast, cast->plan.id(), "", &generated).ok());
        const int64_t id = generated.assignments().empty() ? 0 : generated.assignments(0).id();
        v1::SkipAssignmentResponse skipped;
        EXPECT_TRUE(Skip(admin, *cast, id, "", &skipped).ok());
        // Skipped already: a second skip is refused and records nothing.
        return FailingCall{absl::StrCat("assignments/", id), [&admin, cast, id] {
                             v1::SkipAssignmentResponse response;
                             return Skip(admin, *cast, id, "skip-twice", &response);
                           }};
      }};
  return scenarios;
}

std::map<std::string, AuditScenario> AuditScenarios() {
  std::map<std::string, AuditScenario> scenarios = PeopleScenarios();
  scenarios.merge(InteractionScenarios());
  scenarios.merge(IdentityScenarios());
  scenarios.merge(ScorecardScenarios());
  scenarios.merge(CalibrationScenarios());
  scenarios.merge(AssignmentScenarios());
  scenarios.merge(EvaluationScenarios());
  return scenarios;
}

// "UpdatePerson" of "escala.v1.PeopleService/UpdatePerson".
std::string ShortName(const std::string& method) { return method.substr(method.find('/') + 1); }

TEST(AuditCoverageTest, EveryMutatingRpcOfThePolicyTableHasAnAuditScenario) {
  const std::vector<std::string> mutating_prefixes = {"Create", "Update", "Upsert", "Import", "Revoke", "Submit", "Close", "Publish", "Retire",
                                                       "Acknowledge", "Open", "Resolve", "Generate", "Skip"};
  std::set<std::string> mutating;
  for (const server::PolicyRow& row : server::AccessPolicy()) {
    for (const std::string& prefix : mutating_prefixes) {
      if (absl::StartsWith(ShortName(row.method), prefix)) mutating.insert(row.method);
    }
  }
  std::set<std::string> covered;
  for (const auto& [method, scenario] : AuditScenarios()) covered.insert(method);
  EXPECT_EQ(covered, mutating) << "a mutating RPC needs an audit scenario in this file";
}

class AuditTest : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    absl::StatusOr<std::unique_ptr<ServerUnderTest>> server = ServerUnderTest::Start(database());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    admin_ = std::make_unique<AdminClient>(PlaintextChannel(server_->address()), server_->admin_token());
    admin_->CreateTeam("t-a", "Team A");
    admin_->CreatePerson("A1", "Ana Agent");
  }

  void TearDown() override {
    // The connection closes first: a server stopping with a client still connected waits for it.
    admin_.reset();
    server_.reset();
    DatabaseTest::TearDown();
  }

  AdminClient& admin() { return *admin_; }

  // The ids of `events`, in their order.
  static std::vector<int64_t> Ids(const std::vector<v1::AuditEvent>& events) {
    std::vector<int64_t> ids;
    for (const v1::AuditEvent& event : events) ids.push_back(event.id());
    return ids;
  }

  std::unique_ptr<ServerUnderTest> server_;
  std::unique_ptr<AdminClient> admin_;
};

TEST_P(AuditTest, EveryMutatingRpcRecordsOneEventWithItsCallerRequestAndChange) {
  for (const auto& [method, scenario] : AuditScenarios()) {
    SCOPED_TRACE(method);
    const std::string request_id = absl::StrCat("req-", ShortName(method));
    std::function<ExpectedEvent()> change = scenario.change(admin(), request_id);
    const int64_t newest_before = admin().NewestEventId();
    const ExpectedEvent expected = change();

    std::vector<v1::AuditEvent> fresh;
    for (const v1::AuditEvent& event : admin().EventsOf(expected.resource_name)) {
      if (event.id() > newest_before) fresh.push_back(event);
    }
    ASSERT_EQ(fresh.size(), 1u) << "events of " << expected.resource_name << " after the call";
    const v1::AuditEvent& event = fresh.front();
    EXPECT_EQ(admin().NewestEventId(), event.id()) << "the call recorded other events as well";
    EXPECT_EQ(event.principal(), expected.principal);
    EXPECT_EQ(event.principal_role(), expected.principal_role);
    EXPECT_EQ(event.method(), method);
    EXPECT_EQ(event.resource_type(), expected.resource_type);
    EXPECT_EQ(event.resource_name(), expected.resource_name);
    EXPECT_EQ(event.request_id(), expected.request_id);
    EXPECT_EQ(event.before_json(), expected.before_json);
    EXPECT_EQ(event.after_json(), expected.after_json);
    EXPECT_TRUE(event.has_event_time());
  }
}

TEST_P(AuditTest, AFailedMutatingCallRecordsNothing) {
  for (const auto& [method, scenario] : AuditScenarios()) {
    SCOPED_TRACE(method);
    FailingCall failing = scenario.failure(admin());
    const int64_t newest_before = admin().NewestEventId();
    const std::size_t resource_events_before = admin().EventsOf(failing.resource_name).size();
    const grpc::Status status = failing.call();
    EXPECT_EQ(status.error_code(), scenario.failure_code) << status.error_message();
    EXPECT_EQ(admin().NewestEventId(), newest_before);
    EXPECT_EQ(admin().EventsOf(failing.resource_name).size(), resource_events_before)
        << "events of '" << failing.resource_name << "'";
  }
}

TEST_P(AuditTest, ATokenEventHoldsNeitherTheSecretNorItsHash) {
  const v1::CreateTokenResponse created = admin().CreateToken("people/A1");
  ASSERT_FALSE(created.secret().empty());
  const std::string hash = server::HashTokenSecret(created.secret());
  ASSERT_EQ(hash.size(), 64u);
  const std::vector<v1::AuditEvent> events = admin().EventsOf(absl::StrCat("tokens/", created.token().token_id()));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].after_json(), HasSubstr(created.token().token_id()));
  // Nowhere in the whole log, in either form.
  for (const v1::AuditEvent& event : admin().EventsOf("")) {
    const std::string text = event.DebugString();
    EXPECT_THAT(text, Not(HasSubstr(created.secret()))) << event.resource_name();
    EXPECT_THAT(text, Not(HasSubstr(created.secret().substr(4)))) << event.resource_name();
    EXPECT_THAT(text, Not(HasSubstr(hash))) << event.resource_name();
  }
}

TEST_P(AuditTest, TheTimeRangeFilterIncludesItsStartAndExcludesItsEnd) {
  for (const char* team : {"t-1", "t-2", "t-3"}) {
    admin().CreateTeam(team, team);
    absl::SleepFor(absl::Milliseconds(20));
  }
  const std::vector<v1::AuditEvent> first = admin().EventsOf("teams/t-1");
  const std::vector<v1::AuditEvent> second = admin().EventsOf("teams/t-2");
  const std::vector<v1::AuditEvent> third = admin().EventsOf("teams/t-3");
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(second.size(), 1u);
  ASSERT_EQ(third.size(), 1u);
  ASSERT_LT(db::TimestampToMillis(first[0].event_time()), db::TimestampToMillis(second[0].event_time()));
  ASSERT_LT(db::TimestampToMillis(second[0].event_time()), db::TimestampToMillis(third[0].event_time()));

  v1::ListAuditEventsRequest request;
  *request.mutable_start_time() = second[0].event_time();
  *request.mutable_end_time() = third[0].event_time();
  EXPECT_EQ(Ids(admin().AllEvents(request)), std::vector<int64_t>{second[0].id()});

  request.clear_end_time();
  EXPECT_EQ(Ids(admin().AllEvents(request)), (std::vector<int64_t>{third[0].id(), second[0].id()}));

  request.clear_start_time();
  *request.mutable_end_time() = second[0].event_time();
  const std::vector<int64_t> before_second = Ids(admin().AllEvents(request));
  ASSERT_FALSE(before_second.empty());
  EXPECT_EQ(before_second.front(), first[0].id());
}

TEST_P(AuditTest, ThePrincipalFilterShowsOnlyThatPrincipalsEvents) {
  admin().CreateServiceAccount("hr", "HR system", v1::ROLE_HR_SYSTEM);
  const std::string hr_token = admin().CreateToken("serviceAccounts/hr").secret();
  {
    grpc::ClientContext context;
    Authorize(context, hr_token);
    v1::CreatePersonRequest request;
    request.mutable_person()->set_employee_id("H1");
    request.mutable_person()->set_display_name("Hired by HR");
    request.mutable_person()->set_role(v1::ROLE_AGENT);
    request.mutable_person()->set_level(1);
    v1::Person created;
    grpc::Status status = NewStub<v1::PeopleService>(admin().channel())->CreatePerson(&context, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  v1::ListAuditEventsRequest request;
  request.set_principal("serviceAccounts/hr");
  const std::vector<v1::AuditEvent> by_hr = admin().AllEvents(request);
  ASSERT_EQ(by_hr.size(), 1u);
  EXPECT_EQ(by_hr[0].principal(), "serviceAccounts/hr");
  EXPECT_EQ(by_hr[0].principal_role(), v1::ROLE_HR_SYSTEM);
  EXPECT_EQ(by_hr[0].method(), "escala.v1.PeopleService/CreatePerson");
  EXPECT_EQ(by_hr[0].resource_name(), "people/H1");

  request.set_principal(kAdminPrincipal);
  const std::vector<v1::AuditEvent> by_admin = admin().AllEvents(request);
  // Team t-a, person A1, account hr and hr's token.
  EXPECT_EQ(by_admin.size(), 4u);
  for (const v1::AuditEvent& event : by_admin) EXPECT_EQ(event.principal(), kAdminPrincipal);
}

TEST_P(AuditTest, OldestFirstIsTheExactReverseOfTheDefaultNewestFirst) {
  for (int i = 0; i < 4; ++i) admin().CreateTeam(absl::StrCat("t-order-", i), "Ordered");
  const std::vector<int64_t> newest_first = Ids(admin().EventsOf(""));
  // The bootstrap's account and token, t-a, A1 and the four teams.
  ASSERT_EQ(newest_first.size(), 8u);
  for (std::size_t i = 1; i < newest_first.size(); ++i) EXPECT_GT(newest_first[i - 1], newest_first[i]);

  v1::ListAuditEventsRequest request;
  request.set_order_by("event_time desc");
  EXPECT_EQ(Ids(admin().AllEvents(request)), newest_first);
  request.set_order_by("event_time asc");
  const std::vector<int64_t> oldest_first = Ids(admin().AllEvents(request));
  EXPECT_EQ(oldest_first, std::vector<int64_t>(newest_first.rbegin(), newest_first.rend()));
}

TEST_P(AuditTest, PagesFollowOneAnotherWithoutGapsOrRepeatsInBothOrders) {
  for (int i = 0; i < 9; ++i) admin().CreatePerson(absl::StrCat("P", i), "Paged");
  for (const std::string order : {"event_time desc", "event_time asc"}) {
    for (const std::string resource_type : {"", "person"}) {
      SCOPED_TRACE(absl::StrCat(order, ", resource_type '", resource_type, "'"));
      v1::ListAuditEventsRequest request;
      request.set_order_by(order);
      request.set_resource_type(resource_type);
      const std::vector<int64_t> whole = Ids(admin().AllEvents(request));
      // A1 and P0..P8, plus the bootstrap's account and token and team t-a without the filter.
      EXPECT_EQ(whole.size(), resource_type.empty() ? 13u : 10u);
      request.set_page_size(3);
      std::vector<int64_t> paged;
      int pages = 0;
      while (pages < 20) {
        v1::ListAuditEventsResponse response;
        grpc::Status status = admin().ListEvents(request, &response);
        ASSERT_TRUE(status.ok()) << status.error_message();
        ++pages;
        EXPECT_LE(response.events_size(), 3);
        for (const v1::AuditEvent& event : response.events()) paged.push_back(event.id());
        if (response.next_page_token().empty()) break;
        request.set_page_token(response.next_page_token());
      }
      EXPECT_EQ(pages, resource_type.empty() ? 5 : 4);
      EXPECT_EQ(paged, whole);
    }
  }
}

TEST_P(AuditTest, AnAgentMayNotReadTheAuditLog) {
  const std::string agent_token = admin().CreateToken("people/A1").secret();
  grpc::ClientContext context;
  Authorize(context, agent_token);
  v1::ListAuditEventsResponse response;
  grpc::Status status = NewStub<v1::AuditService>(admin().channel())
                            ->ListAuditEvents(&context, v1::ListAuditEventsRequest(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(response.events_size(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditTest, ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
