#include "server/people_service.h"

#include "server/unary_call.h"

namespace escala::server {

grpc::ServerUnaryReactor* PeopleService::CreatePerson(grpc::CallbackServerContext* context,
    const v1::CreatePersonRequest* request, v1::Person* response) {
  return RunOnWorkers(context, response, workers_, [this, request] { return handler_.CreatePerson(*request); });
}

grpc::ServerUnaryReactor* PeopleService::GetPerson(grpc::CallbackServerContext* context,
    const v1::GetPersonRequest* request, v1::Person* response) {
  return RunOnWorkers(context, response, workers_, [this, request] { return handler_.GetPerson(*request); });
}

grpc::ServerUnaryReactor* PeopleService::ListPeople(grpc::CallbackServerContext* context,
    const v1::ListPeopleRequest* request, v1::ListPeopleResponse* response) {
  return RunOnWorkers(context, response, workers_, [this, request] { return handler_.ListPeople(*request); });
}

grpc::ServerUnaryReactor* PeopleService::UpdatePerson(grpc::CallbackServerContext* context,
    const v1::UpdatePersonRequest* request, v1::Person* response) {
  return RunOnWorkers(context, response, workers_, [this, request] { return handler_.UpdatePerson(*request); });
}

grpc::ServerUnaryReactor* PeopleService::UpsertPeople(grpc::CallbackServerContext* context,
    const v1::UpsertPeopleRequest* request, v1::UpsertPeopleResponse* response) {
  return RunOnWorkers(context, response, workers_, [this, request] { return handler_.UpsertPeople(*request); });
}

grpc::ServerUnaryReactor* PeopleService::CreateTeam(grpc::CallbackServerContext* context,
    const v1::CreateTeamRequest* request, v1::Team* response) {
  return RunOnWorkers(context, response, workers_, [this, request] { return handler_.CreateTeam(*request); });
}

grpc::ServerUnaryReactor* PeopleService::GetTeam(grpc::CallbackServerContext* context,
    const v1::GetTeamRequest* request, v1::Team* response) {
  return RunOnWorkers(context, response, workers_, [this, request] { return handler_.GetTeam(*request); });
}

grpc::ServerUnaryReactor* PeopleService::ListTeams(grpc::CallbackServerContext* context,
    const v1::ListTeamsRequest* request, v1::ListTeamsResponse* response) {
  return RunOnWorkers(context, response, workers_, [this, request] { return handler_.ListTeams(*request); });
}

grpc::ServerUnaryReactor* PeopleService::UpdateTeam(grpc::CallbackServerContext* context,
    const v1::UpdateTeamRequest* request, v1::Team* response) {
  return RunOnWorkers(context, response, workers_, [this, request] { return handler_.UpdateTeam(*request); });
}

}  // namespace escala::server
