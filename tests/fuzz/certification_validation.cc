// Fuzzes server/training/certification_validation: the first byte picks the validator, the rest
// is its message in the wire format.

#include "server/training/certification_validation.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  if (input.Byte() % 2 == 0) {
    escala::v1::Certification certification;
    if (input.RestAs(certification)) (void)escala::server::ValidateCertification(certification);
  } else {
    escala::v1::LearningPath path;
    if (input.RestAs(path)) (void)escala::server::ValidateLearningPath(path);
  }
  return 0;
}
