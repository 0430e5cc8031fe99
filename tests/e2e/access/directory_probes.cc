// Access-matrix probes of the PeopleService: people and teams.

#include <grpcpp/grpcpp.h>

#include <string>

#include "escala/v1/people.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::access_matrix {
namespace {

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
    return NewStub<v1::PeopleService>(w.channel)
        ->CreatePerson(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.PeopleService/GetPerson"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetPersonRequest request;
    request.set_employee_id(PersonTarget(w, c, t).employee_id);
    v1::Person response;
    return NewStub<v1::PeopleService>(w.channel)
        ->GetPerson(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.PeopleService/ListPeople"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListPeopleRequest request;
    request.set_page_size(1000);
    v1::ListPeopleResponse response;
    grpc::Status status =
        NewStub<v1::PeopleService>(w.channel)->ListPeople(&context, request, &response);
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
    return NewStub<v1::PeopleService>(w.channel)
        ->UpdatePerson(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.PeopleService/UpsertPeople"] = [](World& w, const Actor& c, Target t) {
    // The target as stored, sent back unchanged, read with the administrator's token.
    v1::Person stored;
    {
      grpc::ClientContext context;
      Authorize(context, w.admin_token);
      v1::GetPersonRequest get;
      get.set_employee_id(PersonTarget(w, c, t).employee_id);
      if (!NewStub<v1::PeopleService>(w.channel)->GetPerson(&context, get, &stored).ok())
        return grpc::StatusCode::INTERNAL;
    }
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpsertPeopleRequest request;
    *request.add_people() = stored;
    v1::UpsertPeopleResponse response;
    return NewStub<v1::PeopleService>(w.channel)
        ->UpsertPeople(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.PeopleService/CreateTeam"] = [](World& w, const Actor& c, Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreateTeamRequest request;
    request.mutable_team()->set_team_id(w.Unique("team-"));
    request.mutable_team()->set_display_name("New team");
    v1::Team response;
    return NewStub<v1::PeopleService>(w.channel)
        ->CreateTeam(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.PeopleService/GetTeam"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetTeamRequest request;
    request.set_team_id(TeamTarget(t));
    v1::Team response;
    return NewStub<v1::PeopleService>(w.channel)
        ->GetTeam(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.PeopleService/ListTeams"] = [](World& w, const Actor& c, Target t) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListTeamsRequest request;
    request.set_page_size(1000);
    v1::ListTeamsResponse response;
    grpc::Status status =
        NewStub<v1::PeopleService>(w.channel)->ListTeams(&context, request, &response);
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
    return NewStub<v1::PeopleService>(w.channel)
        ->UpdateTeam(&context, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kDirectoryProbes("people", &PeopleProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
