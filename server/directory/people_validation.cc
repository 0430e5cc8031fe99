#include "server/directory/people_validation.h"

#include "absl/strings/str_cat.h"
#include "server/api/text_rules.h"

namespace escala::server {

Violation ValidatePerson(const v1::Person& person) {
  if (Violation v = RequireIdentifier("employee_id", person.employee_id(), 64)) return v;
  if (Violation v = RequireText("display_name", person.display_name(), 200)) return v;
  if (Violation v = CheckEmail("email", person.email())) return v;
  if (person.role() == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(person.role())) {
    return FieldViolation{"role", absl::StrCat("must be a known role, got ", person.role())};
  }
  if (person.role() == v1::ROLE_HR_SYSTEM || person.role() == v1::ROLE_INTEGRATION) {
    return FieldViolation{"role", absl::StrCat(v1::Role_Name(person.role()),
                                               " is for service accounts, not people")};
  }
  if (person.level() < 1 || person.level() > 9) {
    return FieldViolation{"level", absl::StrCat("must be between 1 and 9, got ", person.level())};
  }
  if (!person.team_id().empty()) {
    if (Violation v = RequireIdentifier("team_id", person.team_id(), 64)) return v;
  }
  return CheckDate("hire_date", person.hire_date());
}

Violation ValidateTeam(const v1::Team& team) {
  if (Violation v = RequireIdentifier("team_id", team.team_id(), 64)) return v;
  if (Violation v = RequireText("display_name", team.display_name(), 200)) return v;
  if (!team.lead_employee_id().empty()) {
    return RequireIdentifier("lead_employee_id", team.lead_employee_id(), 64);
  }
  return std::nullopt;
}

}  // namespace escala::server
