#pragma once

#include "client/core/column_table.h"

namespace escala::client {

// The columns of a people CSV file, in the order `--output csv` writes them: employee_id,
// display_name, email, role, level, team_id, hire_date, active. Required: employee_id,
// display_name, role, level. A missing or empty `active` means true, as on create, because an
// upsert writes every field and would otherwise deactivate people.
const ColumnTable& PersonColumns();

// The rows of `people get` as a table: the CSV columns, then the output-only fields.
const ColumnTable& PersonDetailColumns();

// The columns of `teams list --output csv`: team_id, display_name, lead_employee_id.
const ColumnTable& TeamColumns();

// The rows of `teams get` as a table.
const ColumnTable& TeamDetailColumns();

}  // namespace escala::client
