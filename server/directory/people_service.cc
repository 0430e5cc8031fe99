#include "server/directory/people_service.h"

#include "server/platform/unary_call.h"

namespace escala::server {

grpc::ServerUnaryReactor* PeopleService::CreatePerson(grpc::CallbackServerContext* context,
                                                      const v1::CreatePersonRequest* request,
                                                      v1::Person* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PeopleService/CreatePerson",
      [this, request](const CallContext& call) { return handler_.CreatePerson(call, *request); });
}

grpc::ServerUnaryReactor* PeopleService::GetPerson(grpc::CallbackServerContext* context,
                                                   const v1::GetPersonRequest* request,
                                                   v1::Person* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PeopleService/GetPerson",
      [this, request](const CallContext& call) { return handler_.GetPerson(call, *request); });
}

grpc::ServerUnaryReactor* PeopleService::ListPeople(grpc::CallbackServerContext* context,
                                                    const v1::ListPeopleRequest* request,
                                                    v1::ListPeopleResponse* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PeopleService/ListPeople",
      [this, request](const CallContext& call) { return handler_.ListPeople(call, *request); });
}

grpc::ServerUnaryReactor* PeopleService::UpdatePerson(grpc::CallbackServerContext* context,
                                                      const v1::UpdatePersonRequest* request,
                                                      v1::Person* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PeopleService/UpdatePerson",
      [this, request](const CallContext& call) { return handler_.UpdatePerson(call, *request); });
}

grpc::ServerUnaryReactor* PeopleService::UpsertPeople(grpc::CallbackServerContext* context,
                                                      const v1::UpsertPeopleRequest* request,
                                                      v1::UpsertPeopleResponse* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PeopleService/UpsertPeople",
      [this, request](const CallContext& call) { return handler_.UpsertPeople(call, *request); });
}

grpc::ServerUnaryReactor* PeopleService::CreateTeam(grpc::CallbackServerContext* context,
                                                    const v1::CreateTeamRequest* request,
                                                    v1::Team* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PeopleService/CreateTeam",
      [this, request](const CallContext& call) { return handler_.CreateTeam(call, *request); });
}

grpc::ServerUnaryReactor* PeopleService::GetTeam(grpc::CallbackServerContext* context,
                                                 const v1::GetTeamRequest* request,
                                                 v1::Team* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PeopleService/GetTeam",
      [this, request](const CallContext& call) { return handler_.GetTeam(call, *request); });
}

grpc::ServerUnaryReactor* PeopleService::ListTeams(grpc::CallbackServerContext* context,
                                                   const v1::ListTeamsRequest* request,
                                                   v1::ListTeamsResponse* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PeopleService/ListTeams",
      [this, request](const CallContext& call) { return handler_.ListTeams(call, *request); });
}

grpc::ServerUnaryReactor* PeopleService::UpdateTeam(grpc::CallbackServerContext* context,
                                                    const v1::UpdateTeamRequest* request,
                                                    v1::Team* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.PeopleService/UpdateTeam",
      [this, request](const CallContext& call) { return handler_.UpdateTeam(call, *request); });
}

}  // namespace escala::server
