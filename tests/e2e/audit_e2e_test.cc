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
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/proto_time.h"
#include "escala/v1/audit.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/access_policy.h"
#include "server/token_secret.h"
#include "tests/e2e/grpc_client.h"
#include "tests/e2e/server_under_test.h"
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

std::map<std::string, AuditScenario> AuditScenarios() {
  std::map<std::string, AuditScenario> scenarios = PeopleScenarios();
  scenarios.merge(InteractionScenarios());
  scenarios.merge(IdentityScenarios());
  return scenarios;
}

// "UpdatePerson" of "escala.v1.PeopleService/UpdatePerson".
std::string ShortName(const std::string& method) { return method.substr(method.find('/') + 1); }

TEST(AuditCoverageTest, EveryMutatingRpcOfThePolicyTableHasAnAuditScenario) {
  const std::vector<std::string> mutating_prefixes = {"Create", "Update", "Upsert", "Import", "Revoke"};
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
    EXPECT_EQ(event.principal(), kAdminPrincipal);
    EXPECT_EQ(event.principal_role(), v1::ROLE_ADMINISTRATOR);
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
