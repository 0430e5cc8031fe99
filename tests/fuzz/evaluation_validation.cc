// Fuzzes server/qa/evaluation_validation and the scoring it guards. The input is a selector
// byte, a scorecard (two length bytes, then the Scorecard in the wire format; one that does not
// pass the server's checks is replaced by a valid test card), then the message the selector names.
// An evaluation whose answers pass is scored, and its score must be a number in 0..100.

#include "server/qa/evaluation_validation.h"

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "server/qa/scorecard_validation.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/testing/test_scorecards.h"

namespace {

escala::server::ScoringForm FormOf(const std::string& bytes) {
  escala::v1::Scorecard card;
  // Only a scorecard the server accepts is ever scored against.
  if (card.ParseFromString(bytes) && escala::server::ValidateScorecard(card).ok()) {
    absl::StatusOr<escala::server::ScoringForm> form = escala::server::ToScoringForm(card);
    if (form.ok()) return *std::move(form);
  }
  // Built once: mapping the card for every input would cost more than the code under test.
  static const escala::server::ScoringForm* const kTestForm = new escala::server::ScoringForm(
      *escala::server::ToScoringForm(escala::testing::ValidTestCard()));
  return *kTestForm;
}

void CheckScore(double score, const char* what) {
  escala::fuzz::Check(std::isfinite(score) && score >= 0 && score <= 100 + 1e-9, what);
}

void ScoreEvaluation(const escala::server::ScoringForm& form, escala::v1::Evaluation evaluation) {
  (void)escala::server::ValidateNewEvaluation(evaluation);
  (void)escala::server::ValidateEvaluationContent(evaluation);
  if (!escala::server::CheckAnswersAgainstForm(form, evaluation.answers()).ok()) return;
  const auto answers = evaluation.answers();
  if (!escala::server::ApplyScore(form, answers, evaluation).ok()) return;
  if (evaluation.has_score()) CheckScore(evaluation.score(), "the score is in 0..100");
  for (const escala::v1::SectionResult& section : evaluation.sections()) {
    if (section.has_score()) CheckScore(section.score(), "a section's score is in 0..100");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  const uint8_t selector = input.Byte() % 3;
  const escala::server::ScoringForm form = FormOf(input.LongPart());
  switch (selector) {
    case 0: {
      escala::v1::Evaluation evaluation;
      if (input.RestAs(evaluation)) ScoreEvaluation(form, evaluation);
      break;
    }
    case 1: {
      escala::v1::OpenDisputeRequest request;
      if (input.RestAs(request)) (void)escala::server::ValidateDisputeItems(form, request.items());
      break;
    }
    default: {
      escala::v1::ResolveDisputeRequest request;
      if (!request.ParseFromString(input.LongPart())) break;
      escala::v1::Evaluation stored;
      if (input.RestAs(stored)) {
        (void)escala::server::ValidateResolutionItems(form, stored, request.items());
      }
      break;
    }
  }
  return 0;
}
