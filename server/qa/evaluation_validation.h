#pragma once

#include <string>

#include "absl/status/status.h"
#include "escala/v1/evaluations.pb.h"
#include "server/qa/scoring/scorecard_mapping.h"

namespace escala::server {

// Request checks of EvaluationService that need no database. Each returns OK or INVALID_ARGUMENT
// with every violation found (server/api/violations.h). Field paths are relative to the message
// checked; callers nest them under their own ("evaluation.").

// Longest comment, reason or note.
inline constexpr std::size_t kMaxEvaluationText = 4000;

// What a create (or a one-shot submit) needs: interaction_id positive, scorecard_id an
// identifier, scorecard_version not negative, comments and notes within kMaxEvaluationText,
// and the answers' shape (see CheckAnswerShape).
absl::Status ValidateNewEvaluation(const v1::Evaluation& evaluation);

// The caller-controlled content of a draft update: answers' shape, comment and notes lengths.
absl::Status ValidateEvaluationContent(const v1::Evaluation& evaluation);

// Answers against the scorecard, as far as a draft must respect them: every key a criterion of
// the form and at most once, N/A only where allowed, a value inside the scale, never both a
// value and N/A; answers may be missing or empty (a submit is checked by the engine).
// "answers[2].value: 7 is outside 1..5".
absl::Status CheckAnswersAgainstForm(
    const ScoringForm& form,
    const google::protobuf::RepeatedPtrField<v1::CriterionAnswer>& answers);

// OpenDispute items: at least one; each a criterion of the form, at most once, with a reason of
// 1–kMaxEvaluationText characters; the output-only fields unset.
absl::Status ValidateDisputeItems(
    const ScoringForm& form,
    const google::protobuf::RepeatedPtrField<v1::ContestedCriterion>& items);

// ResolveDispute items against the open dispute: exactly one per contested criterion, with an
// outcome and a resolution_reason of 1–kMaxEvaluationText characters; UPHELD carries no new
// answer, ADJUSTED and PARTLY_ACCEPTED a valid answer (value or N/A) that differs from
// `evaluation`'s current answer to that criterion.
absl::Status ValidateResolutionItems(
    const ScoringForm& form, const v1::Evaluation& evaluation,
    const google::protobuf::RepeatedPtrField<v1::ContestedCriterion>& items);

// The criterion `key` of the form, or nullptr.
const CriterionSpec* FindCriterion(const ScoringForm& form, const std::string& key);

}  // namespace escala::server
