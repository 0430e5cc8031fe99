#include "client/directory/person_columns.h"

namespace escala::client {
namespace {

ColumnTable WithOutputOnly(const ColumnTable& columns) {
  ColumnTable detail = columns;
  detail.push_back(OutputOnlyColumn("create_time"));
  detail.push_back(OutputOnlyColumn("update_time"));
  detail.push_back(OutputOnlyColumn("etag"));
  return detail;
}

}  // namespace

const ColumnTable& PersonColumns() {
  static const ColumnTable* const kColumns = new ColumnTable{
      {"employee_id", "employee_id", true, "", "", "The HR system's employee id."},
      {"display_name", "display_name", false, "", "", "Name shown in reports."},
      {"email", "email", false, "", "", "Work e-mail address."},
      {"role", "role", false, "", "",
       "agent, specialist, technical-engineer, team-lead, qa-analyst, trainer, manager or "
       "head-of-support."},
      {"level", "level", false, "", "", "Support tier 1-9."},
      {"team_id", "team_id", false, "", "team", "Id of the person's team."},
      {"hire_date", "hire_date", false, "", "", "Hire date as YYYY-MM-DD."},
      {"active", "active", false, "true", "", "Works in the department: true or false."},
  };
  return *kColumns;
}

const ColumnTable& PersonDetailColumns() {
  static const ColumnTable* const kColumns = new ColumnTable(WithOutputOnly(PersonColumns()));
  return *kColumns;
}

const ColumnTable& TeamColumns() {
  static const ColumnTable* const kColumns = new ColumnTable{
      {"team_id", "team_id", true, "", "", "Stable team id."},
      {"display_name", "display_name", true, "", "", "Name shown in reports."},
      {"lead_employee_id", "lead_employee_id", false, "", "lead", "Employee id of the team lead."},
  };
  return *kColumns;
}

const ColumnTable& TeamDetailColumns() {
  static const ColumnTable* const kColumns = new ColumnTable(WithOutputOnly(TeamColumns()));
  return *kColumns;
}

}  // namespace escala::client
