#include "server/directory/people_validation.h"

#include "absl/strings/str_cat.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"

namespace escala::server {

absl::Status ValidatePerson(const v1::Person& person) {
  Violations violations;
  violations.Add(RequireIdentifier("employee_id", person.employee_id(), 64));
  violations.Add(RequireText("display_name", person.display_name(), 200));
  violations.Add(CheckEmail("email", person.email()));
  if (person.role() == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(person.role())) {
    violations.Add("role", absl::StrCat("must be a known role, got ", person.role()));
  } else if (person.role() == v1::ROLE_HR_SYSTEM || person.role() == v1::ROLE_INTEGRATION) {
    violations.Add(
        "role", absl::StrCat(v1::Role_Name(person.role()), " is for service accounts, not people"));
  }
  if (person.level() < 1 || person.level() > 9) {
    violations.Add("level", absl::StrCat("must be between 1 and 9, got ", person.level()));
  }
  if (!person.team_id().empty()) {
    violations.Add(RequireIdentifier("team_id", person.team_id(), 64));
  }
  violations.Add(CheckDate("hire_date", person.hire_date()));
  return violations.ToStatus();
}

absl::Status ValidateTeam(const v1::Team& team) {
  Violations violations;
  violations.Add(RequireIdentifier("team_id", team.team_id(), 64));
  violations.Add(RequireText("display_name", team.display_name(), 200));
  if (!team.lead_employee_id().empty()) {
    violations.Add(RequireIdentifier("lead_employee_id", team.lead_employee_id(), 64));
  }
  return violations.ToStatus();
}

}  // namespace escala::server
