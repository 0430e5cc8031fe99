#include "server/qa/evaluation_validation.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

std::string ScaleText(const ScaleSpec& scale) {
  switch (scale.kind) {
    case ScaleSpec::kYesNo:
      return "0..1";
    case ScaleSpec::kRange:
      return absl::StrCat(scale.min, "..", scale.max);
    case ScaleSpec::kPoints:
      return absl::StrCat("0..", scale.max);
  }
  return "?";
}

bool InScale(const ScaleSpec& scale, int value) {
  switch (scale.kind) {
    case ScaleSpec::kYesNo:
      return value == 0 || value == 1;
    case ScaleSpec::kRange:
      return value >= scale.min && value <= scale.max;
    case ScaleSpec::kPoints:
      return value >= 0 && value <= scale.max;
  }
  return false;
}

// One answer (value / N/A) to `criterion`, at `path`: its first broken rule.
absl::Status CheckAnswerValue(const CriterionSpec& criterion, const std::string& path,
                              const std::optional<int>& value, bool not_applicable,
                              const char* value_field, const char* na_field) {
  if (value.has_value() && not_applicable) {
    return InvalidField(absl::StrCat(path, value_field),
                        absl::StrCat("must not be set together with ", na_field));
  }
  if (not_applicable && !criterion.allow_na) {
    return InvalidField(absl::StrCat(path, na_field),
                        absl::StrCat("criterion '", criterion.key, "' does not allow N/A"));
  }
  if (value.has_value() && !InScale(criterion.scale, *value)) {
    return InvalidField(absl::StrCat(path, value_field),
                        absl::StrCat(*value, " is outside ", ScaleText(criterion.scale),
                                     " of criterion '", criterion.key, "'"));
  }
  return absl::OkStatus();
}

void CheckAnswerShape(const google::protobuf::RepeatedPtrField<v1::CriterionAnswer>& answers,
                      Violations& violations) {
  for (int i = 0; i < answers.size(); ++i) {
    const std::string path = absl::StrCat("answers[", i, "].");
    violations.Add(
        RequireIdentifier(absl::StrCat(path, "criterion_key"), answers[i].criterion_key(), 64));
    violations.Add(
        LimitText(absl::StrCat(path, "comment"), answers[i].comment(), kMaxEvaluationText));
    if (answers[i].has_value() && answers[i].not_applicable()) {
      violations.Add(absl::StrCat(path, "value"), "must not be set together with not_applicable");
    }
  }
}

void CheckContent(const v1::Evaluation& evaluation, Violations& violations) {
  CheckAnswerShape(evaluation.answers(), violations);
  violations.Add(LimitText("overall_comment", evaluation.overall_comment(), kMaxEvaluationText));
  violations.Add(LimitText("coaching_notes", evaluation.coaching_notes(), kMaxEvaluationText));
}

}  // namespace

absl::Status ValidateEvaluationContent(const v1::Evaluation& evaluation) {
  Violations violations;
  CheckContent(evaluation, violations);
  return violations.ToStatus();
}

absl::Status ValidateNewEvaluation(const v1::Evaluation& evaluation) {
  Violations violations;
  if (evaluation.interaction_id() <= 0) {
    violations.Add("interaction_id",
                   absl::StrCat("must be a positive id, got ", evaluation.interaction_id()));
  }
  violations.Add(RequireIdentifier("scorecard_id", evaluation.scorecard_id(), 64));
  if (evaluation.scorecard_version() < 0) {
    violations.Add("scorecard_version",
                   absl::StrCat("must be 0 (the newest published) or a version number, got ",
                                evaluation.scorecard_version()));
  }
  CheckContent(evaluation, violations);
  return violations.ToStatus();
}

const CriterionSpec* FindCriterion(const ScoringForm& form, const std::string& key) {
  for (const SectionSpec& section : form.sections) {
    for (const CriterionSpec& criterion : section.criteria) {
      if (criterion.key == key) return &criterion;
    }
  }
  return nullptr;
}

absl::Status CheckAnswersAgainstForm(
    const ScoringForm& form,
    const google::protobuf::RepeatedPtrField<v1::CriterionAnswer>& answers) {
  Violations violations;
  std::set<std::string> seen;
  for (int i = 0; i < answers.size(); ++i) {
    const v1::CriterionAnswer& answer = answers[i];
    const std::string path = absl::StrCat("answers[", i, "].");
    const CriterionSpec* criterion = FindCriterion(form, answer.criterion_key());
    if (criterion == nullptr) {
      violations.Add(
          absl::StrCat(path, "criterion_key"),
          absl::StrCat("'", answer.criterion_key(), "' is not a criterion of the scorecard"));
      continue;
    }
    if (!seen.insert(answer.criterion_key()).second) {
      violations.Add(absl::StrCat(path, "criterion_key"),
                     absl::StrCat("'", answer.criterion_key(), "' is answered more than once"));
      continue;
    }
    std::optional<int> value;
    if (answer.has_value()) value = answer.value();
    violations.Add(CheckAnswerValue(*criterion, path, value, answer.not_applicable(), "value",
                                    "not_applicable"));
  }
  return violations.ToStatus();
}

absl::Status ValidateDisputeItems(
    const ScoringForm& form,
    const google::protobuf::RepeatedPtrField<v1::ContestedCriterion>& items) {
  if (items.empty()) return InvalidField("items", "at least one contested criterion is required");
  Violations violations;
  std::set<std::string> seen;
  for (int i = 0; i < items.size(); ++i) {
    const v1::ContestedCriterion& item = items[i];
    const std::string path = absl::StrCat("items[", i, "].");
    if (FindCriterion(form, item.criterion_key()) == nullptr) {
      violations.Add(
          absl::StrCat(path, "criterion_key"),
          item.criterion_key().empty()
              ? std::string("is required")
              : absl::StrCat("'", item.criterion_key(), "' is not a criterion of the scorecard"));
    } else if (!seen.insert(item.criterion_key()).second) {
      violations.Add(absl::StrCat(path, "criterion_key"),
                     absl::StrCat("'", item.criterion_key(), "' is contested more than once"));
    }
    violations.Add(RequireText(absl::StrCat(path, "reason"), item.reason(), kMaxEvaluationText));
    if (item.outcome() != v1::DISPUTE_OUTCOME_UNSPECIFIED || item.has_adjusted_value() ||
        item.adjusted_not_applicable() || !item.resolution_reason().empty()) {
      violations.Add(absl::StrCat(path, "outcome"),
                     "is decided by the reviewer: leave the resolution fields unset");
    }
  }
  return violations.ToStatus();
}

absl::Status ValidateResolutionItems(
    const ScoringForm& form, const v1::Evaluation& evaluation,
    const google::protobuf::RepeatedPtrField<v1::ContestedCriterion>& items) {
  Violations violations;
  std::set<std::string> contested;
  for (const v1::ContestedCriterion& item : evaluation.dispute().items())
    contested.insert(item.criterion_key());
  std::set<std::string> seen;
  for (int i = 0; i < items.size(); ++i) {
    const v1::ContestedCriterion& item = items[i];
    const std::string path = absl::StrCat("items[", i, "].");
    // The adjusted answer is checked only for a criterion that is contested once here.
    bool check_answer = false;
    if (contested.count(item.criterion_key()) == 0) {
      violations.Add(absl::StrCat(path, "criterion_key"),
                     absl::StrCat("'", item.criterion_key(), "' is not contested in evaluation ",
                                  evaluation.id()));
    } else if (!seen.insert(item.criterion_key()).second) {
      violations.Add(absl::StrCat(path, "criterion_key"),
                     absl::StrCat("'", item.criterion_key(), "' is resolved more than once"));
    } else {
      check_answer = true;
    }
    const bool decided = v1::DisputeOutcome_IsValid(item.outcome()) &&
                         item.outcome() != v1::DISPUTE_OUTCOME_UNSPECIFIED;
    if (!decided) {
      violations.Add(absl::StrCat(path, "outcome"),
                     "is required: UPHELD, ADJUSTED or PARTLY_ACCEPTED");
    }
    violations.Add(RequireText(absl::StrCat(path, "resolution_reason"), item.resolution_reason(),
                               kMaxEvaluationText));
    if (!decided) continue;
    if (item.outcome() == v1::DISPUTE_OUTCOME_UPHELD) {
      if (item.has_adjusted_value() || item.adjusted_not_applicable()) {
        violations.Add(absl::StrCat(path, "adjusted_value"),
                       "must be unset when the outcome is UPHELD");
      }
      continue;
    }
    if (!item.has_adjusted_value() && !item.adjusted_not_applicable()) {
      violations.Add(
          absl::StrCat(path, "adjusted_value"),
          "is required (a value or adjusted_not_applicable) when the answer is adjusted");
      continue;
    }
    if (!check_answer) continue;
    const CriterionSpec* criterion = FindCriterion(form, item.criterion_key());
    if (criterion == nullptr) {
      violations.Add(
          absl::StrCat(path, "criterion_key"),
          absl::StrCat("'", item.criterion_key(), "' is not a criterion of the scorecard"));
      continue;
    }
    std::optional<int> value;
    if (item.has_adjusted_value()) value = item.adjusted_value();
    const absl::Status answer_valid =
        CheckAnswerValue(*criterion, path, value, item.adjusted_not_applicable(), "adjusted_value",
                         "adjusted_not_applicable");
    violations.Add(answer_valid);
    if (!answer_valid.ok()) continue;
    for (const v1::CriterionAnswer& answer : evaluation.answers()) {
      if (answer.criterion_key() != item.criterion_key()) continue;
      const bool same = answer.not_applicable() == item.adjusted_not_applicable() &&
                        answer.has_value() == item.has_adjusted_value() &&
                        (!answer.has_value() || answer.value() == item.adjusted_value());
      if (same) {
        violations.Add(absl::StrCat(path, "adjusted_value"),
                       "equals the original answer: use UPHELD to keep it");
      }
    }
  }
  for (const std::string& key : contested) {
    if (seen.count(key) == 0) {
      violations.Add("items", absl::StrCat("contested criterion '", key, "' needs a resolution"));
    }
  }
  return violations.ToStatus();
}

}  // namespace escala::server
