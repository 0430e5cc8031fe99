#pragma once

#include <soci/session.h>

#include <map>
#include <string>
#include <vector>

namespace escala::db {

// The current team of each of `employee_ids` that is in the directory and has one, read in the
// open transaction: the team an interaction written now is counted for.
std::map<std::string, std::string> TeamsOf(soci::session& session,
                                           const std::vector<std::string>& employee_ids);

// Every one of `employee_ids` that is in the directory, with its current team ("" when none).
std::map<std::string, std::string> KnownAgentTeams(soci::session& session,
                                                   const std::vector<std::string>& employee_ids);

// TeamsOf for one agent: "" when the agent has no team or is unknown.
std::string TeamOf(soci::session& session, const std::string& employee_id);

}  // namespace escala::db
