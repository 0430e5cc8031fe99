// `escala teams …`: the teams of the people directory.

#include <memory>

#include "client/core/command.h"
#include "client/directory/person_columns.h"
#include "escala/v1/people.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::CreateTeamRequest;
using escala::v1::GetTeamRequest;
using escala::v1::ListTeamsRequest;
using escala::v1::ListTeamsResponse;
using escala::v1::PeopleService;
using escala::v1::Team;
using escala::v1::UpdateTeamRequest;

Table TeamsTable(const ListTeamsResponse& response) {
  Table table;
  table.header = {"TEAM ID", "NAME", "LEAD"};
  for (const Team& team : response.teams()) {
    table.rows.push_back({team.team_id(), team.display_name(), team.lead_employee_id()});
  }
  return table;
}

int PrintTeam(const CommandEnv& env, const Team& team) {
  *env.out << RenderResource(env.options.output, team, TeamColumns(), TeamDetailColumns(),
                             env.width);
  return kExitOk;
}

int RunTeamList(const CommandEnv& env, const ParsedArgs& args) {
  ListTeamsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<PeopleService::Stub> stub = PeopleService::NewStub(env.channel);
  ListTeamsResponse teams;
  grpc::Status status = ListPages<ListTeamsRequest, ListTeamsResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const ListTeamsRequest& page_request,
              ListTeamsResponse* page) { return stub->ListTeams(context, page_request, page); },
      &teams);
  if (!status.ok()) return RpcFailure(env, status);
  *env.out << RenderList(
      env.options.output, teams, AsMessages(teams.teams()), TeamColumns(),
      [&teams] { return TeamsTable(teams); }, env.width);
  return kExitOk;
}

int RunTeamGet(const CommandEnv& env, const ParsedArgs& args) {
  GetTeamRequest request;
  request.set_team_id(args.positional[0]);
  Team team;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status = PeopleService::NewStub(env.channel)->GetTeam(&context, request, &team);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintTeam(env, team);
}

int RunTeamCreate(const CommandEnv& env, const ParsedArgs& args) {
  CreateTeamRequest request;
  if (int code = ApplyFieldFlags(env, args, request.mutable_team()); code != kExitOk) return code;
  Team created;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      PeopleService::NewStub(env.channel)->CreateTeam(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintTeam(env, created);
}

int RunTeamUpdate(const CommandEnv& env, const ParsedArgs& args) {
  UpdateTeamRequest request;
  if (int code = ApplyFieldFlags(env, args, request.mutable_team()); code != kExitOk) return code;
  request.mutable_team()->set_team_id(args.positional[0]);
  for (const GivenFlag& flag : args.flags) {
    request.mutable_update_mask()->add_paths(flag.spec->field_path);
  }
  if (request.update_mask().paths().empty()) {
    return UsageError(env, "nothing to change: give --display-name or --lead");
  }
  Team updated;
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  grpc::Status status =
      PeopleService::NewStub(env.channel)->UpdateTeam(&context, request, &updated);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintTeam(env, updated);
}

std::vector<FlagSpec> TeamCreateFlags() {
  std::vector<FlagSpec> flags = ColumnFlags(TeamColumns(), *escala::v1::Team::descriptor());
  for (FlagSpec& flag : flags) flag.required = flag.name != "lead";
  return flags;
}

}  // namespace

GroupSpec TeamsGroup() {
  GroupSpec group{"teams", "Teams and their leads: list, get, create, update.", {}};
  VerbSpec list{"list",
                "List teams ordered by id.",
                "",
                0,
                0,
                "Lists teams ordered by id, one page unless --all is given. When more pages\n"
                "follow, their token is printed on stderr as 'next_page_token: TOKEN'.",
                {
                    FieldFlag("page-size", "N", "page_size",
                              "Teams per page (server default 50, at most 1000)."),
                    FieldFlag("page-token", "TOKEN", "page_token",
                              "Continue from a previous page's next_page_token."),
                    SwitchFlag("all", "Fetch every page and print them as one list."),
                },
                RunTeamList};
  VerbSpec get{"get", "Show one team.", "TEAM_ID", 1, 1, "Shows the team with this id.",
               {},    RunTeamGet};
  VerbSpec create{"create",          "Create a team.",  "",           0, 0,
                  "Creates a team.", TeamCreateFlags(), RunTeamCreate};
  VerbSpec update{"update",
                  "Change the name or lead of a team.",
                  "TEAM_ID",
                  1,
                  1,
                  "Changes exactly the fields given as flags. --lead='' removes the lead.",
                  ColumnFlags(TeamColumns(), *escala::v1::Team::descriptor(), {"team_id"}),
                  RunTeamUpdate};
  group.verbs = {list, get, create, update};
  return group;
}

}  // namespace escala::client
