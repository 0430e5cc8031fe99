#pragma once

#include "absl/status/status.h"
#include "escala/v1/people.pb.h"

namespace escala::server {

// The rules a stored person must satisfy (field paths relative to the Person):
// employee_id 1–64 of [A-Za-z0-9._-]; display_name 1–200 characters; email empty or name@domain;
// role a known role other than UNSPECIFIED; level 1–9; team_id empty or an identifier;
// hire_date empty or YYYY-MM-DD. INVALID_ARGUMENT with every violation (server/api/violations.h).
absl::Status ValidatePerson(const v1::Person& person);

// team_id 1–64 of [A-Za-z0-9._-]; display_name 1–200; lead_employee_id empty or an identifier.
absl::Status ValidateTeam(const v1::Team& team);

}  // namespace escala::server
