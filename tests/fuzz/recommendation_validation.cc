// Fuzzes server/training/recommendation_validation: the input is a CriterionTrainingRule in the
// wire format.

#include "server/training/recommendation_validation.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  escala::v1::CriterionTrainingRule rule;
  if (input.RestAs(rule)) (void)escala::server::ValidateCriterionTrainingRule(rule);
  return 0;
}
