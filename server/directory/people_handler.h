#pragma once

#include "absl/status/statusor.h"
#include "db/directory/people_repository.h"
#include "db/directory/team_repository.h"
#include "escala/v1/people.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// The logic of PeopleService, free of gRPC: validate, call the repositories, shape the answer.
// Every method returns the response or a status whose message names the field and the rule.
// `call` is the admitted caller: reads are narrowed to its scope, changes are stamped with it.
class PeopleHandler {
 public:
  PeopleHandler(db::PeopleRepository& people, db::TeamRepository& teams, Clock clock)
      : people_(people), teams_(teams), clock_(std::move(clock)) {}

  absl::StatusOr<v1::Person> CreatePerson(const CallContext& call,
                                          const v1::CreatePersonRequest& request);
  absl::StatusOr<v1::Person> GetPerson(const CallContext& call,
                                       const v1::GetPersonRequest& request);
  absl::StatusOr<v1::ListPeopleResponse> ListPeople(const CallContext& call,
                                                    const v1::ListPeopleRequest& request);
  absl::StatusOr<v1::Person> UpdatePerson(const CallContext& call,
                                          const v1::UpdatePersonRequest& request);
  absl::StatusOr<v1::UpsertPeopleResponse> UpsertPeople(const CallContext& call,
                                                        const v1::UpsertPeopleRequest& request);

  absl::StatusOr<v1::Team> CreateTeam(const CallContext& call,
                                      const v1::CreateTeamRequest& request);
  absl::StatusOr<v1::Team> GetTeam(const CallContext& call, const v1::GetTeamRequest& request);
  absl::StatusOr<v1::ListTeamsResponse> ListTeams(const CallContext& call,
                                                  const v1::ListTeamsRequest& request);
  absl::StatusOr<v1::Team> UpdateTeam(const CallContext& call,
                                      const v1::UpdateTeamRequest& request);

  // Most people one UpsertPeople request may carry.
  static constexpr int kMaxUpsertBatch = 1000;

 private:
  // FAILED_PRECONDITION naming `field` when `employee_id` is not in the directory.
  absl::Status CheckPersonExists(const std::string& employee_id, const std::string& field);
  // teams_.List narrowed to the call's scope.
  absl::StatusOr<std::vector<v1::Team>> ListTeamsInScope(const CallContext& call,
                                                         const std::string& after, int limit);

  db::PeopleRepository& people_;
  db::TeamRepository& teams_;
  Clock clock_;
};

}  // namespace escala::server
