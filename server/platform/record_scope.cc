#include "server/platform/record_scope.h"

namespace escala::server {

absl::StatusOr<bool> OwnerInScope(const CallContext& call, const std::string& owner_employee_id,
                                  db::PeopleRepository& people) {
  switch (call.scope) {
    case Scope::kAll:
      return true;
    case Scope::kOwn:
      return !call.caller.employee_id.empty() && owner_employee_id == call.caller.employee_id;
    case Scope::kTeam: {
      if (call.caller.employee_id.empty()) return false;
      if (owner_employee_id == call.caller.employee_id) return true;
      if (call.caller.team_id.empty() || owner_employee_id.empty()) return false;
      absl::StatusOr<v1::Person> owner = people.Get(owner_employee_id);
      if (absl::IsNotFound(owner.status())) return false;
      if (!owner.ok()) return owner.status();
      return owner->team_id() == call.caller.team_id;
    }
  }
  return false;
}

bool TeamInScope(const CallContext& call, const std::string& team_id) {
  if (call.scope == Scope::kAll) return true;
  return !call.caller.team_id.empty() && team_id == call.caller.team_id;
}

bool NarrowFilter(const std::string& scope_value, std::string* filter_value) {
  if (scope_value.empty()) return false;
  if (!filter_value->empty() && *filter_value != scope_value) return false;
  *filter_value = scope_value;
  return true;
}

}  // namespace escala::server
