// Fuzzes server/qa/calibration_validation: the first byte picks the validator, the rest is its
// message in the wire format. Sessions are checked against a fixed "now".

#include "server/qa/calibration_validation.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  if (input.Byte() % 2 == 0) {
    escala::v1::CalibrationSession session;
    if (input.RestAs(session)) {
      (void)escala::server::ValidateNewSession(session, absl::FromUnixSeconds(1767225600));
    }
  } else {
    escala::v1::CalibrationScore score;
    if (input.RestAs(score)) (void)escala::server::ValidateScore(score);
  }
  return 0;
}
