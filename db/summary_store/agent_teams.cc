#include "db/summary_store/agent_teams.h"

#include <soci/soci.h>

#include <algorithm>
#include <set>

#include "db/core/bound_query.h"

namespace escala::db {

namespace {

// employee_id → team_id of the rows of `employee_ids` in the people directory; only those with a
// team when `with_team_only`, the others with "".
std::map<std::string, std::string> SelectTeams(soci::session& session,
                                               const std::vector<std::string>& employee_ids,
                                               bool with_team_only) {
  const std::set<std::string> distinct(employee_ids.begin(), employee_ids.end());
  const std::vector<std::string> ids(distinct.begin(), distinct.end());
  std::map<std::string, std::string> teams;
  constexpr std::size_t kChunk = 500;
  for (std::size_t start = 0; start < ids.size(); start += kChunk) {
    const std::vector<std::string> chunk(ids.begin() + start,
                                         ids.begin() + std::min(ids.size(), start + kChunk));
    BoundQuery query;
    query
        .Sql(with_team_only ? "SELECT employee_id, team_id FROM people WHERE team_id IS NOT NULL "
                              "AND employee_id IN "
                            : "SELECT employee_id, team_id FROM people WHERE employee_id IN ")
        .InList(chunk);
    std::string employee_id, team_id;
    soci::indicator team_indicator = soci::i_null;
    soci::statement statement(session);
    statement.exchange(soci::into(employee_id));
    statement.exchange(soci::into(team_id, team_indicator));
    PrepareAndExecute(session, statement, query);
    while (statement.fetch()) {
      teams[employee_id] = team_indicator == soci::i_ok ? team_id : std::string();
    }
  }
  return teams;
}

}  // namespace

std::map<std::string, std::string> TeamsOf(soci::session& session,
                                           const std::vector<std::string>& employee_ids) {
  return SelectTeams(session, employee_ids, true);
}

std::map<std::string, std::string> KnownAgentTeams(soci::session& session,
                                                   const std::vector<std::string>& employee_ids) {
  return SelectTeams(session, employee_ids, false);
}

std::string TeamOf(soci::session& session, const std::string& employee_id) {
  std::map<std::string, std::string> teams = TeamsOf(session, {employee_id});
  auto it = teams.find(employee_id);
  return it == teams.end() ? std::string() : it->second;
}

}  // namespace escala::db
