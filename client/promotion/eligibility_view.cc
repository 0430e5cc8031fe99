#include "client/promotion/eligibility_view.h"

#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/core/enum_names.h"

namespace escala::client {
namespace {

// "41", "56.0", "79.1": whole figures as they are, others to one decimal.
std::string Number(double value) {
  return value == std::floor(value) ? absl::StrFormat("%.0f", value)
                                    : absl::StrFormat("%.1f", value);
}

bool CountsAsMet(const v1::CriterionResult& result) {
  return result.outcome() == v1::CRITERION_OUTCOME_MET ||
         result.outcome() == v1::CRITERION_OUTCOME_TO_ATTEST;
}

std::string CriterionName(const v1::CriterionResult& result) {
  return result.title().empty() ? result.key() : result.title();
}

}  // namespace

Table EligibilityTable(const v1::ComputeEligibilityResponse& response) {
  Table table;
  table.header = {"EMPLOYEE_ID", "NAME", "OUTCOME", "MET", "MISSING"};
  for (const v1::PersonEligibility& person : response.people()) {
    int met = 0;
    std::vector<std::string> missing;
    for (const v1::CriterionResult& result : person.criteria()) {
      if (CountsAsMet(result)) {
        ++met;
      } else {
        missing.push_back(absl::StrCat(CriterionName(result), ": ", result.missing()));
      }
    }
    std::string outcome = ShortEnumName(person.outcome());
    if (!person.eligible_on_date().empty()) {
      absl::StrAppend(&outcome, " (eligible on ", person.eligible_on_date(), ")");
    }
    const std::string met_text =
        person.criteria().empty() ? "" : absl::StrCat(met, "/", person.criteria_size());
    table.rows.push_back({person.employee_id(), person.display_name(), outcome, met_text,
                          absl::StrJoin(missing, "; ")});
  }
  return table;
}

std::string RenderPersonEvidence(const v1::PersonEligibility& person, int width) {
  std::string text = absl::StrCat(person.employee_id(), " ", person.display_name(), " (level ",
                                  person.level(), "): ", ShortEnumName(person.outcome()), "\n");
  Table criteria;
  criteria.header = {"CRITERION", "OUTCOME", "VALUE", "THRESHOLD", "N", "MISSING", "EVIDENCE"};
  for (const v1::CriterionResult& result : person.criteria()) {
    criteria.rows.push_back({CriterionName(result), ShortEnumName(result.outcome()),
                             result.has_value() ? Number(result.value()) : "",
                             result.has_threshold() ? Number(result.threshold()) : "",
                             result.n() > 0 ? absl::StrCat(result.n()) : "", result.missing(),
                             absl::StrJoin(result.evidence(), " ")});
  }
  absl::StrAppend(&text, RenderTable(criteria, width));
  return text;
}

}  // namespace escala::client
