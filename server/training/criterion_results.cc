#include "server/training/criterion_results.h"

#include "db/common/proto_time.h"

namespace escala::server {

void AppendCriterionResults(const v1::Evaluation& evaluation, const ScoringForm& form,
                            std::map<std::string, std::vector<CriterionResult>>& results) {
  std::map<std::string, const CriterionSpec*> criteria;
  for (const SectionSpec& section : form.sections) {
    for (const CriterionSpec& criterion : section.criteria) criteria[criterion.key] = &criterion;
  }
  const absl::Time submitted =
      absl::FromUnixMillis(db::TimestampToMillis(evaluation.submit_time()));
  for (const v1::CriterionAnswer& answer : evaluation.answers()) {
    if (answer.not_applicable() || !answer.has_value()) continue;
    const auto found = criteria.find(answer.criterion_key());
    if (found == criteria.end()) continue;
    absl::StatusOr<double> normalised = NormaliseAnswer(*found->second, answer.value());
    // A stored answer off its scale cannot have been submitted; it is no evidence either way.
    if (!normalised.ok()) continue;
    results[answer.criterion_key()].push_back(
        CriterionResult{evaluation.id(), submitted, 100.0 * *normalised});
  }
}

}  // namespace escala::server
