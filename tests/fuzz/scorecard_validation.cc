// Fuzzes server/qa/scorecard_validation: the input is a Scorecard in the wire format. A valid
// scorecard must also map to the scoring engine's form, since publishing relies on that.

#include "server/qa/scorecard_validation.h"

#include <cstddef>
#include <cstdint>

#include "server/qa/scoring/scorecard_mapping.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  escala::v1::Scorecard scorecard;
  if (!input.RestAs(scorecard)) return 0;
  if (escala::server::ValidateScorecard(scorecard).ok()) {
    escala::fuzz::Check(escala::server::ToScoringForm(scorecard).ok(),
                        "a valid scorecard maps to a scoring form");
  }
  return 0;
}
