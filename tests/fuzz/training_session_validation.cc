// Fuzzes server/training/training_session_validation: the input is a TrainingSession in the wire
// format.

#include "server/training/training_session_validation.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  escala::v1::TrainingSession session;
  if (input.RestAs(session)) (void)escala::server::ValidateTrainingSession(session);
  return 0;
}
