#include "server/directory/people_upsert.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "server/api/field_mask.h"
#include "server/api/violations.h"
#include "server/directory/people_validation.h"

namespace escala::server {

const std::vector<std::string>& UpsertablePersonFields() {
  static const std::vector<std::string>* const kFields = new std::vector<std::string>{
      "display_name", "email", "role", "level", "team_id", "hire_date", "active"};
  return *kFields;
}

absl::StatusOr<std::vector<PlannedPerson>> PlanUpsert(
    const v1::UpsertPeopleRequest& request, const std::map<std::string, v1::Person>& stored) {
  const std::set<std::string> updatable(UpsertablePersonFields().begin(),
                                        UpsertablePersonFields().end());
  std::vector<PlannedPerson> plan;
  plan.reserve(request.people_size());
  std::map<std::string, int> first_index;
  for (int i = 0; i < request.people_size(); ++i) {
    const v1::Person& record = request.people(i);
    PlannedPerson planned;
    auto found = stored.find(record.employee_id());
    planned.exists = found != stored.end();
    if (planned.exists) {
      planned.person = found->second;
      // Bookkeeping the repository sets; the etag stays to name the version merged from.
      planned.person.clear_create_time();
      planned.person.clear_update_time();
    } else {
      planned.person.set_employee_id(record.employee_id());
      planned.person.set_active(true);
    }
    if (absl::Status masked =
            ApplyFieldMask(request.update_mask(), updatable, record, &planned.person);
        !masked.ok()) {
      return masked;
    }
    Violations violations;
    violations.Add(ValidatePerson(planned.person));
    auto [first, inserted] = first_index.emplace(record.employee_id(), i);
    if (!inserted) {
      violations.Add("employee_id", absl::StrCat("repeats people[", first->second, "] ('",
                                                 record.employee_id(), "')"));
    }
    planned.invalid = violations.ToStatus();
    plan.push_back(std::move(planned));
  }
  return plan;
}

}  // namespace escala::server
