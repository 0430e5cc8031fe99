// Audit scenarios of the PeopleService: people and teams.
#include <grpcpp/grpcpp.h>

#include <map>
#include <string>

#include "escala/v1/people.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

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
          grpc::Status status = NewStub<v1::PeopleService>(admin.channel())
                                    ->CreatePerson(&context, request, &created);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{
              "person", "people/C1", request_id, "",
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
                             return NewStub<v1::PeopleService>(admin.channel())
                                 ->CreatePerson(&context, request, &created);
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
          grpc::Status status = NewStub<v1::PeopleService>(admin.channel())
                                    ->UpdatePerson(&context, request, &updated);
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
          grpc::Status status = NewStub<v1::PeopleService>(admin.channel())
                                    ->UpdatePerson(&context, request, &updated);
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
                             return NewStub<v1::PeopleService>(admin.channel())
                                 ->UpdatePerson(&context, request, &updated);
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
          grpc::Status status = NewStub<v1::PeopleService>(admin.channel())
                                    ->UpsertPeople(&context, request, &response);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(response.updated_count(), 1);
          return ExpectedEvent{"person", "people/S1", request_id,
                               R"({"display_name":"Sam Before"})",
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
                             return NewStub<v1::PeopleService>(admin.channel())
                                 ->UpsertPeople(&context, request, &response);
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
          grpc::Status status =
              NewStub<v1::PeopleService>(admin.channel())->CreateTeam(&context, request, &created);
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
                             return NewStub<v1::PeopleService>(admin.channel())
                                 ->CreateTeam(&context, request, &created);
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
          grpc::Status status =
              NewStub<v1::PeopleService>(admin.channel())->UpdateTeam(&context, request, &updated);
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
                             return NewStub<v1::PeopleService>(admin.channel())
                                 ->UpdateTeam(&context, request, &updated);
                           }};
      }};
  return scenarios;
}

const ScenarioRegistrar kDirectoryAuditScenarios("people", &PeopleScenarios);

}  // namespace
}  // namespace escala::testing::audit_scenarios
