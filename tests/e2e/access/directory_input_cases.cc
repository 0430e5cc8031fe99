// Input-safety cases of the PeopleService: people and teams.

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "escala/v1/audit.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

grpc::Status CreatePerson(InputClient& client, const v1::Person& person, v1::Person* created) {
  v1::CreatePersonRequest request;
  *request.mutable_person() = person;
  return client.Call(&v1::PeopleService::Stub::CreatePerson, request, created);
}

grpc::Status CreateTeam(InputClient& client, const std::string& team_id,
                        const std::string& display_name, v1::Team* created) {
  v1::CreateTeamRequest request;
  request.mutable_team()->set_team_id(team_id);
  request.mutable_team()->set_display_name(display_name);
  return client.Call(&v1::PeopleService::Stub::CreateTeam, request, created);
}

grpc::Status UpdateDisplayName(InputClient& client, const std::string& employee_id,
                               const std::string& display_name, v1::Person* updated) {
  v1::UpdatePersonRequest request;
  request.mutable_person()->set_employee_id(employee_id);
  request.mutable_person()->set_display_name(display_name);
  request.mutable_update_mask()->add_paths("display_name");
  return client.Call(&v1::PeopleService::Stub::UpdatePerson, request, updated);
}

v1::Person GetPerson(InputClient& client, const std::string& employee_id) {
  v1::GetPersonRequest request;
  request.set_employee_id(employee_id);
  v1::Person person;
  grpc::Status status = client.Call(&v1::PeopleService::Stub::GetPerson, request, &person);
  EXPECT_TRUE(status.ok()) << employee_id << ": " << status.error_message();
  return person;
}

// The display_name of the one audit event of `resource_name`, as its after_json holds it.
std::string AuditedDisplayName(InputClient& client, const std::string& resource_name) {
  v1::ListAuditEventsRequest request;
  request.set_resource_name(resource_name);
  v1::ListAuditEventsResponse events;
  grpc::Status status = client.Call(&v1::AuditService::Stub::ListAuditEvents, request, &events);
  if (!status.ok()) return "(error: " + status.error_message() + ")";
  if (events.events_size() != 1) return absl::StrCat("(", events.events_size(), " events)");
  google::protobuf::Struct after;
  if (!google::protobuf::util::JsonStringToMessage(events.events(0).after_json(), &after).ok()) {
    return "(not JSON: " + events.events(0).after_json() + ")";
  }
  auto found = after.fields().find("display_name");
  return found == after.fields().end() ? "(no display_name)" : found->second.string_value();
}

std::vector<RoundTrip> RoundTrips() {
  return {
      {.field = "person.display_name",
       .via = "CreatePerson",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               const std::string id = client.Unique("H");
               v1::Person created;
               grpc::Status status =
                   CreatePerson(client, InputClient::NewPerson(id, text), &created);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"CreatePerson", text, created.display_name()});
               read.push_back({"GetPerson", text, GetPerson(client, id).display_name()});
             }
             return read;
           }},
      // The UPDATE path as well, with the text doubled.
      {.field = "person.display_name",
       .via = "UpdatePerson",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               const std::string id = client.Unique("H");
               v1::Person person;
               EXPECT_TRUE(CreatePerson(client, InputClient::NewPerson(id, "Plain"), &person).ok());
               grpc::Status status = UpdateDisplayName(client, id, text + text, &person);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"GetPerson", text + text, GetPerson(client, id).display_name()});
             }
             return read;
           }},
      // The audit event holds the text as a JSON string that reads back as sent.
      {.field = "team.display_name",
       .via = "CreateTeam",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               const std::string id = client.Unique("team-");
               v1::Team team;
               grpc::Status status = CreateTeam(client, id, text, &team);
               EXPECT_TRUE(status.ok()) << status.error_message();
               v1::GetTeamRequest get;
               get.set_team_id(id);
               status = client.Call(&v1::PeopleService::Stub::GetTeam, get, &team);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"GetTeam", text, team.display_name()});
               read.push_back(
                   {"audit after_json", text, AuditedDisplayName(client, "teams/" + id)});
             }
             return read;
           }},
  };
}

std::vector<FieldWrite> FieldWrites() {
  return {
      {.field = "person.display_name",
       .via = "CreatePerson",
       .write =
           [](InputClient& client, const std::string& value) {
             v1::Person person;
             return CreatePerson(client, InputClient::NewPerson(client.Unique("L"), value),
                                 &person);
           },
       .max_characters = 200},
      {.field = "person.display_name",
       .via = "UpdatePerson",
       .write =
           [](InputClient& client, const std::string& value) {
             v1::Person person;
             return UpdateDisplayName(client, "A1", value, &person);
           }},
      {.field = "team.display_name",
       .via = "CreateTeam",
       .write =
           [](InputClient& client, const std::string& value) {
             v1::Team team;
             return CreateTeam(client, client.Unique("t-long-"), value, &team);
           },
       .max_characters = 200},
  };
}

std::vector<RefusedValues> Refused() {
  return {
      {.field = "team_id",
       .via = "ListPeople",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::ListPeopleRequest request;
             request.set_team_id(value);
             v1::ListPeopleResponse people;
             return client.Call(&v1::PeopleService::Stub::ListPeople, request, &people);
           }},
      {.field = "employee_id",
       .via = "GetPerson",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::GetPersonRequest request;
             request.set_employee_id(value);
             v1::Person person;
             return client.Call(&v1::PeopleService::Stub::GetPerson, request, &person);
           }},
      {.field = "person.employee_id",
       .via = "UpdatePerson",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::UpdatePersonRequest request;
             request.mutable_person()->set_employee_id(value);
             request.mutable_person()->set_level(2);
             request.mutable_update_mask()->add_paths("level");
             v1::Person person;
             return client.Call(&v1::PeopleService::Stub::UpdatePerson, request, &person);
           }},
      {.field = "team_id",
       .via = "GetTeam",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::GetTeamRequest request;
             request.set_team_id(value);
             v1::Team team;
             return client.Call(&v1::PeopleService::Stub::GetTeam, request, &team);
           }},
  };
}

std::vector<PagedList> PagedLists() {
  return {
      {.method = "escala.v1.PeopleService/ListPeople",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListPeopleRequest request;
               request.set_page_size(page_size);
               v1::ListPeopleResponse response;
               return client.Call(&v1::PeopleService::Stub::ListPeople, request, &response);
             };
           }},
      {.method = "escala.v1.PeopleService/ListTeams",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListTeamsRequest request;
               request.set_page_size(page_size);
               v1::ListTeamsResponse response;
               return client.Call(&v1::PeopleService::Stub::ListTeams, request, &response);
             };
           }},
  };
}

// More than 1000 people in one UpsertPeople is refused whole; 1000 go through.
void UpsertOverOneThousand(InputClient& client) {
  v1::UpsertPeopleRequest request;
  for (int i = 0; i < 1001; ++i) {
    *request.add_people() = InputClient::NewPerson(absl::StrCat("U", i), "Bulk");
  }
  v1::UpsertPeopleResponse response;
  grpc::Status status = client.Call(&v1::PeopleService::Stub::UpsertPeople, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(status.error_message(), "people: at most 1000 per request, got 1001");
  v1::GetPersonRequest get;
  get.set_employee_id("U0");
  v1::Person person;
  EXPECT_EQ(client.Call(&v1::PeopleService::Stub::GetPerson, get, &person).error_code(),
            grpc::StatusCode::NOT_FOUND);

  request.mutable_people()->RemoveLast();
  status = client.Call(&v1::PeopleService::Stub::UpsertPeople, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.created_count(), 1000);
}

InputCases DirectoryInputCases() {
  InputCases cases;
  cases.round_trips = RoundTrips();
  cases.field_writes = FieldWrites();
  cases.refused = Refused();
  cases.enum_filters = {
      {.field = "role",
       .via = "ListPeople",
       .call =
           [](InputClient& client, int value) {
             v1::ListPeopleRequest request;
             request.set_role(static_cast<v1::Role>(value));
             v1::ListPeopleResponse people;
             return client.Call(&v1::PeopleService::Stub::ListPeople, request, &people);
           }},
  };
  cases.paged_lists = PagedLists();
  cases.limits = {{"UpsertPeople of more than 1000 people", &UpsertOverOneThousand}};
  cases.not_free_text = {
      {"person.employee_id", "identifier: refused unless [A-Za-z0-9._-] (SQL-looking cases)"},
      {"person.email", "an address: one '@', no spaces"},
      {"person.team_id", "identifier of a team"},
      {"person.hire_date", "a calendar date YYYY-MM-DD"},
      {"person.etag", "made by the server; compared, never stored"},
      {"team.team_id", "identifier: refused unless [A-Za-z0-9._-] (SQL-looking cases)"},
      {"team.lead_employee_id", "identifier of a person"},
      {"team.etag", "made by the server; compared, never stored"},
  };
  return cases;
}

const InputCaseRegistrar kDirectoryInputCases("directory", &DirectoryInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
