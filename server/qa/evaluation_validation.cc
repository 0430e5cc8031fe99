#include "server/qa/evaluation_validation.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "server/api/text_rules.h"

namespace escala::server {
namespace {

Violation Make(std::string field, std::string reason) {
  return FieldViolation{std::move(field), std::move(reason)};
}

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

// One answer (value / N/A) to `criterion`, at `path`.
Violation CheckAnswerValue(const CriterionSpec& criterion, const std::string& path,
                           const std::optional<int>& value, bool not_applicable,
                           const char* value_field, const char* na_field) {
  if (value.has_value() && not_applicable) {
    return Make(absl::StrCat(path, value_field),
                absl::StrCat("must not be set together with ", na_field));
  }
  if (not_applicable && !criterion.allow_na) {
    return Make(absl::StrCat(path, na_field),
                absl::StrCat("criterion '", criterion.key, "' does not allow N/A"));
  }
  if (value.has_value() && !InScale(criterion.scale, *value)) {
    return Make(absl::StrCat(path, value_field),
                absl::StrCat(*value, " is outside ", ScaleText(criterion.scale), " of criterion '",
                             criterion.key, "'"));
  }
  return std::nullopt;
}

Violation CheckAnswerShape(const google::protobuf::RepeatedPtrField<v1::CriterionAnswer>& answers) {
  for (int i = 0; i < answers.size(); ++i) {
    const std::string path = absl::StrCat("answers[", i, "].");
    if (Violation v =
            RequireIdentifier(absl::StrCat(path, "criterion_key"), answers[i].criterion_key(), 64))
      return v;
    if (Violation v =
            LimitText(absl::StrCat(path, "comment"), answers[i].comment(), kMaxEvaluationText))
      return v;
    if (answers[i].has_value() && answers[i].not_applicable()) {
      return Make(absl::StrCat(path, "value"), "must not be set together with not_applicable");
    }
  }
  return std::nullopt;
}

}  // namespace

Violation ValidateEvaluationContent(const v1::Evaluation& evaluation) {
  if (Violation v = CheckAnswerShape(evaluation.answers())) return v;
  if (Violation v = LimitText("overall_comment", evaluation.overall_comment(), kMaxEvaluationText))
    return v;
  return LimitText("coaching_notes", evaluation.coaching_notes(), kMaxEvaluationText);
}

Violation ValidateNewEvaluation(const v1::Evaluation& evaluation) {
  if (evaluation.interaction_id() <= 0) {
    return Make("interaction_id",
                absl::StrCat("must be a positive id, got ", evaluation.interaction_id()));
  }
  if (Violation v = RequireIdentifier("scorecard_id", evaluation.scorecard_id(), 64)) return v;
  if (evaluation.scorecard_version() < 0) {
    return Make("scorecard_version",
                absl::StrCat("must be 0 (the newest published) or a version number, got ",
                             evaluation.scorecard_version()));
  }
  return ValidateEvaluationContent(evaluation);
}

const CriterionSpec* FindCriterion(const ScoringForm& form, const std::string& key) {
  for (const SectionSpec& section : form.sections) {
    for (const CriterionSpec& criterion : section.criteria) {
      if (criterion.key == key) return &criterion;
    }
  }
  return nullptr;
}

Violation CheckAnswersAgainstForm(
    const ScoringForm& form,
    const google::protobuf::RepeatedPtrField<v1::CriterionAnswer>& answers) {
  std::set<std::string> seen;
  for (int i = 0; i < answers.size(); ++i) {
    const v1::CriterionAnswer& answer = answers[i];
    const std::string path = absl::StrCat("answers[", i, "].");
    const CriterionSpec* criterion = FindCriterion(form, answer.criterion_key());
    if (criterion == nullptr) {
      return Make(
          absl::StrCat(path, "criterion_key"),
          absl::StrCat("'", answer.criterion_key(), "' is not a criterion of the scorecard"));
    }
    if (!seen.insert(answer.criterion_key()).second) {
      return Make(absl::StrCat(path, "criterion_key"),
                  absl::StrCat("'", answer.criterion_key(), "' is answered more than once"));
    }
    std::optional<int> value;
    if (answer.has_value()) value = answer.value();
    if (Violation v = CheckAnswerValue(*criterion, path, value, answer.not_applicable(), "value",
                                       "not_applicable")) {
      return v;
    }
  }
  return std::nullopt;
}

Violation ValidateDisputeItems(
    const ScoringForm& form,
    const google::protobuf::RepeatedPtrField<v1::ContestedCriterion>& items) {
  if (items.empty()) return Make("items", "at least one contested criterion is required");
  std::set<std::string> seen;
  for (int i = 0; i < items.size(); ++i) {
    const v1::ContestedCriterion& item = items[i];
    const std::string path = absl::StrCat("items[", i, "].");
    if (FindCriterion(form, item.criterion_key()) == nullptr) {
      return Make(
          absl::StrCat(path, "criterion_key"),
          item.criterion_key().empty()
              ? std::string("is required")
              : absl::StrCat("'", item.criterion_key(), "' is not a criterion of the scorecard"));
    }
    if (!seen.insert(item.criterion_key()).second) {
      return Make(absl::StrCat(path, "criterion_key"),
                  absl::StrCat("'", item.criterion_key(), "' is contested more than once"));
    }
    if (Violation v = RequireText(absl::StrCat(path, "reason"), item.reason(), kMaxEvaluationText))
      return v;
    if (item.outcome() != v1::DISPUTE_OUTCOME_UNSPECIFIED || item.has_adjusted_value() ||
        item.adjusted_not_applicable() || !item.resolution_reason().empty()) {
      return Make(absl::StrCat(path, "outcome"),
                  "is decided by the reviewer: leave the resolution fields unset");
    }
  }
  return std::nullopt;
}

Violation ValidateResolutionItems(
    const ScoringForm& form, const v1::Evaluation& evaluation,
    const google::protobuf::RepeatedPtrField<v1::ContestedCriterion>& items) {
  std::set<std::string> contested;
  for (const v1::ContestedCriterion& item : evaluation.dispute().items())
    contested.insert(item.criterion_key());
  std::set<std::string> seen;
  for (int i = 0; i < items.size(); ++i) {
    const v1::ContestedCriterion& item = items[i];
    const std::string path = absl::StrCat("items[", i, "].");
    if (contested.count(item.criterion_key()) == 0) {
      return Make(absl::StrCat(path, "criterion_key"),
                  absl::StrCat("'", item.criterion_key(), "' is not contested in evaluation ",
                               evaluation.id()));
    }
    if (!seen.insert(item.criterion_key()).second) {
      return Make(absl::StrCat(path, "criterion_key"),
                  absl::StrCat("'", item.criterion_key(), "' is resolved more than once"));
    }
    if (!v1::DisputeOutcome_IsValid(item.outcome()) ||
        item.outcome() == v1::DISPUTE_OUTCOME_UNSPECIFIED) {
      return Make(absl::StrCat(path, "outcome"),
                  "is required: UPHELD, ADJUSTED or PARTLY_ACCEPTED");
    }
    if (Violation v = RequireText(absl::StrCat(path, "resolution_reason"), item.resolution_reason(),
                                  kMaxEvaluationText)) {
      return v;
    }
    if (item.outcome() == v1::DISPUTE_OUTCOME_UPHELD) {
      if (item.has_adjusted_value() || item.adjusted_not_applicable()) {
        return Make(absl::StrCat(path, "adjusted_value"),
                    "must be unset when the outcome is UPHELD");
      }
      continue;
    }
    if (!item.has_adjusted_value() && !item.adjusted_not_applicable()) {
      return Make(absl::StrCat(path, "adjusted_value"),
                  "is required (a value or adjusted_not_applicable) when the answer is adjusted");
    }
    const CriterionSpec* criterion = FindCriterion(form, item.criterion_key());
    if (criterion == nullptr) {
      return Make(absl::StrCat(path, "criterion_key"),
                  absl::StrCat("'", item.criterion_key(), "' is not a criterion of the scorecard"));
    }
    std::optional<int> value;
    if (item.has_adjusted_value()) value = item.adjusted_value();
    if (Violation v = CheckAnswerValue(*criterion, path, value, item.adjusted_not_applicable(),
                                       "adjusted_value", "adjusted_not_applicable")) {
      return v;
    }
    for (const v1::CriterionAnswer& answer : evaluation.answers()) {
      if (answer.criterion_key() != item.criterion_key()) continue;
      const bool same = answer.not_applicable() == item.adjusted_not_applicable() &&
                        answer.has_value() == item.has_adjusted_value() &&
                        (!answer.has_value() || answer.value() == item.adjusted_value());
      if (same) {
        return Make(absl::StrCat(path, "adjusted_value"),
                    "equals the original answer: use UPHELD to keep it");
      }
    }
  }
  for (const std::string& key : contested) {
    if (seen.count(key) == 0) {
      return Make("items", absl::StrCat("contested criterion '", key, "' needs a resolution"));
    }
  }
  return std::nullopt;
}

}  // namespace escala::server
