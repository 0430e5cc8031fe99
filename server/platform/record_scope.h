#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "db/directory/people_repository.h"
#include "server/platform/call_context.h"

namespace escala::server {

// How handlers apply an admitted call's scope (see access_policy.h) to the records they touch.
// A record outside the scope is answered like a record that does not exist.

// Whether a record belonging to the person `owner_employee_id` (the person themself, an
// interaction's agent, …) is within the call's scope. Own scope: the caller is the owner. Team
// scope: the owner is the caller or a current member of the caller's team.
absl::StatusOr<bool> OwnerInScope(const CallContext& call, const std::string& owner_employee_id,
                                  db::PeopleRepository& people);

// Whether team `team_id` is within the call's scope: own and team scope both mean the caller's
// own team.
bool TeamInScope(const CallContext& call, const std::string& team_id);

// Narrows a list filter to the scope. `scope_value` is what the scope allows (the caller's
// employee id or team id). Returns false when the request asked for something else, or the
// caller has no such value: the answer is then an empty list. Otherwise sets *filter_value.
bool NarrowFilter(const std::string& scope_value, std::string* filter_value);

}  // namespace escala::server
